import type { Sql } from '../../db/client.ts';
import { childPath, inScope } from '../../db/paths.ts';
import { AppError, conflict } from '../../http/app-error.ts';
import type { Params } from '../../../shared/i18n/translate.ts';
import type { RestructureOperation, RestructureTotals } from '../../../shared/schemas/restructure.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as types from '../unit-types/unit-types.repository.ts';
import * as units from '../units/units.repository.ts';
import { createUnitIn, renameUnitIn } from '../units/units.service.ts';
import * as repo from './restructure.repository.ts';

/**
 * Carries out a plan's operations, in order, inside the caller's transaction. Each operation
 * first checks everything it needs and only then changes unit versions, under a savepoint, so a
 * refused operation leaves nothing behind and the next ones still run (a preview lists every
 * conflict at once). Members are moved once, set-based, after the last operation.
 */

export type EngineConflict = { operation: number | null; severity: 'error' | 'warning'; code: string; params: Params };

export type EngineResult = {
  conflicts: EngineConflict[];
  /** Units each operation involved, for the before/after figures of a preview. */
  involved: number[][];
  created: Set<number>;
  closed: Set<number>;
  renamed: Set<number>;
  /** Units moved under another parent (the top of each moved subtree). */
  moved: Set<number>;
  totals: RestructureTotals;
  /** Milliseconds spent per operation kind and per final step, for the benchmark. */
  timings: Record<string, number>;
};

type Unit = units.UnitRow;
type PlanContext = { id: number; date: string; unit: Unit; preview: boolean };

const label = (u: { name: string; code: string }) => `${u.name} (${u.code})`;

class Engine {
  readonly conflicts: EngineConflict[] = [];
  readonly involved: number[][] = [];
  readonly created = new Set<number>();
  readonly closed = new Set<number>();
  readonly renamed = new Set<number>();
  readonly moved = new Set<number>();
  /** Units children or members left: an open one with nothing left in it is worth a warning. */
  private readonly emptied = new Set<number>();
  /** Closed unit → the successor its grants go to (merges only). */
  private readonly carryGrants = new Map<number, number>();
  /** Closed units with a successor: their records are reached through it. */
  private readonly succeeded = new Set<number>();
  /** Paths (each with everything below) whose events dated from the plan's date on need their place again. */
  private readonly leftPaths = new Set<string>();
  private versions = 0;
  private op = 0;
  readonly timings: Record<string, number> = {};
  private readonly typeCache = new Map<string, Awaited<ReturnType<typeof types.findUnitType>>>();

  private time(key: string, since: number) {
    this.timings[key] = (this.timings[key] ?? 0) + (performance.now() - since);
  }

  constructor(private readonly sql: Sql, private readonly actor: Actor, private readonly plan: PlanContext) {}

  private refuse(code: string, params: Params = {}): never {
    throw conflict(code, params);
  }

  /** An open unit named by code, at or below the plan's unit (strictly below unless `self` is allowed). */
  private async unit(code: string, o: { self?: boolean } = {}): Promise<Unit> {
    const id = await units.findUnitIdByCode(this.sql, code);
    if (id === null) this.refuse('restructure_unit_unknown', { code });
    const unit = await units.findUnitLatest(this.sql, id, true) as Unit;
    // Outside the planner's reach a unit does not exist for them, as everywhere else.
    if (!inScope(this.actor, unit.path)) this.refuse('restructure_unit_unknown', { code });
    const below = unit.path.startsWith(this.plan.unit.path) && (o.self || unit.id !== this.plan.unit.id);
    if (!below) this.refuse('restructure_unit_out_of_scope', { unit: label(unit), scope: label(this.plan.unit) });
    if (unit.validTo !== null) this.refuse('restructure_unit_closed', { unit: label(unit), date: unit.validTo });
    if (this.plan.date < unit.validFrom) {
      this.refuse('unit_date_before_start', { unit: label(unit), date: this.plan.date, start: unit.validFrom });
    }
    // Its place from the date on must be the one it has now: a later move or rename comes after.
    if (unit.versionFrom > this.plan.date) this.refuse('unit_change_before_latest', { date: this.plan.date, latest: unit.versionFrom });
    return unit;
  }

  private async type(code: string) {
    if (!this.typeCache.has(code)) this.typeCache.set(code, await types.findUnitType(this.sql, code));
    const type = this.typeCache.get(code);
    if (!type) this.refuse('unit_type_unknown', { type: code });
    return type;
  }

  /** Nothing at or below the unit may have changed after the date: history is in date order. */
  private async notChangedAfter(unit: Unit) {
    const latest = await units.latestChangeInSubtree(this.sql, unit.path);
    if (latest && this.plan.date < latest) this.refuse('unit_change_before_latest', { date: this.plan.date, latest });
  }

  /** What `from` holds (children of its types, members) must be allowed in `to`. */
  private async canTakeOver(from: Unit, to: Unit, children: repo.OpenChild[], members: number) {
    const target = await this.type(to.typeCode);
    const source = await this.type(from.typeCode);
    const refused = children.find((c) => !target.allowedChildTypes.includes(c.typeCode));
    if (refused) {
      const childType = await this.type(refused.typeCode);
      this.refuse('restructure_types_incompatible', {
        unit: label(from), target: label(to), targetType: target.names, what: childType.names });
    }
    if (members > 0 && !target.holdsMembers) {
      this.refuse('restructure_members_need_cell', { unit: label(from), target: label(to), members, targetType: target.names });
    }
    if (source.holdsMembers !== target.holdsMembers && children.length === 0 && members === 0 && source.code !== target.code) {
      this.refuse('restructure_types_incompatible', {
        unit: label(from), target: label(to), targetType: target.names, what: source.names });
    }
  }

  /** A unit's subtree goes under `parent` on the date. */
  private async moveUnder(unit: { id: number; path: string }, parent: Unit) {
    const ids = await units.repathVersions(this.sql, {
      unitId: unit.id, oldPath: unit.path, newPath: childPath(parent.path, unit.id), newParentId: parent.id,
      date: this.plan.date, reason: 'restructured',
    });
    this.versions += ids.length;
    this.leftPaths.add(unit.path);
    await repo.addRepathed(this.sql, ids);
    await units.bumpVersion(this.sql, unit.id);
  }

  /** All of a unit's children (and everything below them) go under `to` on the date. */
  private async handChildren(from: Unit, to: Unit) {
    const ids = await units.repathBelow(this.sql, { from, to, date: this.plan.date, reason: 'restructured' });
    this.versions += ids.length;
    this.leftPaths.add(from.path);
    await repo.addRepathed(this.sql, ids);
  }

  /**
   * Ends the unit's life on the date. A version opened that very day (an earlier operation
   * moved the unit) never stood a full day: it goes, and the one before it already ends then.
   */
  private async close(unit: Unit) {
    if (unit.versionFrom >= this.plan.date) {
      if (unit.validFrom >= this.plan.date) this.refuse('restructure_unit_changed_same_day', { unit: label(unit), date: this.plan.date });
      await repo.dropVersion(this.sql, unit.versionId);
    } else {
      await units.closeVersion(this.sql, unit.versionId, this.plan.date);
    }
    await units.bumpVersion(this.sql, unit.id, this.plan.date);
    this.closed.add(unit.id);
    this.leftPaths.add(unit.path);
    this.emptied.delete(unit.id);
  }

  /** Members of a unit that closes go to `to`, with those an earlier operation sent to it. */
  private async hand(from: Unit, to: Unit) {
    await repo.addUnitMove(this.sql, from.id, to.id);
  }

  private async succeed(predecessor: Unit, successor: Unit, kind: 'merged' | 'split' | 'abolished', main: boolean) {
    await repo.insertSuccessor(this.sql, {
      predecessorId: predecessor.id, successorId: successor.id, date: this.plan.date, kind, main, planId: this.plan.id });
    this.succeeded.add(predecessor.id);
  }

  /** What an operation may change in memory, to be put back when the savepoint rolls back. */
  private snapshot() {
    return {
      sets: [this.created, this.closed, this.renamed, this.moved, this.emptied, this.succeeded].map((x) => new Set(x)),
      leftPaths: new Set(this.leftPaths), carry: new Map(this.carryGrants), versions: this.versions,
    };
  }

  private restore(s: ReturnType<Engine['snapshot']>) {
    [this.created, this.closed, this.renamed, this.moved, this.emptied, this.succeeded].forEach((set, i) => {
      set.clear();
      for (const x of s.sets[i] as Set<number>) set.add(x);
    });
    this.leftPaths.clear();
    for (const p of s.leftPaths) this.leftPaths.add(p);
    this.carryGrants.clear();
    for (const [k, v] of s.carry) this.carryGrants.set(k, v);
    this.versions = s.versions;
  }

  async run(operations: RestructureOperation[]): Promise<void> {
    for (const [index, operation] of operations.entries()) {
      this.op = index;
      const involved: number[] = [];
      const started = performance.now();
      const snapshot = this.snapshot();
      await this.sql.query('SAVEPOINT restructure_operation');
      try {
        await this.apply(operation, involved);
        await this.sql.query('RELEASE SAVEPOINT restructure_operation');
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        await this.sql.query('ROLLBACK TO SAVEPOINT restructure_operation');
        this.restore(snapshot);
        this.conflicts.push({ operation: index, severity: 'error', code: err.code, params: err.params });
      }
      this.time(operation.kind, started);
      this.involved.push(involved);
    }
  }

  private async apply(op: RestructureOperation, involved: number[]): Promise<void> {
    const date = this.plan.date;
    switch (op.kind) {
      case 'create': {
        const parent = await this.unit(op.parent, { self: true });
        const created = await createUnitIn(this.sql, {
          actor: this.actor,
          input: { code: op.code, name: op.name, names: op.names, typeCode: op.typeCode, parentId: parent.id, validFrom: date },
          audit: !this.plan.preview,
        });
        this.created.add(created.id);
        this.versions += 1;
        involved.push(parent.id, created.id);
        return;
      }
      case 'merge': {
        const target = await this.unit(op.into, { self: true });
        const sources: { unit: Unit; children: repo.OpenChild[]; members: number }[] = [];
        for (const code of op.units) {
          const unit = await this.unit(code);
          if (unit.id === target.id) this.refuse('restructure_merge_into_itself', { unit: label(unit) });
          if (sources.some((s) => s.unit.id === unit.id)) this.refuse('restructure_unit_twice', { unit: label(unit) });
          if (target.path.startsWith(unit.path)) this.refuse('unit_cycle');
          const nested = sources.find((s) => s.unit.path.startsWith(unit.path) || unit.path.startsWith(s.unit.path));
          if (nested) this.refuse('restructure_sources_nested', { unit: label(unit), other: label(nested.unit) });
          await this.notChangedAfter(unit);
          const children = await repo.openChildren(this.sql, unit.id);
          const members = await repo.countMembersHeld(this.sql, unit.id);
          await this.canTakeOver(unit, target, children, members);
          sources.push({ unit, children, members });
        }
        for (const { unit, children } of sources) {
          if (children.length > 0) await this.handChildren(unit, target);
          await this.hand(unit, target);
          if (unit.parentId !== null) this.emptied.add(unit.parentId);
          await this.close(unit);
          await this.succeed(unit, target, 'merged', true);
          this.carryGrants.set(unit.id, target.id);
          involved.push(unit.id);
        }
        involved.push(target.id);
        return;
      }
      case 'split': {
        const unit = await this.unit(op.unit);
        await this.notChangedAfter(unit);
        const children = await repo.openChildren(this.sql, unit.id);
        const byCode = new Map(children.map((c) => [c.code, c]));
        const assigned = new Map<string, number>();
        const memberPart = new Map<number, number>();
        const parts: { target: Unit; children: repo.OpenChild[]; members: number[] }[] = [];
        for (const [p, part] of op.parts.entries()) {
          const target = await this.unit(part.into, { self: true });
          if (target.id === unit.id) this.refuse('restructure_merge_into_itself', { unit: label(unit) });
          if (target.path.startsWith(unit.path)) this.refuse('unit_cycle');
          const mine: repo.OpenChild[] = [];
          for (const code of part.children) {
            const child = byCode.get(code);
            if (!child) this.refuse('restructure_split_not_child', { unit: label(unit), child: code });
            if (assigned.has(code)) this.refuse('restructure_split_child_twice', { unit: label(unit), child: code });
            assigned.set(code, p);
            mine.push(child);
          }
          for (const m of part.members) {
            if (memberPart.has(m)) this.refuse('restructure_split_member_twice', { unit: label(unit), member: m });
            memberPart.set(m, p);
          }
          parts.push({ target, children: mine, members: part.members });
        }
        const unassigned = children.filter((c) => !assigned.has(c.code)).map((c) => c.code);
        if (unassigned.length > 0) {
          this.refuse('restructure_split_child_unassigned', { unit: label(unit), children: unassigned.slice(0, 10), number: unassigned.length });
        }
        const named = [...memberPart.keys()];
        const present = new Set(named.length > 0 ? await repo.membersOpenIn(this.sql, unit.id, named) : []);
        const absent = named.find((m) => !present.has(m));
        if (absent !== undefined) this.refuse('restructure_split_not_member', { unit: label(unit), member: absent });
        const rest = (await repo.countMembersHeld(this.sql, unit.id)) - named.length;
        for (const [p, part] of parts.entries()) {
          await this.canTakeOver(unit, part.target, part.children, part.members.length + (p === 0 ? rest : 0));
        }
        const main = parts[0] as (typeof parts)[number];
        for (const part of parts) {
          for (const child of part.children) await this.moveUnder(child, part.target);
          if (part.members.length > 0) await repo.addMemberMoves(this.sql, unit.id, part.target.id, part.members);
        }
        await this.hand(unit, main.target);
        if (unit.parentId !== null) this.emptied.add(unit.parentId);
        await this.close(unit);
        const seen = new Set<number>();
        for (const part of parts) {
          if (seen.has(part.target.id)) continue;
          seen.add(part.target.id);
          await this.succeed(unit, part.target, 'split', part === main);
          involved.push(part.target.id);
        }
        involved.unshift(unit.id);
        return;
      }
      case 'move': {
        const unit = await this.unit(op.unit);
        const parent = await this.unit(op.parent, { self: true });
        if (parent.path.startsWith(unit.path)) this.refuse('unit_cycle');
        if (parent.id === unit.parentId) this.refuse('unit_same_parent', { unit: label(unit) });
        const [unitType, parentType] = [await this.type(unit.typeCode), await this.type(parent.typeCode)];
        if (!parentType.allowedChildTypes.includes(unit.typeCode)) {
          this.refuse('unit_child_type_not_allowed', { parentType: parentType.names, childType: unitType.names });
        }
        await this.notChangedAfter(unit);
        if (date < parent.versionFrom) this.refuse('unit_change_before_latest', { date, latest: parent.versionFrom });
        if (unit.parentId !== null) {
          this.emptied.add(unit.parentId);
          involved.push(unit.parentId);
        }
        await this.moveUnder(unit, parent);
        this.moved.add(unit.id);
        involved.push(unit.id, parent.id);
        return;
      }
      case 'abolish_level': {
        const type = await this.type(op.typeCode);
        const ids = await repo.openUnitsOfType(this.sql, this.plan.unit.path, type.code);
        const level: Unit[] = [];
        for (const id of ids) {
          if (id === this.plan.unit.id) continue;
          level.push(await units.findUnitLatest(this.sql, id, true) as Unit);
        }
        if (level.length === 0) this.refuse('restructure_level_empty', { type: type.names, scope: label(this.plan.unit) });
        const codes = new Set(level.map((u) => u.code));
        const stray = Object.keys(op.successors).find((code) => !codes.has(code));
        if (stray) this.refuse('restructure_successor_not_abolished', { code: stray, type: type.names });
        const abolished = Object.values(op.successors).find((code) => codes.has(code));
        if (abolished) this.refuse('restructure_successor_abolished', { code: abolished, type: type.names });
        const steps: { unit: Unit; to: Unit; named: boolean; children: repo.OpenChild[] }[] = [];
        for (const unit of level) {
          if (!inScope(this.actor, unit.path)) this.refuse('restructure_unit_out_of_scope', { unit: label(unit), scope: label(this.plan.unit) });
          await this.notChangedAfter(unit);
          const successor = op.successors[unit.code];
          const to = successor ? await this.unit(successor, { self: true }) : await units.findUnitLatest(this.sql, unit.parentId as number) as Unit;
          if (to.path.startsWith(unit.path)) this.refuse('unit_cycle');
          if (to.typeCode === type.code && !successor) this.refuse('restructure_level_nested', { unit: label(unit) });
          const children = await repo.openChildren(this.sql, unit.id);
          const members = await repo.countMembersHeld(this.sql, unit.id);
          await this.canTakeOver(unit, to, children, members);
          steps.push({ unit, to, named: Boolean(successor), children });
        }
        for (const { unit, to, named, children } of steps) {
          // The target's path may have changed since it was read (an earlier unit of the level moved it).
          const target = await units.findUnitLatest(this.sql, to.id) as Unit;
          if (target.validTo !== null) this.refuse('restructure_unit_closed', { unit: label(target), date: target.validTo });
          const current = await units.findUnitLatest(this.sql, unit.id) as Unit;
          if (children.length > 0) await this.handChildren(current, target);
          await this.hand(unit, target);
          await this.close(current);
          await this.succeed(unit, target, 'abolished', true);
          if (named) this.carryGrants.set(unit.id, target.id);
          involved.push(unit.id, target.id);
        }
        return;
      }
      case 'rename': {
        const unit = await this.unit(op.unit, { self: true });
        await renameUnitIn(this.sql, { actor: this.actor, id: unit.id, name: op.name, names: op.names, effectiveOn: date, ifMatch: null, audit: !this.plan.preview });
        this.renamed.add(unit.id);
        if (unit.versionFrom < date) this.versions += 1;
        involved.push(unit.id);
        return;
      }
      case 'close': {
        const unit = await this.unit(op.unit);
        const children = await repo.openChildren(this.sql, unit.id);
        if (children.length > 0) this.refuse('unit_has_open_children', { unit: label(unit), count: children.length });
        const members = await repo.countMembersHeld(this.sql, unit.id);
        if (members > 0) this.refuse('unit_has_active_members', { unit: label(unit), count: members });
        await this.notChangedAfter(unit);
        if (unit.parentId !== null) this.emptied.add(unit.parentId);
        await this.close(unit);
        involved.push(unit.id);
        return;
      }
    }
  }

  /** After the operations: members move, grants follow, and what was left empty is reported. */
  async finish(): Promise<RestructureTotals> {
    let started = performance.now();
    const moved = await repo.moveSpans(this.sql, this.plan.date);
    await units.repathEventsFrom(this.sql, this.plan.date, [...this.leftPaths]);
    this.time('members', started);
    started = performance.now();
    for (const id of this.emptied) {
      if (this.closed.has(id)) continue;
      const figure = await repo.unitFigure(this.sql, id, this.plan.date);
      if (figure && figure.open && figure.children === 0 && figure.members === 0) {
        const { code } = (await repo.unitCodes(this.sql, [id])).get(id) ?? { code: String(id) };
        this.conflicts.push({ operation: null, severity: 'warning', code: 'restructure_unit_left_empty', params: { unit: `${figure.name} (${code})` } });
      }
    }
    const stranded = await repo.openSpansInClosedUnits(this.sql);
    if (stranded) this.conflicts.push({ operation: null, severity: 'error', code: 'restructure_members_stranded', params: { unit: stranded } });
    const closed = [...this.closed];
    // A grant follows a merge only into a unit the plan forms: staff of the merged units work
    // for the new one. Into an existing unit it would reach that unit's members too: it lapses.
    const finalOf = (id: number) => {
      let to = this.carryGrants.get(id) as number;
      for (let hops = 0; this.carryGrants.has(to) && hops < 50; hops++) to = this.carryGrants.get(to) as number;
      return to;
    };
    const carry = [...this.carryGrants.keys()].map((from) => ({ from, to: finalOf(from) }))
      .filter((c) => this.created.has(c.to) && !this.closed.has(c.to));
    const grants = await repo.carryGrants(this.sql, { carry, closed, by: this.actor.userId });
    this.time('grants', started);
    if (grants.lapsed > 0) {
      this.conflicts.push({ operation: null, severity: 'warning', code: 'restructure_grants_lapse', params: { grants: grants.lapsed } });
    }
    return {
      unitsCreated: this.created.size, unitsClosed: this.closed.size, unitsRenamed: this.renamed.size,
      unitVersions: this.versions, spansMoved: moved.spans, membersMoved: moved.members,
      grantsCarried: grants.carried, grantsLapsed: grants.lapsed,
      recordsFollowing: await repo.countRecordsOf(this.sql, [...this.succeeded]),
    };
  }

  async audit(): Promise<void> {
    await recordAudit(this.sql, this.actor, {
      action: 'unit.restructure', targetType: 'restructure_plan', targetId: String(this.plan.id), unitPath: this.plan.unit.path,
      details: { effectiveOn: this.plan.date, closed: [...this.closed], created: [...this.created] },
    });
  }
}

/** Runs the plan's operations in the caller's transaction; the caller commits or rolls back. */
export async function runPlan(
  sql: Sql, actor: Actor, plan: PlanContext, operations: RestructureOperation[],
): Promise<EngineResult> {
  // One restructure at a time: two plans over the same units must not interleave.
  await sql.query('SELECT pg_advisory_xact_lock(7215001)');
  await repo.createWorkTables(sql);
  const engine = new Engine(sql, actor, plan);
  await engine.run(operations);
  const totals = await engine.finish();
  if (!plan.preview) await engine.audit();
  return {
    conflicts: engine.conflicts, involved: engine.involved, created: engine.created, closed: engine.closed,
    renamed: engine.renamed, moved: engine.moved, totals, timings: engine.timings,
  };
}

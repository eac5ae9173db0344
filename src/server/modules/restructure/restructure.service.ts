import type { Database, Sql } from '../../db/client.ts';
import { inScope, pathIds } from '../../db/paths.ts';
import { today } from '../../db/rows.ts';
import { AppError, conflict, invalidFields, notFound, preconditionFailed } from '../../http/app-error.ts';
import { addDays } from '../../../shared/dates.ts';
import { translate } from '../../../shared/i18n/translate.ts';
import type { Locale } from '../../../shared/reference.ts';
import type {
  PlanBody, PlanState, RestructureConflict, RestructurePlan, RestructurePreview,
} from '../../../shared/schemas/restructure.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as units from '../units/units.repository.ts';
import { runPlan, type EngineConflict, type EngineResult } from './restructure.engine.ts';
import * as repo from './restructure.repository.ts';

/**
 * Restructure plans: drafted, previewed (the plan is applied inside a transaction that is then
 * rolled back, so the preview shows exactly what the apply would do), applied once.
 */

/** Most units a preview gives before/after figures for; a national plan is summed up in its totals. */
const FIGURES_PER_OPERATION = 40;
const FIGURES_IN_ALL = 1_000;
const TREE_UNITS = 400;

const toPlan = ({ unitPath: _path, ...p }: repo.PlanRow): RestructurePlan => p;

async function visiblePlan(sql: Sql, actor: Actor, id: number, lock = false) {
  const plan = await repo.findPlan(sql, id, lock);
  if (!plan || !inScope(actor, plan.unitPath)) throw notFound('restructure_plan');
  return plan;
}

async function planUnit(sql: Sql, actor: Actor, unitId: number) {
  const unit = await units.findUnitLatest(sql, unitId);
  if (!unit || !inScope(actor, unit.path)) throw invalidFields({ path: 'unitId', rule: 'not_found_ref' });
  return unit;
}

export async function listPlans({ db, actor, unitId, state }: { db: Database; actor: Actor; unitId?: number | undefined; state?: PlanState | undefined }) {
  return (await repo.listPlans(db.pool, actor, { unitId, state })).map(toPlan);
}

export async function getPlan({ db, actor, id }: { db: Database; actor: Actor; id: number }) {
  return toPlan(await visiblePlan(db.pool, actor, id));
}

export async function createPlan({ db, actor, body }: { db: Database; actor: Actor; body: PlanBody }) {
  return db.transaction(async (sql) => {
    await planUnit(sql, actor, body.unitId);
    const id = await repo.insertPlan(sql, { ...body, createdBy: actor.userId });
    const plan = await visiblePlan(sql, actor, id);
    await recordAudit(sql, actor, {
      action: 'restructure.draft', targetType: 'restructure_plan', targetId: String(id), unitPath: plan.unitPath,
      details: { title: body.title, effectiveOn: body.effectiveOn, operations: body.operations.length },
    });
    return toPlan(plan);
  });
}

function requireDraft(plan: repo.PlanRow) {
  if (plan.state === 'applied') throw conflict('restructure_plan_applied', { title: plan.title, date: (plan.appliedAt ?? '').slice(0, 10) });
  if (plan.state !== 'draft') throw conflict('restructure_plan_cancelled', { title: plan.title });
}

export async function updatePlan(
  { db, actor, id, body, ifMatch }: { db: Database; actor: Actor; id: number; body: PlanBody; ifMatch: number | null },
) {
  return db.transaction(async (sql) => {
    const plan = await visiblePlan(sql, actor, id, true);
    if (ifMatch !== null && ifMatch !== plan.version) throw preconditionFailed(plan.version);
    requireDraft(plan);
    await planUnit(sql, actor, body.unitId);
    await repo.updatePlan(sql, id, body);
    return toPlan(await visiblePlan(sql, actor, id));
  });
}

export async function cancelPlan({ db, actor, id, ifMatch }: { db: Database; actor: Actor; id: number; ifMatch: number | null }) {
  return db.transaction(async (sql) => {
    const plan = await visiblePlan(sql, actor, id, true);
    if (ifMatch !== null && ifMatch !== plan.version) throw preconditionFailed(plan.version);
    requireDraft(plan);
    await repo.setPlanState(sql, id, { state: 'cancelled' });
    await recordAudit(sql, actor, { action: 'restructure.cancel', targetType: 'restructure_plan', targetId: String(id), unitPath: plan.unitPath });
    return toPlan(await visiblePlan(sql, actor, id));
  });
}

function render(locale: Locale, c: EngineConflict): RestructureConflict {
  return { operation: c.operation, severity: c.severity, code: c.code, message: translate(locale, `errors.${c.code}`, c.params) };
}

/** Thrown to roll a preview back once its figures are read. */
class PreviewDone extends Error {
  constructor(readonly preview: RestructurePreview) { super('preview'); }
}

async function runOn(sql: Sql, actor: Actor, plan: repo.PlanRow, preview: boolean): Promise<EngineResult> {
  const unit = await units.findUnitLatest(sql, plan.unitId, true);
  if (!unit || unit.validTo !== null) throw conflict('restructure_unit_closed', { unit: plan.unitName, date: unit?.validTo ?? plan.effectiveOn });
  return runPlan(sql, actor, { id: plan.id, date: plan.effectiveOn, unit, preview }, plan.operations);
}

/** What the plan would do, with every conflict; nothing is kept. */
export async function previewPlan({ db, actor, id, locale }: { db: Database; actor: Actor; id: number; locale: Locale }) {
  try {
    await db.transaction(async (sql) => {
      const plan = await visiblePlan(sql, actor, id);
      requireDraft(plan);
      const result = await runOn(sql, actor, plan, true);
      throw new PreviewDone(await describe(sql, plan, result, locale));
    });
  } catch (err) {
    if (err instanceof PreviewDone) return err.preview;
    throw err;
  }
  throw new Error('unreachable: a preview always rolls back');
}

/** Applies the plan in one transaction; any conflict refuses it and leaves everything as it was. */
export async function applyPlan(
  { db, actor, id, ifMatch, locale, onTimings }:
  { db: Database; actor: Actor; id: number; ifMatch: number | null; locale: Locale; onTimings?: (ms: Record<string, number>) => void },
) {
  return db.transaction(async (sql) => {
    const plan = await visiblePlan(sql, actor, id, true);
    if (ifMatch !== null && ifMatch !== plan.version) throw preconditionFailed(plan.version);
    requireDraft(plan);
    if (plan.effectiveOn > today()) throw conflict('restructure_plan_future', { date: plan.effectiveOn });
    const result = await runOn(sql, actor, plan, false);
    onTimings?.(result.timings);
    const errors = result.conflicts.filter((c) => c.severity === 'error');
    const first = errors[0];
    if (first) {
      const message = render(locale, first).message;
      throw first.operation === null
        ? new AppError(409, 'restructure_plan_conflicts_whole', { conflicts: errors.length, first: message })
        : new AppError(409, 'restructure_plan_conflicts', { conflicts: errors.length, operation: first.operation + 1, first: message });
    }
    await repo.setPlanState(sql, id, { state: 'applied', outcome: result.totals, appliedBy: actor.userId });
    return toPlan(await visiblePlan(sql, actor, id));
  });
}

/** The preview's figures, read inside the transaction that is about to roll back. */
async function describe(sql: Sql, plan: repo.PlanRow, result: EngineResult, locale: Locale): Promise<RestructurePreview> {
  const date = plan.effectiveOn;
  const before = addDays(date, -1);
  let budget = FIGURES_IN_ALL;
  const allIds = [...new Set(result.involved.flat())];
  const codes = await repo.unitCodes(sql, allIds);
  const operations = [];
  for (const [index, ids] of result.involved.entries()) {
    const list = [];
    for (const unitId of [...new Set(ids)].slice(0, Math.min(FIGURES_PER_OPERATION, budget))) {
      budget -= 1;
      const after = await repo.unitFigure(sql, unitId, date);
      if (!after) continue;
      const code = codes.get(unitId) ?? { code: String(unitId), typeCode: '' };
      list.push({ id: unitId, code: code.code, typeCode: code.typeCode, before: result.created.has(unitId) ? null : await repo.unitFigure(sql, unitId, before), after });
    }
    operations.push({ index, kind: plan.operations[index]?.kind ?? 'create', units: list });
  }

  // The resulting tree: touched units still open on the date and the units directly under
  // them, with their parents up to the plan's unit.
  const treeIds: number[] = [];
  const seen = new Set<number>();
  const above = new Set(pathIds(plan.unitPath).slice(0, -1));
  const add = (path: string) => {
    if (!path.startsWith(plan.unitPath)) return;
    for (const id of pathIds(path)) {
      if (seen.has(id) || above.has(id)) continue;
      seen.add(id);
      treeIds.push(id);
    }
  };
  for (const unitId of allIds) {
    if (treeIds.length >= TREE_UNITS) break;
    const unit = await units.findUnitAsOf(sql, unitId, date);
    if (!unit) continue;
    add(unit.path);
    for (const child of await repo.openChildren(sql, unit.id)) add(child.path);
  }
  const treeUnits = (await units.findUnitsAsOf(sql, treeIds.slice(0, TREE_UNITS), date)).sort((a, b) => a.path.localeCompare(b.path));
  const tree = [];
  for (const u of treeUnits) {
    const figure = await repo.unitFigure(sql, u.id, date);
    const earlier = result.created.has(u.id) ? null : await units.findUnitAsOf(sql, u.id, before);
    const change = result.created.has(u.id) ? 'created' as const
      : earlier && earlier.parentId !== u.parentId ? 'moved' as const
        : result.renamed.has(u.id) ? 'renamed' as const : 'kept' as const;
    tree.push({ id: u.id, code: u.code, name: u.name, typeCode: u.typeCode, parentId: u.parentId, depth: u.depth, members: figure?.members ?? 0, change });
  }
  const conflicts = result.conflicts.map((c) => render(locale, c));
  return {
    planId: plan.id, effectiveOn: date, canApply: !conflicts.some((c) => c.severity === 'error') && date <= today(),
    conflicts, operations, totals: result.totals, tree,
  };
}

export async function unitLineage({ db, actor, unitId }: { db: Database; actor: Actor; unitId: number }) {
  const unit = await units.findUnitLatest(db.pool, unitId);
  if (!unit || !inScope(actor, unit.path)) throw notFound('unit');
  const [predecessors, successors] = await Promise.all([repo.predecessors(db.pool, unitId), repo.successors(db.pool, unitId)]);
  // Units outside the caller's reach are not named.
  const visible = <T extends { path: string }>(list: T[]) => list.filter((u) => inScope(actor, u.path)).map(({ path: _path, ...u }) => u);
  return { predecessors: visible(predecessors), successors: visible(successors) };
}

/** Earlier figures under today's units: events of a period counted where their unit carries on today. */
export async function regroup(
  { db, actor, unitId, measure, from, to }: { db: Database; actor: Actor; unitId: number; measure: string; from: string; to: string },
) {
  const date = today();
  const unit = await units.findUnitAsOf(db.pool, unitId, date);
  if (!unit || !inScope(actor, unit.path)) throw notFound('unit');
  const rows = await repo.regroupEvents(db.pool, { kind: measure, from, to, path: unit.path, today: date });
  const childIds = rows.flatMap((r) => (r.childId === null ? [] : [r.childId]));
  const children = new Map((await units.findUnitsAsOf(db.pool, childIds, date)).map((c) => [c.id, c]));
  const out = rows.filter((r) => !r.outside).map((r) => {
    const u = r.childId === null ? unit : children.get(r.childId);
    return { id: u?.id ?? 0, code: u?.code ?? '', name: u?.name ?? '', count: r.count };
  }).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'vi'));
  const total = out.reduce((n, r) => n + r.count, 0);
  const elsewhere = rows.filter((r) => r.outside).reduce((n, r) => n + r.count, 0);
  return { unitId, measure: measure as 'admitted', from, to, total, rows: out, elsewhere };
}

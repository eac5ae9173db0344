import type { Database } from '../../db/client.ts';
import { inScope, scopeCondition, subtreeRange } from '../../db/paths.ts';
import { today } from '../../db/rows.ts';
import { invalidFields, notFound, preconditionFailed } from '../../http/app-error.ts';
import { addDays } from '../../../shared/dates.ts';
import type { Development, DevelopmentRow, SetTargetBody, TargetRevision } from '../../../shared/schemas/targets.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { countEventsBelow } from '../statistics/statistics.repository.ts';
import * as units from '../units/units.repository.ts';
import * as repo from './targets.repository.ts';

/**
 * Member development targets: how many new members a unit is to admit in a year, and how far
 * its admissions have come. Targets are revised during the year; each revision is kept, and
 * the target of a report as of a date is the one recorded by then.
 */

function toRevision(r: repo.RevisionRow): TargetRevision {
  return {
    id: r.id, unitId: r.unitId, year: r.year, revision: r.revision, target: r.target, decisionRef: r.decisionRef,
    note: r.note, recordedOn: r.recordedOn, recordedAt: r.recordedAt,
    recordedBy: { userId: r.recordedById, label: r.recordedByLabel }, supersededOn: r.supersededOn,
  };
}

const yearStart = (year: number) => `${year}-01-01`;
const yearEnd = (year: number) => `${year}-12-31`;

/**
 * Records a new revision of a unit's target for a year, in force from today. Sending the
 * target in force again, with the same reference and note, records nothing: a retried request
 * does not add a revision.
 */
export async function setTarget(
  { db, actor, unitId, year, input, ifMatch }:
  { db: Database; actor: Actor; unitId: number; year: number; input: SetTargetBody; ifMatch: number | null },
): Promise<TargetRevision> {
  return db.transaction(async (sql) => {
    // The lock on the unit orders concurrent revisions of its targets.
    const unit = await units.findUnitLatest(sql, unitId, true);
    if (!unit || !inScope(actor, unit.path)) throw notFound('unit');
    if (unit.validFrom > yearEnd(year)) {
      throw invalidFields({ path: 'year', rule: 'year_before_unit', params: { date: unit.validFrom } });
    }
    if (unit.validTo !== null && unit.validTo <= yearStart(year)) {
      throw invalidFields({ path: 'year', rule: 'year_after_unit', params: { date: addDays(unit.validTo, -1) } });
    }
    const latest = (await repo.listRevisions(sql, unitId, year)).at(-1) ?? null;
    const current = latest?.revision ?? 0;
    if (ifMatch !== null && ifMatch !== current) throw preconditionFailed(current);
    const after = { target: input.target, decisionRef: input.decisionRef ?? null, note: input.note ?? null };
    if (latest && latest.target === after.target && latest.decisionRef === after.decisionRef && latest.note === after.note) {
      return toRevision(latest);
    }
    await repo.insertRevision(sql, {
      unitId, year, ...after, recordedOn: today(), recordedBy: actor.userId, recordedByLabel: actor.label,
    });
    const before = latest ? { target: latest.target, decisionRef: latest.decisionRef, note: latest.note } : null;
    await recordAudit(sql, actor, {
      action: 'target.set', targetType: 'unit', targetId: String(unitId), unitPath: unit.path,
      details: { year, revision: current + 1, before, after },
    });
    return toRevision((await repo.listRevisions(sql, unitId, year)).at(-1) as repo.RevisionRow);
  });
}

export async function listTargets(
  { db, actor, unitId, year }: { db: Database; actor: Actor; unitId: number; year?: number | undefined },
): Promise<TargetRevision[]> {
  const unit = await units.findUnitLatest(db.pool, unitId);
  if (!unit || !inScope(actor, unit.path)) throw notFound('unit');
  return (await repo.listRevisions(db.pool, unitId, year)).map(toRevision);
}

/**
 * A unit's target for the year as known on `asOf`, its admissions from 1 January up to then (or
 * to the end of the year), and the same for each unit directly below it in the caller's reach.
 * Admissions count in the subtree as it stood on the day of each one, so a unit moved during the
 * year keeps what it admitted before the move and its new parent does not gain it.
 */
export async function getDevelopment(
  { db, actor, unitId, year: askedYear, asOf }:
  { db: Database; actor: Actor; unitId: number; year?: number | undefined; asOf?: string | undefined },
): Promise<Development> {
  const now = today();
  const year = askedYear ?? Number((asOf ?? now).slice(0, 4));
  const from = yearStart(year);
  const date = asOf ?? (yearEnd(year) < now ? yearEnd(year) : now);
  const to = date < yearEnd(year) ? date : yearEnd(year);
  // Before the year began nothing is counted; the unit is then taken as it stood on that day.
  const unit = await repo.findUnitInPeriod(db.pool, unitId, to < from ? to : from, to);
  if (!unit || !inScope(actor, unit.path)) throw notFound('unit');
  const lastDay = unit.versionTo !== null && unit.versionTo <= to ? addDays(unit.versionTo, -1) : to;

  const scopeParams: unknown[] = [];
  const scope = scopeCondition('v.path', actor, scopeParams);
  const children = await repo.listChildrenOn(db.pool, { parentId: unit.id, date: lastDay, scope, scopeParams });
  const [path, pathEnd] = subtreeRange(unit.path);
  // Events carry the path of their unit on their day; the scope is checked on it.
  const eventParams: unknown[] = [];
  const eventScope = scopeCondition('e.unit_path', actor, eventParams);
  const [targets, admissions] = await Promise.all([
    repo.targetsInForce(db.pool, [unit.id, ...children.map((c) => c.id)], year, date),
    to < from ? [] : countEventsBelow(db.pool, { date: to, unit: { id: unit.id, path, pathEnd, subtree: true }, scope: eventScope, scopeParams: eventParams }, {
      from, kinds: ['admitted'], byYear: false, byChild: true,
    }),
  ]);
  const targetOf = new Map(targets.map((t) => [t.unitId, t]));
  // Admissions below a child that no longer stands below the unit still count for the unit.
  const admittedIn = new Map(admissions.flatMap((a) => (a.childId === null ? [] : [[a.childId, a.count] as const])));
  admittedIn.set(unit.id, admissions.reduce((n, a) => n + a.count, 0));
  const row = (u: repo.PlacedUnit): DevelopmentRow => {
    const t = targetOf.get(u.id);
    const admitted = admittedIn.get(u.id) ?? 0;
    return {
      unitId: u.id, code: u.code, name: u.name, typeCode: u.typeCode, target: t?.target ?? null,
      targetRecordedOn: t?.recordedOn ?? null, decisionRef: t?.decisionRef ?? null, admitted,
      achievement: t && t.target > 0 ? admitted / t.target : null,
    };
  };
  const rows = children.map(row);
  return {
    year, asOf: date, from, to,
    unit: row(unit),
    childrenTargetSum: rows.reduce((n, r) => n + (r.target ?? 0), 0),
    childrenWithoutTarget: rows.filter((r) => r.target === null).length,
    children: rows,
  };
}

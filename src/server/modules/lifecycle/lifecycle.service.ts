import type { Database } from '../../db/client.ts';
import { inScope, scopeCondition, subtreeRange } from '../../db/paths.ts';
import { today } from '../../db/rows.ts';
import { notFound } from '../../http/app-error.ts';
import { addDays } from '../../../shared/dates.ts';
import { MOVEMENT_IN, MOVEMENT_OUT, type Movements, type ProbationList } from '../../../shared/schemas/lifecycle.ts';
import type { Actor } from '../access/actor.ts';
import * as units from '../units/units.repository.ts';
import * as repo from './lifecycle.repository.ts';

/**
 * Movement figures of a unit and everything below it over a period: members at the start,
 * who came in and went out and why, members at the end. The unit must be in reach on the last
 * day of the period (or, if it was closed by then, on its last open day).
 */
export async function getMovements(
  { db, actor, unitId, from, to }: { db: Database; actor: Actor; unitId: number; from: string; to?: string | undefined },
): Promise<Movements> {
  const last = to ?? today();
  const unit = await units.findUnitLatest(db.pool, unitId);
  if (!unit || !inScope(actor, unit.path)) throw notFound('unit');
  const scopeParams: unknown[] = [];
  const scope = scopeCondition('s.unit_path', actor, scopeParams);
  const rows = await repo.countMovements(db.pool, { unitId, from, to: last, scope, scopeParams });

  const pick = (flow: repo.MovementRow['flow'], kind = '') => rows.find((r) => r.flow === flow && r.kind === kind)?.count ?? 0;
  const flows = <K extends string>(flow: 'in' | 'out', kinds: readonly K[]) => {
    const known = Object.fromEntries(kinds.map((k) => [k, pick(flow, k)])) as Record<K, number>;
    // A kind no list names yet would break the sum silently: fail loudly instead.
    const unknown = rows.filter((r) => r.flow === flow && !(kinds as readonly string[]).includes(r.kind));
    if (unknown.length > 0) throw new Error(`Movement kinds not reported: ${unknown.map((r) => r.kind).join(', ')}`);
    return known;
  };
  return {
    unitId, from, to: last,
    start: pick('start'), end: pick('end'),
    in: flows('in', MOVEMENT_IN),
    out: flows('out', MOVEMENT_OUT),
    recognizedOfficial: pick('recognized_official'),
    badgesAwarded: pick('badges'),
  };
}

/**
 * Probationary members of a unit and below on a date, with the day each one's probation ends:
 * those due within `within` days (the overdue included), only the overdue, those whose ceremony
 * date is missing (so no date can be computed), or all.
 */
export async function listProbation(
  { db, actor, unitId, asOf, state, within, limit }:
  { db: Database; actor: Actor; unitId: number; asOf?: string | undefined; state: string; within: number; limit: number },
): Promise<ProbationList> {
  const date = asOf ?? today();
  const unit = await units.findUnitAsOf(db.pool, unitId, date);
  if (!unit || !inScope(actor, unit.path)) throw notFound('unit');
  const [path, pathEnd] = subtreeRange(unit.path);
  const scopeParams: unknown[] = [];
  const scope = scopeCondition('s.unit_path', actor, scopeParams);
  const { rows, counts } = await repo.listProbationary(db.pool, {
    path, pathEnd, asOf: date, dueBy: addDays(date, within), state, limit: limit + 1, scope, scopeParams,
  });
  return {
    unitId, asOf: date, counts,
    items: rows.slice(0, limit).map((r) => ({ ...r, overdue: r.dueOn !== null && r.dueOn < date })),
    truncated: rows.length > limit,
  };
}

import type { Database } from '../../db/client.ts';
import { inScope, scopeCondition, subtreeRange } from '../../db/paths.ts';
import { today } from '../../db/rows.ts';
import { invalidFields, notFound } from '../../http/app-error.ts';
import {
  CASE_KINDS, INSPECTION_KINDS, MEMBER_DISCIPLINE_FORMS, SUPERVISION_KINDS, UNIT_DISCIPLINE_FORMS, VIOLATION_CATEGORIES,
  type InspectionFigures, type RemedyCompletion,
} from '../../../shared/schemas/inspections.ts';
import type { Actor } from '../access/actor.ts';
import * as members from '../members/members.repository.ts';
import * as units from '../units/units.repository.ts';
import * as repo from './figures.repository.ts';

type Context = { db: Database; actor: Actor };

/** Every key of a list, zero where nothing was counted, so a report's table has all its rows. */
function byKey(keys: readonly string[], rows: { key: string; count: number }[]): Record<string, number> {
  return Object.fromEntries(keys.map((k) => [k, rows.find((r) => r.key === k)?.count ?? 0]));
}

const sum = (rows: { count: number }[]) => rows.reduce((n, r) => n + r.count, 0);

/**
 * The figures a review conference reads out for a unit and a period: cases by kind, the
 * organizations and members they covered, violations, disciplines by form, remedies and
 * declarations. Counts cover the unit and everything below it within the caller's reach.
 */
export async function getFigures(
  { db, actor, unitId, from, to }: Context & { unitId: number; from: string; to: string },
): Promise<InspectionFigures> {
  if (to < from) throw invalidFields({ path: 'to', rule: 'date_not_before', params: { other: 'from' } });
  const unit = await units.findUnitLatest(db.pool, unitId);
  if (!unit || !inScope(actor, unit.path)) throw notFound('unit');
  const [path, pathEnd] = subtreeRange(unit.path);
  const end = to < today() ? to : today();
  const range: repo.Range = { path, pathEnd, from, to, end, scope: (column, params) => scopeCondition(column, actor, params) };
  return db.transaction(async (sql) => {
    const cases = await repo.caseFigures(sql, range);
    const disciplines = await repo.disciplineFigures(sql, range);
    const remedies = await repo.remedyFigures(sql, range);
    const year = Number(to.slice(0, 4));
    const declarations = await repo.declarationFigures(sql, range, year);
    const ofKinds = (kinds: readonly string[]) => sum(cases.kinds.filter((k) => kinds.includes(k.key)));
    const forms = (type: string) => disciplines.filter((d) => d.subjectType === type);
    return {
      unitId, from, to,
      cases: {
        total: sum(cases.kinds), supervision: ofKinds(SUPERVISION_KINDS), inspection: ofKinds(INSPECTION_KINDS),
        byKind: byKey(CASE_KINDS, cases.kinds),
        concluded: cases.kinds.reduce((n, k) => n + k.concluded, 0), overdue: cases.kinds.reduce((n, k) => n + k.overdue, 0),
      },
      covered: { units: cases.covered.units, members: cases.covered.members },
      violations: { units: cases.covered.violatedUnits, members: cases.covered.violatedMembers, byCategory: byKey(VIOLATION_CATEGORIES, cases.categories) },
      disciplines: { members: byKey(MEMBER_DISCIPLINE_FORMS, forms('member')), units: byKey(UNIT_DISCIPLINE_FORMS, forms('unit')), total: sum(disciplines) },
      remedies,
      declarations: { year, ...declarations, missing: declarations.required - declarations.submitted },
    };
  });
}

/**
 * How a unit or a member put right what inspections of a year required of them: the share of
 * the remedies due that year done by their deadline, which the annual classification weighs.
 */
export async function getRemedyCompletion(
  { db, actor, subjectType, subjectId, year }: Context & { subjectType: 'unit' | 'member'; subjectId: number; year: number },
): Promise<RemedyCompletion> {
  const path = subjectType === 'unit'
    ? (await units.findUnitLatest(db.pool, subjectId))?.path
    : (await members.lastSpan(db.pool, subjectId))?.unitPath;
  if (!path || !inScope(actor, path)) throw notFound(subjectType);
  const yearEnd = `${year}-12-31`;
  const counts = await repo.remedyCompletion(db.pool, {
    column: subjectType === 'unit' ? 'unit_id' : 'member_id', id: subjectId, year, end: yearEnd < today() ? yearEnd : today(),
    scope: (column, params) => scopeCondition(column, actor, params),
  });
  return {
    subjectType, subjectId, year, ...counts, open: counts.due - counts.completed,
    rate: counts.due === 0 ? null : Math.round((counts.completedOnTime / counts.due) * 10_000) / 10_000,
  };
}

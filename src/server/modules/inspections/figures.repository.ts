import type { Sql } from '../../db/client.ts';

/** A subtree, a period and the caller's scope condition on the column named in it. */
export type Range = { path: string; pathEnd: string; from: string; to: string; end: string; scope: (column: string, params: unknown[]) => string };

type Keyed = { key: string; count: number };

function within(r: Range, column: string, params: unknown[]): string {
  params.push(r.path, r.pathEnd);
  const lo = params.length - 1;
  return `${column} >= $${lo} AND ${column} < $${lo + 1} AND ${r.scope(column, params)}`;
}

/**
 * Cases opened in the period at the unit and below: by kind, how many were concluded by the end
 * of the period, and how many were open past their due date at its end (`end` is the period's
 * last day, or today when the period runs on); the subjects they covered and the violations
 * established by then. Past figures stay as they were.
 */
export async function caseFigures(sql: Sql, r: Range) {
  const params: unknown[] = [r.from, r.to, r.end];
  const where = within(r, 'c.unit_path', params);
  const { rows: kinds } = await sql.query<Keyed & { concluded: number; overdue: number }>(
    `SELECT c.kind AS key, count(*)::int AS count,
            count(*) FILTER (WHERE c.concluded_on <= $3::date)::int AS concluded,
            count(*) FILTER (WHERE c.due_on < $3::date AND (c.concluded_on IS NULL OR c.concluded_on > $3::date))::int AS overdue
     FROM inspection_cases c WHERE c.opened_on BETWEEN $1 AND $2 AND ${where} GROUP BY c.kind`, params);
  const { rows: covered } = await sql.query<{ units: number; members: number; violatedUnits: number; violatedMembers: number }>(
    `SELECT count(DISTINCT s.unit_id)::int AS units, count(DISTINCT s.member_id)::int AS members,
            count(DISTINCT s.unit_id) FILTER (WHERE EXISTS (SELECT 1 FROM inspection_findings f WHERE f.subject_id = s.id AND f.found_on <= $3::date))::int AS "violatedUnits",
            count(DISTINCT s.member_id) FILTER (WHERE EXISTS (SELECT 1 FROM inspection_findings f WHERE f.subject_id = s.id AND f.found_on <= $3::date))::int AS "violatedMembers"
     FROM inspection_cases c JOIN inspection_subjects s ON s.case_id = c.id AND s.added_on <= $3::date
     WHERE c.opened_on BETWEEN $1 AND $2 AND ${where}`, params);
  const { rows: categories } = await sql.query<Keyed>(
    `SELECT f.category AS key, count(*)::int AS count
     FROM inspection_cases c JOIN inspection_findings f ON f.case_id = c.id AND f.found_on <= $3::date
     WHERE c.opened_on BETWEEN $1 AND $2 AND ${where} GROUP BY f.category`, params);
  return { kinds, covered: covered[0] as { units: number; members: number; violatedUnits: number; violatedMembers: number }, categories };
}

/** Discipline decisions on subjects at the unit and below, decided in the period, by subject and form. */
export async function disciplineFigures(sql: Sql, r: Range) {
  const params: unknown[] = [r.from, r.to];
  const { rows } = await sql.query<Keyed & { subjectType: string }>(
    `SELECT d.subject_type AS "subjectType", d.form AS key, count(*)::int AS count
     FROM discipline_decisions d WHERE d.decided_on BETWEEN $1 AND $2 AND ${within(r, 'd.subject_path', params)}
     GROUP BY d.subject_type, d.form`, params);
  return rows;
}

/** Remedies due in the period in cases of the unit and below: done by the end, done on time, late and still open at the end. */
export async function remedyFigures(sql: Sql, r: Range) {
  const params: unknown[] = [r.from, r.to, r.end];
  const { rows } = await sql.query<{ due: number; completed: number; completedOnTime: number; overdue: number }>(
    `SELECT count(*)::int AS due,
            count(*) FILTER (WHERE m.completed_on <= $3)::int AS completed,
            count(*) FILTER (WHERE m.completed_on <= m.deadline AND m.completed_on <= $3)::int AS "completedOnTime",
            count(*) FILTER (WHERE m.deadline < $3 AND (m.completed_on IS NULL OR m.completed_on > $3))::int AS overdue
     FROM inspection_remedies m JOIN inspection_cases c ON c.id = m.case_id
     WHERE m.deadline BETWEEN $1 AND $2 AND ${within(r, 'c.unit_path', params)}`, params);
  return rows[0] as { due: number; completed: number; completedOnTime: number; overdue: number };
}

/** Declarations of a year at the unit and below: required, submitted and verified by the end of the period. */
export async function declarationFigures(sql: Sql, r: Range, year: number) {
  const params: unknown[] = [year, r.end];
  const { rows } = await sql.query<{ required: number; submitted: number; verified: number }>(
    `SELECT count(*)::int AS required, count(*) FILTER (WHERE a.submitted_on <= $2)::int AS submitted,
            count(*) FILTER (WHERE a.verified_on <= $2)::int AS verified
     FROM asset_declarations a WHERE a.year = $1 AND ${within(r, 'a.unit_path', params)}`, params);
  return rows[0] as { required: number; submitted: number; verified: number };
}

/**
 * Remedies of one subject (a unit or a member) due in a year, for its annual classification:
 * those of the cases the caller reaches (a case conducted above the caller is not theirs to weigh).
 */
export async function remedyCompletion(
  sql: Sql, o: { column: 'unit_id' | 'member_id'; id: number; year: number; end: string; scope: (column: string, params: unknown[]) => string },
) {
  const params: unknown[] = [o.id, `${o.year}-01-01`, `${o.year}-12-31`, o.end];
  const { rows } = await sql.query<{ due: number; completed: number; completedOnTime: number }>(
    `SELECT count(*)::int AS due, count(*) FILTER (WHERE m.completed_on <= $4)::int AS completed,
            count(*) FILTER (WHERE m.completed_on <= m.deadline AND m.completed_on <= $4)::int AS "completedOnTime"
     FROM inspection_remedies m JOIN inspection_subjects s ON s.id = m.subject_id JOIN inspection_cases c ON c.id = m.case_id
     WHERE s.${o.column} = $1 AND m.deadline BETWEEN $2 AND $3 AND ${o.scope('c.unit_path', params)}`,
    params);
  return rows[0] as { due: number; completed: number; completedOnTime: number };
}

import type { Sql } from '../../db/client.ts';

type Scoped = { scope: string; scopeParams: unknown[] };

/**
 * The spans of members in a unit's subtree as it stood at each span's time: a span lies below
 * the unit when its path starts with one of the paths the unit has had (a path names every unit
 * above, so a path of the unit can only lead to units that were below it then). One index
 * range per path the unit has had.
 */
function subtreeSpans(unitParam: string, scope: string): string {
  return `xp AS (SELECT DISTINCT path, left(path, -1) || '/' AS path_end FROM unit_versions WHERE unit_id = ${unitParam}),
     sub AS (SELECT s.* FROM membership_spans s JOIN xp ON s.unit_path >= xp.path AND s.unit_path < xp.path_end WHERE ${scope})`;
}

export type MovementRow = { flow: 'start' | 'end' | 'in' | 'out' | 'recognized_official' | 'badges'; kind: string; count: number };

/**
 * Movements of a unit and everything below it over [from, to]. A member comes in on the first
 * day of a span below the unit that no span below it precedes without a gap, and goes out on
 * the day after the last day of one that none follows: so start + in − out = end by
 * construction, and a move between two cells below the unit is neither. What brought a member
 * in is the reason of the span; what took them out, the event that closed it (a restructure
 * closes spans with no event).
 */
export async function countMovements(sql: Sql, o: { unitId: number; from: string; to: string } & Scoped): Promise<MovementRow[]> {
  const params: unknown[] = [...o.scopeParams, o.unitId, o.from, o.to];
  const n = params.length;
  const [unit, from, to] = [`$${n - 2}`, `$${n - 1}`, `$${n}`];
  const { rows } = await sql.query<MovementRow>(
    `WITH ${subtreeSpans(unit, o.scope)}
     SELECT 'start' AS flow, '' AS kind, count(*)::int AS count FROM sub WHERE valid_from < ${from}::date AND valid_to >= ${from}::date
     UNION ALL
     SELECT 'end', '', count(*)::int FROM sub WHERE valid_from <= ${to}::date AND valid_to > ${to}::date
     UNION ALL
     -- A recognition never changes a member's unit: one that brings a member into the subtree, or
     -- takes one out, fell on the day the member's unit changed place (a restructure).
     SELECT 'in', CASE WHEN s.reason = 'recognized_official' THEN 'restructured' ELSE s.reason END, count(*)::int FROM sub s
     WHERE s.valid_from BETWEEN ${from}::date AND ${to}::date
       AND NOT EXISTS (SELECT 1 FROM sub p WHERE p.member_id = s.member_id AND p.valid_to = s.valid_from)
     GROUP BY 2
     UNION ALL
     SELECT 'out', CASE WHEN e.kind IS NULL OR e.kind = 'recognized_official' THEN 'restructured' ELSE e.kind END, count(*)::int FROM sub s
     LEFT JOIN member_events e ON e.id = s.closed_by
     WHERE s.valid_to BETWEEN ${from}::date AND ${to}::date
       AND NOT EXISTS (SELECT 1 FROM sub n WHERE n.member_id = s.member_id AND n.valid_from = s.valid_to)
     GROUP BY 2
     UNION ALL
     SELECT 'recognized_official', '', count(*)::int FROM sub
     WHERE reason = 'recognized_official' AND valid_from BETWEEN ${from}::date AND ${to}::date
     UNION ALL
     SELECT 'badges', '', count(*)::int FROM party_badges s JOIN xp ON s.unit_path >= xp.path AND s.unit_path < xp.path_end
     WHERE s.awarded_on BETWEEN ${from}::date AND ${to}::date AND ${o.scope}`,
    params);
  return rows;
}

export type ProbationRow = {
  memberId: number; fullName: string; unitId: number; unitName: string;
  admissionDecisionDate: string | null; ceremonyDate: string | null; dueOn: string | null;
};

/**
 * Probationary members of a subtree on a date with the day their probation ends: the ceremony
 * date plus the probation months in force on that day (PostgreSQL's month arithmetic keeps the
 * day or takes the month's last, as shared/dates addMonths does).
 */
export async function listProbationary(
  sql: Sql, o: { path: string; pathEnd: string; asOf: string; dueBy: string; state: string; limit: number } & Scoped,
): Promise<{ rows: ProbationRow[]; counts: { all: number; due: number; overdue: number; noCeremony: number } }> {
  const params: unknown[] = [...o.scopeParams, o.path, o.pathEnd, o.asOf, o.dueBy, o.state, o.limit];
  const [lo, hi, asOf, dueBy, state, limit] = [5, 4, 3, 2, 1, 0].map((k) => `$${params.length - k}`);
  const { rows } = await sql.query<ProbationRow & { overdue: boolean; matches: boolean; all: number; due: number; overdueCount: number; noCeremony: number }>(
    `WITH p AS (
       SELECT m.id AS "memberId", m.full_name AS "fullName", s.unit_id AS "unitId", m.sort_key,
              m.admission_decision_date AS "admissionDecisionDate", m.ceremony_date AS "ceremonyDate",
              (m.ceremony_date + make_interval(months => r.months))::date AS "dueOn"
       FROM membership_spans s
       JOIN members m ON m.id = s.member_id
       LEFT JOIN LATERAL (SELECT (value #>> '{}')::int AS months FROM rules
                          WHERE key = 'probation.months' AND valid_from <= m.ceremony_date
                          ORDER BY valid_from DESC LIMIT 1) r ON true
       WHERE s.status = 'probationary' AND s.valid_from <= ${asOf}::date AND s.valid_to > ${asOf}::date
         AND s.unit_path >= ${lo} AND s.unit_path < ${hi} AND ${o.scope}),
     c AS (
       SELECT count(*)::int AS all, count(*) FILTER (WHERE "dueOn" <= ${dueBy}::date)::int AS due,
              count(*) FILTER (WHERE "dueOn" < ${asOf}::date)::int AS "overdueCount",
              count(*) FILTER (WHERE "dueOn" IS NULL)::int AS "noCeremony"
       FROM p)
     SELECT c.*, f.*, coalesce(f."dueOn" < ${asOf}::date, false) AS overdue,
            v.name AS "unitName"
     FROM c
     LEFT JOIN LATERAL (
       SELECT * FROM p
       WHERE CASE ${state}::text WHEN 'due' THEN "dueOn" <= ${dueBy}::date WHEN 'overdue' THEN "dueOn" < ${asOf}::date
                                 WHEN 'no_ceremony' THEN "dueOn" IS NULL ELSE true END
       ORDER BY "dueOn" NULLS FIRST, sort_key, "memberId" LIMIT ${limit}) f ON true
     LEFT JOIN unit_versions v ON v.unit_id = f."unitId" AND v.valid_from <= ${asOf}::date AND v.valid_to > ${asOf}::date
     ORDER BY f."dueOn" NULLS FIRST, f.sort_key, f."memberId"`,
    params);
  const first = rows[0];
  const counts = { all: first?.all ?? 0, due: first?.due ?? 0, overdue: first?.overdueCount ?? 0, noCeremony: first?.noCeremony ?? 0 };
  return {
    counts,
    rows: rows.filter((r) => r.memberId !== null).map((r) => ({
      memberId: r.memberId, fullName: r.fullName, unitId: r.unitId, unitName: r.unitName,
      admissionDecisionDate: r.admissionDecisionDate, ceremonyDate: r.ceremonyDate, dueOn: r.dueOn,
    })),
  };
}

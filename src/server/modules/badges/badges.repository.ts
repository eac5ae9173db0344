import type { Sql } from '../../db/client.ts';
import type { Badge } from '../../../shared/schemas/badges.ts';

const BADGE_COLUMNS = `id, member_id AS "memberId", years, awarded_on AS "awardedOn", unit_id AS "unitId",
  decision_no AS "decisionNo", early, early_reason AS "earlyReason"`;

export async function badgesOf(sql: Sql, memberId: number): Promise<Badge[]> {
  const { rows } = await sql.query<Badge>(`SELECT ${BADGE_COLUMNS} FROM party_badges WHERE member_id = $1 ORDER BY years`, [memberId]);
  return rows;
}

export async function insertBadge(
  sql: Sql,
  b: { memberId: number; years: number; awardedOn: string; unitId: number; unitPath: string; decisionNo: string; earlyReason: string | null; recordedBy: number | null },
): Promise<Badge> {
  const { rows } = await sql.query<Badge>(
    `INSERT INTO party_badges (member_id, years, awarded_on, unit_id, unit_path, decision_no, early, early_reason, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${BADGE_COLUMNS}`,
    [b.memberId, b.years, b.awardedOn, b.unitId, b.unitPath, b.decisionNo, b.earlyReason !== null, b.earlyReason, b.recordedBy]);
  return rows[0] as Badge;
}

export type EligibleRow = {
  memberId: number; fullName: string; unitId: number; unitName: string; admissionDecisionDate: string; years: number; reachedOn: string;
};

/**
 * Members active on the award day in a subtree with the badge now due to each: the highest
 * milestone their party age (from the admission decision) reached in the twelve months up to
 * the day (the year's four rounds, so one missed in a round comes up in the next), or would
 * reach within the early-award months, and that no badge of theirs already honours.
 */
export async function listEligible(
  sql: Sql,
  o: {
    path: string; pathEnd: string; day: string; since: string; milestones: number[]; earlyMonths: number[]; limit: number;
    scope: string; scopeParams: unknown[];
  },
): Promise<EligibleRow[]> {
  const params: unknown[] = [...o.scopeParams, o.path, o.pathEnd, o.day, o.since, o.milestones, o.earlyMonths, o.limit];
  const n = params.length;
  const [lo, hi, day, since, years, early, limit] = [n - 6, n - 5, n - 4, n - 3, n - 2, n - 1, n].map((k) => `$${k}`);
  const { rows } = await sql.query<EligibleRow>(
    `SELECT m.id AS "memberId", m.full_name AS "fullName", s.unit_id AS "unitId", v.name AS "unitName",
            m.admission_decision_date AS "admissionDecisionDate", x.years,
            (m.admission_decision_date + make_interval(years => x.years))::date AS "reachedOn"
     FROM membership_spans s
     JOIN members m ON m.id = s.member_id
     JOIN unit_versions v ON v.unit_id = s.unit_id AND v.valid_from <= ${day}::date AND v.valid_to > ${day}::date
     CROSS JOIN LATERAL (
       SELECT r.n AS years FROM unnest(${years}::int[], ${early}::int[]) AS r(n, early_months)
       WHERE (m.admission_decision_date + make_interval(years => r.n, months => -r.early_months))::date <= ${day}::date
         AND (m.admission_decision_date + make_interval(years => r.n))::date > ${since}::date
         AND NOT EXISTS (SELECT 1 FROM party_badges b WHERE b.member_id = m.id AND b.years >= r.n)
       ORDER BY r.n DESC LIMIT 1) x
     WHERE s.valid_from <= ${day}::date AND s.valid_to > ${day}::date AND s.unit_path >= ${lo} AND s.unit_path < ${hi}
       AND ${o.scope}
     ORDER BY "reachedOn", m.sort_key, m.id
     LIMIT ${limit}`,
    params);
  return rows;
}

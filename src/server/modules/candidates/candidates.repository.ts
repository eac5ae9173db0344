import type { Sql } from '../../db/client.ts';
import { scopeConditionFor, subtreeRange } from '../../db/paths.ts';
import { containsPattern } from '../../db/rows.ts';
import type { ScopeEntry } from '../access/actor.ts';
import type { CandidateStage } from '../../../shared/schemas/candidates.ts';

/** Profile columns of a candidate, API name → column (the member profile without card and approval). */
export const CANDIDATE_COLUMNS = {
  fullName: 'full_name', otherNames: 'other_names', gender: 'gender', birthDate: 'birth_date',
  birthPlace: 'birth_place', hometown: 'hometown', residence: 'residence', ethnicity: 'ethnicity',
  religion: 'religion', citizenId: 'citizen_id', phone: 'phone', education: 'education',
  qualification: 'qualification', academicTitle: 'academic_title', theoryLevel: 'theory_level',
  occupation: 'occupation', position: 'position',
} as const;

export type CandidateField = keyof typeof CANDIDATE_COLUMNS;

/** A candidate with its unit's current place and its current stage. */
export type CandidateRecord = { [K in CandidateField]: string | null } & {
  id: number; fullName: string; gender: 'male' | 'female'; birthDate: string; ethnicity: string; religion: string;
  unitId: number; unitName: string; unitCode: string; unitPath: string; unitOpen: boolean;
  stage: CandidateStage; since: string; memberId: number | null; version: number;
};

/**
 * The unit's latest version: its place now, or where it stood when it closed. Joined instead of
 * stored on the candidate, so that a move of the unit is followed without rewriting anything.
 */
const LATEST_VERSION = `JOIN LATERAL (SELECT name, path, valid_to FROM unit_versions
                                      WHERE unit_id = c.unit_id ORDER BY valid_from DESC LIMIT 1) v ON true`;
const CURRENT_STAGE = `JOIN LATERAL (SELECT stage, since FROM candidate_stages
                                     WHERE candidate_id = c.id ORDER BY id DESC LIMIT 1) s ON true`;

export async function findCandidate(sql: Sql, id: number, lock = false): Promise<CandidateRecord | null> {
  if (lock) await sql.query('SELECT 1 FROM candidates WHERE id = $1 FOR UPDATE', [id]);
  const { rows } = await sql.query<CandidateRecord>(
    `SELECT c.id, c.version, c.member_id AS "memberId", c.unit_id AS "unitId", u.code AS "unitCode",
            v.name AS "unitName", v.path AS "unitPath", v.valid_to = 'infinity' AS "unitOpen", s.stage, s.since,
            ${Object.entries(CANDIDATE_COLUMNS).map(([k, col]) => `c.${col} AS "${k}"`).join(', ')}
     FROM candidates c JOIN units u ON u.id = c.unit_id ${LATEST_VERSION} ${CURRENT_STAGE}
     WHERE c.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function insertCandidate(
  sql: Sql, unitId: number, profile: Partial<Record<CandidateField, string | null>>, keys: { searchKey: string; sortKey: string },
): Promise<number> {
  const fields = Object.keys(profile).filter((k): k is CandidateField => k in CANDIDATE_COLUMNS);
  const cols = ['unit_id', ...fields.map((f) => CANDIDATE_COLUMNS[f]), 'search_key', 'sort_key'];
  const values = [unitId, ...fields.map((f) => profile[f] ?? null), keys.searchKey, keys.sortKey];
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO candidates (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`, values);
  return (rows[0] as { id: number }).id;
}

/** Writes profile changes (none: only the version moves on, after a new stage) and the member link. */
export async function updateCandidate(
  sql: Sql, id: number, changes: Partial<Record<CandidateField, string | null>>,
  o: { keys?: { searchKey: string; sortKey: string }; memberId?: number } = {},
): Promise<void> {
  const sets: string[] = [];
  const values: unknown[] = [id];
  for (const [field, value] of Object.entries(changes)) {
    values.push(value);
    sets.push(`${CANDIDATE_COLUMNS[field as CandidateField]} = $${values.length}`);
  }
  if (o.keys) {
    values.push(o.keys.searchKey, o.keys.sortKey);
    sets.push(`search_key = $${values.length - 1}`, `sort_key = $${values.length}`);
  }
  if (o.memberId !== undefined) {
    values.push(o.memberId);
    sets.push(`member_id = $${values.length}`);
  }
  await sql.query(
    `UPDATE candidates SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1`, values);
}

export type NewStage = {
  candidateId: number; stage: CandidateStage; since: string; courseName?: string | null | undefined;
  certificateNo?: string | null | undefined; ageApprovalRef?: string | null | undefined; decisionNo?: string | null | undefined;
  ceremonyDate?: string | null | undefined; reason?: string | null | undefined; note?: string | null | undefined;
  recordedBy: number | null;
};

export async function insertStage(sql: Sql, s: NewStage): Promise<number> {
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO candidate_stages (candidate_id, stage, since, course_name, certificate_no, age_approval_ref, decision_no,
                                   ceremony_date, reason, note, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [s.candidateId, s.stage, s.since, s.courseName ?? null, s.certificateNo ?? null, s.ageApprovalRef ?? null,
      s.decisionNo ?? null, s.ceremonyDate ?? null, s.reason ?? null, s.note ?? null, s.recordedBy]);
  return (rows[0] as { id: number }).id;
}

export type StageRow = {
  id: number; stage: CandidateStage; since: string; courseName: string | null; certificateNo: string | null;
  ageApprovalRef: string | null; decisionNo: string | null; ceremonyDate: string | null; reason: string | null;
  note: string | null; recordedBy: { id: number; name: string } | null; recordedAt: string;
};

export async function listStages(sql: Sql, candidateId: number): Promise<StageRow[]> {
  const { rows } = await sql.query<Omit<StageRow, 'recordedBy' | 'recordedAt'> & {
    userId: number | null; userName: string | null; recordedAt: Date;
  }>(
    `SELECT s.id, s.stage, s.since, s.course_name AS "courseName", s.certificate_no AS "certificateNo",
            s.age_approval_ref AS "ageApprovalRef", s.decision_no AS "decisionNo", s.ceremony_date AS "ceremonyDate",
            s.reason, s.note, s.recorded_by AS "userId", u.display_name AS "userName", s.recorded_at AS "recordedAt"
     FROM candidate_stages s LEFT JOIN users u ON u.id = s.recorded_by
     WHERE s.candidate_id = $1 ORDER BY s.id`, [candidateId]);
  return rows.map(({ userId, userName, recordedAt, ...r }) => ({
    ...r, recordedBy: userId === null ? null : { id: userId, name: userName ?? '' }, recordedAt: recordedAt.toISOString(),
  }));
}

/**
 * The candidate still in development who holds a citizen ID, looked up across every scope (a
 * SECURITY DEFINER function); the name comes back only when the caller may see that record. A
 * lock on the value until commit makes simultaneous registrations of one person meet here.
 */
export async function findCandidateIdByCitizenId(sql: Sql, value: string, exceptId?: number) {
  await sql.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`candidates.citizen_id:${value}`]);
  const { rows } = await sql.query<{ id: number | null }>('SELECT candidate_id_by_citizen_id($1, $2) AS id', [value, exceptId ?? null]);
  const id = rows[0]?.id ?? null;
  if (id === null) return null;
  const visible = await sql.query<{ full_name: string }>('SELECT full_name FROM candidates WHERE id = $1', [id]);
  return { id, fullName: visible.rows[0]?.full_name ?? null };
}

export type ListCandidatesFilter = {
  unit: { id: number; path: string; subtree: boolean } | null;
  scope: string;
  scopeParams: unknown[];
  search: string | null;
  digits: string | null;
  /** Where the caller may read sensitive fields: a citizen ID is matched there only. */
  sensitiveScope: ScopeEntry[] | null;
  stage: CandidateStage | undefined;
  after: [string, number] | null;
  limit: number;
};

/**
 * Candidates whose unit now lies within a unit (and below) and the caller's scope, in register
 * order. A unit's latest version is the one whose end is the unit's own end, so the subtree
 * and the scope are ranges over the versions' path index.
 */
export async function listCandidates(sql: Sql, f: ListCandidatesFilter) {
  const params: unknown[] = [...f.scopeParams];
  const where = [f.scope];
  if (f.unit?.subtree) {
    params.push(...subtreeRange(f.unit.path));
    where.push(`v.path >= $${params.length - 1} AND v.path < $${params.length}`);
  } else if (f.unit) {
    params.push(f.unit.id);
    where.push(`c.unit_id = $${params.length}`);
  }
  if (f.search) {
    params.push(containsPattern(f.search));
    where.push(`c.search_key LIKE $${params.length}`);
  }
  if (f.digits) {
    params.push(`${f.digits}%`);
    const p = `$${params.length}`;
    // A search must not confirm a masked citizen ID digit by digit.
    where.push(`c.citizen_id LIKE ${p} AND ${scopeConditionFor('v.path', f.sensitiveScope, params)}`);
  }
  if (f.stage) {
    params.push(f.stage);
    where.push(`s.stage = $${params.length}`);
  } else {
    where.push(`s.stage NOT IN ('admitted', 'withdrawn')`);
  }
  if (f.after) {
    params.push(...f.after);
    where.push(`(c.sort_key, c.id) > ($${params.length - 1}, $${params.length})`);
  }
  params.push(f.limit);
  const { rows } = await sql.query<{
    id: number; fullName: string; gender: 'male' | 'female'; birthDate: string; unitId: number; unitName: string;
    stage: CandidateStage; since: string; memberId: number | null; sortKey: string;
  }>(
    `SELECT c.id, c.full_name AS "fullName", c.gender, c.birth_date AS "birthDate", c.unit_id AS "unitId",
            v.name AS "unitName", s.stage, s.since, c.member_id AS "memberId", c.sort_key AS "sortKey"
     FROM unit_versions v
     JOIN units u ON u.id = v.unit_id AND u.valid_to = v.valid_to
     JOIN candidates c ON c.unit_id = v.unit_id
     ${CURRENT_STAGE}
     WHERE ${where.join(' AND ')}
     ORDER BY c.sort_key, c.id
     LIMIT $${params.length}`,
    params);
  return rows;
}

/**
 * Candidates per stage within a subtree as the tree and the stages stood on `date`: each
 * candidate at the stage of its latest row begun by then, counted where its unit stood that
 * day, for those who reach that place (`scope` on `v.path`), as member counts are. The earliest
 * `since` per stage shows who has waited longest.
 */
export async function countByStage(
  sql: Sql, f: { date: string; path: string; pathEnd: string; scope: string; scopeParams: unknown[] },
) {
  const params: unknown[] = [...f.scopeParams, f.date, f.path, f.pathEnd];
  const n = params.length;
  const { rows } = await sql.query<{ stage: CandidateStage; count: number; oldestSince: string }>(
    `SELECT s.stage, count(*)::int AS count, min(s.since) AS "oldestSince"
     FROM unit_versions v
     JOIN candidates c ON c.unit_id = v.unit_id
     JOIN LATERAL (SELECT stage, since FROM candidate_stages
                   WHERE candidate_id = c.id AND since <= $${n - 2} ORDER BY id DESC LIMIT 1) s ON true
     WHERE v.valid_from <= $${n - 2} AND v.valid_to > $${n - 2} AND v.path >= $${n - 1} AND v.path < $${n}
       AND ${f.scope}
     GROUP BY s.stage`,
    params);
  return rows;
}

import type { Sql } from '../../db/client.ts';
import type { DecideDisciplineBody, DisciplineAppeal, DisciplineDecision } from '../../../shared/schemas/inspections.ts';
import type { Subject } from './subjects.ts';

export type DecisionRow = Omit<DisciplineDecision, 'appeals' | 'attachments'> & { subjectPath: string };

const DECISION_SELECT = `
  SELECT d.id, d.subject_type AS "subjectType", d.unit_id AS "unitId", d.member_id AS "memberId", d.member_status AS "memberStatus",
         d.subject_name AS "subjectName", d.subject_path AS "subjectPath", d.case_id AS "caseId", d.form,
         d.deciding_unit_id AS "decidingUnitId", coalesce(v.name, '') AS "decidingUnitName", d.deciding_body AS "decidingBody",
         d.decision_no AS "decisionNo", d.decided_on AS "decidedOn", d.effective_on AS "effectiveOn", d.content,
         d.member_event_id AS "memberEventId"
  FROM discipline_decisions d
  -- The deciding unit's name on the day (or its nearest version, should that one be gone).
  LEFT JOIN LATERAL (SELECT name FROM unit_versions WHERE unit_id = d.deciding_unit_id
                     ORDER BY (valid_from <= d.decided_on) DESC, valid_from DESC LIMIT 1) v ON true`;

export async function findDecision(sql: Sql, id: number): Promise<DecisionRow | null> {
  const { rows } = await sql.query<DecisionRow>(`${DECISION_SELECT} WHERE d.id = $1`, [id]);
  return rows[0] ?? null;
}

/** Decisions on subjects at a unit and below, decided in a period, newest first. */
export async function listDecisions(
  sql: Sql, o: { path: string; pathEnd: string; from: string | null; to: string | null; limit: number; scope: string; scopeParams: unknown[] },
): Promise<DecisionRow[]> {
  const params: unknown[] = [...o.scopeParams, o.path, o.pathEnd, o.from, o.to, o.limit];
  const n = params.length;
  const [lo, hi, from, to, limit] = [n - 4, n - 3, n - 2, n - 1, n].map((k) => `$${k}`);
  const { rows } = await sql.query<DecisionRow>(
    `${DECISION_SELECT}
     WHERE d.subject_path >= ${lo} AND d.subject_path < ${hi} AND ${o.scope}
       AND (${from}::date IS NULL OR d.decided_on >= ${from}::date) AND (${to}::date IS NULL OR d.decided_on <= ${to}::date)
     ORDER BY d.decided_on DESC, d.id DESC LIMIT ${limit}`, params);
  return rows;
}

export async function insertDecision(
  sql: Sql,
  d: Omit<DecideDisciplineBody, 'subject'> & { subject: Subject; memberEventId: number | null; recordedBy: number | null },
): Promise<number> {
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO discipline_decisions (subject_type, unit_id, member_id, member_status, subject_path, subject_name, case_id, form,
       deciding_unit_id, deciding_body, decision_no, decided_on, effective_on, content, member_event_id, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
    [d.subject.type, d.subject.unitId, d.subject.memberId, d.subject.status, d.subject.path, d.subject.name, d.caseId ?? null, d.form,
      d.decidingUnitId, d.decidingBody, d.decisionNo, d.decidedOn, d.effectiveOn, d.content, d.memberEventId, d.recordedBy]);
  return (rows[0] as { id: number }).id;
}

/** The event an expulsion just recorded for the member. */
export async function latestExpulsion(sql: Sql, memberId: number): Promise<number> {
  const { rows } = await sql.query<{ id: number }>(
    `SELECT id FROM member_events WHERE member_id = $1 AND kind = 'expelled' ORDER BY id DESC LIMIT 1`, [memberId]);
  return (rows[0] as { id: number }).id;
}

const APPEAL_COLUMNS = `id, decision_id AS "decisionId", filed_on AS "filedOn", grounds, outcome, outcome_on AS "outcomeOn",
  outcome_decision_no AS "outcomeDecisionNo", note`;

export async function appealsOf(sql: Sql, decisionId: number): Promise<DisciplineAppeal[]> {
  const { rows } = await sql.query<DisciplineAppeal>(
    `SELECT ${APPEAL_COLUMNS} FROM discipline_appeals WHERE decision_id = $1 ORDER BY filed_on, id`, [decisionId]);
  return rows;
}

/** The appeals of several decisions at once, for a list. */
export async function appealsOfMany(sql: Sql, decisionIds: number[]): Promise<DisciplineAppeal[]> {
  const { rows } = await sql.query<DisciplineAppeal>(
    `SELECT ${APPEAL_COLUMNS} FROM discipline_appeals WHERE decision_id = ANY($1::bigint[]) ORDER BY filed_on, id`, [decisionIds]);
  return rows;
}

export async function findAppeal(sql: Sql, id: number): Promise<DisciplineAppeal | null> {
  const { rows } = await sql.query<DisciplineAppeal>(`SELECT ${APPEAL_COLUMNS} FROM discipline_appeals WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] ?? null;
}

export async function insertAppeal(sql: Sql, a: { decisionId: number; filedOn: string; grounds: string; recordedBy: number | null }): Promise<number> {
  const { rows } = await sql.query<{ id: number }>(
    'INSERT INTO discipline_appeals (decision_id, filed_on, grounds, recorded_by) VALUES ($1, $2, $3, $4) RETURNING id',
    [a.decisionId, a.filedOn, a.grounds, a.recordedBy]);
  return (rows[0] as { id: number }).id;
}

export async function decideAppeal(
  sql: Sql, id: number, o: { outcome: string; outcomeOn: string; decisionNo: string; note: string | null },
): Promise<void> {
  await sql.query(
    'UPDATE discipline_appeals SET outcome = $2, outcome_on = $3, outcome_decision_no = $4, note = $5 WHERE id = $1',
    [id, o.outcome, o.outcomeOn, o.decisionNo, o.note]);
}

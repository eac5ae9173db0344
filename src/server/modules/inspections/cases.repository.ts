import type { Sql } from '../../db/client.ts';
import type { CaseSummary, InspectionCase, OpenCaseBody, RecordStepBody } from '../../../shared/schemas/inspections.ts';
import type { Subject } from './subjects.ts';

export type CaseRow = CaseSummary & Pick<InspectionCase, 'plan' | 'lead' | 'team' | 'programItemId'> & { unitPath: string };

// Overdue: still open on `today` past its due date.
const CASE_COLUMNS = `c.id, c.unit_id AS "unitId", v.name AS "unitName", c.unit_path AS "unitPath", c.body AS "conductedBy", c.kind, c.title,
  c.decision_no AS "decisionNo", c.opened_on AS "openedOn", c.due_on AS "dueOn", c.status, c.concluded_on AS "concludedOn",
  c.conclusion_no AS "conclusionNo", (c.status = 'open' AND c.due_on < $1::date) AS overdue,
  (SELECT count(*)::int FROM inspection_subjects s WHERE s.case_id = c.id) AS subjects,
  c.plan, c.lead, c.team, c.program_item_id AS "programItemId"`;
const CASE_FROM = `FROM inspection_cases c
  JOIN LATERAL (SELECT name FROM unit_versions WHERE unit_id = c.unit_id ORDER BY valid_from DESC LIMIT 1) v ON true`;

export async function findCase(sql: Sql, id: number, today: string, lock = false): Promise<CaseRow | null> {
  if (lock) await sql.query('SELECT 1 FROM inspection_cases WHERE id = $1 FOR UPDATE', [id]);
  const { rows } = await sql.query<CaseRow>(`SELECT ${CASE_COLUMNS} ${CASE_FROM} WHERE c.id = $2`, [today, id]);
  return rows[0] ?? null;
}

/** Cases conducted at a unit and below, newest first, filtered by opening date, state and kind. */
export async function listCases(
  sql: Sql,
  o: { path: string; pathEnd: string; today: string; from?: string | undefined; to?: string | undefined; state?: string | undefined;
    kind?: string | undefined; limit: number; scope: (column: string, params: unknown[]) => string },
): Promise<CaseRow[]> {
  const params: unknown[] = [o.today];
  const scope = o.scope('c.unit_path', params);
  const at = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const [lo, hi, from, to, state, kind, limit] = [o.path, o.pathEnd, o.from ?? null, o.to ?? null, o.state ?? null, o.kind ?? null, o.limit].map(at);
  const { rows } = await sql.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} ${CASE_FROM}
     WHERE c.unit_path >= ${lo} AND c.unit_path < ${hi} AND ${scope}
       AND (${from}::date IS NULL OR c.opened_on >= ${from}::date) AND (${to}::date IS NULL OR c.opened_on <= ${to}::date)
       AND (${kind}::text IS NULL OR c.kind = ${kind}::text)
       AND (${state}::text IS NULL OR (${state}::text = 'overdue' AND c.status = 'open' AND c.due_on < $1::date) OR c.status = ${state}::text)
     ORDER BY c.opened_on DESC, c.id DESC LIMIT ${limit}`,
    params);
  return rows;
}

export async function insertCase(
  sql: Sql, c: Omit<OpenCaseBody, 'subjects'> & { unitId: number; unitPath: string; createdBy: number | null },
): Promise<number> {
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO inspection_cases (unit_id, unit_path, body, kind, program_item_id, title, decision_no, opened_on, plan, lead, team, due_on, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [c.unitId, c.unitPath, c.conductedBy, c.kind, c.programItemId ?? null, c.title, c.decisionNo, c.openedOn, c.plan ?? null, c.lead,
      c.team, c.dueOn, c.createdBy]);
  return (rows[0] as { id: number }).id;
}

/** Adds a subject once, from `addedOn`; null when the case already covers it. */
export async function insertSubject(sql: Sql, caseId: number, s: Subject, addedOn: string): Promise<number | null> {
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO inspection_subjects (case_id, subject_type, unit_id, member_id, subject_path, subject_name, added_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
    [caseId, s.type, s.unitId, s.memberId, s.path, s.name, addedOn]);
  return rows[0]?.id ?? null;
}

/** Whether the case covers this unit or member. */
export async function coversSubject(sql: Sql, caseId: number, s: Subject): Promise<boolean> {
  const { rows } = await sql.query(
    'SELECT 1 FROM inspection_subjects WHERE case_id = $1 AND (unit_id = $2 OR member_id = $3)', [caseId, s.unitId, s.memberId]);
  return rows.length > 0;
}

export async function subjectsOf(sql: Sql, caseId: number): Promise<InspectionCase['subjectList']> {
  const { rows } = await sql.query<InspectionCase['subjectList'][number]>(
    `SELECT s.id, s.subject_type AS type, s.unit_id AS "unitId", s.member_id AS "memberId", s.subject_name AS name, s.recommendations,
            (SELECT count(*)::int FROM inspection_findings f WHERE f.subject_id = s.id) AS violations
     FROM inspection_subjects s WHERE s.case_id = $1 ORDER BY s.id`, [caseId]);
  return rows;
}

export async function findSubject(sql: Sql, caseId: number, subjectId: number) {
  const { rows } = await sql.query<{ id: number; path: string }>(
    'SELECT id, subject_path AS path FROM inspection_subjects WHERE case_id = $1 AND id = $2', [caseId, subjectId]);
  return rows[0] ?? null;
}

export async function setRecommendations(sql: Sql, subjectId: number, text: string): Promise<void> {
  await sql.query('UPDATE inspection_subjects SET recommendations = $2 WHERE id = $1', [subjectId, text]);
}

export async function stepsOf(sql: Sql, caseId: number): Promise<InspectionCase['steps']> {
  const { rows } = await sql.query<InspectionCase['steps'][number]>(
    `SELECT id, kind, done_on AS "doneOn", document_no AS "documentNo", note FROM inspection_steps WHERE case_id = $1 ORDER BY done_on, id`,
    [caseId]);
  return rows;
}

export async function insertStep(sql: Sql, caseId: number, s: RecordStepBody, recordedBy: number | null): Promise<number> {
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO inspection_steps (case_id, kind, done_on, document_no, note, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [caseId, s.kind, s.doneOn, s.documentNo ?? null, s.note ?? null, recordedBy]);
  return (rows[0] as { id: number }).id;
}

export async function concludeCase(sql: Sql, caseId: number, on: string, conclusionNo: string): Promise<void> {
  await sql.query(`UPDATE inspection_cases SET status = 'concluded', concluded_on = $2, conclusion_no = $3 WHERE id = $1`, [caseId, on, conclusionNo]);
}

export async function findingsOf(sql: Sql, caseId: number): Promise<InspectionCase['findings']> {
  const { rows } = await sql.query<InspectionCase['findings'][number]>(
    `SELECT id, subject_id AS "subjectId", category, description, found_on AS "foundOn" FROM inspection_findings WHERE case_id = $1 ORDER BY id`, [caseId]);
  return rows;
}

export async function insertFinding(
  sql: Sql, f: { caseId: number; subjectId: number; category: string; description: string; foundOn: string; recordedBy: number | null },
): Promise<number> {
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO inspection_findings (case_id, subject_id, category, description, found_on, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [f.caseId, f.subjectId, f.category, f.description, f.foundOn, f.recordedBy]);
  return (rows[0] as { id: number }).id;
}

const REMEDY_COLUMNS = `r.id, r.case_id AS "caseId", r.subject_id AS "subjectId", r.description, r.owner, r.deadline,
  r.completed_on AS "completedOn", r.evidence, (r.completed_on IS NULL AND r.deadline < $1::date) AS overdue`;

export async function remediesOf(sql: Sql, caseId: number, today: string): Promise<InspectionCase['remedies']> {
  const { rows } = await sql.query<InspectionCase['remedies'][number]>(
    `SELECT ${REMEDY_COLUMNS} FROM inspection_remedies r WHERE r.case_id = $2 ORDER BY r.deadline, r.id`, [today, caseId]);
  return rows;
}

export async function findRemedy(sql: Sql, id: number, today: string, lock = false) {
  const { rows } = await sql.query<InspectionCase['remedies'][number]>(
    `SELECT ${REMEDY_COLUMNS} FROM inspection_remedies r WHERE r.id = $2${lock ? ' FOR UPDATE' : ''}`, [today, id]);
  return rows[0] ?? null;
}

export async function insertRemedy(
  sql: Sql, r: { caseId: number; subjectId: number; description: string; owner: string; deadline: string; recordedBy: number | null },
): Promise<number> {
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO inspection_remedies (case_id, subject_id, description, owner, deadline, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [r.caseId, r.subjectId, r.description, r.owner, r.deadline, r.recordedBy]);
  return (rows[0] as { id: number }).id;
}

export async function completeRemedy(sql: Sql, id: number, completedOn: string, evidence: string): Promise<void> {
  await sql.query('UPDATE inspection_remedies SET completed_on = $2, evidence = $3 WHERE id = $1', [id, completedOn, evidence]);
}

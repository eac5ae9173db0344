import type { Sql } from '../../db/client.ts';
import type { CreateProgramBody, InspectionProgram } from '../../../shared/schemas/inspections.ts';
import type { Subject } from './subjects.ts';

type ProgramRow = Omit<InspectionProgram, 'items'> & { unitPath: string };

// Progress counts the items: a case opened for it, concluded, or the planned period over without a conclusion.
const PROGRAM_SELECT = `
  SELECT p.id, p.unit_id AS "unitId", v.name AS "unitName", p.unit_path AS "unitPath", p.body AS "conductedBy", p.year, p.title,
         p.approval_no AS "approvalNo", p.approved_on AS "approvedOn",
         json_build_object(
           'planned', count(i.id)::int,
           'opened', count(c.id)::int,
           'concluded', count(c.id) FILTER (WHERE c.status = 'concluded')::int,
           'overdue', count(i.id) FILTER (WHERE i.planned_to < $1::date AND c.status IS DISTINCT FROM 'concluded')::int
         ) AS progress
  FROM inspection_programs p
  JOIN LATERAL (SELECT name FROM unit_versions WHERE unit_id = p.unit_id ORDER BY valid_from DESC LIMIT 1) v ON true
  LEFT JOIN inspection_program_items i ON i.program_id = p.id
  LEFT JOIN inspection_cases c ON c.program_item_id = i.id`;

export async function listPrograms(sql: Sql, o: { unitId: number; year: number | undefined; today: string }): Promise<ProgramRow[]> {
  const { rows } = await sql.query<ProgramRow>(
    `${PROGRAM_SELECT} WHERE p.unit_id = $2 AND ($3::int IS NULL OR p.year = $3)
     GROUP BY p.id, v.name ORDER BY p.year DESC, p.body`, [o.today, o.unitId, o.year ?? null]);
  return rows;
}

export async function findProgram(sql: Sql, id: number, today: string): Promise<ProgramRow | null> {
  const { rows } = await sql.query<ProgramRow>(`${PROGRAM_SELECT} WHERE p.id = $2 GROUP BY p.id, v.name`, [today, id]);
  return rows[0] ?? null;
}

export async function insertProgram(
  sql: Sql, p: CreateProgramBody & { unitId: number; unitPath: string; createdBy: number | null },
): Promise<number | null> {
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO inspection_programs (unit_id, unit_path, body, year, title, approval_no, approved_on, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (unit_id, body, year) DO NOTHING RETURNING id`,
    [p.unitId, p.unitPath, p.conductedBy, p.year, p.title, p.approvalNo ?? null, p.approvedOn ?? null, p.createdBy]);
  return rows[0]?.id ?? null;
}

export async function programItems(sql: Sql, programId: number): Promise<InspectionProgram['items']> {
  const { rows } = await sql.query<NonNullable<InspectionProgram['items']>[number]>(
    `SELECT i.id, i.kind, i.subject_type AS "subjectType", coalesce(i.subject_unit_id, i.subject_member_id) AS "subjectId",
            i.subject_name AS "subjectName", i.planned_from AS "plannedFrom", i.planned_to AS "plannedTo", i.lead, i.team, i.note,
            c.id AS "caseId", c.status AS "caseStatus"
     FROM inspection_program_items i LEFT JOIN inspection_cases c ON c.program_item_id = i.id
     WHERE i.program_id = $1 ORDER BY i.planned_from, i.id`, [programId]);
  return rows;
}

export async function insertProgramItem(
  sql: Sql,
  i: { programId: number; kind: string; subject: Subject; plannedFrom: string; plannedTo: string; lead: string; team: string[]; note: string | null },
): Promise<number> {
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO inspection_program_items (program_id, kind, subject_type, subject_unit_id, subject_member_id, subject_name,
       planned_from, planned_to, lead, team, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [i.programId, i.kind, i.subject.type, i.subject.unitId, i.subject.memberId, i.subject.name, i.plannedFrom, i.plannedTo,
      i.lead, i.team, i.note]);
  return (rows[0] as { id: number }).id;
}

/** A program item with its program's unit, for opening a case that carries it out. */
export async function findProgramItem(sql: Sql, id: number) {
  const { rows } = await sql.query<{ id: number; kind: string; unitId: number; body: string; caseId: number | null }>(
    `SELECT i.id, i.kind, p.unit_id AS "unitId", p.body, c.id AS "caseId"
     FROM inspection_program_items i JOIN inspection_programs p ON p.id = i.program_id
     LEFT JOIN inspection_cases c ON c.program_item_id = i.id WHERE i.id = $1`, [id]);
  return rows[0] ?? null;
}

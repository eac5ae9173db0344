import type { Sql } from '../../db/client.ts';
import { openEnd } from '../../db/rows.ts';
import type { Exemption } from '../../../shared/schemas/exemptions.ts';

const COLUMNS = `e.id, e.member_id AS "memberId", e.reason, e.resolution_no AS "resolutionNo", e.valid_from AS "validFrom",
  e.valid_to AS "validTo", e.unit_id AS "unitId", e.note, e.ended_by_resolution AS "endedByResolution"`;

const shown = <T extends { validTo: string | null }>(row: T): T => ({ ...row, validTo: openEnd(row.validTo as string) });

export async function exemptionsOf(sql: Sql, memberId: number): Promise<Exemption[]> {
  const { rows } = await sql.query<Exemption>(`SELECT ${COLUMNS} FROM member_exemptions e WHERE e.member_id = $1 ORDER BY e.valid_from`, [memberId]);
  return rows.map(shown);
}

export async function insertExemption(
  sql: Sql,
  x: { memberId: number; reason: string; resolutionNo: string; validFrom: string; validTo: string | null; unitId: number; unitPath: string;
    note: string | null; recordedBy: number | null },
): Promise<Exemption> {
  const { rows } = await sql.query<Exemption>(
    `INSERT INTO member_exemptions AS e (member_id, reason, resolution_no, valid_from, valid_to, unit_id, unit_path, note, recorded_by)
     VALUES ($1, $2, $3, $4, coalesce($5::date, 'infinity'), $6, $7, $8, $9) RETURNING ${COLUMNS}`,
    [x.memberId, x.reason, x.resolutionNo, x.validFrom, x.validTo, x.unitId, x.unitPath, x.note, x.recordedBy]);
  return shown(rows[0] as Exemption);
}

export async function endExemption(sql: Sql, id: number, validTo: string, resolutionNo: string | null): Promise<Exemption> {
  const { rows } = await sql.query<Exemption>(
    `UPDATE member_exemptions AS e SET valid_to = $2, ended_by_resolution = $3 WHERE e.id = $1 RETURNING ${COLUMNS}`,
    [id, validTo, resolutionNo]);
  return shown(rows[0] as Exemption);
}

/** Members active on a date in a subtree who are exempt that day. */
export async function listExempt(
  sql: Sql, o: { path: string; pathEnd: string; asOf: string; scope: string; scopeParams: unknown[] },
): Promise<(Exemption & { fullName: string; unitName: string })[]> {
  const params: unknown[] = [...o.scopeParams, o.path, o.pathEnd, o.asOf];
  const n = params.length;
  const [lo, hi, d] = [`$${n - 2}`, `$${n - 1}`, `$${n}`];
  const { rows } = await sql.query<Exemption & { fullName: string; unitName: string }>(
    `SELECT ${COLUMNS}, m.full_name AS "fullName", v.name AS "unitName"
     FROM membership_spans s
     JOIN members m ON m.id = s.member_id
     JOIN member_exemptions e ON e.member_id = s.member_id AND e.valid_from <= ${d}::date AND e.valid_to > ${d}::date
     JOIN unit_versions v ON v.unit_id = s.unit_id AND v.valid_from <= ${d}::date AND v.valid_to > ${d}::date
     WHERE s.valid_from <= ${d}::date AND s.valid_to > ${d}::date AND s.unit_path >= ${lo} AND s.unit_path < ${hi} AND ${o.scope}
     ORDER BY m.sort_key, m.id`, params);
  return rows.map(shown);
}

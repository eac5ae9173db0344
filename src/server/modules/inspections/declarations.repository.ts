import type { Sql } from '../../db/client.ts';
import type { AssetDeclaration } from '../../../shared/schemas/inspections.ts';

export type DeclarationRow = AssetDeclaration & { unitPath: string };

const SELECT = `
  SELECT a.id, a.year, a.member_id AS "memberId", m.full_name AS "fullName", a.post, a.unit_id AS "unitId", v.name AS "unitName",
         a.unit_path AS "unitPath", a.submitted_on AS "submittedOn", a.verified_on AS "verifiedOn", a.verified_by AS "verifiedBy", a.note
  FROM asset_declarations a
  JOIN members m ON m.id = a.member_id
  JOIN LATERAL (SELECT name FROM unit_versions WHERE unit_id = a.unit_id ORDER BY valid_from DESC LIMIT 1) v ON true`;

export async function findDeclaration(sql: Sql, id: number, lock = false): Promise<DeclarationRow | null> {
  if (lock) await sql.query('SELECT 1 FROM asset_declarations WHERE id = $1 FOR UPDATE', [id]);
  const { rows } = await sql.query<DeclarationRow>(`${SELECT} WHERE a.id = $1`, [id]);
  return rows[0] ?? null;
}

/** Who must declare for a year at a unit and below (or only those who have not submitted), by unit and name. */
export async function listDeclarations(
  sql: Sql, o: { path: string; pathEnd: string; year: number; missing: boolean; scope: string; scopeParams: unknown[] },
): Promise<{ items: DeclarationRow[]; counts: { required: number; submitted: number; verified: number; missing: number } }> {
  const params: unknown[] = [...o.scopeParams, o.path, o.pathEnd, o.year];
  const n = params.length;
  const where = `a.unit_path >= $${n - 2} AND a.unit_path < $${n - 1} AND a.year = $${n} AND ${o.scope}`;
  const { rows } = await sql.query<DeclarationRow>(
    `${SELECT} WHERE ${where}${o.missing ? ' AND a.submitted_on IS NULL' : ''} ORDER BY v.name, m.sort_key, a.id`, params);
  const { rows: counts } = await sql.query<{ required: number; submitted: number; verified: number; missing: number }>(
    `SELECT count(*)::int AS required, count(a.submitted_on)::int AS submitted, count(a.verified_on)::int AS verified,
            (count(*) - count(a.submitted_on))::int AS missing
     FROM asset_declarations a WHERE ${where}`, params);
  return { items: rows, counts: counts[0] as { required: number; submitted: number; verified: number; missing: number } };
}

export async function insertDeclaration(
  sql: Sql, d: { year: number; memberId: number; post: string; unitId: number; unitPath: string; recordedBy: number | null },
): Promise<number | null> {
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO asset_declarations (year, member_id, post, unit_id, unit_path, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (year, member_id) DO NOTHING RETURNING id`,
    [d.year, d.memberId, d.post, d.unitId, d.unitPath, d.recordedBy]);
  return rows[0]?.id ?? null;
}

export async function updateDeclaration(
  sql: Sql, id: number, d: { submittedOn: string | null; verifiedOn: string | null; verifiedBy: string | null; note: string | null },
): Promise<void> {
  await sql.query('UPDATE asset_declarations SET submitted_on = $2, verified_on = $3, verified_by = $4, note = $5 WHERE id = $1',
    [id, d.submittedOn, d.verifiedOn, d.verifiedBy, d.note]);
}

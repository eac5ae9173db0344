import type { Sql } from '../../db/client.ts';
import type { Attachment } from '../../../shared/schemas/inspections.ts';

export type OwnerType = 'inspection_case' | 'discipline_decision';
export type AttachmentRow = Attachment & { ownerType: OwnerType; ownerId: number; unitPath: string; store: 'local' | 's3'; storageKey: string; sha256: string };

const COLUMNS = `id, owner_type AS "ownerType", owner_id AS "ownerId", unit_path AS "unitPath", file_name AS "fileName",
  content_type AS "contentType", byte_size::int AS "byteSize", sha256, store, storage_key AS "storageKey", note,
  to_char(uploaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "uploadedAt"`;

export async function attachmentsOf(sql: Sql, ownerType: OwnerType, ownerId: number): Promise<Attachment[]> {
  const { rows } = await sql.query<AttachmentRow>(
    `SELECT ${COLUMNS} FROM attachments WHERE owner_type = $1 AND owner_id = $2 ORDER BY id`, [ownerType, ownerId]);
  return rows.map(({ id, fileName, contentType, byteSize, note, uploadedAt }) => ({ id, fileName, contentType, byteSize, note, uploadedAt }));
}

/** The files of several owners of one type at once, for a list. */
export async function attachmentsOfMany(sql: Sql, ownerType: OwnerType, ownerIds: number[]): Promise<(Attachment & { ownerId: number })[]> {
  const { rows } = await sql.query<AttachmentRow>(
    `SELECT ${COLUMNS} FROM attachments WHERE owner_type = $1 AND owner_id = ANY($2::bigint[]) ORDER BY id`, [ownerType, ownerIds]);
  return rows.map(({ id, ownerId, fileName, contentType, byteSize, note, uploadedAt }) => ({ id, ownerId: Number(ownerId), fileName, contentType, byteSize, note, uploadedAt }));
}

export async function findAttachment(sql: Sql, id: number): Promise<AttachmentRow | null> {
  const { rows } = await sql.query<AttachmentRow>(`SELECT ${COLUMNS} FROM attachments WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function insertAttachment(
  sql: Sql,
  a: { ownerType: OwnerType; ownerId: number; unitPath: string; fileName: string; contentType: string; byteSize: number; sha256: string;
    store: 'local' | 's3'; storageKey: string; note: string | null; uploadedBy: number | null },
): Promise<number> {
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO attachments (owner_type, owner_id, unit_path, file_name, content_type, byte_size, sha256, store, storage_key, note, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [a.ownerType, a.ownerId, a.unitPath, a.fileName, a.contentType, a.byteSize, a.sha256, a.store, a.storageKey, a.note, a.uploadedBy]);
  return (rows[0] as { id: number }).id;
}

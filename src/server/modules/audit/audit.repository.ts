import type { Sql } from '../../db/client.ts';
import type { AuditContent } from './audit-hash.ts';

/** Serializes appends so that every row links to exactly one predecessor. */
const CHAIN_LOCK = 7_240_113;

export async function lockChain(sql: Sql): Promise<{ lastId: number; lastHash: string } | null> {
  await sql.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
  const { rows } = await sql.query<{ lastId: number; lastHash: string }>(
    'SELECT last_id AS "lastId", last_hash AS "lastHash" FROM audit_head');
  return rows[0] ?? null;
}

export async function insertAuditRow(sql: Sql, c: AuditContent, prevHash: string, hash: string): Promise<number> {
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO audit_log (at, actor_id, actor_label, ip, request_id, action, target_type, target_id, unit_path, details, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [c.at, c.actorId, c.actorLabel, c.ip, c.requestId, c.action, c.targetType, c.targetId, c.unitPath,
      JSON.stringify(c.details ?? {}), prevHash, hash]);
  return (rows[0] as { id: number }).id;
}

export async function setHead(sql: Sql, lastId: number, lastHash: string): Promise<void> {
  await sql.query(
    `INSERT INTO audit_head (singleton, last_id, last_hash) VALUES (true, $1, $2)
     ON CONFLICT (singleton) DO UPDATE SET last_id = $1, last_hash = $2`, [lastId, lastHash]);
}

export type StoredAuditRow = AuditContent & { id: number; prevHash: string; hash: string };

/** Rows after `afterId` in id order, a batch at a time, for verification. */
export async function auditRowsAfter(sql: Sql, afterId: number, limit: number): Promise<StoredAuditRow[]> {
  const { rows } = await sql.query<Omit<StoredAuditRow, 'at'> & { at: Date }>(
    `SELECT id, at, actor_id AS "actorId", actor_label AS "actorLabel", ip, request_id AS "requestId", action,
            target_type AS "targetType", target_id AS "targetId", unit_path AS "unitPath", details,
            prev_hash AS "prevHash", hash
     FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2`, [afterId, limit]);
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

export async function readHead(sql: Sql) {
  const { rows } = await sql.query<{ lastId: number; lastHash: string }>(
    'SELECT last_id AS "lastId", last_hash AS "lastHash" FROM audit_head');
  return rows[0] ?? null;
}

export type AuditFilter = {
  scope: string;
  scopeParams: unknown[];
  includeUnplaced: boolean;
  targetType?: string | undefined;
  targetId?: string | undefined;
  actions?: string[] | undefined;
  beforeId: number | null;
  limit: number;
};

/** Newest first; rows about no unit (sign-ins, tokens) only for callers who reach a whole tree. */
export async function listAuditRows(sql: Sql, f: AuditFilter) {
  const params = [...f.scopeParams];
  const where = [f.includeUnplaced ? `(${f.scope} OR unit_path IS NULL)` : f.scope];
  if (f.targetType) { params.push(f.targetType); where.push(`target_type = $${params.length}`); }
  if (f.targetId) { params.push(f.targetId); where.push(`target_id = $${params.length}`); }
  if (f.actions?.length) { params.push(f.actions); where.push(`action = ANY($${params.length}::text[])`); }
  if (f.beforeId) { params.push(f.beforeId); where.push(`id < $${params.length}`); }
  params.push(f.limit);
  const { rows } = await sql.query<{
    id: number; at: Date; actorId: number | null; actorLabel: string; ip: string | null; requestId: string | null; action: string;
    targetType: string; targetId: string | null; unitPath: string | null; details: Record<string, unknown>;
  }>(
    `SELECT id, at, actor_id AS "actorId", actor_label AS "actorLabel", ip, request_id AS "requestId", action,
            target_type AS "targetType", target_id AS "targetId", unit_path AS "unitPath", details
     FROM audit_log WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${params.length}`, params);
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

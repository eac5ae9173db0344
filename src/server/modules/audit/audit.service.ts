import type { Database, Sql } from '../../db/client.ts';
import { inScopeOf, scopeCondition } from '../../db/paths.ts';
import { SENSITIVE_MEMBER_FIELDS } from '../../../shared/permissions.ts';
import type { Actor } from '../access/actor.ts';
import { auditHash, GENESIS_HASH, type AuditContent } from './audit-hash.ts';
import * as repo from './audit.repository.ts';

export type AuditEntry = Omit<AuditContent, 'at'>;

/**
 * Appends one row to the audit trail inside the caller's transaction, so the record of a
 * change commits or rolls back with the change itself.
 */
export async function appendAudit(sql: Sql, entry: AuditEntry): Promise<number> {
  const head = await repo.lockChain(sql);
  const prevHash = head?.lastHash ?? GENESIS_HASH;
  // Millisecond precision: the value hashed is exactly the value stored and read back.
  const content: AuditContent = { ...entry, at: new Date().toISOString(), details: entry.details ?? {} };
  const hash = auditHash(prevHash, content);
  const id = await repo.insertAuditRow(sql, content, prevHash, hash);
  await repo.setHead(sql, id, hash);
  return id;
}

/** Appends what an actor did; who and from where come from the actor. */
export async function recordAudit(
  sql: Sql, actor: Actor,
  e: { action: string; targetType: string; targetId: string | null; unitPath: string | null; details?: unknown },
): Promise<number> {
  return appendAudit(sql, {
    actorId: actor.userId, actorLabel: actor.label, ip: actor.request?.ip ?? null, requestId: actor.request?.requestId ?? null,
    action: e.action, targetType: e.targetType, targetId: e.targetId, unitPath: e.unitPath, details: e.details ?? {},
  });
}

export type ChainReport =
  | { ok: true; rows: number; lastId: number | null }
  | { ok: false; rows: number; problem: 'changed' | 'removed' | 'head_mismatch'; id: number; afterId: number | null };

/**
 * Walks the whole chain: a row whose content no longer gives its hash was changed; a row whose
 * predecessor link does not match the row before it follows a removed row; a head that does
 * not match the last row means the newest rows were removed.
 */
export async function verifyAuditChain({ db, batch = 5_000 }: { db: Database; batch?: number }): Promise<ChainReport> {
  let prev = GENESIS_HASH;
  let lastId: number | null = null;
  let rows = 0;
  for (;;) {
    const chunk = await repo.auditRowsAfter(db.pool, lastId ?? 0, batch);
    for (const row of chunk) {
      const { id, prevHash, hash, ...content } = row;
      if (prevHash !== prev) return { ok: false, rows, problem: 'removed', id, afterId: lastId };
      if (auditHash(prevHash, content) !== hash) return { ok: false, rows, problem: 'changed', id, afterId: lastId };
      prev = hash;
      lastId = id;
      rows += 1;
    }
    if (chunk.length < batch) break;
  }
  const head = await repo.readHead(db.pool);
  if ((head?.lastId ?? null) !== lastId || (head && head.lastHash !== prev)) {
    return { ok: false, rows, problem: 'head_mismatch', id: head?.lastId ?? 0, afterId: lastId };
  }
  return { ok: true, rows, lastId };
}

const SENSITIVE = new Set<string>(SENSITIVE_MEMBER_FIELDS);

/** Audit details as a caller without members.read_sensitive may see them: those values hidden. */
function withoutSensitive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSensitive);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SENSITIVE.has(k) && v !== null ? '***' : withoutSensitive(v)]));
}

/**
 * The trail within the actor's reach, newest first. Rows about no unit (sign-ins, tokens) are
 * shown only to those who reach a whole tree.
 */
export async function listAudit(
  { db, actor, targetType, targetId, action, before, limit }:
  {
    db: Database; actor: Actor; targetType?: string | undefined; targetId?: string | undefined; action?: string[] | undefined;
    before?: number | undefined; limit: number;
  },
) {
  const scopeParams: unknown[] = [];
  const scope = scopeCondition('unit_path', actor, scopeParams);
  // Rows about no unit (sign-ins, tokens, unit types) belong to the whole installation.
  const includeUnplaced = actor.scopePaths === null;
  const rows = await repo.listAuditRows(db.pool, {
    scope, scopeParams, includeUnplaced, targetType, targetId, actions: action, beforeId: before ?? null, limit: limit + 1,
  });
  const items = rows.slice(0, limit).map((r) =>
    (inScopeOf(actor.sensitiveScope, r.unitPath ?? '') ? r : { ...r, details: withoutSensitive(r.details) as Record<string, unknown> }));
  return { items: items.map(({ unitPath: _u, ...r }) => r), nextBefore: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

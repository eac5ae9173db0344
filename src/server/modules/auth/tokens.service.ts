import type { Database } from '../../db/client.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import { permissionsOf, type Principal } from '../access/principal.ts';
import { appendAudit } from '../audit/audit.service.ts';
import * as repo from './auth.repository.ts';
import { randomSecret, sha256 } from './secrets.ts';

/**
 * API tokens for other systems. A token carries a subset of its creator's permissions and
 * reaches no further than the creator's grants; it is shown once and stored as a hash.
 */

type Meta = { ip: string | null; requestId: string | null };

const toToken = (t: repo.ApiTokenRow) => ({
  id: t.id, name: t.name, permissions: t.permissions, createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null,
});

export async function createApiToken(
  { db, principal, name, permissions, expiresInDays, meta }:
  { db: Database; principal: Principal; name: string; permissions: string[]; expiresInDays: number; meta: Meta },
) {
  if (principal.kind !== 'session') throw new AppError(403, 'token_from_token');
  // A session limited to setting up a second factor or changing a temporary password must not
  // mint a token: the token would carry the permissions the limit withholds.
  if (principal.sessionStage === 'totp_setup') throw new AppError(403, 'auth_totp_setup_required');
  if (principal.mustChangePassword) throw new AppError(403, 'auth_password_change_required');
  const held = permissionsOf(principal);
  const beyond = permissions.filter((p) => !held.has(p));
  if (beyond.length > 0) throw new AppError(403, 'token_permissions_exceed', { permissions: beyond });
  const token = randomSecret('pwt_');
  const row = await db.transaction(async (sql) => {
    const created = await repo.insertApiToken(sql, {
      userId: principal.userId, name, tokenHash: sha256(token), permissions: [...new Set(permissions)],
      expiresAt: new Date(Date.now() + expiresInDays * 86_400_000),
    });
    await appendAudit(sql, {
      actorId: principal.userId, actorLabel: principal.username, ip: meta.ip, requestId: meta.requestId,
      action: 'token.create', targetType: 'api_token', targetId: String(created.id), unitPath: null,
      details: { name, permissions: created.permissions, expiresAt: created.expiresAt.toISOString() },
    });
    return created;
  });
  return { ...toToken(row), token };
}

export async function listApiTokens({ db, principal }: { db: Database; principal: Principal }) {
  return (await repo.listApiTokens(db.pool, principal.userId)).map(toToken);
}

export async function revokeApiToken({ db, principal, id, meta }: { db: Database; principal: Principal; id: number; meta: Meta }) {
  const row = await repo.findApiToken(db.pool, id);
  if (!row || row.userId !== principal.userId) throw notFound('api_token');
  await db.transaction(async (sql) => {
    await repo.revokeApiToken(sql, id);
    await appendAudit(sql, {
      actorId: principal.userId, actorLabel: principal.username, ip: meta.ip, requestId: meta.requestId,
      action: 'token.revoke', targetType: 'api_token', targetId: String(id), unitPath: null, details: {},
    });
  });
}

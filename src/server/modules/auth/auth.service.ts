import type { Database, Sql } from '../../db/client.ts';
import type { AuthSettings } from '../../config.ts';
import { AppError } from '../../http/app-error.ts';
import { appendAudit } from '../audit/audit.service.ts';
import * as repo from './auth.repository.ts';
import { verifyPassword } from './passwords.ts';
import { randomSecret, sha256 } from './secrets.ts';
import { verifyTotp } from './totp.ts';

/**
 * Sign-in with a password (and a second factor where set up or required), server-side
 * sessions, and the brute-force lock. Unknown user and wrong password give the same answer.
 */

export type { AuthSettings };

export const DEFAULT_AUTH_SETTINGS: AuthSettings = { sessionHours: 12, idleMinutes: 30, maxFailedAttempts: 5, lockMinutes: 15 };

export type RequestMeta = { ip: string | null; userAgent: string | null; requestId: string | null };

const invalidCredentials = () => new AppError(401, 'auth_invalid_credentials');

export async function signIn(
  { db, username, password, totpCode, meta, settings = DEFAULT_AUTH_SETTINGS }:
  { db: Database; username: string; password: string; totpCode?: string | undefined; meta: RequestMeta; settings?: AuthSettings },
) {
  // The lock and the failure counter are updated in their own transaction, committed even when
  // the sign-in itself is refused.
  const outcome = await db.transaction(async (sql) => {
    const user = await repo.findUserByUsername(sql, username.trim().toLowerCase(), true);
    if (!user || user.disabledAt) {
      await verifyPassword(null, password);
      return { error: invalidCredentials() };
    }
    if (user.lockedUntil && user.lockedUntil > new Date()) {
      return { error: new AppError(429, 'auth_locked', { minutes: Math.ceil((user.lockedUntil.getTime() - Date.now()) / 60_000) }) };
    }
    if (!(await verifyPassword(user.passwordHash, password))) {
      const lockedUntil = await repo.recordFailedSignIn(sql, user.id, settings.maxFailedAttempts, settings.lockMinutes);
      await appendAudit(sql, {
        actorId: user.id, actorLabel: user.username, ip: meta.ip, requestId: meta.requestId, action: 'auth.sign_in_failed',
        targetType: 'user', targetId: String(user.id), unitPath: null, details: { locked: Boolean(lockedUntil) },
      });
      return { error: lockedUntil ? new AppError(429, 'auth_locked', { minutes: settings.lockMinutes }) : invalidCredentials() };
    }
    const grants = await repo.activeGrants(sql, user.id);
    const totpRequired = grants.some((g) => g.requiresTotp);
    if (user.totpEnabled) {
      if (!totpCode) return { error: new AppError(401, 'auth_totp_required') };
      if (!verifyTotp(user.totpSecret ?? '', totpCode)) {
        await repo.recordFailedSignIn(sql, user.id, settings.maxFailedAttempts, settings.lockMinutes);
        return { error: new AppError(401, 'auth_totp_invalid') };
      }
    }
    await repo.clearFailedSignIns(sql, user.id);
    const session = await openSession(sql, { user, totpRequired, meta, settings, method: 'password' });
    return { ...session, user };
  });
  if ('error' in outcome) throw outcome.error;
  return outcome;
}

/**
 * Opens a session for a user whose identity was just proven (password, or an identity
 * provider). A user whose role requires a second factor not yet set up gets a session limited
 * to setting it up.
 */
export async function openSession(
  sql: Sql,
  { user, totpRequired, meta, settings, method }:
  { user: repo.UserRow; totpRequired: boolean; meta: RequestMeta; settings: AuthSettings; method: 'password' | 'oidc' },
) {
  const token = randomSecret();
  const csrfToken = randomSecret();
  const stage = totpRequired && !user.totpEnabled ? ('totp_setup' as const) : ('full' as const);
  await repo.insertSession(sql, {
    id: sha256(token), userId: user.id, csrfToken, stage, ip: meta.ip, userAgent: meta.userAgent,
    expiresAt: new Date(Date.now() + settings.sessionHours * 3600_000),
  });
  await appendAudit(sql, {
    actorId: user.id, actorLabel: user.username, ip: meta.ip, requestId: meta.requestId, action: 'auth.sign_in',
    targetType: 'user', targetId: String(user.id), unitPath: null, details: { stage, method },
  });
  return { token, csrfToken, stage };
}

export type ResolvedSession = { session: repo.SessionRow; user: repo.UserRow };

/** The live session behind a cookie value, or null when absent, expired, idle too long or revoked. */
export async function resolveSession(
  { db, token, settings = DEFAULT_AUTH_SETTINGS }: { db: Database; token: string; settings?: AuthSettings },
): Promise<ResolvedSession | null> {
  const found = await repo.findSession(db.pool, sha256(token));
  const now = Date.now();
  if (!found) return null;
  const { session, user } = found;
  if (session.revokedAt || session.expiresAt.getTime() <= now) return null;
  if (session.lastSeenAt.getTime() + settings.idleMinutes * 60_000 <= now) return null;
  if (!user || user.disabledAt) return null;
  // Touch at most once a minute: enough for the idle timeout, without a write per request.
  if (now - session.lastSeenAt.getTime() > 60_000) await repo.touchSession(db.pool, session.id);
  return { session, user };
}

export async function signOut({ db, sessionId, meta }: { db: Database; sessionId: string; meta: RequestMeta & { userId: number; username: string } }) {
  await db.transaction(async (sql) => {
    await repo.revokeSession(sql, sessionId);
    await appendAudit(sql, {
      actorId: meta.userId, actorLabel: meta.username, ip: meta.ip, requestId: meta.requestId, action: 'auth.sign_out',
      targetType: 'user', targetId: String(meta.userId), unitPath: null, details: {},
    });
  });
}

export async function signOutEverywhere({ db, meta }: { db: Database; meta: RequestMeta & { userId: number; username: string } }) {
  return db.transaction(async (sql) => {
    const count = await repo.revokeUserSessions(sql, meta.userId);
    await appendAudit(sql, {
      actorId: meta.userId, actorLabel: meta.username, ip: meta.ip, requestId: meta.requestId, action: 'auth.sign_out_all',
      targetType: 'user', targetId: String(meta.userId), unitPath: null, details: { sessions: count },
    });
    return count;
  });
}

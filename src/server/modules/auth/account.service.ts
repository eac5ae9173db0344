import type { Database } from '../../db/client.ts';
import { AppError } from '../../http/app-error.ts';
import type { Locale } from '../../../shared/reference.ts';
import { permissionsOf, type Principal } from '../access/principal.ts';
import { appendAudit } from '../audit/audit.service.ts';
import * as repo from './auth.repository.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { newTotpSecret, totpUri, verifyTotp } from './totp.ts';

/** The signed-in caller's own account: who they are, what they may do, second factor, language. */

type Meta = { ip: string | null; requestId: string | null };

const audit = (db: Database, p: Principal, meta: Meta, action: string, details: object = {}) =>
  db.transaction((sql) => appendAudit(sql, {
    actorId: p.userId, actorLabel: p.username, ip: meta.ip, requestId: meta.requestId, action,
    targetType: 'user', targetId: String(p.userId), unitPath: null, details,
  }));

export async function describeMe({ db, principal }: { db: Database; principal: Principal }) {
  const user = await repo.findUserById(db.pool, principal.userId);
  return {
    id: principal.userId,
    username: principal.username,
    displayName: principal.displayName,
    locale: principal.locale,
    memberId: principal.memberId,
    totpEnabled: user?.totpEnabled ?? false,
    mustChangePassword: user?.mustChangePassword ?? false,
    stage: principal.sessionStage,
    csrfToken: principal.csrfToken,
    permissions: [...permissionsOf(principal)].sort(),
    grants: principal.grants.map((g) => ({
      id: g.grantId, roleCode: g.roleCode, unitId: g.unitId, subtree: g.subtree,
      permissions: g.permissions.filter((p) => principal.tokenPermissions === null || principal.tokenPermissions.includes(p)),
    })),
  };
}

/** Starts (or restarts) second-factor enrolment: a new secret, not in force until confirmed. */
export async function startTotpSetup({ db, principal, meta }: { db: Database; principal: Principal; meta: Meta }) {
  const user = await repo.findUserById(db.pool, principal.userId);
  if (user?.totpEnabled) throw new AppError(409, 'totp_already_enabled');
  const secret = newTotpSecret();
  await repo.setTotp(db.pool, principal.userId, secret, false);
  await audit(db, principal, meta, 'auth.totp_setup_started');
  return { secret, uri: totpUri(secret, principal.username) };
}

/** Confirms enrolment with a code from the authenticator; a session waiting for it becomes full. */
export async function enableTotp({ db, principal, code, meta }: { db: Database; principal: Principal; code: string; meta: Meta }) {
  const user = await repo.findUserById(db.pool, principal.userId);
  if (!user?.totpSecret) throw new AppError(409, 'totp_not_started');
  if (user.totpEnabled) throw new AppError(409, 'totp_already_enabled');
  if (!verifyTotp(user.totpSecret, code)) throw new AppError(400, 'validation_failed', {}, [{ path: 'code', rule: 'totp_code_wrong' }]);
  await db.transaction(async (sql) => {
    await repo.setTotp(sql, principal.userId, user.totpSecret, true);
    if (principal.sessionId) await repo.setSessionStage(sql, principal.sessionId, 'full');
  });
  await audit(db, principal, meta, 'auth.totp_enabled');
}

export async function setLocale({ db, principal, locale }: { db: Database; principal: Principal; locale: Locale }) {
  await db.pool.query('UPDATE users SET locale = $2 WHERE id = $1', [principal.userId, locale]);
}

/** Replaces the caller's password after checking the current one; other sessions end. */
export async function changePassword(
  { db, principal, currentPassword, newPassword, meta }:
  { db: Database; principal: Principal; currentPassword: string; newPassword: string; meta: Meta },
) {
  const user = await repo.findUserById(db.pool, principal.userId);
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new AppError(400, 'validation_failed', {}, [{ path: 'currentPassword', rule: 'password_wrong' }]);
  }
  if (currentPassword === newPassword) {
    throw new AppError(400, 'validation_failed', {}, [{ path: 'newPassword', rule: 'password_unchanged' }]);
  }
  const hash = await hashPassword(newPassword);
  await db.transaction(async (sql) => {
    await sql.query(
      `UPDATE users SET password_hash = $2, must_change_password = false, version = version + 1 WHERE id = $1`, [principal.userId, hash]);
    await sql.query(
      `UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND id <> $2`, [principal.userId, principal.sessionId ?? '']);
    await appendAudit(sql, {
      actorId: principal.userId, actorLabel: principal.username, ip: meta.ip, requestId: meta.requestId,
      action: 'auth.password_changed', targetType: 'user', targetId: String(principal.userId), unitPath: null, details: {},
    });
  });
}

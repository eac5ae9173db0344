import type { Database, Sql } from '../../db/client.ts';
import { inScope, inScopeOf } from '../../db/paths.ts';
import { AppError, conflict, invalidFields, notFound } from '../../http/app-error.ts';
import type { Permission } from '../../../shared/permissions.ts';
import type { Actor } from '../access/actor.ts';
import { scopeFor, type Principal } from '../access/principal.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { activeGrants } from '../auth/auth.repository.ts';
import { hashPassword } from '../auth/passwords.ts';
import * as members from '../members/members.repository.ts';
import * as units from '../units/units.repository.ts';
import * as repo from './users.repository.ts';

/**
 * Accounts and grants, administered within the administrator's own reach. Nobody grants a role
 * carrying a permission they do not hold themselves over the unit (and, for a grant reaching
 * below, over everything below it).
 */

type Caller = { db: Database; actor: Actor; principal: Principal | null };

/** Whether the caller holds every permission of the role over the unit with the grant's reach. */
function mayGrant(principal: Principal | null, permissions: readonly string[], path: string, subtree: boolean): boolean {
  if (!principal) return true; // the system itself (command line)
  return permissions.every((perm) => {
    const scope = scopeFor(principal, perm as Permission);
    return scope === null || scope.some((e) => (e.subtree ? path.startsWith(e.path) : !subtree && e.path === path));
  });
}

/**
 * Whether the caller holds everything the user holds: setting someone's password gives their
 * account to whoever knows it, so only over users whose every grant the caller could give.
 */
async function mayActAs(sql: Sql, principal: Principal | null, userId: number): Promise<string | null> {
  if (!principal) return null;
  for (const g of await activeGrants(sql, userId)) {
    const allowed = g.path === null
      ? g.permissions.every((perm) => scopeFor(principal, perm as Permission) === null)
      : mayGrant(principal, g.permissions, g.path, g.subtree);
    if (!allowed) return g.roleCode;
  }
  return null;
}

async function checkGrant(sql: Sql, c: Caller, g: { roleCode: string; unitId: number; includeSubtree: boolean }) {
  const role = await repo.findRole(sql, g.roleCode);
  if (!role) throw invalidFields({ path: 'grant.roleCode', rule: 'not_found_ref' });
  const unit = await units.findUnitLatest(sql, g.unitId);
  if (!unit || !inScope(c.actor, unit.path)) throw invalidFields({ path: 'grant.unitId', rule: 'not_found_ref' });
  if (unit.validTo !== null) throw conflict('unit_not_open', { unit: `${unit.name} (${unit.code})`, date: unit.validTo });
  if (!mayGrant(c.principal, role.permissions, unit.path, g.includeSubtree)) throw new AppError(403, 'grant_above_own', { role: g.roleCode });
  return unit;
}

export async function listRoles({ db }: { db: Database }) {
  return repo.listRoles(db.pool);
}

export async function listUsers({ db, actor }: { db: Database; actor: Actor }) {
  return repo.listUsersInScope(db.pool, actor.scopePaths);
}

async function visibleUser(sql: Sql, actor: Actor, id: number) {
  const [user] = await repo.listUsersInScope(sql, actor.scopePaths, id);
  if (!user) throw notFound('user');
  return user;
}

export async function getUser({ db, actor, id }: { db: Database; actor: Actor; id: number }) {
  return visibleUser(db.pool, actor, id);
}

export async function createUser(
  c: Caller & { input: { username: string; displayName: string; password: string; locale: string; memberId?: number | null | undefined;
    grant: { roleCode: string; unitId: number; includeSubtree: boolean } } },
) {
  const passwordHash = await hashPassword(c.input.password);
  return c.db.transaction(async (sql) => {
    const unit = await checkGrant(sql, c, c.input.grant);
    if (await repo.usernameTaken(sql, c.input.username)) throw new AppError(409, 'user_taken', { username: c.input.username }, [{ path: 'username', rule: 'taken' }]);
    if (c.input.memberId && !(await members.findMember(sql, c.input.memberId))) throw invalidFields({ path: 'memberId', rule: 'not_found_ref' });
    const id = await repo.insertUser(sql, { ...c.input, passwordHash, memberId: c.input.memberId ?? null });
    const grantId = await repo.insertGrant(sql, { userId: id, ...c.input.grant, grantedBy: c.actor.userId });
    await recordAudit(sql, c.actor, {
      action: 'user.create', targetType: 'user', targetId: String(id), unitPath: unit.path,
      details: { username: c.input.username, grant: { id: grantId, ...c.input.grant } },
    });
    return visibleUser(sql, c.actor, id);
  });
}

export async function addGrant(
  c: Caller & { userId: number; grant: { roleCode: string; unitId: number; includeSubtree: boolean } },
) {
  return c.db.transaction(async (sql) => {
    const unit = await checkGrant(sql, c, c.grant);
    // The user must already hold a grant within reach: other accounts do not exist for the caller.
    await visibleUser(sql, c.actor, c.userId);
    const grantId = await repo.insertGrant(sql, { userId: c.userId, ...c.grant, grantedBy: c.actor.userId });
    await recordAudit(sql, c.actor, {
      action: 'grant.create', targetType: 'user', targetId: String(c.userId), unitPath: unit.path, details: { id: grantId, ...c.grant },
    });
    return visibleUser(sql, c.actor, c.userId);
  });
}

export async function revokeGrant(c: Caller & { userId: number; grantId: number }) {
  await c.db.transaction(async (sql) => {
    const grant = await repo.findGrant(sql, c.userId, c.grantId);
    if (!grant || grant.revokedAt || !inScopeOf(c.actor.scopePaths, grant.path)) throw notFound('grant');
    // Taking away what one could not have given is refused as giving it would be.
    if (!mayGrant(c.principal, grant.permissions, grant.path, grant.subtree)) throw new AppError(403, 'grant_above_own', { role: grant.roleCode });
    await repo.revokeGrant(sql, c.grantId, c.actor.userId);
    await recordAudit(sql, c.actor, {
      action: 'grant.revoke', targetType: 'user', targetId: String(c.userId), unitPath: grant.path,
      details: { id: c.grantId, roleCode: grant.roleCode, unitId: grant.unitId },
    });
  });
}

/** An administrator sets a new password; the user must change it at the next sign-in. */
export async function resetPassword(c: Caller & { userId: number; password: string }) {
  const hash = await hashPassword(c.password);
  await c.db.transaction(async (sql) => {
    const user = await visibleUser(sql, c.actor, c.userId);
    const above = await mayActAs(sql, c.principal, user.id);
    if (above) throw new AppError(403, 'grant_above_own', { role: above });
    await repo.setPassword(sql, user.id, hash, true);
    await sql.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [user.id]);
    await recordAudit(sql, c.actor, { action: 'user.reset_password', targetType: 'user', targetId: String(user.id), unitPath: null, details: {} });
  });
}

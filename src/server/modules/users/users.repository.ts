import type { Sql } from '../../db/client.ts';
import { scopeConditionFor } from '../../db/paths.ts';
import type { ScopeEntry } from '../access/actor.ts';

export async function listRoles(sql: Sql) {
  const { rows } = await sql.query<{ code: string; names: Record<string, string>; permissions: string[]; requiresTotp: boolean }>(
    'SELECT code, names, permissions, requires_totp AS "requiresTotp" FROM roles ORDER BY rank');
  return rows;
}

export async function findRole(sql: Sql, code: string) {
  const { rows } = await sql.query<{ code: string; permissions: string[] }>('SELECT code, permissions FROM roles WHERE code = $1', [code]);
  return rows[0] ?? null;
}

export async function usernameTaken(sql: Sql, username: string): Promise<boolean> {
  const { rows } = await sql.query('SELECT 1 FROM users WHERE username = $1', [username]);
  return rows.length > 0;
}

export async function insertUser(
  sql: Sql, u: { username: string; displayName: string; passwordHash: string; locale: string; memberId: number | null },
): Promise<number> {
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO users (username, display_name, password_hash, locale, member_id, must_change_password)
     VALUES ($1, $2, $3, $4, $5, true) RETURNING id`, [u.username, u.displayName, u.passwordHash, u.locale, u.memberId]);
  return (rows[0] as { id: number }).id;
}

export async function insertGrant(
  sql: Sql, g: { userId: number; roleCode: string; unitId: number | null; includeSubtree: boolean; grantedBy: number | null },
): Promise<number> {
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO grants (user_id, role_code, unit_id, include_subtree, granted_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [g.userId, g.roleCode, g.unitId, g.includeSubtree, g.grantedBy]);
  return (rows[0] as { id: number }).id;
}

export async function findGrant(sql: Sql, userId: number, grantId: number) {
  const { rows } = await sql.query<{
    id: number; unitId: number; path: string; roleCode: string; subtree: boolean; permissions: string[]; revokedAt: Date | null;
  }>(
    `SELECT g.id, g.unit_id AS "unitId", v.path, g.role_code AS "roleCode", g.include_subtree AS subtree,
            r.permissions, g.revoked_at AS "revokedAt"
     FROM grants g JOIN roles r ON r.code = g.role_code
     JOIN unit_versions v ON v.unit_id = g.unit_id AND v.valid_to = 'infinity'
     WHERE g.user_id = $1 AND g.id = $2`, [userId, grantId]);
  return rows[0] ?? null;
}

export async function revokeGrant(sql: Sql, grantId: number, by: number | null): Promise<void> {
  await sql.query('UPDATE grants SET revoked_at = now(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL', [grantId, by]);
}

export async function setPassword(sql: Sql, userId: number, passwordHash: string, mustChange: boolean): Promise<void> {
  await sql.query(
    `UPDATE users SET password_hash = $2, must_change_password = $3, failed_attempts = 0, locked_until = NULL,
       version = version + 1 WHERE id = $1`, [userId, passwordHash, mustChange]);
}

/** Users holding at least one grant in force at a unit inside `scope`, with those grants. */
export async function listUsersInScope(sql: Sql, scope: ScopeEntry[] | null, userId?: number) {
  const params: unknown[] = [];
  const inScope = scopeConditionFor('v.path', scope, params);
  if (userId !== undefined) params.push(userId);
  const { rows } = await sql.query<{
    id: number; username: string; displayName: string; locale: string; memberId: number | null; totpEnabled: boolean;
    locked: boolean; disabled: boolean; grants: { id: number; roleCode: string; unitId: number | null; unitName: string | null; includeSubtree: boolean; createdAt: string }[];
  }>(
    `SELECT u.id, u.username, u.display_name AS "displayName", u.locale, u.member_id AS "memberId", u.totp_enabled AS "totpEnabled",
            coalesce(u.locked_until > now(), false) AS locked, u.disabled_at IS NOT NULL AS disabled,
            json_agg(json_build_object('id', g.id, 'roleCode', g.role_code, 'unitId', g.unit_id, 'unitName', v.name,
                     'includeSubtree', g.include_subtree, 'createdAt', g.created_at) ORDER BY g.id) AS grants
     FROM users u JOIN grants g ON g.user_id = u.id AND g.revoked_at IS NULL
     LEFT JOIN unit_versions v ON v.unit_id = g.unit_id AND v.valid_to = 'infinity'
     WHERE ${inScope}${userId !== undefined ? ` AND u.id = $${params.length}` : ''}
     GROUP BY u.id ORDER BY u.username`, params);
  return rows;
}

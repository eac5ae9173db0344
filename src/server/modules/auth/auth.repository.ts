import type { Sql } from '../../db/client.ts';

export type UserRow = {
  id: number; username: string; displayName: string; passwordHash: string | null; locale: string;
  memberId: number | null; totpSecret: string | null; totpEnabled: boolean; mustChangePassword: boolean;
  failedAttempts: number; lockedUntil: Date | null; disabledAt: Date | null; version: number;
};

const SELECT_USER = `SELECT id, username, display_name AS "displayName", password_hash AS "passwordHash", locale,
  member_id AS "memberId", totp_secret AS "totpSecret", totp_enabled AS "totpEnabled",
  must_change_password AS "mustChangePassword", failed_attempts AS "failedAttempts",
  locked_until AS "lockedUntil", disabled_at AS "disabledAt", version FROM users`;

export async function findUserByUsername(sql: Sql, username: string, lock = false): Promise<UserRow | null> {
  const { rows } = await sql.query<UserRow>(`${SELECT_USER} WHERE username = $1${lock ? ' FOR UPDATE' : ''}`, [username]);
  return rows[0] ?? null;
}

export async function findUserById(sql: Sql, id: number): Promise<UserRow | null> {
  const { rows } = await sql.query<UserRow>(`${SELECT_USER} WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function findUserByOidcSubject(sql: Sql, subject: string): Promise<UserRow | null> {
  const { rows } = await sql.query<UserRow>(`${SELECT_USER} WHERE oidc_subject = $1`, [subject]);
  return rows[0] ?? null;
}

export async function recordFailedSignIn(sql: Sql, id: number, maxAttempts: number, lockMinutes: number): Promise<Date | null> {
  const { rows } = await sql.query<{ lockedUntil: Date | null }>(
    // After a lock has run out the count starts again, or one more mistake would lock at once.
    `WITH n AS (SELECT CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1
                            ELSE failed_attempts + 1 END AS attempts FROM users WHERE id = $1)
     UPDATE users SET failed_attempts = n.attempts,
       locked_until = CASE WHEN n.attempts >= $2 THEN now() + make_interval(mins => $3) ELSE NULL END
     FROM n WHERE id = $1 RETURNING locked_until AS "lockedUntil"`, [id, maxAttempts, lockMinutes]);
  return rows[0]?.lockedUntil ?? null;
}

export async function clearFailedSignIns(sql: Sql, id: number): Promise<void> {
  await sql.query('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = $1', [id]);
}

/**
 * Grants in force with their role's permissions and the unit's current path (null: the whole
 * tree). `inheritedPaths` are the last paths of the units the granted unit is the main successor
 * of after restructures (unit_successors, followed back): their records and history can be read.
 */
export async function activeGrants(sql: Sql, userId: number) {
  const { rows } = await sql.query<{
    grantId: number; roleCode: string; unitId: number | null; path: string | null; subtree: boolean; permissions: string[];
    requiresTotp: boolean; inheritedPaths: string[];
  }>(
    `SELECT g.id AS "grantId", g.role_code AS "roleCode", g.unit_id AS "unitId", v.path, g.include_subtree AS subtree,
            r.permissions, r.requires_totp AS "requiresTotp",
            (WITH RECURSIVE up (id, depth) AS (
               SELECT predecessor_id, 1 FROM unit_successors WHERE successor_id = g.unit_id AND main
               UNION
               SELECT s.predecessor_id, up.depth + 1 FROM unit_successors s JOIN up ON s.successor_id = up.id
               WHERE s.main AND up.depth < 20)
             SELECT coalesce(array_agg(DISTINCT p.path), '{}') FROM up
             CROSS JOIN LATERAL (SELECT path FROM unit_versions WHERE unit_id = up.id ORDER BY valid_from DESC LIMIT 1) p
            ) AS "inheritedPaths"
     FROM grants g JOIN roles r ON r.code = g.role_code
     LEFT JOIN unit_versions v ON v.unit_id = g.unit_id AND v.valid_to = 'infinity'
     -- A grant at a unit that has been closed reaches nothing; one at no unit reaches everything.
     WHERE g.user_id = $1 AND g.revoked_at IS NULL AND (g.unit_id IS NULL OR v.path IS NOT NULL)
     ORDER BY r.rank, g.id`, [userId]);
  return rows;
}

export async function insertSession(
  sql: Sql, s: { id: string; userId: number; csrfToken: string; expiresAt: Date; stage: 'full' | 'totp_setup'; ip: string | null; userAgent: string | null },
): Promise<void> {
  await sql.query(
    `INSERT INTO sessions (id, user_id, csrf_token, expires_at, stage, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [s.id, s.userId, s.csrfToken, s.expiresAt, s.stage, s.ip, s.userAgent]);
}

export type SessionRow = {
  id: string; userId: number; csrfToken: string; stage: 'full' | 'totp_setup'; lastSeenAt: Date; expiresAt: Date; revokedAt: Date | null;
};

/** A session with its user, in one round trip: every signed-in request starts with it. */
export async function findSession(sql: Sql, id: string): Promise<{ session: SessionRow; user: UserRow | null } | null> {
  const { rows } = await sql.query<SessionRow & { user: (Omit<UserRow, 'lockedUntil' | 'disabledAt'> & { lockedUntil: string | null; disabledAt: string | null }) | null }>(
    `SELECT s.id, s.user_id AS "userId", s.csrf_token AS "csrfToken", s.stage, s.last_seen_at AS "lastSeenAt",
            s.expires_at AS "expiresAt", s.revoked_at AS "revokedAt",
            (SELECT row_to_json(u) FROM (${SELECT_USER} WHERE id = s.user_id) u) AS user
     FROM sessions s WHERE s.id = $1`, [id]);
  const row = rows[0];
  if (!row) return null;
  const { user, ...session } = row;
  const date = (v: string | null) => (v === null ? null : new Date(v));
  return { session, user: user && { ...user, lockedUntil: date(user.lockedUntil), disabledAt: date(user.disabledAt) } };
}

export async function touchSession(sql: Sql, id: string): Promise<void> {
  await sql.query('UPDATE sessions SET last_seen_at = now() WHERE id = $1', [id]);
}

export async function setSessionStage(sql: Sql, id: string, stage: 'full' | 'totp_setup'): Promise<void> {
  await sql.query('UPDATE sessions SET stage = $2 WHERE id = $1', [id, stage]);
}

export async function revokeSession(sql: Sql, id: string): Promise<void> {
  await sql.query('UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
}

export async function revokeUserSessions(sql: Sql, userId: number): Promise<number> {
  const r = await sql.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
  return r.rowCount ?? 0;
}

export async function setTotp(sql: Sql, userId: number, secret: string | null, enabled: boolean): Promise<void> {
  await sql.query('UPDATE users SET totp_secret = $2, totp_enabled = $3, version = version + 1 WHERE id = $1', [userId, secret, enabled]);
}

export type ApiTokenRow = {
  id: number; userId: number; name: string; permissions: string[]; expiresAt: Date; revokedAt: Date | null; lastUsedAt: Date | null; createdAt: Date;
};

const SELECT_TOKEN = `SELECT id, user_id AS "userId", name, permissions, expires_at AS "expiresAt", revoked_at AS "revokedAt",
  last_used_at AS "lastUsedAt", created_at AS "createdAt" FROM api_tokens`;

export async function insertApiToken(
  sql: Sql, t: { userId: number; name: string; tokenHash: string; permissions: string[]; expiresAt: Date },
): Promise<ApiTokenRow> {
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO api_tokens (user_id, name, token_hash, permissions, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [t.userId, t.name, t.tokenHash, t.permissions, t.expiresAt]);
  return (await findApiToken(sql, (rows[0] as { id: number }).id)) as ApiTokenRow;
}

export async function findApiToken(sql: Sql, id: number): Promise<ApiTokenRow | null> {
  const { rows } = await sql.query<ApiTokenRow>(`${SELECT_TOKEN} WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function findApiTokenByHash(sql: Sql, tokenHash: string): Promise<ApiTokenRow | null> {
  const { rows } = await sql.query<ApiTokenRow>(`${SELECT_TOKEN} WHERE token_hash = $1`, [tokenHash]);
  return rows[0] ?? null;
}

export async function listApiTokens(sql: Sql, userId: number): Promise<ApiTokenRow[]> {
  const { rows } = await sql.query<ApiTokenRow>(`${SELECT_TOKEN} WHERE user_id = $1 ORDER BY id DESC`, [userId]);
  return rows;
}

export async function markApiTokenUsed(sql: Sql, id: number): Promise<void> {
  await sql.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [id]);
}

export async function revokeApiToken(sql: Sql, id: number): Promise<void> {
  await sql.query('UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
}

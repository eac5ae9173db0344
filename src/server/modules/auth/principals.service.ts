import type { Database } from '../../db/client.ts';
import type { Locale } from '../../../shared/reference.ts';
import type { Principal } from '../access/principal.ts';
import { appendAudit } from '../audit/audit.service.ts';
import * as repo from './auth.repository.ts';
import { resolveSession, DEFAULT_AUTH_SETTINGS, type AuthSettings, type RequestMeta } from './auth.service.ts';
import { sha256 } from './secrets.ts';

async function principalOf(db: Database, user: repo.UserRow, extra: Pick<Principal, 'kind' | 'tokenPermissions' | 'sessionId' | 'csrfToken' | 'sessionStage' | 'tokenId'>): Promise<Principal> {
  const grants = await repo.activeGrants(db.pool, user.id);
  return {
    ...extra,
    mustChangePassword: extra.kind === 'session' && user.mustChangePassword,
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    locale: user.locale as Locale,
    memberId: user.memberId,
    grants: grants.map((g) => ({
      grantId: g.grantId, roleCode: g.roleCode, unitId: g.unitId, path: g.path, subtree: g.subtree, permissions: g.permissions,
      inheritedPaths: g.inheritedPaths,
    })),
  };
}

/**
 * A user acting from the command line (`partywork export --user`): their grants, as a session of
 * theirs would carry them, with no session behind it.
 */
export async function consolePrincipal({ db, user }: { db: Database; user: repo.UserRow }): Promise<Principal> {
  return principalOf(db, user, { kind: 'session', tokenPermissions: null, sessionId: null, csrfToken: null, sessionStage: null, tokenId: null });
}

export async function principalFromSession(
  { db, token, settings = DEFAULT_AUTH_SETTINGS }: { db: Database; token: string; settings?: AuthSettings },
): Promise<Principal | null> {
  const resolved = await resolveSession({ db, token, settings });
  if (!resolved) return null;
  return principalOf(db, resolved.user, {
    kind: 'session', tokenPermissions: null, sessionId: resolved.session.id, csrfToken: resolved.session.csrfToken,
    sessionStage: resolved.session.stage, tokenId: null,
  });
}

/** An API token in force; every use is recorded in the audit trail. */
export async function principalFromToken(
  { db, token, meta }: { db: Database; token: string; meta: RequestMeta },
): Promise<Principal | null> {
  const row = await repo.findApiTokenByHash(db.pool, sha256(token));
  if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) return null;
  const user = await repo.findUserById(db.pool, row.userId);
  if (!user || user.disabledAt) return null;
  await db.transaction(async (sql) => {
    await repo.markApiTokenUsed(sql, row.id);
    await appendAudit(sql, {
      actorId: user.id, actorLabel: `${user.username} (token ${row.id})`, ip: meta.ip, requestId: meta.requestId,
      action: 'token.use', targetType: 'api_token', targetId: String(row.id), unitPath: null, details: {},
    });
  });
  return principalOf(db, user, {
    kind: 'token', tokenPermissions: row.permissions, sessionId: null, csrfToken: null, sessionStage: null, tokenId: row.id,
  });
}

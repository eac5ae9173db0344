import type { Locale } from '../../../shared/reference.ts';
import type { Permission } from '../../../shared/permissions.ts';
import type { Actor, ScopeEntry } from './actor.ts';

/** A grant in force: a role's permissions over a unit (and below); no unit: the whole tree. */
export type GrantScope = {
  grantId: number; roleCode: string; unitId: number | null; path: string | null; subtree: boolean; permissions: readonly string[];
  /** Last paths of the units the granted unit succeeded in restructures: their history reaches it. */
  inheritedPaths?: readonly string[];
};

/**
 * The authenticated caller: a user signed in with a session, or another system using an API
 * token that carries a subset of its creator's permissions.
 */
export type Principal = {
  kind: 'session' | 'token';
  userId: number;
  username: string;
  displayName: string;
  locale: Locale;
  memberId: number | null;
  grants: GrantScope[];
  /** The token's own limit on permissions; null for a session. */
  tokenPermissions: readonly string[] | null;
  sessionId: string | null;
  csrfToken: string | null;
  sessionStage: 'full' | 'totp_setup' | null;
  /** A temporary password set by an administrator must be replaced before anything else. */
  mustChangePassword: boolean;
  tokenId: number | null;
};

function tokenAllows(p: Principal, permission: string): boolean {
  return p.tokenPermissions === null || p.tokenPermissions.includes(permission);
}

const INHERITED_READS: ReadonlySet<Permission> = new Set(['units.read', 'members.read', 'statistics.read', 'audit.read', 'inspections.read']);

/**
 * Where the principal holds `permission`: one entry per grant carrying it, or null for the
 * whole tree (a grant at no unit). An empty list: nowhere.
 */
export function scopeFor(p: Principal, permission: Permission): ScopeEntry[] | null {
  if (!tokenAllows(p, permission)) return [];
  const holding = p.grants.filter((g) => g.permissions.includes(permission));
  if (holding.some((g) => g.path === null)) return null;
  // What a unit inherited from the units it succeeded is there to be read, not changed, and its
  // former members' sensitive fields stay masked.
  const inherits = INHERITED_READS.has(permission);
  return holding.flatMap((g) => {
    const own = g.path as string;
    const inherited = inherits ? (g.inheritedPaths ?? []).filter((p) => !(g.subtree && p.startsWith(own))) : [];
    return [own, ...inherited].map((path) => ({ path, subtree: g.subtree }));
  });
}

/** Whether the principal holds `permission` anywhere. */
export function holds(p: Principal, permission: Permission): boolean {
  const scope = scopeFor(p, permission);
  return scope === null || scope.length > 0;
}

/** Every permission the principal holds anywhere. */
export function permissionsOf(p: Principal): Set<string> {
  return new Set(p.grants.flatMap((g) => g.permissions).filter((perm) => tokenAllows(p, perm)));
}

/** The actor services see for a route that needs `permission`. */
export function actorFor(p: Principal, permission: Permission | null): Actor {
  return {
    userId: p.userId,
    label: p.username,
    locale: p.locale,
    memberId: p.memberId,
    scopePaths: permission ? scopeFor(p, permission) : [],
    sensitiveScope: scopeFor(p, 'members.read_sensitive'),
    request: null,
  };
}

import '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../db/client.ts';
import { scopedDatabase } from '../db/scoped.ts';
import { ANONYMOUS_ACTOR, type Actor } from '../modules/access/actor.ts';
import { actorFor, holds, type Principal } from '../modules/access/principal.ts';
import { principalFromSession, principalFromToken } from '../modules/auth/principals.service.ts';
import { AppError } from './app-error.ts';
import type { RoutePermission } from './route-helpers.ts';

export const SESSION_COOKIE = 'pw_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    actor: Actor;
    /** The database as this caller may see it (row-level security applied). */
    db: Database;
  }
}

async function identify(app: FastifyInstance, request: FastifyRequest): Promise<Principal | null> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw new AppError(401, 'auth_required');
    const principal = await principalFromToken({ db: app.db, token: match[1] as string, meta: metaOf(request) });
    if (!principal) throw new AppError(401, 'auth_token_invalid');
    return principal;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  return principalFromSession({ db: app.db, token: cookie, settings: app.auth });
}

export function metaOf(request: FastifyRequest) {
  return { ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null, requestId: request.id };
}

/**
 * Every route declares the permission it needs; this hook enforces it before the handler runs.
 * A route without a declaration is refused (fail closed). The actor handed to services carries
 * the reach of that permission, and `request.db` applies the same reach with row-level security.
 */
export function registerAuthentication(app: FastifyInstance) {
  app.decorateRequest('principal', null);
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('db', null as unknown as Database);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    request.actor = ANONYMOUS_ACTOR;
    request.db = app.db;
    if (request.is404) return;
    const permission: RoutePermission | undefined = request.routeOptions.config.permission;
    if (!permission) throw new AppError(403, 'forbidden');

    // Public routes (sign-in, health, documentation) do not look at credentials at all.
    if (permission === 'public') return;
    const principal = await identify(app, request);
    request.principal = principal;
    if (!principal) throw new AppError(401, 'auth_required');

    // A session cookie rides along with any request the browser makes; a write must also
    // prove it comes from our own pages by echoing the session's CSRF token.
    if (principal.kind === 'session' && !SAFE_METHODS.has(request.method)) {
      if (request.headers['x-csrf-token'] !== principal.csrfToken) throw new AppError(403, 'auth_csrf');
    }
    // An API token acts for another system; it never manages the account that created it.
    if (permission === 'session' && principal.kind !== 'session') throw new AppError(403, 'session_required');
    const ownAccount = permission === 'authenticated' || permission === 'session';
    if (principal.sessionStage === 'totp_setup' && !ownAccount) {
      throw new AppError(403, 'auth_totp_setup_required');
    }
    if (principal.mustChangePassword && !ownAccount) {
      throw new AppError(403, 'auth_password_change_required');
    }
    if (ownAccount) {
      request.actor = { ...actorFor(principal, null), request: { ip: request.ip, requestId: request.id } };
      return;
    }
    if (!holds(principal, permission)) throw new AppError(403, 'forbidden');
    request.actor = { ...actorFor(principal, permission), request: { ip: request.ip, requestId: request.id } };
    request.db = scopedDatabase(app.db, request.actor.scopePaths);
  });
}

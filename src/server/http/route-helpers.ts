import type { FastifyReply, FastifyRequest } from 'fastify';
import { pickLocale } from '../../shared/i18n/translate.ts';
import type { Permission } from '../../shared/permissions.ts';
import type { Locale } from '../../shared/reference.ts';
import { problemSchema } from '../../shared/schemas/common.ts';

/**
 * The permission a route needs; every route declares one: `public` for anyone, `authenticated`
 * for any signed-in caller or token (who am I), `session` for a person signed in with a session
 * (their own account: password, second factor, tokens — never an API token), or a permission
 * held at some unit.
 */
export type RoutePermission = 'public' | 'authenticated' | 'session' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RoutePermission;
  }
}

/** Problem responses, documented once for every route. */
export const problems = {
  400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema,
  412: problemSchema, 429: problemSchema, 500: problemSchema,
} as const;

/** A strong ETag from a record's version number. */
export function setEtag(reply: FastifyReply, version: number): void {
  reply.header('etag', `"${version}"`);
}

/**
 * The version a writer last saw, from If-Match (`"3"`, `W/"3"`); null when the header is
 * absent or `*`. Anything unparseable can never match, so the write is refused with 412.
 */
export function ifMatch(request: FastifyRequest): number | null {
  const header = request.headers['if-match'];
  if (header === undefined || header.trim() === '*') return null;
  const match = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(header);
  return match ? Number(match[1]) : -1;
}

/** The reader's language: Accept-Language when the client sends it, else the user's own. */
export function localeOf(req: FastifyRequest): Locale {
  return req.headers['accept-language'] ? pickLocale(req.headers['accept-language']) : req.actor.locale;
}

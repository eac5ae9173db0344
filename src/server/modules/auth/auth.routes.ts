import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { localeBody, meSchema, signInBody, totpEnableBody, totpSetupSchema } from '../../../shared/schemas/auth.ts';
import { changePasswordBody } from '../../../shared/schemas/users.ts';
import { metaOf, SESSION_COOKIE } from '../../http/authenticate.ts';
import { problems } from '../../http/route-helpers.ts';
import type { Principal } from '../access/principal.ts';
import { changePassword, describeMe, enableTotp, setLocale, startTotpSetup } from './account.service.ts';
import { principalFromSession } from './principals.service.ts';
import { signIn, signOut, signOutEverywhere } from './auth.service.ts';

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['Sign-in'];
  const principal = (req: { principal: Principal | null }) => req.principal as Principal;

  app.post('/auth/sign-in', {
    config: { permission: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: {
      tags, summary: 'Sign in with a user name and password (and a TOTP code when enabled)',
      description: 'Sets the session cookie (httpOnly, SameSite=Strict). Five wrong passwords lock the account for 15 minutes; an address may try ten times a minute.',
      body: signInBody, response: { 200: meSchema, ...problems },
    },
  }, async (req, reply) => {
    const result = await signIn({ db: app.db, ...req.body, meta: metaOf(req), settings: app.auth });
    reply.setCookie(SESSION_COOKIE, result.token, {
      path: '/', httpOnly: true, sameSite: 'strict', secure: req.protocol === 'https',
      maxAge: app.auth.sessionHours * 3600,
    });
    const session = await principalFromSession({ db: app.db, token: result.token, settings: app.auth });
    return describeMe({ db: app.db, principal: session as Principal });
  });

  app.post('/auth/sign-out', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: 'End this session', response: { 204: z.null(), ...problems } },
  }, async (req, reply) => {
    const p = principal(req);
    if (p.sessionId) await signOut({ db: app.db, sessionId: p.sessionId, meta: { ...metaOf(req), userId: p.userId, username: p.username } });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.post('/auth/sign-out-all', {
    config: { permission: 'session' },
    schema: { tags, summary: 'End every session of this user', response: { 204: z.null(), ...problems } },
  }, async (req, reply) => {
    const p = principal(req);
    await signOutEverywhere({ db: app.db, meta: { ...metaOf(req), userId: p.userId, username: p.username } });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/auth/me', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: 'The signed-in user, their grants and permissions', response: { 200: meSchema, ...problems } },
  }, async (req) => describeMe({ db: app.db, principal: principal(req) }));

  app.put('/auth/me/locale', {
    config: { permission: 'session' },
    schema: { tags, summary: 'Keep the chosen language for this user', body: localeBody, response: { 204: z.null(), ...problems } },
  }, async (req, reply) => {
    await setLocale({ db: app.db, principal: principal(req), locale: req.body.locale });
    return reply.status(204).send(null);
  });

  app.post('/auth/totp/setup', {
    config: { permission: 'session' },
    schema: { tags, summary: 'Start setting up a second factor (TOTP)', response: { 200: totpSetupSchema, ...problems } },
  }, async (req) => startTotpSetup({ db: app.db, principal: principal(req), meta: metaOf(req) }));

  app.post('/auth/totp/enable', {
    config: { permission: 'session' },
    schema: { tags, summary: 'Confirm the second factor with a code', body: totpEnableBody, response: { 204: z.null(), ...problems } },
  }, async (req, reply) => {
    await enableTotp({ db: app.db, principal: principal(req), code: req.body.code, meta: metaOf(req) });
    return reply.status(204).send(null);
  });

  app.put('/auth/me/password', {
    config: { permission: 'session' },
    schema: {
      tags, summary: 'Change my password', description: 'Required after an administrator set a temporary one; other sessions end.',
      body: changePasswordBody, response: { 204: z.null(), ...problems },
    },
  }, async (req, reply) => {
    await changePassword({ db: app.db, principal: principal(req), ...req.body, meta: metaOf(req) });
    return reply.status(204).send(null);
  });
};

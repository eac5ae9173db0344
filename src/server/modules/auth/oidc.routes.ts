import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { metaOf, SESSION_COOKIE } from '../../http/authenticate.ts';
import { problems } from '../../http/route-helpers.ts';
import { finishOidcLogin, LOGIN_TTL_SECONDS, oidcClient, startOidcLogin } from './oidc.service.ts';

/** The cookie that carries the sealed login transaction from the start to the callback. */
export const OIDC_LOGIN_COOKIE = 'pw_oidc';

/**
 * OpenID Connect sign-in; registered only when an identity provider is configured
 * (OIDC_ISSUER), otherwise both addresses answer 404 like any unknown route.
 */
export const oidcRoutes: FastifyPluginAsyncZod = async (app) => {
  const settings = app.oidc;
  if (!settings) return;
  const tags = ['Sign-in'];
  const configuration = oidcClient(settings);
  // Lax, not Strict: the browser must send it on the top-level navigation back from the provider.
  const loginCookie = (secure: boolean) => ({
    path: `${app.prefix}/auth/oidc`, httpOnly: true, sameSite: 'lax' as const, secure,
  });

  app.get('/auth/oidc/start', {
    config: { permission: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: {
      tags, summary: 'Sign in through the identity provider',
      description: 'Redirects (302) to the provider’s sign-in page (authorization code flow with PKCE); the provider sends the browser back to the callback.',
      response: problems,
    },
  }, async (req, reply) => {
    const config = await configuration(req.log);
    const { url, cookie } = await startOidcLogin({ settings, config });
    reply.setCookie(OIDC_LOGIN_COOKIE, cookie, { ...loginCookie(req.protocol === 'https'), maxAge: LOGIN_TTL_SECONDS });
    return reply.header('cache-control', 'no-store').redirect(url, 302);
  });

  app.get('/auth/oidc/callback', {
    config: { permission: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: {
      tags, summary: 'Where the identity provider sends the browser back',
      description: 'Completes the sign-in, sets the session cookie (httpOnly, SameSite=Strict) and redirects (302) to the start page. The first sign-in links the provider’s account to the local user of the same user name.',
      response: problems,
    },
  }, async (req, reply) => {
    const cookie = req.cookies[OIDC_LOGIN_COOKIE];
    // The transaction is used once, whatever the outcome.
    reply.clearCookie(OIDC_LOGIN_COOKIE, loginCookie(req.protocol === 'https'));
    const config = await configuration(req.log);
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    const result = await finishOidcLogin({
      db: app.db, settings, config, cookie, query, meta: metaOf(req), auth: app.auth, log: req.log,
    });
    reply.setCookie(SESSION_COOKIE, result.token, {
      path: '/', httpOnly: true, sameSite: 'strict', secure: req.protocol === 'https',
      maxAge: app.auth.sessionHours * 3600,
    });
    return reply.header('cache-control', 'no-store').redirect('/', 302);
  });
};

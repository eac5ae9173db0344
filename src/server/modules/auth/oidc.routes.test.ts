import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import Provider from 'oidc-provider';
import { openTestDatabase } from '../../../../test/db.ts';
import { makeUserWithToken } from '../../../../test/app.ts';
import { buildApp } from '../../app.ts';
import type { OidcSettings } from '../../config.ts';

/**
 * OpenID Connect sign-in against a real provider (oidc-provider, on a random loopback port)
 * and the real openid-client: the browser's part (following redirects, the provider's login
 * and consent forms, cookies) is played with fetch; our side runs through app.inject.
 */

const REDIRECT_URI = 'http://127.0.0.1:3999/api/v1/auth/oidc/callback';
const CLIENT = { client_id: 'partywork', client_secret: 'a-client-secret-of-the-test-provider' };

/** The provider's accounts: subject → preferred_username (mutable, like a directory). */
const accounts = new Map<string, string>();

let db: Awaited<ReturnType<typeof openTestDatabase>>;
let app: FastifyInstance;
let idp: Server;
let settings: OidcSettings;

beforeAll(async () => {
  db = await openTestDatabase();
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  idp = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ ...CLIENT, redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], profile: ['preferred_username'] },
    cookies: { keys: ['cookie-signing-key-of-the-test-provider'] },
    features: { devInteractions: { enabled: true } },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    findAccount: (_ctx, sub) => (accounts.has(sub)
      ? { accountId: sub, claims: () => ({ sub, preferred_username: accounts.get(sub) }) }
      : undefined),
  });
  handle = provider.callback();
  settings = {
    issuer, clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret, redirectUri: REDIRECT_URI, usernameClaim: 'preferred_username',
  };
  app = await buildApp({ db, logLevel: 'silent', oidc: settings });
});
afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => idp?.close(resolve));
  await db?.drop();
});

/** A browser's cookie store for the provider, enough for its path-scoped cookies. */
class CookieJar {
  private cookies = new Map<string, { name: string; value: string; path: string }>();

  header(url: URL): string {
    return [...this.cookies.values()].filter((c) => url.pathname.startsWith(c.path)).map((c) => `${c.name}=${c.value}`).join('; ');
  }

  store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      const attr = (k: string) => attrs.find((a) => a.toLowerCase().startsWith(`${k}=`))?.slice(k.length + 1);
      const path = attr('path') ?? '/';
      const expires = attr('expires');
      const gone = value === '' || attr('max-age') === '0' || (expires !== undefined && Date.parse(expires) <= Date.now());
      if (gone) this.cookies.delete(`${name};${path}`);
      else this.cookies.set(`${name};${path}`, { name, value, path });
    }
  }

  async fetch(url: URL, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie: this.header(url) } });
    this.store(res);
    return res;
  }
}

/**
 * Plays the user at the provider: follows its redirects, signs in as `subject` and consents,
 * or cancels at the login form. Returns the address the provider sends the browser back to.
 */
async function atProvider(authorizationUrl: string, subject: string, { cancel = false } = {}): Promise<URL> {
  const jar = new CookieJar();
  let url = new URL(authorizationUrl);
  for (let step = 0; step < 12; step += 1) {
    if (url.href.startsWith(REDIRECT_URI)) return url;
    const res = await jar.fetch(url);
    if (res.status === 200) {
      const page = await res.text();
      const prompt = /name="prompt" value="(login|consent)"/.exec(page)?.[1];
      expect(prompt, page).toBeDefined();
      if (cancel) {
        url = new URL(`${url.pathname}/abort`, url);
        continue;
      }
      const form: Record<string, string> = prompt === 'login' ? { prompt, login: subject, password: 'any' } : { prompt: 'consent' };
      const posted = await jar.fetch(url, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString(),
      });
      expect([302, 303], await posted.clone().text()).toContain(posted.status);
      url = new URL(posted.headers.get('location') as string, url);
      continue;
    }
    expect([302, 303], await res.clone().text()).toContain(res.status);
    url = new URL(res.headers.get('location') as string, url);
  }
  throw new Error('the provider did not send the browser back');
}

/** Our start: the redirect to the provider and the login-transaction cookie. */
async function start(): Promise<{ location: string; cookie: string; res: LightMyRequestResponse }> {
  const res = await app.inject({ url: '/api/v1/auth/oidc/start' });
  expect(res.statusCode, res.body).toBe(302);
  const cookie = res.cookies.find((c) => c.name === 'pw_oidc');
  expect(cookie).toBeDefined();
  return { location: res.headers.location as string, cookie: (cookie as { value: string }).value, res };
}

function callback(back: URL, cookie: string | null, lang = 'en') {
  return app.inject({
    url: `${back.pathname}${back.search}`,
    headers: { 'accept-language': lang, ...(cookie === null ? {} : { cookie: `pw_oidc=${cookie}` }) },
  });
}

/** The whole round trip as `subject`; the response of our callback. */
async function signInAs(subject: string) {
  const { location, cookie } = await start();
  return callback(await atProvider(location, subject), cookie);
}

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({ status, code });
  expect(body.detail).not.toMatch(/stack|Error:|openid|oauth/i);
  expect(res.cookies.find((c) => c.name === 'pw_session')).toBeUndefined();
  return body as { detail: string };
}

async function subjectOf(userId: number) {
  const { rows } = await db.pool.query<{ s: string | null }>('SELECT oidc_subject AS s FROM users WHERE id = $1', [userId]);
  return rows[0]?.s;
}

describe('GET /auth/oidc/start', () => {
  it('redirects to the provider with PKCE (S256), state and nonce, keeping them in a Lax httpOnly cookie', async () => {
    const { location, res } = await start();
    const url = new URL(location);
    expect(url.origin).toBe(settings.issuer);
    const q = url.searchParams;
    expect(q.get('client_id')).toBe(CLIENT.client_id);
    expect(q.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(q.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(q.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(q.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'profile']));
    const cookie = res.cookies.find((c) => c.name === 'pw_oidc');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api/v1/auth/oidc', maxAge: 600 });
    // Opaque: the state, nonce and verifier are sealed, not readable in the cookie.
    expect(cookie?.value).not.toContain(q.get('state'));
  });
});

describe('GET /auth/oidc/callback', () => {
  it('links the subject on first sign-in by user name (lower-cased), sets a working session cookie and redirects to /', async () => {
    const user = await makeUserWithToken(db, { roleCode: 'observer', unitId: null, username: 'oidc.alice' });
    accounts.set('sub-alice', 'OIDC.Alice');
    expect(await subjectOf(user.userId)).toBeNull();

    const res = await signInAs('sub-alice');
    expect(res.statusCode, res.body).toBe(302);
    expect(res.headers.location).toBe('/');
    const session = res.cookies.find((c) => c.name === 'pw_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    // The login transaction is used up.
    expect(res.cookies.find((c) => c.name === 'pw_oidc')?.value).toBe('');
    expect(await subjectOf(user.userId)).toBe('sub-alice');

    const me = await app.inject({ url: '/api/v1/auth/me', headers: { cookie: `pw_session=${session?.value}` } });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({ username: 'oidc.alice' });

    const { rows } = await db.pool.query<{ action: string; details: { method?: string; subject?: string } }>(
      `SELECT action, details FROM audit_log WHERE actor_id = $1 ORDER BY id`, [user.userId]);
    expect(rows.map((r) => r.action)).toEqual(['auth.oidc_linked', 'auth.sign_in']);
    expect(rows[1]?.details.method).toBe('oidc');
  });

  it('afterwards finds the user by subject, whatever the provider now calls them', async () => {
    const user = await makeUserWithToken(db, { roleCode: 'observer', unitId: null, username: 'oidc.bob' });
    accounts.set('sub-bob', 'oidc.bob');
    expect((await signInAs('sub-bob')).statusCode).toBe(302);

    accounts.set('sub-bob', 'renamed.at.the.provider');
    const res = await signInAs('sub-bob');
    expect(res.statusCode, res.body).toBe(302);
    const session = res.cookies.find((c) => c.name === 'pw_session');
    const me = await app.inject({ url: '/api/v1/auth/me', headers: { cookie: `pw_session=${session?.value}` } });
    expect(me.json()).toMatchObject({ username: 'oidc.bob' });
    expect(await subjectOf(user.userId)).toBe('sub-bob');
  });

  it('refuses a provider account that matches no local user: 403 auth_oidc_unknown_user in the caller’s language', async () => {
    accounts.set('sub-stranger', 'nobody.here');
    const res = await signInAs('sub-stranger');
    expectProblem(res, 403, 'auth_oidc_unknown_user');

    const { location, cookie } = await start();
    const vi = await callback(await atProvider(location, 'sub-stranger'), cookie, 'vi');
    expect(expectProblem(vi, 403, 'auth_oidc_unknown_user').detail).toMatch(/hệ thống định danh/);
  });

  it('refuses a disabled user, and does not link them', async () => {
    const user = await makeUserWithToken(db, { roleCode: 'observer', unitId: null, username: 'oidc.carol' });
    await db.pool.query('UPDATE users SET disabled_at = now() WHERE id = $1', [user.userId]);
    accounts.set('sub-carol', 'oidc.carol');
    expectProblem(await signInAs('sub-carol'), 403, 'auth_oidc_unknown_user');
    expect(await subjectOf(user.userId)).toBeNull();
  });

  it('refuses a second provider account carrying the user name of a user already linked', async () => {
    const user = await makeUserWithToken(db, { roleCode: 'observer', unitId: null, username: 'oidc.dave' });
    accounts.set('sub-dave', 'oidc.dave');
    expect((await signInAs('sub-dave')).statusCode).toBe(302);
    accounts.set('sub-impostor', 'oidc.dave');
    expectProblem(await signInAs('sub-impostor'), 403, 'auth_oidc_unknown_user');
    expect(await subjectOf(user.userId)).toBe('sub-dave');
  });

  it('refuses a tampered state, a missing or forged transaction cookie, and a replayed code: 401 auth_oidc_failed', async () => {
    await makeUserWithToken(db, { roleCode: 'observer', unitId: null, username: 'oidc.erin' });
    accounts.set('sub-erin', 'oidc.erin');

    const first = await start();
    const back = await atProvider(first.location, 'sub-erin');
    const tampered = new URL(back);
    tampered.searchParams.set('state', `${back.searchParams.get('state')}x`);
    expectProblem(await callback(tampered, first.cookie), 401, 'auth_oidc_failed');

    const second = await start();
    const back2 = await atProvider(second.location, 'sub-erin');
    expectProblem(await callback(back2, null), 401, 'auth_oidc_failed');
    const forged = `${second.cookie.slice(0, -3)}${second.cookie.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    expectProblem(await callback(back2, forged), 401, 'auth_oidc_failed');
    // Another login's transaction does not fit this response either.
    expectProblem(await callback(back2, first.cookie), 401, 'auth_oidc_failed');

    const third = await start();
    const back3 = await atProvider(third.location, 'sub-erin');
    expect((await callback(back3, third.cookie)).statusCode).toBe(302);
    expectProblem(await callback(back3, third.cookie), 401, 'auth_oidc_failed');
  });

  it('answers 401 when the user cancels at the provider (error=access_denied)', async () => {
    const { location, cookie } = await start();
    const back = await atProvider(location, 'sub-erin', { cancel: true });
    expect(back.searchParams.get('error')).toBe('access_denied');
    expectProblem(await callback(back, cookie), 401, 'auth_oidc_failed');
  });
});

describe('configuration', () => {
  it('without OIDC settings both routes are absent (404 route_not_found)', async () => {
    const plain = await buildApp({ db, logLevel: 'silent' });
    try {
      for (const url of ['/api/v1/auth/oidc/start', '/api/v1/auth/oidc/callback?code=x&state=y']) {
        const res = await plain.inject({ url });
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({ code: 'route_not_found' });
      }
    } finally {
      await plain.close();
    }
  });

  it('answers 503 auth_oidc_unavailable while the provider cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const down = await buildApp({ db, logLevel: 'silent', oidc: { ...settings, issuer: `http://127.0.0.1:${port}` } });
    try {
      const res = await down.inject({ url: '/api/v1/auth/oidc/start' });
      expect(res.statusCode, res.body).toBe(503);
      expect(res.json()).toMatchObject({ code: 'auth_oidc_unavailable' });
    } finally {
      await down.close();
    }
  });
});

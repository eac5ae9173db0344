import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { openTestDatabase } from '../../../../test/db.ts';
import { makeUserWithToken } from '../../../../test/app.ts';
import { makeMember, makeTree, memberInput } from '../../../../test/factories.ts';
import { today } from '../../db/rows.ts';
import { buildApp } from '../../app.ts';
import { SESSION_COOKIE } from '../../http/authenticate.ts';
import { sha256 } from './secrets.ts';
import { totpCode } from './totp.ts';

/**
 * Sign-in, sessions, second factor, API tokens, grants, sensitive fields and the audit trail
 * under bad input and abuse. Every refusal is a clear problem (400/401/403/404/429) and changes
 * nothing: the relevant rows are compared before and after.
 */

let db: Awaited<ReturnType<typeof openTestDatabase>>;
let app: FastifyInstance;

beforeAll(async () => {
  db = await openTestDatabase();
  app = await buildApp({ db, logLevel: 'silent' });
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

const PASSWORD = 'correct horse battery staple';

// Sign-in is limited per address: each test signs in from addresses of its own.
let addresses = 0;
const nextAddress = () => { addresses += 1; return `10.7.${Math.floor(addresses / 250)}.${(addresses % 250) + 1}`; };

type Session = { cookie: string; csrf: string; token: string };

function signIn(username: string, password: string, o: { address?: string; totpCode?: string } = {}) {
  return app.inject({
    method: 'POST', url: '/api/v1/auth/sign-in', remoteAddress: o.address ?? nextAddress(),
    headers: { 'accept-language': 'en' },
    payload: { username, password, ...(o.totpCode ? { totpCode: o.totpCode } : {}) },
  });
}

function sessionFrom(res: LightMyRequestResponse): Session {
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  expect(cookie).toBeDefined();
  const token = (cookie as { value: string }).value;
  return { cookie: `${SESSION_COOKIE}=${token}`, csrf: res.json().csrfToken as string, token };
}

async function signedIn(username: string, password = PASSWORD): Promise<Session> {
  return sessionFrom(await signIn(username, password));
}

/** A request with a session cookie; writes carry the CSRF token unless `csrf` says otherwise. */
function withSession(s: Session, o: InjectOptions & { csrf?: string | null }) {
  const { csrf, ...options } = o;
  const headers: Record<string, string> = { 'accept-language': 'en', ...(options.headers as Record<string, string> ?? {}), cookie: s.cookie };
  const token = csrf === undefined ? s.csrf : csrf;
  if (token !== null) headers['x-csrf-token'] = token;
  return app.inject({ ...options, headers });
}

function withToken(token: string, o: InjectOptions) {
  return app.inject({ ...o, headers: { 'accept-language': 'en', ...(o.headers as Record<string, string> ?? {}), authorization: `Bearer ${token}` } });
}

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({ status, code });
  return body as { code: string; detail: string; errors?: { path: string; code: string }[] };
}

function expectFieldError(res: LightMyRequestResponse, path: string) {
  const body = expectProblem(res, 400, 'validation_failed');
  expect((body.errors ?? []).map((e) => e.path), res.body).toContain(path);
}

async function rows(sql: string, params: unknown[] = []) {
  return (await db.pool.query(sql, params)).rows;
}
const sessionsOf = (userId: number) => rows('SELECT * FROM sessions WHERE user_id = $1 ORDER BY id', [userId]);
const userRow = async (userId: number) => (await rows('SELECT * FROM users WHERE id = $1', [userId]))[0] as Record<string, unknown>;

/** A six-digit code that is not valid for `secret` around now. */
function wrongCode(secret: string): string {
  const valid = [-30_000, 0, 30_000].map((d) => totpCode(secret, Date.now() + d));
  return ['000000', '111111', '222222', '333333'].find((c) => !valid.includes(c)) as string;
}

describe('sign-in', () => {
  it('answers a wrong password and an unknown user alike, and opens no session', async () => {
    const tree = await makeTree(db);
    const user = await makeUserWithToken(db, { roleCode: 'observer', unitId: tree.province.id });
    const before = await rows('SELECT id FROM sessions ORDER BY id');

    const wrong = await signIn(user.username, 'not the right password');
    const unknown = await signIn(`nobody${process.pid}`, 'not the right password');
    const a = expectProblem(wrong, 401, 'auth_invalid_credentials');
    const b = expectProblem(unknown, 401, 'auth_invalid_credentials');
    expect(a.detail).toBe(b.detail);
    const strip = (r: LightMyRequestResponse) => { const { requestId: _r, ...rest } = r.json(); return rest; };
    expect(strip(wrong)).toEqual(strip(unknown));
    expect(wrong.cookies).toEqual([]);
    expect(unknown.cookies).toEqual([]);

    // Malformed sign-ins are bad input, refused before any account is looked at.
    expectFieldError(await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: user.username } }), 'password');
    expectFieldError(await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: user.username, password: PASSWORD, admin: true } }), 'admin');
    expectFieldError(await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: user.username, password: PASSWORD, totpCode: '12ab56' } }), 'totpCode');

    expect(await rows('SELECT id FROM sessions ORDER BY id')).toEqual(before);
    // Only the wrong password counted against the account.
    expect((await userRow(user.userId)).failed_attempts).toBe(1);
  });

  it('locks the account after five wrong passwords, even against the right one, until the lock time has passed', async () => {
    const tree = await makeTree(db);
    const user = await makeUserWithToken(db, { roleCode: 'observer', unitId: tree.province.id });
    const address = nextAddress();
    for (let i = 1; i <= 4; i += 1) expectProblem(await signIn(user.username, `wrong ${i} password`, { address }), 401, 'auth_invalid_credentials');
    const fifth = expectProblem(await signIn(user.username, 'wrong 5 password', { address }), 429, 'auth_locked');
    expect(fifth.detail).toContain('15 minutes');
    const right = await signIn(user.username, PASSWORD, { address });
    expectProblem(right, 429, 'auth_locked');
    expect(right.cookies).toEqual([]);
    expect(await sessionsOf(user.userId)).toEqual([]);
    const locked = await userRow(user.userId);
    expect(locked.failed_attempts).toBe(5);
    expect((locked.locked_until as Date).getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);

    // The lock time has passed.
    await db.pool.query(`UPDATE users SET locked_until = now() - interval '1 second' WHERE id = $1`, [user.userId]);
    const after = await signIn(user.username, PASSWORD, { address });
    sessionFrom(after);
    const cleared = await userRow(user.userId);
    expect(cleared.failed_attempts).toBe(0);
    expect(cleared.locked_until).toBeNull();
  });

  it('limits sign-in attempts per address: the eleventh within a minute is refused', async () => {
    const tree = await makeTree(db);
    const user = await makeUserWithToken(db, { roleCode: 'observer', unitId: tree.province.id });
    const address = nextAddress();
    for (let i = 0; i < 10; i += 1) expectProblem(await signIn(`ghost${i}x${process.pid}`, 'whatever it is', { address }), 401, 'auth_invalid_credentials');
    const eleventh = await signIn(user.username, PASSWORD, { address });
    expectProblem(eleventh, 429, 'rate_limited');
    expect(eleventh.cookies).toEqual([]);
    expect(await sessionsOf(user.userId)).toEqual([]);
    expect((await userRow(user.userId)).failed_attempts).toBe(0);
    // Another address is not affected.
    sessionFrom(await signIn(user.username, PASSWORD));
  });

  it('sets an httpOnly SameSite=Strict cookie that /auth/me accepts, answering with the CSRF token', async () => {
    const tree = await makeTree(db);
    const user = await makeUserWithToken(db, { roleCode: 'observer', unitId: tree.province.id });
    const res = await signIn(user.username, PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE) as { httpOnly?: boolean; sameSite?: string; path?: string; value: string };
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite?.toLowerCase()).toBe('strict');
    expect(cookie.path).toBe('/');
    // Only a hash of the cookie value is stored.
    const stored = await sessionsOf(user.userId);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.id).toBe(sha256(cookie.value));
    expect(JSON.stringify(stored)).not.toContain(cookie.value);

    const session = sessionFrom(res);
    const me = await withSession(session, { url: '/api/v1/auth/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: user.userId, username: user.username, stage: 'full', csrfToken: stored[0]?.csrf_token });
    expect(me.json().csrfToken).toBe(session.csrf);
    expect(me.json().permissions).toEqual(['members.read', 'statistics.read', 'units.read']);
  });

  it('refuses a cookie-authenticated write without the session’s x-csrf-token, and changes nothing', async () => {
    const tree = await makeTree(db);
    const member = await makeMember(db, tree.cellA.id);
    const user = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: tree.province.id });
    const other = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: tree.province.id });
    const session = await signedIn(user.username);
    const otherSession = await signedIn(other.username);
    const locale = { method: 'PUT' as const, url: '/api/v1/auth/me/locale', payload: { locale: 'en' } };
    const patch = { method: 'PATCH' as const, url: `/api/v1/members/${member.id}`, payload: { occupation: 'Thợ mộc' } };
    const memberBefore = await rows('SELECT * FROM members WHERE id = $1', [member.id]);

    expectProblem(await withSession(session, { ...locale, csrf: null }), 403, 'auth_csrf');
    expectProblem(await withSession(session, { ...locale, csrf: 'forged' }), 403, 'auth_csrf');
    expectProblem(await withSession(session, { ...locale, csrf: otherSession.csrf }), 403, 'auth_csrf');
    expectProblem(await withSession(session, { ...locale, csrf: '' }), 403, 'auth_csrf');
    expectProblem(await withSession(session, { ...patch, csrf: null }), 403, 'auth_csrf');
    expectProblem(await withSession(session, { ...patch, csrf: otherSession.csrf }), 403, 'auth_csrf');
    expect((await userRow(user.userId)).locale).toBe('vi');
    expect(await rows('SELECT * FROM members WHERE id = $1', [member.id])).toEqual(memberBefore);

    // Reads need no token; writes with it pass.
    expect((await withSession(session, { url: `/api/v1/members/${member.id}`, csrf: null })).statusCode).toBe(200);
    expect((await withSession(session, locale)).statusCode).toBe(204);
    expect((await userRow(user.userId)).locale).toBe('en');
    const patched = await withSession(session, patch);
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().occupation).toBe('Thợ mộc');
  });

  it('ends expired, idle, revoked and tampered sessions with 401', async () => {
    const tree = await makeTree(db);
    const user = await makeUserWithToken(db, { roleCode: 'observer', unitId: tree.province.id });
    const me = (s: Session | { cookie: string }) => app.inject({ url: '/api/v1/auth/me', headers: { cookie: s.cookie } });

    const expired = await signedIn(user.username);
    await db.pool.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [sha256(expired.token)]);
    expectProblem(await me(expired), 401, 'auth_required');

    const idle = await signedIn(user.username);
    await db.pool.query(`UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE id = $1`, [sha256(idle.token)]);
    expectProblem(await me(idle), 401, 'auth_required');
    // Not idle yet at 29 minutes: the request keeps it alive.
    const busy = await signedIn(user.username);
    await db.pool.query(`UPDATE sessions SET last_seen_at = now() - interval '29 minutes' WHERE id = $1`, [sha256(busy.token)]);
    expect((await me(busy)).statusCode).toBe(200);
    const touched = (await rows('SELECT last_seen_at FROM sessions WHERE id = $1', [sha256(busy.token)]))[0] as { last_seen_at: Date };
    expect(touched.last_seen_at.getTime()).toBeGreaterThan(Date.now() - 60_000);

    const revoked = await signedIn(user.username);
    const out = await withSession(revoked, { method: 'POST', url: '/api/v1/auth/sign-out' });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === SESSION_COOKIE)?.value).toBe('');
    expectProblem(await me(revoked), 401, 'auth_required');

    const live = await signedIn(user.username);
    const last = live.token.at(-1) === 'A' ? 'B' : 'A';
    expectProblem(await me({ cookie: `${SESSION_COOKIE}=${live.token.slice(0, -1)}${last}` }), 401, 'auth_required');
    expectProblem(await me({ cookie: `${SESSION_COOKIE}=${live.token}x` }), 401, 'auth_required');
    expectProblem(await me({ cookie: `${SESSION_COOKIE}=${sha256(live.token)}` }), 401, 'auth_required');
    expect((await me(live)).statusCode).toBe(200);

    // Writes with a dead session are 401, not 403: the caller is simply not signed in.
    expectProblem(await withSession(expired, { method: 'PUT', url: '/api/v1/auth/me/locale', payload: { locale: 'en' } }), 401, 'auth_required');
    expect((await userRow(user.userId)).locale).toBe('vi');
  });

  it('signs out everywhere: every session of the user ends, others’ do not', async () => {
    const tree = await makeTree(db);
    const user = await makeUserWithToken(db, { roleCode: 'observer', unitId: tree.province.id });
    const bystander = await makeUserWithToken(db, { roleCode: 'observer', unitId: tree.province.id });
    const a = await signedIn(user.username);
    const b = await signedIn(user.username);
    const c = await signedIn(bystander.username);
    expectProblem(await withSession(a, { method: 'POST', url: '/api/v1/auth/sign-out-all', csrf: null }), 403, 'auth_csrf');
    expect((await withSession(b, { url: '/api/v1/auth/me' })).statusCode).toBe(200);
    expect((await withSession(a, { method: 'POST', url: '/api/v1/auth/sign-out-all' })).statusCode).toBe(204);
    expectProblem(await withSession(a, { url: '/api/v1/auth/me' }), 401, 'auth_required');
    expectProblem(await withSession(b, { url: '/api/v1/auth/me' }), 401, 'auth_required');
    expect((await withSession(c, { url: '/api/v1/auth/me' })).statusCode).toBe(200);
    expect((await sessionsOf(user.userId)).every((s) => s.revoked_at !== null)).toBe(true);
  });
});

describe('second factor (TOTP)', () => {
  it('is set up and enabled with a code; sign-in then requires the code', async () => {
    const tree = await makeTree(db);
    const user = await makeUserWithToken(db, { roleCode: 'observer', unitId: tree.province.id });
    const session = await signedIn(user.username);
    expectProblem(await withSession(session, { method: 'POST', url: '/api/v1/auth/totp/enable', payload: { code: '123456' } }), 409, 'totp_not_started');

    const setup = await withSession(session, { method: 'POST', url: '/api/v1/auth/totp/setup' });
    expect(setup.statusCode).toBe(200);
    const { secret, uri } = setup.json() as { secret: string; uri: string };
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(uri).toContain(`secret=${secret}`);
    // Not in force until confirmed: signing in still needs only the password.
    sessionFrom(await signIn(user.username, PASSWORD));

    const wrong = await withSession(session, { method: 'POST', url: '/api/v1/auth/totp/enable', payload: { code: wrongCode(secret) } });
    expectFieldError(wrong, 'code');
    expect((await userRow(user.userId)).totp_enabled).toBe(false);
    expect((await withSession(session, { method: 'POST', url: '/api/v1/auth/totp/enable', payload: { code: totpCode(secret) } })).statusCode).toBe(204);
    expect((await userRow(user.userId)).totp_enabled).toBe(true);
    expectProblem(await withSession(session, { method: 'POST', url: '/api/v1/auth/totp/setup' }), 409, 'totp_already_enabled');
    expect((await userRow(user.userId)).totp_secret).toBe(secret);

    const sessionsBefore = await sessionsOf(user.userId);
    const address = nextAddress();
    expectProblem(await signIn(user.username, PASSWORD, { address }), 401, 'auth_totp_required');
    expectProblem(await signIn(user.username, PASSWORD, { address, totpCode: wrongCode(secret) }), 401, 'auth_totp_invalid');
    // A wrong password with a right code is still just wrong credentials.
    expectProblem(await signIn(user.username, 'not the right password', { address, totpCode: totpCode(secret) }), 401, 'auth_invalid_credentials');
    expect(await sessionsOf(user.userId)).toEqual(sessionsBefore);
    const ok = await signIn(user.username, PASSWORD, { address, totpCode: totpCode(secret) });
    expect(ok.json()).toMatchObject({ totpEnabled: true, stage: 'full' });
    expect((await userRow(user.userId)).failed_attempts).toBe(0);
  });

  it('limits the session of a role that requires it to the own account until it is enabled', async () => {
    const tree = await makeTree(db);
    const user = await makeUserWithToken(db, { roleCode: 'inspection_commission', unitId: tree.province.id });
    await db.pool.query(`UPDATE roles SET requires_totp = true WHERE code = 'inspection_commission'`);
    try {
      const res = await signIn(user.username, PASSWORD);
      const session = sessionFrom(res);
      expect(res.json().stage).toBe('totp_setup');
      const unit = { url: `/api/v1/units/${tree.cellA.id}` };
      expectProblem(await withSession(session, unit), 403, 'auth_totp_setup_required');
      expectProblem(await withSession(session, { url: '/api/v1/members' }), 403, 'auth_totp_setup_required');
      expect((await withSession(session, { url: '/api/v1/auth/me' })).statusCode).toBe(200);

      // Nor may the limited session mint an API token that would skip the second factor.
      const tokensBefore = await rows('SELECT id FROM api_tokens WHERE user_id = $1', [user.userId]);
      const minted = await withSession(session, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'bypass', permissions: ['members.read'] } });
      expectProblem(minted, 403, 'auth_totp_setup_required');
      expect(await rows('SELECT id FROM api_tokens WHERE user_id = $1', [user.userId])).toEqual(tokensBefore);

      const setup = await withSession(session, { method: 'POST', url: '/api/v1/auth/totp/setup' });
      const { secret } = setup.json() as { secret: string };
      expect((await withSession(session, { method: 'POST', url: '/api/v1/auth/totp/enable', payload: { code: totpCode(secret) } })).statusCode).toBe(204);
      // The same session is now full.
      expect((await withSession(session, unit)).statusCode).toBe(200);
      expect((await withSession(session, { url: '/api/v1/auth/me' })).json().stage).toBe('full');
      expectProblem(await signIn(user.username, PASSWORD), 401, 'auth_totp_required');
      expect((await signIn(user.username, PASSWORD, { totpCode: totpCode(secret) })).json().stage).toBe('full');
    } finally {
      await db.pool.query(`UPDATE roles SET requires_totp = false WHERE code = 'inspection_commission'`);
    }
  });

  it('does not let a temporary password’s session mint a token that skips the change', async () => {
    const tree = await makeTree(db);
    const user = await makeUserWithToken(db, { roleCode: 'observer', unitId: tree.province.id });
    await db.pool.query('UPDATE users SET must_change_password = true WHERE id = $1', [user.userId]);
    const session = await signedIn(user.username);
    expectProblem(await withSession(session, { url: '/api/v1/members' }), 403, 'auth_password_change_required');
    const minted = await withSession(session, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'bypass', permissions: ['members.read'] } });
    expectProblem(minted, 403, 'auth_password_change_required');
    expect(await rows('SELECT id FROM api_tokens WHERE user_id = $1 AND name = $2', [user.userId, 'bypass'])).toEqual([]);
  });
});

describe('API tokens', () => {
  it('carry a subset of the creator’s permissions, are shown once and stored hashed', async () => {
    const tree = await makeTree(db);
    const member = await makeMember(db, tree.cellA.id);
    const user = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: tree.province.id });
    const session = await signedIn(user.username);

    const created = await withSession(session, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'Báo cáo', permissions: ['units.read', 'statistics.read'], expiresInDays: 7 } });
    expect(created.statusCode, created.body).toBe(201);
    const { id, token, permissions } = created.json() as { id: number; token: string; permissions: string[] };
    expect(token).toMatch(/^pwt_/);
    expect(permissions.sort()).toEqual(['statistics.read', 'units.read']);
    // Shown once: listing never shows it again; the database has only its hash.
    const listed = await withSession(session, { url: '/api/v1/tokens' });
    expect(listed.body).not.toContain(token);
    expect(listed.json().map((t: { id: number }) => t.id)).toContain(id);
    const stored = await rows('SELECT * FROM api_tokens WHERE id = $1', [id]);
    expect(stored[0]?.token_hash).toBe(sha256(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(JSON.stringify(await rows('SELECT details FROM audit_log'))).not.toContain(token);

    // Within its permissions it works; beyond them it is refused, though its creator holds them.
    const uses = async () => (await rows(`SELECT id FROM audit_log WHERE action = 'token.use' AND target_id = $1`, [String(id)])).length;
    const usesBefore = await uses();
    expect((await withToken(token, { url: `/api/v1/units/${tree.cellA.id}` })).statusCode).toBe(200);
    expect((await withToken(token, { url: `/api/v1/units/${tree.cellA.id}/stats` })).statusCode).toBe(200);
    expectProblem(await withToken(token, { url: '/api/v1/members' }), 403, 'forbidden');
    expectProblem(await withToken(token, { url: `/api/v1/members/${member.id}` }), 403, 'forbidden');
    const memberBefore = await rows('SELECT * FROM members WHERE id = $1', [member.id]);
    expectProblem(await withToken(token, { method: 'PATCH', url: `/api/v1/members/${member.id}`, payload: { occupation: 'X' } }), 403, 'forbidden');
    expect(await rows('SELECT * FROM members WHERE id = $1', [member.id])).toEqual(memberBefore);
    // Every use, allowed or not, leaves a trace.
    expect(await uses()).toBe(usesBefore + 5);
    const trace = await rows(`SELECT actor_id, actor_label FROM audit_log WHERE action = 'token.use' AND target_id = $1 ORDER BY id DESC LIMIT 1`, [String(id)]);
    expect(trace[0]).toMatchObject({ actor_label: `${user.username} (token ${id})` });
    expect(Number(trace[0]?.actor_id)).toBe(user.userId);
    expect((await rows('SELECT last_used_at FROM api_tokens WHERE id = $1', [id]))[0]?.last_used_at).not.toBeNull();

    const observer = await makeUserWithToken(db, { roleCode: 'observer', unitId: tree.province.id });
    const observerSession = await signedIn(observer.username);
    const tokensBefore = await rows('SELECT id FROM api_tokens ORDER BY id');
    // A token cannot create tokens, even with permissions it carries.
    expectProblem(await withToken(token, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'child', permissions: ['units.read'] } }), 403, 'session_required');
    // Nor manage the account that created it.
    expectProblem(await withToken(token, { method: 'POST', url: '/api/v1/auth/totp/setup' }), 403, 'session_required');
    // Nobody gets a token with permissions they do not hold.
    const exceed = await withSession(observerSession, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'more', permissions: ['units.read', 'members.write'] } });
    expect(expectProblem(exceed, 403, 'token_permissions_exceed').detail).toContain('members.write');
    expectFieldError(await withSession(observerSession, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'odd', permissions: ['root'] } }), 'permissions.0');
    expect(await rows('SELECT id FROM api_tokens ORDER BY id')).toEqual(tokensBefore);
  });

  it('stop working when revoked or expired, and only their owner revokes them', async () => {
    const tree = await makeTree(db);
    const user = await makeUserWithToken(db, { roleCode: 'observer', unitId: tree.province.id });
    const stranger = await makeUserWithToken(db, { roleCode: 'observer', unitId: tree.province.id });
    const session = await signedIn(user.username);
    const strangerSession = await signedIn(stranger.username);
    const make = async (name: string) => (await withSession(session, { method: 'POST', url: '/api/v1/tokens', payload: { name, permissions: ['units.read'] } })).json() as { id: number; token: string };
    const unit = { url: `/api/v1/units/${tree.province.id}` };

    const revoked = await make('to revoke');
    expect((await withToken(revoked.token, unit)).statusCode).toBe(200);
    expectProblem(await withSession(strangerSession, { method: 'DELETE', url: `/api/v1/tokens/${revoked.id}` }), 404, 'not_found');
    expect((await withToken(revoked.token, unit)).statusCode).toBe(200);
    expect((await withSession(session, { method: 'DELETE', url: `/api/v1/tokens/${revoked.id}` })).statusCode).toBe(204);
    expectProblem(await withToken(revoked.token, unit), 401, 'auth_token_invalid');

    const expired = await make('to expire');
    await db.pool.query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [expired.id]);
    expectProblem(await withToken(expired.token, unit), 401, 'auth_token_invalid');

    expectProblem(await withToken(`pwt_${'x'.repeat(43)}`, unit), 401, 'auth_token_invalid');
    expectProblem(await app.inject({ ...unit, headers: { authorization: 'Basic abc' } }), 401, 'auth_required');
    // A refused token is not used: no trace of a use.
    expect(await rows(`SELECT id FROM audit_log WHERE action = 'token.use' AND target_id = ANY($1)`, [[String(expired.id)]])).toEqual([]);
  });
});

describe('grants', () => {
  const grantCount = async () => (await rows('SELECT id FROM grants ORDER BY id')).length;

  it('refuse a unit that does not exist, naming the field, and change nothing', async () => {
    const tree = await makeTree(db);
    const admin = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: tree.province.id });
    const target = await makeUserWithToken(db, { roleCode: 'observer', unitId: tree.cellA.id });
    const session = await signedIn(admin.username);
    const grants = await grantCount();
    const users = await rows('SELECT id FROM users ORDER BY id');

    expectFieldError(await withSession(session, {
      method: 'POST', url: `/api/v1/users/${target.userId}/grants`, payload: { roleCode: 'observer', unitId: 999_999_999 },
    }), 'grant.unitId');
    expectFieldError(await withSession(session, {
      method: 'POST', url: '/api/v1/users',
      payload: { username: `ghostgrant${process.pid}`, displayName: 'Không có đơn vị', password: PASSWORD, grant: { roleCode: 'observer', unitId: 999_999_999 } },
    }), 'grant.unitId');
    expectFieldError(await withSession(session, {
      method: 'POST', url: `/api/v1/users/${target.userId}/grants`, payload: { roleCode: 'no_such_role', unitId: tree.cellA.id },
    }), 'grant.roleCode');
    expectProblem(await withSession(session, {
      method: 'POST', url: '/api/v1/users/999999999/grants', payload: { roleCode: 'observer', unitId: tree.cellA.id },
    }), 404, 'not_found');
    expect(await grantCount()).toBe(grants);
    expect(await rows('SELECT id FROM users ORDER BY id')).toEqual(users);
  });

  it('refuse a role above the granter’s own, and change nothing', async () => {
    const tree = await makeTree(db);
    const target = await makeUserWithToken(db, { roleCode: 'observer', unitId: tree.cellC.id });
    // Also at cell A, so that the board holding cell A alone can see (and so give roles to) this user.
    await db.pool.query(`INSERT INTO grants (user_id, role_code, unit_id, include_subtree) VALUES ($1, 'observer', $2, false)`, [target.userId, tree.cellA.id]);
    const secretary = await makeUserWithToken(db, { roleCode: 'cell_secretary', unitId: tree.cellA.id, includeSubtree: false });
    const communeBoard = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: tree.commune.id });
    const cellBoard = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: tree.cellA.id, includeSubtree: false });
    const grants = await grantCount();
    const grant = (s: Session, userId: number, body: object) =>
      withSession(s, { method: 'POST', url: `/api/v1/users/${userId}/grants`, payload: body });

    // A cell secretary administers no users at all.
    const secretarySession = await signedIn(secretary.username);
    expectProblem(await grant(secretarySession, target.userId, { roleCode: 'organization_board', unitId: tree.cellA.id }), 403, 'forbidden');

    // The board of a commune cannot give a role carrying more than its own, even inside the commune…
    const communeSession = await signedIn(communeBoard.username);
    expectProblem(await grant(communeSession, target.userId, { roleCode: 'system_admin', unitId: tree.cellC.id }), 403, 'grant_above_own');
    expectProblem(await grant(communeSession, target.userId, { roleCode: 'inspection_commission', unitId: tree.commune.id }), 403, 'grant_above_own');
    // …and the province above it is out of its reach: refused like a unit that does not exist.
    expectFieldError(await grant(communeSession, target.userId, { roleCode: 'observer', unitId: tree.province.id }), 'grant.unitId');
    expectFieldError(await grant(communeSession, target.userId, { roleCode: 'organization_board', unitId: tree.province.id }), 'grant.unitId');

    // A board holding a cell alone cannot give that cell with everything below it.
    const cellSession = await signedIn(cellBoard.username);
    expectProblem(await grant(cellSession, target.userId, { roleCode: 'observer', unitId: tree.cellA.id, includeSubtree: true }), 403, 'grant_above_own');
    expect(await grantCount()).toBe(grants);

    // Within its own permissions and reach it may.
    const ok = await grant(cellSession, target.userId, { roleCode: 'observer', unitId: tree.cellA.id, includeSubtree: false });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(await grantCount()).toBe(grants + 1);
  });

  it('do not let an administrator take over, by resetting the password, an account holding more than they do', async () => {
    const tree = await makeTree(db);
    const communeBoard = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: tree.commune.id });
    const session = await signedIn(communeBoard.username);
    // A whole-tree administrator who also holds a plain role in the commune is visible to its board…
    const root = await makeUserWithToken(db, { roleCode: 'system_admin', unitId: null });
    await db.pool.query(`INSERT INTO grants (user_id, role_code, unit_id) VALUES ($1, 'observer', $2)`, [root.userId, tree.cellC.id]);
    // …as is a province board member with a grant in the commune.
    const provinceBoard = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: tree.province.id });
    await db.pool.query(`INSERT INTO grants (user_id, role_code, unit_id) VALUES ($1, 'observer', $2)`, [provinceBoard.userId, tree.cellC.id]);
    const peer = await makeUserWithToken(db, { roleCode: 'cell_secretary', unitId: tree.cellC.id });

    for (const victim of [root, provinceBoard]) {
      expect((await withSession(session, { url: `/api/v1/users/${victim.userId}` })).statusCode).toBe(200);
      const before = await userRow(victim.userId);
      const liveSession = await signedIn(victim.username);
      const reset = await withSession(session, { method: 'POST', url: `/api/v1/users/${victim.userId}/password`, payload: { password: 'the attacker knows this' } });
      expectProblem(reset, 403, 'grant_above_own');
      expect(await userRow(victim.userId)).toEqual(before);
      expect((await withSession(liveSession, { url: '/api/v1/auth/me' })).statusCode).toBe(200);
      expectProblem(await signIn(victim.username, 'the attacker knows this'), 401, 'auth_invalid_credentials');
    }
    // Over a user whose every grant it could give, the reset works and ends the user's sessions.
    const peerSession = await signedIn(peer.username);
    expect((await withSession(session, { method: 'POST', url: `/api/v1/users/${peer.userId}/password`, payload: { password: 'a temporary pass phrase' } })).statusCode).toBe(204);
    expectProblem(await withSession(peerSession, { url: '/api/v1/auth/me' }), 401, 'auth_required');
    expect((await userRow(peer.userId)).must_change_password).toBe(true);
  });

  it('revoke takes effect on the very next request', async () => {
    const tree = await makeTree(db);
    const admin = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: tree.province.id });
    const target = await makeUserWithToken(db, { roleCode: 'observer', unitId: tree.cellA.id });
    const adminSession = await signedIn(admin.username);
    const targetSession = await signedIn(target.username);
    const unit = { url: `/api/v1/units/${tree.cellA.id}` };
    expect((await withSession(targetSession, unit)).statusCode).toBe(200);
    expect((await app.inject({ ...unit, headers: { authorization: `Bearer ${target.token}` } })).statusCode).toBe(200);

    const user = (await withSession(adminSession, { url: `/api/v1/users/${target.userId}` })).json() as { grants: { id: number }[] };
    const grantId = user.grants[0]?.id as number;
    const path = `/api/v1/users/${target.userId}/grants/${grantId}`;
    expectProblem(await withSession(adminSession, { method: 'DELETE', url: path, csrf: null }), 403, 'auth_csrf');
    expect((await withSession(targetSession, unit)).statusCode).toBe(200);
    expect((await withSession(adminSession, { method: 'DELETE', url: path })).statusCode).toBe(204);

    expectProblem(await withSession(targetSession, unit), 403, 'forbidden');
    expectProblem(await app.inject({ ...unit, headers: { authorization: `Bearer ${target.token}` } }), 403, 'forbidden');
    expect((await withSession(targetSession, { url: '/api/v1/auth/me' })).json().grants).toEqual([]);
    // Gone for good: a second revoke finds nothing.
    expectProblem(await withSession(adminSession, { method: 'DELETE', url: path }), 404, 'not_found');
  });
});

describe('sensitive member fields', () => {
  const SENSITIVE = ['citizenId', 'phone', 'residence', 'religion'];
  const sensitiveReads = async (memberId: number) =>
    (await rows(`SELECT actor_id FROM audit_log WHERE action = 'member.read_sensitive' AND target_id = $1`, [String(memberId)])).length;

  it('are masked for an observer, shown to the organization board, and every showing is recorded', async () => {
    const tree = await makeTree(db);
    const member = await makeMember(db, tree.cellA.id, { phone: '0912 345 678', residence: 'Thôn Đông, xã Đông Hòa', religion: 'buddhism' });
    const observer = await makeUserWithToken(db, { roleCode: 'observer', unitId: tree.province.id });
    const board = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: tree.province.id });
    const url = `/api/v1/members/${member.id}`;

    const masked = await withSession(await signedIn(observer.username), { url });
    expect(masked.statusCode).toBe(200);
    const m = masked.json();
    for (const f of SENSITIVE) expect(m[f], f).toBeNull();
    expect([...m.maskedFields].sort()).toEqual([...SENSITIVE].sort());
    expect(masked.body).not.toContain('0912 345 678');
    expect(masked.body).not.toContain(member.citizenId as string);
    expect(await sensitiveReads(member.id)).toBe(0);

    const shown = await withSession(await signedIn(board.username), { url });
    expect(shown.json()).toMatchObject({
      citizenId: member.citizenId, phone: '0912 345 678', residence: 'Thôn Đông, xã Đông Hòa', religion: 'buddhism', maskedFields: [],
    });
    expect(await sensitiveReads(member.id)).toBe(1);
    await withSession(await signedIn(board.username), { url });
    expect(await sensitiveReads(member.id)).toBe(2);
    const row = (await rows(`SELECT actor_id FROM audit_log WHERE action = 'member.read_sensitive' AND target_id = $1 ORDER BY id DESC LIMIT 1`, [String(member.id)]))[0];
    expect(Number(row?.actor_id)).toBe(board.userId);

    // A token without members.read_sensitive sees the record masked, though its creator holds it.
    const token = (await withSession(await signedIn(board.username), {
      method: 'POST', url: '/api/v1/tokens', payload: { name: 'plain', permissions: ['members.read'] },
    })).json().token as string;
    const viaToken = await withToken(token, { url });
    expect(viaToken.json().maskedFields.sort()).toEqual([...SENSITIVE].sort());
    expect(await sensitiveReads(member.id)).toBe(2);
  });

  it('cannot be found by searching without members.read_sensitive', async () => {
    const tree = await makeTree(db);
    const member = await makeMember(db, tree.cellA.id, { fullName: 'Đỗ Thị Kín' });
    const citizenId = member.citizenId as string;
    const observer = await makeUserWithToken(db, { roleCode: 'observer', unitId: tree.province.id });
    const board = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: tree.province.id });
    const search = async (s: Session, q: string) =>
      ((await withSession(s, { url: `/api/v1/members?unit=${tree.province.id}&q=${q}` })).json().items as { id: number }[]).map((i) => i.id);

    const boardSession = await signedIn(board.username);
    expect(await search(boardSession, citizenId)).toEqual([member.id]);
    expect(await search(boardSession, citizenId.slice(0, 6))).toContain(member.id);
    // Otherwise the search would confirm a masked citizen ID, or spell it out digit by digit.
    const observerSession = await signedIn(observer.username);
    expect(await search(observerSession, citizenId)).toEqual([]);
    expect(await search(observerSession, citizenId.slice(0, 6))).toEqual([]);
    // The name still finds the member.
    expect(await search(observerSession, encodeURIComponent('do thi kin'))).toEqual([member.id]);
  });
});

describe('the audit trail', () => {
  it('shows the writes to a member within the caller’s reach, and nothing outside it', async () => {
    const tree = await makeTree(db);
    const other = await makeTree(db);
    const board = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: tree.province.id });
    const otherBoard = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: other.province.id });
    const commission = await makeUserWithToken(db, { roleCode: 'inspection_commission', unitId: tree.commune.id });
    const session = await signedIn(board.username);
    const otherSession = await signedIn(otherBoard.username);

    const write = async (s: Session, unitId: number) => {
      const created = await withSession(s, { method: 'POST', url: '/api/v1/members', payload: memberInput(unitId) });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as number;
      expect((await withSession(s, { method: 'PATCH', url: `/api/v1/members/${id}`, payload: { occupation: 'Giáo viên' } })).statusCode).toBe(200);
      expect((await withSession(s, { method: 'POST', url: `/api/v1/members/${id}/events`, payload: { kind: 'died', effectiveOn: today() } })).statusCode).toBe(201);
      return id;
    };
    const mine = await write(session, tree.cellA.id);
    const theirs = await write(otherSession, other.cellA.id);
    const trail = async (s: Session, id: number) => {
      const res = await withSession(s, { url: `/api/v1/audit?targetType=member&targetId=${id}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items as { action: string; targetId: string; actorId: number }[];
    };

    const own = await trail(session, mine);
    expect(own.map((r) => r.action)).toEqual(['member.died', 'member.update', 'member.create']);
    expect(own.every((r) => r.targetId === String(mine) && r.actorId === board.userId)).toBe(true);
    expect(await trail(session, theirs)).toEqual([]);
    expect((await trail(otherSession, theirs)).map((r) => r.action)).toEqual(['member.died', 'member.update', 'member.create']);
    expect(await trail(otherSession, mine)).toEqual([]);
    // Unfiltered, the other tree's members do not appear either.
    const all = (await withSession(session, { url: '/api/v1/audit?limit=200' })).json().items as { targetType: string; targetId: string }[];
    expect(all.some((r) => r.targetType === 'member' && r.targetId === String(theirs))).toBe(false);
    // The inspection commission of the commune does not reach cell A (under the bloc).
    expect(await trail(await signedIn(commission.username), mine)).toEqual([]);
    // Without audit.read, no trail at all.
    const observer = await makeUserWithToken(db, { roleCode: 'observer', unitId: tree.province.id });
    expectProblem(await withSession(await signedIn(observer.username), { url: `/api/v1/audit?targetType=member&targetId=${mine}` }), 403, 'forbidden');
  });
});

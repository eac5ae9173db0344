import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { openTestDatabase } from '../../test/db.ts';
import { makeUserWithToken } from '../../test/app.ts';
import { candidateInput, makeCandidate, makeMember, makeTree, makeUnit, memberInput } from '../../test/factories.ts';
import { PERMISSIONS } from '../shared/permissions.ts';
import { buildApp } from './app.ts';
import { today } from './db/rows.ts';
import { SESSION_COOKIE } from './http/authenticate.ts';
import { SYSTEM_ACTOR } from './modules/access/actor.ts';
import { findUserById, insertApiToken } from './modules/auth/auth.repository.ts';
import { DEFAULT_AUTH_SETTINGS, openSession } from './modules/auth/auth.service.ts';
import { randomSecret, sha256 } from './modules/auth/secrets.ts';
import { totpCode } from './modules/auth/totp.ts';
import { insertChangeRequest } from './modules/change-requests/change-requests.repository.ts';
import { recordMemberEvent } from './modules/members/membership.service.ts';
import { createUnitType } from './modules/unit-types/unit-types.service.ts';

/**
 * The access matrix, generated from the route table: every route × every role in the `roles`
 * table × {target inside the caller's reach, target in another tree, no credentials}.
 *
 * The route table comes from an `onRoute` hook added to every Fastify instance the moment it is
 * created (below), so it sees every route buildApp registers, in any plugin. A route under
 * /api/v1 without a declared permission fails the first test. Expectations come from the
 * route's declared permission and the role's permissions as stored in the database:
 *
 * - public: never 401/403, with or without credentials;
 * - authenticated: 401 without credentials, never 401/403 for a signed-in user;
 * - a permission: 401 without credentials; 403 `forbidden` when the role does not carry it;
 *   otherwise, with a target in reach, neither 401/403 nor 404 (and the success code when the
 *   probe sends a valid body), and with a target in the second tree 404 (or the documented
 *   400 on the referencing field, for an id in a body).
 *
 * Signed-in callers use a real session (cookie and x-csrf-token), as a browser does.
 */

type RecordedRoute = { method: string | string[]; url: string; config?: { permission?: string } };

const routeTables = vi.hoisted(() => new Map<object, RecordedRoute[]>());

vi.mock('fastify', async (importOriginal) => {
  const mod = await importOriginal<typeof import('fastify')>();
  const original = mod.default as unknown as (...args: unknown[]) => FastifyInstance;
  const recording = (...args: unknown[]) => {
    const instance = original(...args);
    const routes: RecordedRoute[] = [];
    routeTables.set(instance, routes);
    // Keeps the options object itself: later onRoute hooks (the documentation's) may still set
    // its config, and that final config is what the authentication hook reads.
    instance.addHook('onRoute', (route) => { routes.push(route as unknown as RecordedRoute); });
    return instance;
  };
  return { ...mod, default: recording, fastify: recording };
});

type Route = { method: string; url: string; permission: string | undefined };

/** Every route of an app built by buildApp, with the permission it declares. */
function routeTable(app: FastifyInstance): Route[] {
  const recorded = routeTables.get(app);
  if (!recorded) throw new Error('the app was not created through the recording Fastify factory');
  return recorded.flatMap((r) => (Array.isArray(r.method) ? r.method : [r.method]).map((method) => ({
    method: method.toUpperCase(), url: r.url, permission: r.config?.permission,
  })));
}

const DECLARABLE = new Set<string>(['public', 'authenticated', 'session', ...PERMISSIONS]);
/** Routes any signed-in person may call (their own account); the matrix signs in with sessions. */
const OPEN_TO_ANY = new Set(['public', 'authenticated', 'session']);

/** Routes under /api/v1 that declare no permission, or one that does not exist. */
function undeclared(routes: Route[]): string[] {
  return routes
    .filter((r) => r.url.startsWith('/api/v1') && !DECLARABLE.has(r.permission ?? ''))
    .map((r) => `${r.method} ${r.url} (${r.permission ?? 'no permission'})`);
}

let db: Awaited<ReturnType<typeof openTestDatabase>>;
let app: FastifyInstance;
let routes: Route[];

type Tree = Awaited<ReturnType<typeof makeTree>>;
type Session = { cookie: string; csrf: string };
type Role = { code: string; permissions: string[] };
type Caller = { role: Role; userId: number; username: string; password: string; session: Session };

let t1: Tree;
let t2: Tree;
const members = {} as Record<'a1' | 'b1' | 'self' | 'a2', { id: number }>;
const candidates = {} as Record<'a1' | 'a2', { id: number }>;
const callers = new Map<string, Caller>();
let targetIn: Awaited<ReturnType<typeof makeUserWithToken>>;
let grantee: Awaited<ReturnType<typeof makeUserWithToken>>;
let targetOut: Awaited<ReturnType<typeof makeUserWithToken>>;
let targetOutGrant: number;
let outsideRequest: number;
let outsideToken: number;
let sequence = 0;
const unique = (prefix: string) => `${prefix}${process.pid}x${++sequence}`;

async function openSessionFor(userId: number): Promise<Session> {
  const user = await findUserById(db.pool, userId);
  if (!user) throw new Error(`no user ${userId}`);
  const s = await db.transaction((sql) => openSession(sql, {
    user, totpRequired: false, meta: { ip: '127.0.0.1', userAgent: 'access-matrix', requestId: null },
    settings: DEFAULT_AUTH_SETTINGS, method: 'password',
  }));
  return { cookie: `${SESSION_COOKIE}=${s.token}`, csrf: s.csrfToken };
}

const sessionHeaders = (s: Session) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });

/** Where each role is granted: the province of tree 1, or cell A itself for cell-level roles. */
function placement(code: string) {
  if (code === 'cell_secretary' || code === 'member') return { unitId: t1.cellA.id, includeSubtree: false };
  return { unitId: t1.province.id, includeSubtree: true };
}

beforeAll(async () => {
  db = await openTestDatabase();
  app = await buildApp({ db, logLevel: 'silent' });
  await app.ready();
  routes = routeTable(app);

  t1 = await makeTree(db);
  t2 = await makeTree(db);
  members.a1 = await makeMember(db, t1.cellA.id, { phone: '0912 345 678', residence: 'Thôn Đông' });
  members.b1 = await makeMember(db, t1.cellB.id, { fullName: 'Trần Thị Bình', gender: 'female' });
  members.self = await makeMember(db, t1.cellA.id, { fullName: 'Lê Văn Tự' });
  members.a2 = await makeMember(db, t2.cellA.id, { fullName: 'Phạm Văn Xa' });
  candidates.a1 = await makeCandidate(db, t1.cellA.id);
  candidates.a2 = await makeCandidate(db, t2.cellA.id, { fullName: 'Phạm Thị Ngoài' });

  const { rows: roles } = await db.pool.query<Role>('SELECT code, permissions FROM roles ORDER BY rank');
  for (const role of roles) {
    const user = await makeUserWithToken(db, { roleCode: role.code, ...placement(role.code) });
    if (role.code === 'member') await db.pool.query('UPDATE users SET member_id = $2 WHERE id = $1', [user.userId, members.self.id]);
    callers.set(role.code, { role, ...user, session: await openSessionFor(user.userId) });
  }

  targetIn = await makeUserWithToken(db, { roleCode: 'observer', unitId: t1.cellA.id });
  // Receives every role the probes grant; targetIn keeps a plain role anyone with users.admin may manage.
  grantee = await makeUserWithToken(db, { roleCode: 'observer', unitId: t1.cellA.id });
  targetOut = await makeUserWithToken(db, { roleCode: 'observer', unitId: t2.cellA.id });
  const { rows: outGrants } = await db.pool.query<{ id: number }>('SELECT id FROM grants WHERE user_id = $1', [targetOut.userId]);
  targetOutGrant = (outGrants[0] as { id: number }).id;
  outsideRequest = await insertChangeRequest(db.pool, { memberId: members.a2.id, userId: targetOut.userId, changes: { occupation: 'Ngoài' }, note: null });
  outsideToken = (await insertApiToken(db.pool, {
    userId: targetOut.userId, name: 'outside', tokenHash: sha256(randomSecret('pwt_')), permissions: ['units.read'],
    expiresAt: new Date(Date.now() + 86_400_000),
  })).id;
  await createUnitType({ db, actor: SYSTEM_ACTOR, code: 'matrix_put', input: unitTypeDefinition() });
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

function unitTypeDefinition() {
  return {
    names: { vi: 'Loại thử', en: 'Test type', ru: 'Тестовый тип', ar: 'نوع تجريبي', fa: 'نوع آزمایشی' },
    allowedChildTypes: [], hasCommittee: false, holdsMembers: false, rootAllowed: false, rank: 60,
    validFrom: '1930-02-03', validTo: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Probes: for each route, a request whose target lies inside the caller's reach, and (for a
// route that takes a unit, member, user, grant, request or token) one whose target lies in the
// second tree. Writes that would change the shared tree get a fresh target of their own.

type Probe = { url: string; payload?: InjectOptions['payload']; headers?: Record<string, string> };
type Outcome = (res: LightMyRequestResponse) => string | null;
type Spec = {
  inside: (c: Caller) => Probe | Promise<Probe>;
  /** The status expected in reach (GET defaults to 200). */
  status?: number;
  /** Extra check of an in-reach answer. */
  check?: Outcome;
  outside?: (c: Caller) => Probe | Promise<Probe>;
  /** The answer expected with the target outside the reach; default 404 `not_found`. */
  outsideExpect?: Outcome;
  /** Run on a session of its own (the probe ends it). */
  ownSession?: true;
  /** The probe ends every session of the caller: open a new one afterwards. */
  endsSessions?: true;
};

const problem = (res: LightMyRequestResponse): { code?: string; errors?: { path: string }[] } => {
  try { return res.json(); } catch { return {}; }
};
const expectStatus = (status: number, code?: string): Outcome => (res) =>
  res.statusCode === status && (code === undefined || problem(res).code === code)
    ? null : `expected ${status}${code ? ` ${code}` : ''}`;
const expectFieldError = (path: string): Outcome => (res) =>
  res.statusCode === 400 && (problem(res).errors ?? []).some((e) => e.path === path)
    ? null : `expected 400 naming ${path}`;
const expectEmptyAudit: Outcome = (res) =>
  res.statusCode === 200 && (res.json().items as unknown[]).length === 0
    ? null : 'expected 200 with no rows';

/**
 * A fresh member of a tree's cell `from` with a transfer letter to its cell `to`, already in
 * `state` (a temporary one received on its letter's day).
 */
async function freshTransfer(tree: Tree, state: 'awaiting_forward' | 'in_transit' | 'received', o: { from?: 'cellA' | 'cellB'; kind?: 'official' | 'temporary' } = {}) {
  const [from, to] = o.from === 'cellB' ? [tree.cellB, tree.cellA] : [tree.cellA, tree.cellB];
  const member = await makeMember(db, from.id, { fullName: 'Đỗ Văn Chuyển' });
  const { rows } = await db.pool.query<{ id: number }>(
    `INSERT INTO member_transfers (member_id, member_status, kind, purpose, from_unit_id, to_unit_id, via_unit_id, letter_no, letter_date,
       expected_return, state, received_on)
     VALUES ($1, 'official', $2, 'work', $3, $4, $5, '1-GGT', '2025-01-02', $6, $7, $8) RETURNING id`,
    [member.id, o.kind ?? 'official', from.id, to.id, tree.bloc.id, o.kind === 'temporary' ? '2025-09-01' : null, state,
      state === 'received' ? '2025-01-02' : null]);
  return (rows[0] as { id: number }).id;
}

const freshCell = () => makeUnit(db, { typeCode: 'grassroots_cell', parentId: t1.bloc.id });
const freshMember = () => makeMember(db, t1.cellA.id, { fullName: 'Hoàng Văn Mới' });

/** A well-formed TOTP code that is not valid now for the user's pending secret. */
async function wrongTotpCode(userId: number): Promise<string> {
  const { rows } = await db.pool.query<{ secret: string | null }>('SELECT totp_secret AS secret FROM users WHERE id = $1', [userId]);
  const secret = rows[0]?.secret;
  const valid = secret ? [-30_000, 0, 30_000].map((d) => totpCode(secret, Date.now() + d)) : [];
  return ['000000', '111111', '222222', '333333'].find((c) => !valid.includes(c)) as string;
}

/** An import of `userId`'s, already checked (its file is gone: only the record is probed). */
async function importOf(userId: number) {
  const { rows } = await db.pool.query<{ id: number }>(
    `INSERT INTO import_jobs (kind, unit_id, file_name, file_key, file_bytes, format, header, header_row, state, created_by)
     VALUES ('members', $1, 'probe.csv', 'none', 0, 'csv', '["A"]', 1, 'checked', $2) RETURNING id`, [t1.cellA.id, userId]);
  return (rows[0] as { id: number }).id;
}

/** A draft restructure plan for a unit, with `operations`. */
async function planFor(unitId: number, operations: unknown[] = []) {
  const { rows } = await db.pool.query<{ id: number }>(
    `INSERT INTO restructure_plans (unit_id, title, effective_on, operations) VALUES ($1, 'Thử', $2, $3) RETURNING id`,
    [unitId, today(), JSON.stringify(operations)]);
  return (rows[0] as { id: number }).id;
}

async function mappingOf(userId: number) {
  const { rows } = await db.pool.query<{ id: number }>(
    `INSERT INTO import_mappings (kind, name, mapping, created_by) VALUES ('members', $1, '{"A": "citizenId"}', $2) RETURNING id`,
    [unique('map'), userId]);
  return (rows[0] as { id: number }).id;
}

/** An open case of the province of `tree`, covering its bloc (owner rights: no request's reach involved). */
async function caseFor(tree: Tree, o: { concluded?: boolean } = {}) {
  const { rows } = await db.pool.query<{ id: number }>(
    `INSERT INTO inspection_cases (unit_id, unit_path, body, kind, title, decision_no, opened_on, lead, due_on, status, concluded_on, conclusion_no)
     SELECT $1, path, 'inspection_commission', 'regular_supervision', 'Thử', '1-QĐ/UBKT', '2025-03-03', 'Trưởng đoàn', '2025-04-30',
            $2, $3, $4 FROM unit_versions WHERE unit_id = $1 AND valid_to = 'infinity' RETURNING id`,
    [tree.province.id, o.concluded ? 'concluded' : 'open', o.concluded ? '2025-04-20' : null, o.concluded ? '2-TB/UBKT' : null]);
  const id = (rows[0] as { id: number }).id;
  const { rows: subjects } = await db.pool.query<{ id: number }>(
    `INSERT INTO inspection_subjects (case_id, subject_type, unit_id, subject_path, subject_name, added_on)
     SELECT $1, 'unit', unit_id, path, 'Khối', '2025-03-03' FROM unit_versions WHERE unit_id = $2 AND valid_to = 'infinity' RETURNING id`, [id, tree.bloc.id]);
  return { id, subjectId: (subjects[0] as { id: number }).id };
}

/** The year's program of the province of `tree` (one per unit, body and year: the same one each time). */
async function programFor(tree: Tree) {
  const { rows } = await db.pool.query<{ id: number }>(
    `INSERT INTO inspection_programs (unit_id, unit_path, body, year, title) SELECT unit_id, path, 'inspection_commission', 2025, 'Chương trình'
     FROM unit_versions WHERE unit_id = $1 AND valid_to = 'infinity' ON CONFLICT (unit_id, body, year) DO UPDATE SET title = EXCLUDED.title RETURNING id`, [tree.province.id]);
  return (rows[0] as { id: number }).id;
}

async function remedyFor(tree: Tree) {
  const c = await caseFor(tree, { concluded: true });
  const { rows } = await db.pool.query<{ id: number }>(
    `INSERT INTO inspection_remedies (case_id, subject_id, description, owner, deadline) VALUES ($1, $2, 'Khắc phục', 'Bí thư', '2025-06-30') RETURNING id`,
    [c.id, c.subjectId]);
  return (rows[0] as { id: number }).id;
}

/** A warning to a fresh member of cell A of `tree`. */
async function decisionFor(tree: Tree) {
  const member = await makeMember(db, tree.cellA.id, { fullName: 'Kỷ Văn Luật' });
  const { rows } = await db.pool.query<{ id: number }>(
    `INSERT INTO discipline_decisions (subject_type, member_id, member_status, subject_path, subject_name, form, deciding_unit_id, deciding_body,
       decision_no, decided_on, effective_on, content)
     SELECT 'member', $1, 'official', path, 'Kỷ Văn Luật', 'warning', $2, 'inspection_commission', '3-QĐ/UBKT', '2025-05-05', '2025-05-05', 'Vi phạm'
     FROM unit_versions WHERE unit_id = $3 AND valid_to = 'infinity' RETURNING id`, [member.id, tree.province.id, tree.cellA.id]);
  return (rows[0] as { id: number }).id;
}

async function appealFor(tree: Tree) {
  const { rows } = await db.pool.query<{ id: number }>(
    `INSERT INTO discipline_appeals (decision_id, filed_on, grounds) VALUES ($1, '2025-05-20', 'Quá nặng') RETURNING id`, [await decisionFor(tree)]);
  return (rows[0] as { id: number }).id;
}

async function declarationFor(tree: Tree) {
  const member = await makeMember(db, tree.cellA.id, { fullName: 'Kê Văn Khai' });
  const { rows } = await db.pool.query<{ id: number }>(
    `INSERT INTO asset_declarations (year, member_id, post, unit_id, unit_path) SELECT 2025, $1, 'department_head', unit_id, path FROM unit_versions WHERE unit_id = $2 AND valid_to = 'infinity'
     RETURNING id`, [member.id, tree.cellA.id]);
  return (rows[0] as { id: number }).id;
}

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

/** A stored PDF attached to a case of `tree`. */
async function attachmentFor(tree: Tree) {
  const c = await caseFor(tree);
  const key = `probe/${unique('file')}`;
  await app.attachments.store.put(key, PDF, 'application/pdf');
  const { rows } = await db.pool.query<{ id: number }>(
    `INSERT INTO attachments (owner_type, owner_id, unit_path, file_name, content_type, byte_size, sha256, store, storage_key)
     SELECT 'inspection_case', $1, unit_path, 'probe.pdf', 'application/pdf', $2, 'x', 'local', $3 FROM inspection_cases WHERE id = $1 RETURNING id`,
    [c.id, PDF.length, key]);
  return (rows[0] as { id: number }).id;
}

const upload = (url: string): Probe => ({ url: `${url}?fileName=probe.pdf`, payload: PDF, headers: { 'content-type': 'application/pdf' } });
const caseBody = (tree: Tree) => ({
  conductedBy: 'inspection_commission', kind: 'regular_supervision', title: 'Giám sát', decisionNo: '4-QĐ/UBKT', openedOn: '2025-03-03',
  lead: 'Trưởng đoàn', dueOn: '2025-04-30', subjects: [{ type: 'unit', id: tree.bloc.id }],
});
const disciplineBody = (tree: Tree, memberId: number) => ({
  subject: { type: 'member', id: memberId }, form: 'warning', decidingUnitId: tree.province.id, decidingBody: 'inspection_commission',
  decisionNo: '5-QĐ/UBKT', decidedOn: '2025-05-05', effectiveOn: '2025-05-05', content: 'Vi phạm',
});

const SPECS: Record<string, Spec> = {
  'GET /api/v1/health': { inside: () => ({ url: '/api/v1/health' }) },
  'POST /api/v1/auth/sign-in': {
    inside: (c) => ({ url: '/api/v1/auth/sign-in', payload: { username: c.username, password: c.password } }),
    status: 200,
    check: (res) => (String(res.headers['set-cookie'] ?? '').includes(`${SESSION_COOKIE}=`) ? null : 'no session cookie set'),
  },
  'POST /api/v1/auth/sign-out': { inside: () => ({ url: '/api/v1/auth/sign-out' }), status: 204, ownSession: true },
  'POST /api/v1/auth/sign-out-all': { inside: () => ({ url: '/api/v1/auth/sign-out-all' }), status: 204, endsSessions: true },
  'GET /api/v1/auth/me': { inside: () => ({ url: '/api/v1/auth/me' }) },
  'PUT /api/v1/auth/me/locale': { inside: () => ({ url: '/api/v1/auth/me/locale', payload: { locale: 'vi' } }), status: 204 },
  'PUT /api/v1/auth/me/password': {
    // A wrong current password: refused as bad input, nothing changes (the role user keeps signing in).
    inside: () => ({ url: '/api/v1/auth/me/password', payload: { currentPassword: 'not the password', newPassword: 'another long pass phrase' } }),
    check: expectFieldError('currentPassword'),
  },
  'POST /api/v1/auth/totp/setup': { inside: () => ({ url: '/api/v1/auth/totp/setup' }), status: 200 },
  'POST /api/v1/auth/totp/enable': {
    inside: async (c) => ({ url: '/api/v1/auth/totp/enable', payload: { code: await wrongTotpCode(c.userId) } }),
  },
  'GET /api/v1/tokens': { inside: () => ({ url: '/api/v1/tokens' }) },
  'POST /api/v1/tokens': {
    inside: (c) => ({ url: '/api/v1/tokens', payload: { name: 'matrix', permissions: c.role.permissions.slice(0, 1), expiresInDays: 1 } }),
    status: 201,
  },
  'DELETE /api/v1/tokens/:id': {
    inside: async (c) => {
      const token = await insertApiToken(db.pool, {
        userId: c.userId, name: 'to revoke', tokenHash: sha256(randomSecret('pwt_')), permissions: c.role.permissions.slice(0, 1),
        expiresAt: new Date(Date.now() + 86_400_000),
      });
      return { url: `/api/v1/tokens/${token.id}` };
    },
    status: 204,
    outside: () => ({ url: `/api/v1/tokens/${outsideToken}` }),
  },
  'GET /api/v1/roles': { inside: () => ({ url: '/api/v1/roles' }) },
  'GET /api/v1/users': { inside: () => ({ url: '/api/v1/users' }) },
  'GET /api/v1/users/:id': {
    inside: () => ({ url: `/api/v1/users/${targetIn.userId}` }),
    outside: () => ({ url: `/api/v1/users/${targetOut.userId}` }),
  },
  'POST /api/v1/users': {
    inside: (c) => ({
      url: '/api/v1/users',
      payload: { username: unique('mx'), displayName: 'Người dùng thử', password: 'correct horse battery staple', grant: { roleCode: c.role.code, unitId: t1.cellA.id } },
    }),
    status: 201,
    outside: (c) => ({
      url: '/api/v1/users',
      payload: { username: unique('mx'), displayName: 'Người dùng thử', password: 'correct horse battery staple', grant: { roleCode: c.role.code, unitId: t2.cellA.id } },
    }),
    outsideExpect: expectFieldError('grant.unitId'),
  },
  'POST /api/v1/users/:id/grants': {
    inside: (c) => ({ url: `/api/v1/users/${grantee.userId}/grants`, payload: { roleCode: c.role.code, unitId: t1.cellB.id } }),
    status: 201,
    outside: (c) => ({ url: `/api/v1/users/${targetOut.userId}/grants`, payload: { roleCode: c.role.code, unitId: t2.cellB.id } }),
    outsideExpect: expectFieldError('grant.unitId'),
  },
  'DELETE /api/v1/users/:id/grants/:grantId': {
    inside: async () => {
      const { rows } = await db.pool.query<{ id: number }>(
        `INSERT INTO grants (user_id, role_code, unit_id) VALUES ($1, 'observer', $2) RETURNING id`, [targetIn.userId, t1.cellB.id]);
      return { url: `/api/v1/users/${targetIn.userId}/grants/${(rows[0] as { id: number }).id}` };
    },
    status: 204,
    outside: () => ({ url: `/api/v1/users/${targetOut.userId}/grants/${targetOutGrant}` }),
  },
  'POST /api/v1/users/:id/password': {
    inside: () => ({ url: `/api/v1/users/${targetIn.userId}/password`, payload: { password: 'a temporary pass phrase' } }),
    status: 204,
    outside: () => ({ url: `/api/v1/users/${targetOut.userId}/password`, payload: { password: 'a temporary pass phrase' } }),
  },
  'GET /api/v1/audit': {
    inside: () => ({ url: `/api/v1/audit?targetType=member&targetId=${members.a1.id}` }),
    check: (res) => ((res.json().items as unknown[]).length > 0 ? null : 'no audit rows for a member in reach'),
    outside: () => ({ url: `/api/v1/audit?targetType=member&targetId=${members.a2.id}` }),
    outsideExpect: expectEmptyAudit,
  },
  'GET /api/v1/me/member': {
    inside: () => ({ url: '/api/v1/me/member' }),
    check: (res) => (res.json().id === members.self.id ? null : 'not the caller’s own record'),
  },
  'GET /api/v1/me/change-requests': { inside: () => ({ url: '/api/v1/me/change-requests' }) },
  'POST /api/v1/me/change-requests': {
    inside: () => ({ url: '/api/v1/me/change-requests', payload: { changes: { occupation: 'Nông dân' } } }), status: 201,
  },
  'GET /api/v1/change-requests': { inside: () => ({ url: '/api/v1/change-requests' }) },
  'POST /api/v1/change-requests/:id/approve': {
    inside: async (c) => {
      const id = await insertChangeRequest(db.pool, { memberId: members.a1.id, userId: c.userId, changes: { occupation: 'Giáo viên' }, note: null });
      return { url: `/api/v1/change-requests/${id}/approve`, payload: {} };
    },
    status: 200,
    outside: () => ({ url: `/api/v1/change-requests/${outsideRequest}/approve`, payload: {} }),
  },
  'POST /api/v1/change-requests/:id/reject': {
    inside: async (c) => {
      const id = await insertChangeRequest(db.pool, { memberId: members.a1.id, userId: c.userId, changes: { occupation: 'Bác sĩ' }, note: null });
      return { url: `/api/v1/change-requests/${id}/reject`, payload: { note: 'Không đúng' } };
    },
    status: 200,
    outside: () => ({ url: `/api/v1/change-requests/${outsideRequest}/reject`, payload: {} }),
  },
  'GET /api/v1/unit-types': { inside: () => ({ url: '/api/v1/unit-types' }) },
  'GET /api/v1/unit-types/:code': { inside: () => ({ url: '/api/v1/unit-types/grassroots_cell' }) },
  'POST /api/v1/unit-types': {
    inside: () => ({ url: '/api/v1/unit-types', payload: { code: unique('mx_'), ...unitTypeDefinition() } }), status: 201,
  },
  'PUT /api/v1/unit-types/:code': { inside: () => ({ url: '/api/v1/unit-types/matrix_put', payload: unitTypeDefinition() }), status: 200 },
  'GET /api/v1/units': {
    inside: () => ({ url: `/api/v1/units?parent=${t1.cellA.id}` }),
    outside: () => ({ url: `/api/v1/units?parent=${t2.cellA.id}` }),
  },
  'GET /api/v1/units/:id': {
    inside: () => ({ url: `/api/v1/units/${t1.cellA.id}` }),
    outside: () => ({ url: `/api/v1/units/${t2.cellA.id}` }),
  },
  'GET /api/v1/units/:id/history': {
    inside: () => ({ url: `/api/v1/units/${t1.cellA.id}/history` }),
    outside: () => ({ url: `/api/v1/units/${t2.cellA.id}/history` }),
  },
  'GET /api/v1/units/:id/stats': {
    inside: () => ({ url: `/api/v1/units/${t1.cellA.id}/stats` }),
    outside: () => ({ url: `/api/v1/units/${t2.cellA.id}/stats` }),
  },
  'GET /api/v1/units/:id/movements': {
    inside: () => ({ url: `/api/v1/units/${t1.cellA.id}/movements?from=2020-01-01` }),
    outside: () => ({ url: `/api/v1/units/${t2.cellA.id}/movements?from=2020-01-01` }),
  },
  'GET /api/v1/units/:id/badges/eligible': {
    inside: () => ({ url: `/api/v1/units/${t1.cellA.id}/badges/eligible?awardDate=2025-02-03` }),
    outside: () => ({ url: `/api/v1/units/${t2.cellA.id}/badges/eligible?awardDate=2025-02-03` }),
  },
  'GET /api/v1/members/:id/badges': {
    inside: () => ({ url: `/api/v1/members/${members.a1.id}/badges` }),
    outside: () => ({ url: `/api/v1/members/${members.a2.id}/badges` }),
  },
  // A member of ten years' standing is refused the 30-year badge (409): the route is reached.
  'POST /api/v1/members/:id/badges': {
    inside: async () => ({ url: `/api/v1/members/${(await freshMember()).id}/badges`, payload: { years: 30, awardedOn: '2025-02-03', decisionNo: '1-QĐ' } }),
    outside: () => ({ url: `/api/v1/members/${members.a2.id}/badges`, payload: { years: 30, awardedOn: '2025-02-03', decisionNo: '1-QĐ' } }),
  },
  'GET /api/v1/units/:id/exemptions': {
    inside: () => ({ url: `/api/v1/units/${t1.cellA.id}/exemptions` }),
    outside: () => ({ url: `/api/v1/units/${t2.cellA.id}/exemptions` }),
  },
  'GET /api/v1/members/:id/exemptions': {
    inside: () => ({ url: `/api/v1/members/${members.a1.id}/exemptions` }),
    outside: () => ({ url: `/api/v1/members/${members.a2.id}/exemptions` }),
  },
  'POST /api/v1/members/:id/exemptions': {
    inside: async () => ({ url: `/api/v1/members/${(await freshMember()).id}/exemptions`, payload: { reason: 'health', resolutionNo: '1-NQ', validFrom: today() } }),
    status: 201,
    outside: () => ({ url: `/api/v1/members/${members.a2.id}/exemptions`, payload: { reason: 'health', resolutionNo: '1-NQ', validFrom: today() } }),
  },
  // No such exemption: the route is reached (404 would be the scope's answer, so the member is fresh and in reach).
  'POST /api/v1/members/:id/exemptions/:exemptionId/end': {
    inside: async () => {
      const member = await freshMember();
      const { rows } = await db.pool.query<{ id: number }>(
        `INSERT INTO member_exemptions (member_id, reason, resolution_no, valid_from, unit_id, unit_path)
         SELECT $1, 'age', '1-NQ', '2020-01-01', unit_id, unit_path FROM membership_spans WHERE member_id = $1 AND valid_to = 'infinity' RETURNING id`,
        [member.id]);
      return { url: `/api/v1/members/${member.id}/exemptions/${rows[0]?.id}/end`, payload: { validTo: today() } };
    },
    status: 200,
    outside: () => ({ url: `/api/v1/members/${members.a2.id}/exemptions/1/end`, payload: { validTo: today() } }),
  },
  'GET /api/v1/units/:id/probation': {
    inside: () => ({ url: `/api/v1/units/${t1.cellA.id}/probation` }),
    outside: () => ({ url: `/api/v1/units/${t2.cellA.id}/probation` }),
  },
  'PUT /api/v1/units/:id/targets/:year': {
    inside: () => ({ url: `/api/v1/units/${t1.cellA.id}/targets/${today().slice(0, 4)}`, payload: { target: ++sequence } }),
    status: 200,
    outside: () => ({ url: `/api/v1/units/${t2.cellA.id}/targets/${today().slice(0, 4)}`, payload: { target: 1 } }),
  },
  'GET /api/v1/units/:id/targets': {
    inside: () => ({ url: `/api/v1/units/${t1.cellA.id}/targets` }),
    outside: () => ({ url: `/api/v1/units/${t2.cellA.id}/targets` }),
  },
  'GET /api/v1/units/:id/development': {
    inside: () => ({ url: `/api/v1/units/${t1.cellA.id}/development` }),
    outside: () => ({ url: `/api/v1/units/${t2.cellA.id}/development` }),
  },
  'POST /api/v1/units': {
    inside: () => ({
      url: '/api/v1/units',
      payload: { code: unique('MX'), name: 'Chi bộ thử', typeCode: 'grassroots_cell', parentId: t1.bloc.id, validFrom: '2020-01-01' },
    }),
    status: 201,
    outside: () => ({
      url: '/api/v1/units',
      payload: { code: unique('MX'), name: 'Chi bộ thử', typeCode: 'grassroots_cell', parentId: t2.bloc.id, validFrom: '2020-01-01' },
    }),
    outsideExpect: expectFieldError('parentId'),
  },
  'POST /api/v1/units/:id/rename': {
    inside: async () => ({ url: `/api/v1/units/${(await freshCell()).id}/rename`, payload: { name: 'Chi bộ đổi tên', effectiveOn: today() } }),
    status: 200,
    outside: () => ({ url: `/api/v1/units/${t2.cellA.id}/rename`, payload: { name: 'Chi bộ đổi tên', effectiveOn: today() } }),
  },
  'POST /api/v1/units/:id/move': {
    inside: async () => ({ url: `/api/v1/units/${(await freshCell()).id}/move`, payload: { parentId: t1.province.id, effectiveOn: today() } }),
    status: 200,
    outside: () => ({ url: `/api/v1/units/${t2.cellA.id}/move`, payload: { parentId: t2.province.id, effectiveOn: today() } }),
  },
  'POST /api/v1/units/:id/close': {
    inside: async () => ({ url: `/api/v1/units/${(await freshCell()).id}/close`, payload: { effectiveOn: today() } }),
    status: 200,
    outside: () => ({ url: `/api/v1/units/${t2.cellA.id}/close`, payload: { effectiveOn: today() } }),
  },
  'GET /api/v1/members': {
    inside: () => ({ url: `/api/v1/members?unit=${t1.cellA.id}` }),
    outside: () => ({ url: `/api/v1/members?unit=${t2.cellA.id}` }),
  },
  // Imports belong to the user who uploaded them: another user's is not found.
  'POST /api/v1/members/import': {
    inside: () => ({ url: `/api/v1/members/import?unit=${t1.cellA.id}`, payload: 'Số CCCD\r\n001234567890\r\n', headers: { 'content-type': 'text/csv' } }),
    status: 201,
    outside: () => ({ url: `/api/v1/members/import?unit=${t2.cellA.id}`, payload: 'Số CCCD\r\n', headers: { 'content-type': 'text/csv' } }),
    outsideExpect: expectStatus(400, 'validation_failed'),
  },
  'POST /api/v1/units/import': {
    inside: () => ({ url: `/api/v1/units/import?unit=${t1.bloc.id}`, payload: 'Mã,Tên\r\nX1,Chi bộ\r\n', headers: { 'content-type': 'text/csv' } }),
    status: 201,
    outside: () => ({ url: `/api/v1/units/import?unit=${t2.bloc.id}`, payload: 'Mã\r\n', headers: { 'content-type': 'text/csv' } }),
    outsideExpect: expectStatus(400, 'validation_failed'),
  },
  'GET /api/v1/imports/:id': {
    inside: async (c) => ({ url: `/api/v1/imports/${await importOf(c.userId)}` }),
    outside: async () => ({ url: `/api/v1/imports/${await importOf(targetOut.userId)}` }),
  },
  'GET /api/v1/imports/:id/progress': {
    inside: async (c) => ({ url: `/api/v1/imports/${await importOf(c.userId)}/progress` }),
    check: (res) => (String(res.headers['content-type']).startsWith('text/event-stream') ? null : 'not an event stream'),
    outside: async () => ({ url: `/api/v1/imports/${await importOf(targetOut.userId)}/progress` }),
  },
  'GET /api/v1/imports/:id/errors': {
    inside: async (c) => ({ url: `/api/v1/imports/${await importOf(c.userId)}/errors?format=csv` }),
    outside: async () => ({ url: `/api/v1/imports/${await importOf(targetOut.userId)}/errors?format=csv` }),
  },
  // An empty mapping is refused (400) before anything runs.
  'POST /api/v1/imports/:id/check': {
    inside: async (c) => ({ url: `/api/v1/imports/${await importOf(c.userId)}/check`, payload: { mapping: {} } }),
    outside: async () => ({ url: `/api/v1/imports/${await importOf(targetOut.userId)}/check`, payload: { mapping: {} } }),
  },
  'POST /api/v1/imports/:id/apply': {
    inside: async (c) => ({ url: `/api/v1/imports/${await importOf(c.userId)}/apply`, payload: { mapping: {} } }),
    outside: async () => ({ url: `/api/v1/imports/${await importOf(targetOut.userId)}/apply`, payload: { mapping: {} } }),
  },
  'POST /api/v1/imports/:id/cancel': {
    inside: async (c) => ({ url: `/api/v1/imports/${await importOf(c.userId)}/cancel` }),
    outside: async () => ({ url: `/api/v1/imports/${await importOf(targetOut.userId)}/cancel` }),
  },
  'DELETE /api/v1/import-mappings/:id': {
    inside: async (c) => ({ url: `/api/v1/import-mappings/${await mappingOf(c.userId)}` }),
    status: 204,
    outside: async () => ({ url: `/api/v1/import-mappings/${await mappingOf(targetOut.userId)}` }),
  },
  'POST /api/v1/import-mappings': {
    inside: () => ({ url: '/api/v1/import-mappings', payload: { kind: 'members', name: unique('m'), mapping: { 'Số CCCD': 'citizenId' } } }),
    status: 201,
  },
  'GET /api/v1/restructure-plans': { inside: () => ({ url: '/api/v1/restructure-plans' }) },
  'POST /api/v1/restructure-plans': {
    inside: () => ({ url: '/api/v1/restructure-plans', payload: { unitId: t1.bloc.id, title: 'Sắp xếp', effectiveOn: today() } }),
    status: 201,
    outside: () => ({ url: '/api/v1/restructure-plans', payload: { unitId: t2.bloc.id, title: 'Sắp xếp', effectiveOn: today() } }),
    outsideExpect: expectFieldError('unitId'),
  },
  'GET /api/v1/restructure-plans/:id': {
    inside: async () => ({ url: `/api/v1/restructure-plans/${await planFor(t1.bloc.id)}` }),
    outside: async () => ({ url: `/api/v1/restructure-plans/${await planFor(t2.bloc.id)}` }),
  },
  'PUT /api/v1/restructure-plans/:id': {
    inside: async () => ({ url: `/api/v1/restructure-plans/${await planFor(t1.bloc.id)}`, payload: { unitId: t1.bloc.id, title: 'Đổi', effectiveOn: today() } }),
    outside: async () => ({ url: `/api/v1/restructure-plans/${await planFor(t2.bloc.id)}`, payload: { unitId: t2.bloc.id, title: 'Đổi', effectiveOn: today() } }),
  },
  'POST /api/v1/restructure-plans/:id/preview': {
    inside: async () => ({ url: `/api/v1/restructure-plans/${await planFor(t1.bloc.id)}/preview` }),
    outside: async () => ({ url: `/api/v1/restructure-plans/${await planFor(t2.bloc.id)}/preview` }),
  },
  'POST /api/v1/restructure-plans/:id/apply': {
    inside: async () => {
      const cell = await freshCell();
      return { url: `/api/v1/restructure-plans/${await planFor(t1.bloc.id, [{ kind: 'rename', unit: cell.code, name: 'Chi bộ mới' }])}/apply` };
    },
    outside: async () => ({ url: `/api/v1/restructure-plans/${await planFor(t2.bloc.id)}/apply` }),
  },
  'POST /api/v1/restructure-plans/:id/cancel': {
    inside: async () => ({ url: `/api/v1/restructure-plans/${await planFor(t1.bloc.id)}/cancel` }),
    outside: async () => ({ url: `/api/v1/restructure-plans/${await planFor(t2.bloc.id)}/cancel` }),
  },
  'GET /api/v1/units/:id/lineage': {
    inside: () => ({ url: `/api/v1/units/${t1.cellA.id}/lineage` }),
    outside: () => ({ url: `/api/v1/units/${t2.cellA.id}/lineage` }),
  },
  'GET /api/v1/units/:id/regrouped': {
    inside: () => ({ url: `/api/v1/units/${t1.cellA.id}/regrouped?from=2020-01-01&to=2025-12-31` }),
    outside: () => ({ url: `/api/v1/units/${t2.cellA.id}/regrouped?from=2020-01-01&to=2025-12-31` }),
  },
  'GET /api/v1/members/export': {
    inside: () => ({ url: `/api/v1/members/export?format=csv&unit=${t1.cellA.id}` }),
    check: (res) => (String(res.headers['content-type']).startsWith('text/csv') ? null : 'not a CSV file'),
    outside: () => ({ url: `/api/v1/members/export?format=csv&unit=${t2.cellA.id}` }),
  },
  'GET /api/v1/units/:id/statistics/export': {
    inside: () => ({ url: `/api/v1/units/${t1.cellA.id}/statistics/export?format=xlsx` }),
    check: (res) => (String(res.headers['content-type']).includes('spreadsheetml') ? null : 'not an XLSX file'),
    outside: () => ({ url: `/api/v1/units/${t2.cellA.id}/statistics/export?format=xlsx` }),
  },
  'GET /api/v1/members/:id': {
    inside: () => ({ url: `/api/v1/members/${members.a1.id}` }),
    outside: () => ({ url: `/api/v1/members/${members.a2.id}` }),
  },
  'GET /api/v1/members/:id/timeline': {
    inside: () => ({ url: `/api/v1/members/${members.a1.id}/timeline` }),
    outside: () => ({ url: `/api/v1/members/${members.a2.id}/timeline` }),
  },
  'POST /api/v1/members': {
    inside: () => ({ url: '/api/v1/members', payload: memberInput(t1.cellA.id) }),
    status: 201,
    outside: () => ({ url: '/api/v1/members', payload: memberInput(t2.cellA.id) }),
    outsideExpect: expectFieldError('unitId'),
  },
  'PATCH /api/v1/members/:id': {
    inside: () => ({ url: `/api/v1/members/${members.a1.id}`, payload: { occupation: `Kỹ sư ${++sequence}` } }),
    status: 200,
    outside: () => ({ url: `/api/v1/members/${members.a2.id}`, payload: { occupation: 'Kỹ sư' } }),
  },
  'POST /api/v1/members/:id/events': {
    inside: async () => ({ url: `/api/v1/members/${(await freshMember()).id}/events`, payload: { kind: 'died', effectiveOn: today() } }),
    status: 201,
    outside: () => ({ url: `/api/v1/members/${members.a2.id}/events`, payload: { kind: 'died', effectiveOn: today() } }),
  },
  'GET /api/v1/candidates': {
    inside: () => ({ url: `/api/v1/candidates?unit=${t1.cellA.id}` }),
    check: (res) => ((res.json().items as { id: number }[]).some((c) => c.id === candidates.a1.id) ? null : 'the candidate in reach is not listed'),
    outside: () => ({ url: `/api/v1/candidates?unit=${t2.cellA.id}` }),
  },
  'GET /api/v1/candidates/:id': {
    inside: () => ({ url: `/api/v1/candidates/${candidates.a1.id}` }),
    outside: () => ({ url: `/api/v1/candidates/${candidates.a2.id}` }),
  },
  'POST /api/v1/candidates': {
    inside: () => ({ url: '/api/v1/candidates', payload: candidateInput(t1.cellA.id) }),
    status: 201,
    outside: () => ({ url: '/api/v1/candidates', payload: candidateInput(t2.cellA.id) }),
    outsideExpect: expectFieldError('unitId'),
  },
  'PATCH /api/v1/candidates/:id': {
    inside: () => ({ url: `/api/v1/candidates/${candidates.a1.id}`, payload: { occupation: `Giáo viên ${++sequence}` } }),
    status: 200,
    outside: () => ({ url: `/api/v1/candidates/${candidates.a2.id}`, payload: { occupation: 'Giáo viên' } }),
  },
  'POST /api/v1/candidates/:id/stages': {
    inside: async () => ({ url: `/api/v1/candidates/${(await makeCandidate(db, t1.cellA.id)).id}/stages`, payload: { stage: 'sympathizer', since: today() } }),
    status: 201,
    outside: () => ({ url: `/api/v1/candidates/${candidates.a2.id}/stages`, payload: { stage: 'sympathizer', since: today() } }),
  },
  'POST /api/v1/candidates/:id/admit': {
    inside: async () => {
      const applied = await makeCandidate(db, t1.cellA.id, { stage: 'applied', since: '2024-05-02' });
      return { url: `/api/v1/candidates/${applied.id}/admit`, payload: { admissionDecisionNo: '12-QĐ/ĐU', admissionDecisionDate: '2024-08-15' } };
    },
    status: 201,
    outside: () => ({ url: `/api/v1/candidates/${candidates.a2.id}/admit`, payload: { admissionDecisionNo: '12-QĐ/ĐU', admissionDecisionDate: '2024-08-15' } }),
  },
  'POST /api/v1/members/:id/events/:eventId/void': {
    inside: async () => {
      const member = await freshMember();
      const { events } = await recordMemberEvent({ db, actor: SYSTEM_ACTOR, memberId: member.id, event: { kind: 'died', effectiveOn: today() } });
      return { url: `/api/v1/members/${member.id}/events/${events.at(-1)?.id}/void`, payload: { reason: 'Ghi nhầm' } };
    },
    status: 200,
    outside: () => ({ url: `/api/v1/members/${members.a2.id}/events/1/void`, payload: { reason: 'Ghi nhầm' } }),
  },
  'POST /api/v1/members/:id/transfers': {
    inside: async () => ({
      url: `/api/v1/members/${(await freshMember()).id}/transfers`,
      payload: { kind: 'official', purpose: 'work', toUnitId: t1.cellB.id, letterNo: '1-GGT', letterDate: today() },
    }),
    status: 201,
    outside: () => ({
      url: `/api/v1/members/${members.a2.id}/transfers`,
      payload: { kind: 'official', purpose: 'work', toUnitId: t1.cellB.id, letterNo: '1-GGT', letterDate: today() },
    }),
  },
  'GET /api/v1/members/:id/transfers': {
    inside: () => ({ url: `/api/v1/members/${members.a1.id}/transfers` }),
    outside: () => ({ url: `/api/v1/members/${members.a2.id}/transfers` }),
  },
  'GET /api/v1/transfers/:id': {
    inside: async () => ({ url: `/api/v1/transfers/${await freshTransfer(t1, 'in_transit')}` }),
    outside: async () => ({ url: `/api/v1/transfers/${await freshTransfer(t2, 'in_transit')}` }),
  },
  // A cell secretary reaches no unit above two cells: the route answers 409 (not theirs to forward).
  'POST /api/v1/transfers/:id/forward': {
    inside: async () => ({ url: `/api/v1/transfers/${await freshTransfer(t1, 'awaiting_forward')}/forward`, payload: { letterNo: '2-CV', forwardedOn: today() } }),
    outside: async () => ({ url: `/api/v1/transfers/${await freshTransfer(t2, 'awaiting_forward')}/forward`, payload: { letterNo: '2-CV', forwardedOn: today() } }),
  },
  'POST /api/v1/transfers/:id/receive': {
    inside: async () => ({ url: `/api/v1/transfers/${await freshTransfer(t1, 'in_transit', { from: 'cellB' })}/receive`, payload: { receivedOn: today() } }),
    status: 200,
    outside: async () => ({ url: `/api/v1/transfers/${await freshTransfer(t2, 'in_transit', { from: 'cellB' })}/receive`, payload: { receivedOn: today() } }),
  },
  'POST /api/v1/transfers/:id/end': {
    inside: async () => ({ url: `/api/v1/transfers/${await freshTransfer(t1, 'received', { kind: 'temporary' })}/end`, payload: { endedOn: today() } }),
    status: 200,
    outside: async () => ({ url: `/api/v1/transfers/${await freshTransfer(t2, 'received', { kind: 'temporary' })}/end`, payload: { endedOn: today() } }),
  },
  'POST /api/v1/transfers/:id/cancel': {
    inside: async () => ({ url: `/api/v1/transfers/${await freshTransfer(t1, 'in_transit')}/cancel`, payload: { cancelledOn: today(), reason: 'Rút lại' } }),
    status: 200,
    outside: async () => ({ url: `/api/v1/transfers/${await freshTransfer(t2, 'in_transit')}/cancel`, payload: { cancelledOn: today(), reason: 'Rút lại' } }),
  },
  'GET /api/v1/units/:id/transfers': {
    inside: () => ({ url: `/api/v1/units/${t1.cellA.id}/transfers` }),
    outside: () => ({ url: `/api/v1/units/${t2.cellA.id}/transfers` }),
  },
  'GET /api/v1/transfer-destinations': { inside: () => ({ url: `/api/v1/transfer-destinations?q=${encodeURIComponent('Chi bộ')}` }) },
  'GET /api/v1/units/:id/pipeline': {
    inside: () => ({ url: `/api/v1/units/${t1.cellA.id}/pipeline` }),
    outside: () => ({ url: `/api/v1/units/${t2.cellA.id}/pipeline` }),
  },
  'GET /api/v1/units/:id/inspection-programs': {
    inside: () => ({ url: `/api/v1/units/${t1.province.id}/inspection-programs` }),
    outside: () => ({ url: `/api/v1/units/${t2.province.id}/inspection-programs` }),
  },
  'POST /api/v1/units/:id/inspection-programs': {
    inside: () => ({ url: `/api/v1/units/${t1.bloc.id}/inspection-programs`, payload: { year: 2025, conductedBy: 'committee', title: 'Chương trình' } }),
    outside: () => ({ url: `/api/v1/units/${t2.bloc.id}/inspection-programs`, payload: { year: 2025, conductedBy: 'committee', title: 'Chương trình' } }),
  },
  'GET /api/v1/inspection-programs/:id': {
    inside: async () => ({ url: `/api/v1/inspection-programs/${await programFor(t1)}` }),
    outside: async () => ({ url: `/api/v1/inspection-programs/${await programFor(t2)}` }),
  },
  'POST /api/v1/inspection-programs/:id/items': {
    inside: async () => ({ url: `/api/v1/inspection-programs/${await programFor(t1)}/items`, payload: {
      kind: 'thematic_supervision', subject: { type: 'unit', id: t1.cellA.id }, plannedFrom: '2025-05-01', plannedTo: '2025-06-30', lead: 'Trưởng đoàn',
    } }),
    status: 201,
    outside: async () => ({ url: `/api/v1/inspection-programs/${await programFor(t2)}/items`, payload: {
      kind: 'thematic_supervision', subject: { type: 'unit', id: t2.cellA.id }, plannedFrom: '2025-05-01', plannedTo: '2025-06-30', lead: 'Trưởng đoàn',
    } }),
  },
  'GET /api/v1/units/:id/inspection-cases': {
    inside: () => ({ url: `/api/v1/units/${t1.province.id}/inspection-cases?state=open` }),
    outside: () => ({ url: `/api/v1/units/${t2.province.id}/inspection-cases` }),
  },
  'POST /api/v1/units/:id/inspection-cases': {
    inside: () => ({ url: `/api/v1/units/${t1.province.id}/inspection-cases`, payload: caseBody(t1) }),
    status: 201,
    outside: () => ({ url: `/api/v1/units/${t2.province.id}/inspection-cases`, payload: caseBody(t2) }),
  },
  'GET /api/v1/inspection-cases/:id': {
    inside: async () => ({ url: `/api/v1/inspection-cases/${(await caseFor(t1)).id}` }),
    outside: async () => ({ url: `/api/v1/inspection-cases/${(await caseFor(t2)).id}` }),
  },
  'POST /api/v1/inspection-cases/:id/subjects': {
    inside: async () => ({ url: `/api/v1/inspection-cases/${(await caseFor(t1)).id}/subjects`, payload: { type: 'unit', id: t1.cellB.id } }),
    status: 201,
    outside: async () => ({ url: `/api/v1/inspection-cases/${(await caseFor(t2)).id}/subjects`, payload: { type: 'unit', id: t2.cellB.id } }),
  },
  'POST /api/v1/inspection-cases/:id/steps': {
    inside: async () => ({ url: `/api/v1/inspection-cases/${(await caseFor(t1)).id}/steps`, payload: { kind: 'verification_minutes', doneOn: '2025-03-10' } }),
    status: 201,
    outside: async () => ({ url: `/api/v1/inspection-cases/${(await caseFor(t2)).id}/steps`, payload: { kind: 'verification_minutes', doneOn: '2025-03-10' } }),
  },
  'POST /api/v1/inspection-cases/:id/findings': {
    inside: async () => {
      const c = await caseFor(t1);
      return { url: `/api/v1/inspection-cases/${c.id}/findings`, payload: { subjectId: c.subjectId, category: 'other', description: 'Thiếu sót' } };
    },
    status: 201,
    outside: async () => {
      const c = await caseFor(t2);
      return { url: `/api/v1/inspection-cases/${c.id}/findings`, payload: { subjectId: c.subjectId, category: 'other', description: 'Thiếu sót' } };
    },
  },
  'PUT /api/v1/inspection-cases/:id/recommendations': {
    inside: async () => {
      const c = await caseFor(t1);
      return { url: `/api/v1/inspection-cases/${c.id}/recommendations`, payload: { subjectId: c.subjectId, recommendations: 'Chấn chỉnh' } };
    },
    outside: async () => {
      const c = await caseFor(t2);
      return { url: `/api/v1/inspection-cases/${c.id}/recommendations`, payload: { subjectId: c.subjectId, recommendations: 'Chấn chỉnh' } };
    },
  },
  'POST /api/v1/inspection-cases/:id/remedies': {
    inside: async () => {
      const c = await caseFor(t1, { concluded: true });
      return { url: `/api/v1/inspection-cases/${c.id}/remedies`, payload: { subjectId: c.subjectId, description: 'Sửa', owner: 'Bí thư', deadline: '2025-06-30' } };
    },
    status: 201,
    outside: async () => {
      const c = await caseFor(t2, { concluded: true });
      return { url: `/api/v1/inspection-cases/${c.id}/remedies`, payload: { subjectId: c.subjectId, description: 'Sửa', owner: 'Bí thư', deadline: '2025-06-30' } };
    },
  },
  'PUT /api/v1/inspection-remedies/:id/completion': {
    inside: async () => ({ url: `/api/v1/inspection-remedies/${await remedyFor(t1)}/completion`, payload: { completedOn: '2025-06-01', evidence: 'BC 1' } }),
    outside: async () => ({ url: `/api/v1/inspection-remedies/${await remedyFor(t2)}/completion`, payload: { completedOn: '2025-06-01', evidence: 'BC 1' } }),
  },
  'POST /api/v1/inspection-cases/:id/attachments': {
    inside: async () => upload(`/api/v1/inspection-cases/${(await caseFor(t1)).id}/attachments`),
    status: 201,
    outside: async () => upload(`/api/v1/inspection-cases/${(await caseFor(t2)).id}/attachments`),
  },
  'POST /api/v1/discipline-decisions/:id/attachments': {
    inside: async () => upload(`/api/v1/discipline-decisions/${await decisionFor(t1)}/attachments`),
    status: 201,
    outside: async () => upload(`/api/v1/discipline-decisions/${await decisionFor(t2)}/attachments`),
  },
  'GET /api/v1/attachments/:id': {
    inside: async () => ({ url: `/api/v1/attachments/${await attachmentFor(t1)}` }),
    outside: async () => ({ url: `/api/v1/attachments/${await attachmentFor(t2)}` }),
  },
  'GET /api/v1/units/:id/discipline-decisions': {
    inside: () => ({ url: `/api/v1/units/${t1.province.id}/discipline-decisions` }),
    outside: () => ({ url: `/api/v1/units/${t2.province.id}/discipline-decisions` }),
  },
  'POST /api/v1/discipline-decisions': {
    inside: async () => ({ url: '/api/v1/discipline-decisions', payload: disciplineBody(t1, (await freshMember()).id) }),
    status: 201,
    outside: () => ({ url: '/api/v1/discipline-decisions', payload: disciplineBody(t2, members.a2.id) }),
    outsideExpect: expectFieldError('subject.id'),
  },
  'GET /api/v1/discipline-decisions/:id': {
    inside: async () => ({ url: `/api/v1/discipline-decisions/${await decisionFor(t1)}` }),
    outside: async () => ({ url: `/api/v1/discipline-decisions/${await decisionFor(t2)}` }),
  },
  'POST /api/v1/discipline-decisions/:id/appeals': {
    inside: async () => ({ url: `/api/v1/discipline-decisions/${await decisionFor(t1)}/appeals`, payload: { filedOn: '2025-05-20', grounds: 'Quá nặng' } }),
    status: 201,
    outside: async () => ({ url: `/api/v1/discipline-decisions/${await decisionFor(t2)}/appeals`, payload: { filedOn: '2025-05-20', grounds: 'Quá nặng' } }),
  },
  'PUT /api/v1/discipline-appeals/:id/outcome': {
    inside: async () => ({ url: `/api/v1/discipline-appeals/${await appealFor(t1)}/outcome`, payload: { outcome: 'upheld', outcomeOn: '2025-06-20', decisionNo: '6-QĐ/TU' } }),
    outside: async () => ({ url: `/api/v1/discipline-appeals/${await appealFor(t2)}/outcome`, payload: { outcome: 'upheld', outcomeOn: '2025-06-20', decisionNo: '6-QĐ/TU' } }),
  },
  'GET /api/v1/units/:id/asset-declarations': {
    inside: () => ({ url: `/api/v1/units/${t1.province.id}/asset-declarations?year=2025` }),
    outside: () => ({ url: `/api/v1/units/${t2.province.id}/asset-declarations?year=2025` }),
  },
  'POST /api/v1/asset-declarations': {
    inside: async () => ({ url: '/api/v1/asset-declarations', payload: { year: 2025, memberId: (await freshMember()).id, post: 'department_head' } }),
    status: 201,
    outside: () => ({ url: '/api/v1/asset-declarations', payload: { year: 2025, memberId: members.a2.id, post: 'department_head' } }),
    outsideExpect: expectFieldError('memberId'),
  },
  'PATCH /api/v1/asset-declarations/:id': {
    inside: async () => ({ url: `/api/v1/asset-declarations/${await declarationFor(t1)}`, payload: { submittedOn: '2025-12-01' } }),
    outside: async () => ({ url: `/api/v1/asset-declarations/${await declarationFor(t2)}`, payload: { submittedOn: '2025-12-01' } }),
  },
  'GET /api/v1/units/:id/inspection-figures': {
    inside: () => ({ url: `/api/v1/units/${t1.province.id}/inspection-figures?from=2025-01-01&to=2025-12-31` }),
    outside: () => ({ url: `/api/v1/units/${t2.province.id}/inspection-figures?from=2025-01-01&to=2025-12-31` }),
  },
  'GET /api/v1/units/:id/remedy-completion': {
    inside: () => ({ url: `/api/v1/units/${t1.bloc.id}/remedy-completion?year=2025` }),
    outside: () => ({ url: `/api/v1/units/${t2.bloc.id}/remedy-completion?year=2025` }),
  },
  'GET /api/v1/members/:id/remedy-completion': {
    inside: () => ({ url: `/api/v1/members/${members.a1.id}/remedy-completion?year=2025` }),
    outside: () => ({ url: `/api/v1/members/${members.a2.id}/remedy-completion?year=2025` }),
  },
};

/** Ids in paths that are not about anything in the tree (a unit type is the same everywhere). */
const NO_REACH = new Set(['GET /api/v1/unit-types/:code', 'PUT /api/v1/unit-types/:code']);

const keyOf = (r: Route) => `${r.method} ${r.url}`;

/** Routes to probe: HEAD answers like GET and is left out. */
const probed = () => routes.filter((r) => r.method !== 'HEAD');

/** A request for a route nobody wrote a probe for: placeholders that name nothing. */
function genericProbe(r: Route): Probe {
  const url = r.url.replace(/:[A-Za-z]+/g, '999999999').replace(/\*$/, 'index.html');
  return r.method === 'GET' || r.method === 'DELETE' ? { url } : { url, payload: {} };
}

async function send(r: Route, probe: Probe, caller: Caller | null, session?: Session): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { 'accept-language': 'en', ...(probe.headers ?? {}) };
  if (caller) Object.assign(headers, sessionHeaders(session ?? caller.session));
  return app.inject({
    method: r.method as InjectOptions['method'], url: probe.url, headers,
    ...(probe.payload !== undefined ? { payload: probe.payload } : {}),
  });
}

const WRITE_OK = new Set([200, 201, 204, 400, 409, 412]);

/** Every expectation of one role on every route; the mismatches, one line each. */
async function runRole(caller: Caller): Promise<string[]> {
  const failures: string[] = [];
  const held = new Set(caller.role.permissions);
  for (const r of probed()) {
    const key = keyOf(r);
    const spec = SPECS[key];
    const permission = r.permission ?? '';
    const fail = (situation: string, res: LightMyRequestResponse, why: string) =>
      failures.push(`${caller.role.code} ${situation} ${key} [${permission}]: ${why} (got ${res.statusCode} ${res.body.slice(0, 160)})`);

    const call = async (probe: Probe) => {
      const own = spec?.ownSession ? await openSessionFor(caller.userId) : undefined;
      const res = await send(r, probe, caller, own);
      if (spec?.endsSessions) caller.session = await openSessionFor(caller.userId);
      return res;
    };

    const insideProbe = spec ? await spec.inside(caller) : genericProbe(r);
    const inside = await call(insideProbe);
    let reported = true;
    if (OPEN_TO_ANY.has(permission)) {
      if (inside.statusCode === 401 || inside.statusCode === 403) fail('inside', inside, `${permission} route refused a signed-in user`);
      else reported = false;
    } else if (!held.has(permission)) {
      if (inside.statusCode !== 403 || problem(inside).code !== 'forbidden') fail('inside', inside, 'expected 403 forbidden');
    } else if ([401, 403, 404].includes(inside.statusCode)) {
      fail('inside', inside, 'refused with the target in reach');
    } else {
      reported = false;
    }
    // Granted and not refused: the probe's own expectations (a generic probe has none).
    if (!reported && spec) {
      const expected = spec.status ?? (r.method === 'GET' ? 200 : undefined);
      if (expected !== undefined && inside.statusCode !== expected) fail('inside', inside, `expected ${expected}`);
      if (expected === undefined && !WRITE_OK.has(inside.statusCode)) fail('inside', inside, 'expected 2xx/400/409/412');
      const extra = inside.statusCode < 300 || !expected ? spec.check?.(inside) : null;
      if (extra) fail('inside', inside, extra);
    }

    if (spec?.outside) {
      const outside = await call(await spec.outside(caller));
      if (OPEN_TO_ANY.has(permission)) {
        const why = (spec.outsideExpect ?? expectStatus(404, 'not_found'))(outside);
        if (why) fail('outside', outside, why);
      } else if (!held.has(permission)) {
        if (outside.statusCode !== 403 || problem(outside).code !== 'forbidden') fail('outside', outside, 'expected 403 forbidden');
      } else {
        const why = (spec.outsideExpect ?? expectStatus(404, 'not_found'))(outside);
        if (why) fail('outside', outside, why);
      }
    }
  }
  return failures;
}

describe('the route table', () => {
  it('is complete: every documented operation is in it, and every route under /api/v1 declares a permission', async () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(undeclared(routes)).toEqual([]);
    const known = new Set(routes.map(keyOf));
    const documented = Object.entries((app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
    expect(documented.length).toBeGreaterThan(30);
    expect(documented.filter((k) => !known.has(k))).toEqual([]);
  });

  it('fails a route added without a permission, which the server refuses to everyone', async () => {
    const other = await buildApp({ db, logLevel: 'silent' });
    other.get('/api/v1/forgotten', async () => ({ secret: true }));
    other.get('/api/v1/declared', { config: { permission: 'units.read' } }, async () => ({ ok: true }));
    await other.ready();
    try {
      expect(undeclared(routeTable(other))).toEqual(['GET /api/v1/forgotten (no permission)', 'HEAD /api/v1/forgotten (no permission)']);
      const anonymous = await other.inject({ url: '/api/v1/forgotten' });
      expect(anonymous.statusCode).toBe(403);
      const admin = callers.get('system_admin') as Caller;
      const signedIn = await other.inject({ url: '/api/v1/forgotten', headers: sessionHeaders(admin.session) });
      expect(signedIn.statusCode).toBe(403);
      expect(signedIn.json().code).toBe('forbidden');
    } finally {
      await other.close();
    }
  });

  it('also covers the routes registered only with an identity provider configured', async () => {
    const withOidc = await buildApp({
      db, logLevel: 'silent',
      oidc: { issuer: 'http://127.0.0.1:9/', clientId: 'partywork', clientSecret: 'secret', redirectUri: 'http://127.0.0.1/cb', usernameClaim: 'preferred_username' },
    });
    await withOidc.ready();
    try {
      const table = routeTable(withOidc);
      expect(undeclared(table)).toEqual([]);
      const oidc = table.filter((r) => r.url.startsWith('/api/v1/auth/oidc/') && r.method === 'GET');
      expect(oidc.map((r) => `${r.url} ${r.permission}`).sort()).toEqual(['/api/v1/auth/oidc/callback public', '/api/v1/auth/oidc/start public']);
      for (const r of oidc) {
        const res = await withOidc.inject({ url: r.url });
        expect([401, 403], `${r.url}: ${res.body}`).not.toContain(res.statusCode);
      }
    } finally {
      await withOidc.close();
    }
  });

  it('has a reach probe for every route that takes an id', () => {
    const missing = probed()
      .filter((r) => r.url.startsWith('/api/v1') && r.url.includes('/:') && !NO_REACH.has(keyOf(r)) && !SPECS[keyOf(r)]?.outside)
      .map(keyOf);
    expect(missing, 'add the route to SPECS with an inside and an outside probe').toEqual([]);
  });
});

describe('access matrix', () => {
  it('answers 401 to every non-public route without credentials, and never 401/403 on a public one', async () => {
    const admin = callers.get('system_admin') as Caller;
    const failures: string[] = [];
    for (const r of probed()) {
      const spec = SPECS[keyOf(r)];
      const res = await send(r, spec ? await spec.inside(admin) : genericProbe(r), null);
      if (r.permission === 'public') {
        if (res.statusCode === 401 || res.statusCode === 403) failures.push(`${keyOf(r)}: public route answered ${res.statusCode}`);
      } else if (res.statusCode !== 401 || problem(res).code !== 'auth_required') {
        failures.push(`${keyOf(r)} [${r.permission}]: expected 401 auth_required, got ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('covers every role in the roles table', () => {
    expect([...callers.keys()].sort()).toEqual(
      expect.arrayContaining(['cell_secretary', 'inspection_commission', 'member', 'observer', 'organization_board', 'system_admin']));
  });

  it.each(['system_admin', 'organization_board', 'inspection_commission', 'cell_secretary', 'member', 'observer'])(
    'gives %s what its permissions allow, inside its reach only', async (code) => {
      const caller = callers.get(code);
      expect(caller, `role ${code} is not in the roles table`).toBeDefined();
      expect(await runRole(caller as Caller)).toEqual([]);
    });

  it('applies the same rules to any other role in the table', async () => {
    const defaults = new Set(['system_admin', 'organization_board', 'inspection_commission', 'cell_secretary', 'member', 'observer']);
    for (const caller of [...callers.values()].filter((c) => !defaults.has(c.role.code))) {
      expect(await runRole(caller)).toEqual([]);
    }
  });
});

describe('plain denials', () => {
  const as = (code: string) => sessionHeaders((callers.get(code) as Caller).session);
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM (${sql}) x`, params)).rows[0]?.n);

  it('an observer cannot write a member', async () => {
    const before = await db.pool.query('SELECT * FROM members WHERE id = $1', [members.a1.id]);
    const membersBefore = await count('SELECT id FROM members');
    const patch = await app.inject({ method: 'PATCH', url: `/api/v1/members/${members.a1.id}`, headers: as('observer'), payload: { occupation: 'Quan sát viên' } });
    expect(patch.statusCode).toBe(403);
    expect(patch.json().code).toBe('forbidden');
    const create = await app.inject({ method: 'POST', url: '/api/v1/members', headers: as('observer'), payload: memberInput(t1.cellA.id) });
    expect(create.statusCode).toBe(403);
    const event = await app.inject({
      method: 'POST', url: `/api/v1/members/${members.a1.id}/events`, headers: as('observer'), payload: { kind: 'died', effectiveOn: today() },
    });
    expect(event.statusCode).toBe(403);
    expect((await db.pool.query('SELECT * FROM members WHERE id = $1', [members.a1.id])).rows).toEqual(before.rows);
    expect(await count('SELECT id FROM members')).toBe(membersBefore);
  });

  it('a cell secretary cannot read a member of cell B, nor list cell B', async () => {
    const one = await app.inject({ url: `/api/v1/members/${members.b1.id}`, headers: as('cell_secretary') });
    expect(one.statusCode).toBe(404);
    expect(one.json().code).toBe('not_found');
    const timeline = await app.inject({ url: `/api/v1/members/${members.b1.id}/timeline`, headers: as('cell_secretary') });
    expect(timeline.statusCode).toBe(404);
    const listB = await app.inject({ url: `/api/v1/members?unit=${t1.cellB.id}`, headers: as('cell_secretary') });
    expect(listB.statusCode).toBe(404);
    const all = await app.inject({ url: '/api/v1/members?limit=100', headers: as('cell_secretary') });
    expect(all.statusCode).toBe(200);
    const ids = (all.json().items as { id: number }[]).map((m) => m.id);
    expect(ids).toContain(members.a1.id);
    expect(ids).not.toContain(members.b1.id);
    // The bloc above cell A is not in reach either (the grant does not include the subtree,
    // and the subtree is below, not above).
    const bloc = await app.inject({ url: `/api/v1/units/${t1.bloc.id}`, headers: as('cell_secretary') });
    expect(bloc.statusCode).toBe(404);
  });

  it('the inspection commission cannot create units', async () => {
    const before = await count('SELECT id FROM units');
    const res = await app.inject({
      method: 'POST', url: '/api/v1/units', headers: as('inspection_commission'),
      payload: { code: unique('IC'), name: 'Chi bộ không được lập', typeCode: 'grassroots_cell', parentId: t1.bloc.id, validFrom: '2020-01-01' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
    expect(await count('SELECT id FROM units')).toBe(before);
  });

  it('a member cannot list members, nor read one, but sees their own record', async () => {
    const list = await app.inject({ url: '/api/v1/members', headers: as('member') });
    expect(list.statusCode).toBe(403);
    expect(list.json().code).toBe('forbidden');
    const other = await app.inject({ url: `/api/v1/members/${members.a1.id}`, headers: as('member') });
    expect(other.statusCode).toBe(403);
    const own = await app.inject({ url: '/api/v1/me/member', headers: as('member') });
    expect(own.statusCode).toBe(200);
    expect(own.json().id).toBe(members.self.id);
  });
});

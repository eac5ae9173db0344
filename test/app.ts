import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { openTestDatabase } from './db.ts';
import { buildApp } from '../src/server/app.ts';
import type { Database } from '../src/server/db/client.ts';
import { insertApiToken } from '../src/server/modules/auth/auth.repository.ts';
import { hashPassword } from '../src/server/modules/auth/passwords.ts';
import { randomSecret, sha256 } from '../src/server/modules/auth/secrets.ts';
import { PERMISSIONS } from '../src/shared/permissions.ts';

let counter = 0;

/**
 * A user with a role at a unit (null: the whole tree) and an API token carrying all of the
 * role's permissions: the quickest real credential for a test.
 */
export async function makeUserWithToken(db: Database, o: { roleCode: string; unitId: number | null; includeSubtree?: boolean; username?: string }) {
  const username = o.username ?? `user${process.pid}x${++counter}`;
  const { rows } = await db.pool.query<{ id: number }>(
    `INSERT INTO users (username, display_name, password_hash) VALUES ($1, $1, $2) RETURNING id`,
    [username, await hashPassword('correct horse battery staple')]);
  const userId = (rows[0] as { id: number }).id;
  await db.pool.query(`INSERT INTO grants (user_id, role_code, unit_id, include_subtree) VALUES ($1, $2, $3, $4)`,
    [userId, o.roleCode, o.unitId, o.includeSubtree ?? true]);
  const token = randomSecret('pwt_');
  await insertApiToken(db.pool, {
    userId, name: 'test', tokenHash: sha256(token), permissions: [...PERMISSIONS], expiresAt: new Date(Date.now() + 86_400_000),
  });
  return { userId, username, token, password: 'correct horse battery staple' };
}

/**
 * Makes `app.inject` act as a system administrator holding the whole tree, unless a request
 * brings its own credentials (an Authorization or Cookie header) or asks to be `anonymous`.
 */
export async function actAsAdmin(app: FastifyInstance, db: Database): Promise<FastifyInstance> {
  const admin = await makeUserWithToken(db, { roleCode: 'system_admin', unitId: null });
  const inject = app.inject.bind(app) as (o: InjectOptions) => ReturnType<FastifyInstance['inject']>;
  const withAdmin = (options: InjectOptions | string) => {
    const o: InjectOptions & { anonymous?: boolean } = typeof options === 'string' ? { url: options } : { ...options };
    const headers = { ...(o.headers ?? {}) } as Record<string, string>;
    if (!o.anonymous && headers.authorization === undefined && headers.cookie === undefined) {
      headers.authorization = `Bearer ${admin.token}`;
    }
    delete o.anonymous;
    return inject({ ...o, headers });
  };
  (app as unknown as { inject: typeof withAdmin }).inject = withAdmin;
  return app;
}

/** The real HTTP application on a test database; requests go through app.inject, no port. */
export async function testApp(db: Database): Promise<FastifyInstance> {
  return actAsAdmin(await buildApp({ db, logLevel: (process.env.TEST_LOG_LEVEL ?? 'silent') as 'silent' }), db);
}

type TestDatabase = Awaited<ReturnType<typeof openTestDatabase>>;

/** An object that forwards to what `get` returns once it exists (set up in beforeAll). */
function late<T extends object>(get: () => T | undefined, name: string): T {
  const target = () => {
    const value = get();
    if (!value) throw new Error(`${name} is used before beforeAll ran`);
    return value;
  };
  return new Proxy({} as T, {
    get: (_t, prop) => {
      const real = target();
      const value: unknown = Reflect.get(real, prop, real);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(real) : value;
    },
    set: (_t, prop, value) => Reflect.set(target(), prop, value),
    has: (_t, prop) => Reflect.has(target(), prop),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_t, prop) => {
      const d = Reflect.getOwnPropertyDescriptor(target(), prop);
      return d ? { ...d, configurable: true } : undefined;
    },
  });
}

/**
 * The usual set-up of a route test file: a fresh database and the app on it, acting as a
 * system administrator; both closed after the file.
 */
export function useTestApp(): { db: TestDatabase; app: FastifyInstance } {
  let db: TestDatabase | undefined;
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    db = await openTestDatabase();
    app = await testApp(db);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });
  return { db: late(() => db, 'db'), app: late(() => app, 'app') };
}

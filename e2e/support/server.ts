import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { openTestDatabase } from '../../test/db.ts';
import { buildApp } from '../../src/server/app.ts';
import { seedDemoProvince } from '../../src/server/db/seed/demo-province.ts';
import { seedDemoUsers } from '../../src/server/modules/users/bootstrap.service.ts';
import { buildWebIfStale } from '../../src/web/build-if-stale.ts';

export type E2eServer = {
  url: string;
  db: Awaited<ReturnType<typeof openTestDatabase>>;
  app: FastifyInstance;
  /** The one-time passwords of the demo accounts, by user name. */
  passwords: Map<string, string>;
  close(): Promise<void>;
};

/**
 * The real server on a random port, on a fresh database of the engine under test (PGlite, or
 * PostgreSQL with DATABASE_URL) holding a small demo province and one account per role, serving
 * the web app as built from the working tree.
 */
export async function startE2eServer({ members = 1500 } = {}): Promise<E2eServer> {
  await buildWebIfStale(() => {});
  const db = await openTestDatabase();
  await seedDemoProvince({ db, members, seed: 1 });
  const accounts = await seedDemoUsers(db);
  const app = await buildApp({ db, logLevel: 'silent' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    app,
    passwords: new Map(accounts.map((a) => [a.username, a.password])),
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

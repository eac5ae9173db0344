import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';

/**
 * Migrates one template database per run; every test file then gets its own copy of it
 * (test/db.ts), so files run in parallel without seeing each other's data.
 * PGlite: a migrated data directory that files copy. PostgreSQL (DATABASE_URL set): a
 * template database that files clone with CREATE DATABASE … TEMPLATE.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    testDb: { engine: 'pglite'; templateDir: string } | { engine: 'postgresql'; serverUrl: string; template: string };
  }
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const template = `partywork_test_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${template}`);
    const url = new URL(serverUrl);
    url.pathname = `/${template}`;
    const db = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
    await migrate(db);
    await db.close();
    project.provide('testDb', { engine: 'postgresql', serverUrl, template });
    return async () => {
      const { rows } = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1`, [`partywork_test_%_${process.pid}%`]);
      for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await admin.end();
    };
  }
  const root = mkdtempSync(join(tmpdir(), 'partywork-test-'));
  const templateDir = join(root, 'template');
  const db = await openDatabase({ dataDir: templateDir });
  await migrate(db);
  await db.close();
  project.provide('testDb', { engine: 'pglite', templateDir });
  return () => rmSync(root, { recursive: true, force: true });
}

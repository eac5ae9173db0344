import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../src/server/db/client.ts';

let counter = 0;

/** A fresh, migrated database of the engine under test, for one test file. */
export async function openTestDatabase(): Promise<Database & { drop(): Promise<void> }> {
  const target = inject('testDb');
  if (target.engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'partywork-db-'));
    cpSync(target.templateDir, dir, { recursive: true });
    const db = await openDatabase({ dataDir: dir });
    return { ...db, drop: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const name = `partywork_test_${process.pid}_${++counter}_${target.template.split('_').pop()}`;
  const admin = new pg.Client({ connectionString: target.serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${target.template}`);
  const url = new URL(target.serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  return {
    ...db,
    drop: async () => {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/**
 * The rows each query returns, by name: what a refused or failed command must leave exactly as
 * it was (compare a dump taken before with one taken after).
 */
export async function dumpRows<K extends string>(db: Database, queries: Record<K, string>): Promise<Record<K, unknown[]>> {
  const out = {} as Record<K, unknown[]>;
  for (const name of Object.keys(queries) as K[]) out[name] = (await db.pool.query(queries[name])).rows;
  return out;
}

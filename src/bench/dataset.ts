import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../server/db/client.ts';
import { migrate } from '../server/db/migrate.ts';
import { createAccount, resetPasswordByUsername } from '../server/modules/users/bootstrap.service.ts';
import type { DatasetPart } from './copy-files.ts';
import { generateDataset, type GeneratedDataset } from './generate.ts';
import { loadPglite, loadPostgres, type LoadTimes } from './load.ts';
import { scaleOf, type ScaleName } from './scales.ts';

/**
 * The database a run measures: a PostgreSQL database named partywork_bench_* (created anew
 * unless --keep finds the same dataset in it), or a PGlite data directory. What was generated
 * is kept with the data (a comment on the members table), so that --keep can report it.
 */

export type BenchTarget = { engine: 'postgresql'; url: string } | { engine: 'pglite'; dataDir: string };

export type DatasetInfo = GeneratedDataset & {
  load: LoadTimes;
  /** Wall time of generation and load together (they overlap), index builds and ANALYZE included. */
  totalSeconds: number;
  databaseMb: number;
  reused: boolean;
};

export function openTarget(target: BenchTarget): Promise<Database> {
  return target.engine === 'postgresql' ? openDatabase({ databaseUrl: target.url, dataDir: '' }) : openDatabase({ dataDir: target.dataDir });
}

const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

async function adminQuery(url: string, text: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function readInfo(target: BenchTarget): Promise<DatasetInfo | null> {
  if (target.engine === 'pglite' && !existsSync(join(target.dataDir, 'PG_VERSION'))) return null;
  let db: Database;
  try {
    db = await openTarget(target);
  } catch {
    return null;
  }
  try {
    const { rows } = await db.pool.query<{ info: string | null }>(`SELECT obj_description('members'::regclass, 'pg_class') AS info`);
    return rows[0]?.info ? { ...(JSON.parse(rows[0].info) as DatasetInfo), reused: true } : null;
  } catch {
    return null;
  } finally {
    await db.close();
  }
}

export async function prepareDataset(o: {
  target: BenchTarget; scale: ScaleName; seed: number; today: string; keep: boolean; log: (line: string) => void;
}): Promise<DatasetInfo> {
  const { target, log } = o;
  if (o.keep) {
    const info = await readInfo(target);
    if (info && info.scale === o.scale && info.seed === o.seed) {
      log(`Reusing the ${o.scale} dataset generated on ${info.today} (seed ${info.seed}).`);
      return info;
    }
    log('No dataset of this scale and seed to reuse: generating one.');
  }
  if (target.engine === 'postgresql') {
    const name = databaseName(target.url);
    if (!/^partywork_bench/.test(name)) throw new Error(`The bench database must be named partywork_bench_*, not ${name}: it is dropped and created anew.`);
    await adminQuery(target.url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await adminQuery(target.url, `CREATE DATABASE "${name}"`);
  } else {
    rmSync(target.dataDir, { recursive: true, force: true });
  }
  const db = await openTarget(target);
  try {
    await migrate(db);
  } finally {
    await db.close();
  }

  log(`Generating and loading the ${o.scale} dataset (seed ${o.seed}, as of ${o.today})…`);
  const started = performance.now();
  const work = mkdtempSync(join(tmpdir(), 'partywork-bench-'));
  try {
    const produce = (ready: (part: DatasetPart) => void) =>
      generateDataset({ scale: scaleOf(o.scale), seed: o.seed, today: o.today, dir: work, ready, log });
    const { result, times } = target.engine === 'postgresql'
      ? await loadPostgres(target.url, produce, log)
      : await loadPglite(target.dataDir, produce, log);
    const info: DatasetInfo = {
      ...result, load: times, totalSeconds: (performance.now() - started) / 1000, databaseMb: 0, reused: false,
    };
    const db2 = await openTarget(target);
    try {
      const { rows } = await db2.pool.query<{ bytes: string }>('SELECT pg_database_size(current_database())::text AS bytes');
      info.databaseMb = Math.round(Number(rows[0]?.bytes ?? 0) / 1048576);
      await db2.pool.query(`COMMENT ON TABLE members IS '${JSON.stringify(info).replace(/'/g, "''")}'`);
    } finally {
      await db2.close();
    }
    log(`Dataset ready in ${info.totalSeconds.toFixed(0)} s: ${info.members.active} active members of ${info.members.members} records.`);
    return info;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export type BenchUser = { username: string; password: string };

/** Accounts of the scenarios (their passwords set now, no change required), made or renewed. */
export async function benchUsers(db: Database, grants: { username: string; role: string; unitId: number }[]): Promise<BenchUser[]> {
  const users: BenchUser[] = [];
  for (const g of grants) {
    const { rows } = await db.pool.query('SELECT 1 FROM users WHERE username = $1', [g.username]);
    const password = rows.length > 0
      ? await resetPasswordByUsername(db, g.username)
      : (await createAccount(db, { username: g.username, displayName: g.username, roleCode: g.role, unitId: g.unitId })).password;
    await db.pool.query('UPDATE users SET must_change_password = false, failed_attempts = 0, locked_until = NULL WHERE username = $1', [g.username]);
    users.push({ username: g.username, password });
  }
  return users;
}

import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { today as todayIso } from '../server/db/rows.ts';
import { benchUsers, openTarget, prepareDataset, type BenchTarget } from './dataset.ts';
import type { Database } from '../server/db/client.ts';
import { compareKeptCounts, compareKeptEventCounts } from '../server/modules/statistics/statistics.repository.ts';
import { BENCH_NOTES } from './notes.ts';
import { writeReport, type Engine, type RunInfo } from './report.ts';
import { loadFixtures, runScenarios, USERS, type ScenarioKey, type UserKey } from './scenarios.ts';
import type { ScaleName } from './scales.ts';

/**
 * `partywork bench`: prepares the dataset of a scale on an engine, runs the scenarios through a
 * real server and directly on the database, and writes the results into the report file.
 */

export type BenchOptions = {
  engine: Engine;
  scale: ScaleName;
  seed: number;
  /** PostgreSQL: the database to (re)create, named partywork_bench_*; another name picks that server's partywork_bench_<scale>. */
  databaseUrl?: string | undefined;
  /** PGlite: the data directory to (re)create. */
  dataDir?: string | undefined;
  out: string;
  keep: boolean;
  today?: string;
  /** Where progress lines go (the command line prints them). */
  log: (line: string) => void;
  /** Smaller runs (the smoke test): requests per scenario, seconds of throughput, connections. */
  samples?: number;
  throughputSeconds?: number;
  connections?: number;
};

const SAMPLES: Record<ScaleName, Partial<Record<ScenarioKey, number>> & { default: number }> = {
  nation: { default: 40, stats_nation_now: 3, stats_nation_past: 3, stats_province_now: 3, stats_province_past: 3, profile_read: 200 },
  province: { default: 60, stats_nation_now: 20, stats_nation_past: 20, stats_province_now: 20, stats_province_past: 20, profile_read: 300 },
  tiny: { default: 20, profile_read: 50 },
};

export function benchTarget(o: Pick<BenchOptions, 'engine' | 'scale' | 'databaseUrl' | 'dataDir'>): BenchTarget {
  if (o.engine === 'pglite') return { engine: 'pglite', dataDir: o.dataDir ?? join(os.tmpdir(), `partywork-bench-pglite-${o.scale}`) };
  const url = new URL(o.databaseUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  if (!/^\/partywork_bench/.test(url.pathname)) url.pathname = `/partywork_bench_${o.scale}`;
  return { engine: 'postgresql', url: url.toString() };
}

function pglitePackageVersion(): string {
  try {
    const path = new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url);
    return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export async function runBench(o: BenchOptions): Promise<RunInfo> {
  const { log } = o;
  const started = Date.now();
  const target = benchTarget(o);
  const dataset = await prepareDataset({ target, scale: o.scale, seed: o.seed, today: o.today ?? todayIso(), keep: o.keep, log });

  // The province of the list scenario: the one nearest 300,000 members (issue 8), else the largest.
  const province = [...dataset.picks.provinces].sort((a, b) => Math.abs(a.activeMembers - 300_000) - Math.abs(b.activeMembers - 300_000))[0];
  if (!province) throw new Error('The dataset has no province');
  const db = await openTarget(target);
  let fixtures;
  let passwords: Record<UserKey, string>;
  let database: string;
  let keptCheck: RunInfo['keptCheck'];
  try {
    fixtures = await loadFixtures(db, { root: dataset.picks.root, province, seed: o.seed });
    keptCheck = await checkKeptCounts(db, province, dataset.today);
    const units: Record<UserKey, number> = { nation: dataset.picks.root, province: province.id, reader: dataset.picks.root };
    const users = await benchUsers(db, (Object.keys(USERS) as UserKey[]).map((k) => ({ ...USERS[k], unitId: units[k] })));
    passwords = Object.fromEntries((Object.keys(USERS) as UserKey[]).map((k) => [k, users.find((u) => u.username === USERS[k].username)?.password])) as Record<UserKey, string>;
    const { rows } = await db.pool.query<{ version: string }>('SELECT version()');
    database = (rows[0]?.version ?? '').replace(/ on .*| \(.*$/, '').replace(/,.*$/, '');
  } finally {
    await db.close();
  }

  const samples = SAMPLES[o.scale];
  // PGlite ignores statement_timeout (DESIGN.md); on PostgreSQL a national statistic may take minutes.
  const cap = o.engine === 'postgresql' && o.scale === 'nation' ? 60 : null;
  const measurements = await runScenarios({
    // Sessions must outlive scenarios that take minutes (the default idle timeout is 30 min).
    serverEnv: {
      SESSION_IDLE_MINUTES: '720',
      ...(target.engine === 'postgresql'
        ? { DATABASE_URL: target.url, ...(cap === null ? {} : { PGOPTIONS: `-c statement_timeout=${cap * 1000}` }) }
        : { DATA_DIR: target.dataDir }),
    },
    capSeconds: cap,
    passwords, fixtures,
    openDb: () => openTarget(target),
    samples: (key) => o.samples ?? samples[key] ?? samples.default,
    secondsPerScenario: o.scale === 'tiny' ? 20 : 60,
    throughputSeconds: o.throughputSeconds ?? (o.scale === 'tiny' ? 2 : 20),
    connections: o.connections ?? (o.scale === 'tiny' ? 4 : 16),
    log,
  });

  const cpus = os.cpus();
  const run: RunInfo = {
    engine: o.engine, scale: o.scale, startedAt: new Date(started).toISOString(), minutes: (Date.now() - started) / 60_000,
    machine: { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGb: os.totalmem() / 2 ** 30, os: `${os.type()} ${os.release()}` },
    versions: { node: process.version, database: o.engine === 'pglite' ? `PGlite (${database})` : database, pglite: pglitePackageVersion() },
    dataset, keptCheck, measurements,
  };
  writeReport(o.out, run, BENCH_NOTES);
  log(`Results written to ${o.out} (${run.minutes.toFixed(1)} min).`);
  return run;
}

/**
 * The kept counts the generator wrote for the list scenario's province against a recount of
 * its spans (today and at the end of 2023) and of its events (every day) (the nation's recount takes most of a
 * minute per date; the bench's test compares every counted unit at tiny scale).
 */
async function checkKeptCounts(db: Database, province: { id: number; name: string }, today: string): Promise<RunInfo['keptCheck']> {
  const { rows } = await db.pool.query<{ path: string }>(`SELECT path FROM unit_versions WHERE unit_id = $1 AND valid_to = 'infinity'`, [province.id]);
  const dates = [today, '2023-12-31'];
  const started = performance.now();
  const paths = rows.map((r) => r.path);
  const members = await compareKeptCounts(db.pool, dates, paths);
  const events = await compareKeptEventCounts(db.pool, paths);
  return {
    unit: province.name, dates, compared: members.compared, eventDays: events.compared,
    differences: members.differences.length + events.differences.length, seconds: (performance.now() - started) / 1000,
  };
}

import os from 'node:os';
import pg from 'pg';
import { openDatabase, type Database } from '../server/db/client.ts';
import { migrate } from '../server/db/migrate.ts';
import { subtreeRange } from '../server/db/paths.ts';
import { SYSTEM_ACTOR } from '../server/modules/access/actor.ts';
import { applyPlan, createPlan } from '../server/modules/restructure/restructure.service.ts';
import type { RestructureOperation } from '../shared/schemas/restructure.ts';
import { adminQuery, benchUrl } from './bench-database.ts';
import { writeSection } from './bench-import.ts';

/**
 * `partywork bench-restructure`: applying a national reform of the 2025 size (issue 7, point 6).
 *
 * The database (PostgreSQL, partywork_bench_restructure unless named) is made anew with the
 * tree before the reform, generated in SQL: a central unit, `provinces` provinces, each with
 * `districts` district committees, each with `communes` commune committees of `cells` cells
 * of `membersPerCell` members (one open membership span each, since 2010). The plan is the
 * reform: the last 29/63 of the provinces merge into the first ones, every three communes of a
 * district form a new commune directly under the (merged) province, and the district level is
 * abolished. It is drafted and applied through the restructure service, in one transaction.
 * Meanwhile a reader on its own connections keeps reading what the web app reads (a province's
 * member count today, a page of its member list, a unit), and the slowest read is reported:
 * readers must not wait on the apply. Afterwards the figures are checked: every member is
 * still counted once today, each old province still has its members as of the day before,
 * nobody is left in a closed unit, and every member record follows its open span.
 */

export type BenchRestructureOptions = {
  provinces: number;
  districts: number;
  communes: number;
  cells: number;
  membersPerCell: number;
  databaseUrl?: string;
  out: string;
  /** Start from the tree an earlier run of the same shape loaded (only the apply is measured again). */
  keep?: boolean;
  log?: (line: string) => void;
};

export type BenchRestructureResult = {
  shape: { provinces: number; districts: number; communes: number; cells: number; members: number; operations: number };
  loadSeconds: number | null;
  applySeconds: number;
  /** Milliseconds inside the apply per operation kind and final step. */
  timings: Record<string, number>;
  outcome: Record<string, number>;
  reads: { count: number; p50: number; p99: number; max: number; baselineMax: number };
  failures: string[];
};

const DATE = '2025-07-01';
const EVE = '2025-06-30';
const TARGET_SECONDS = 300;
const TARGET_READ_MS = 1_000;
export const MARKS = { start: '<!-- bench-restructure:start -->', end: '<!-- bench-restructure:end -->' };

const pad = (n: number) => String(n).padStart(2, '0');
const provinceCode = (p: number) => `P${pad(p)}`;
/** How many provinces merge into others: 29 of 63 in 2025. */
const mergedProvinces = (n: number) => Math.round((n * 29) / 63);

/** The tree before the reform, in SQL: units by code level by level, then members and spans. */
async function load(db: Database, o: BenchRestructureOptions, log: (l: string) => void) {
  const q = (text: string, params: unknown[] = []) => db.pool.query(text, params);
  await q(`INSERT INTO units (code, type_code, valid_from) VALUES ('TW', 'central', '1930-02-03')`);
  await q(`INSERT INTO units (code, type_code, valid_from)
           SELECT 'P' || lpad(p::text, 2, '0'), 'province', '1976-01-01' FROM generate_series(1, $1) p`, [o.provinces]);
  const levels: [string, string, number, string][] = [
    ['province', 'district', o.districts, 'D'], ['district', 'grassroots_committee', o.communes, 'X'], ['grassroots_committee', 'subordinate_cell', o.cells, 'C'],
  ];
  for (const [parent, type, n, letter] of levels) {
    await q(`INSERT INTO units (code, type_code, valid_from)
             SELECT u.code || '.${letter}' || lpad(k::text, 2, '0'), $1, '2010-01-01' FROM units u, generate_series(1, $2) k
             WHERE u.type_code = $3`, [type, n, parent]);
  }
  await q(`INSERT INTO unit_versions (unit_id, name, names, name_key, parent_id, path, depth, valid_from, reason)
           SELECT id, 'Ban Chấp hành Trung ương', '{"vi":"Ban Chấp hành Trung ương"}', 'ban chap hanh trung uong', NULL, id || '.', 0, valid_from, 'created'
           FROM units WHERE code = 'TW'`);
  const names: Record<string, string> = {
    province: 'Đảng bộ tỉnh', district: 'Đảng bộ huyện', grassroots_committee: 'Đảng bộ xã', subordinate_cell: 'Chi bộ thôn',
  };
  for (const type of ['province', 'district', 'grassroots_committee', 'subordinate_cell']) {
    await q(`INSERT INTO unit_versions (unit_id, name, names, name_key, parent_id, path, depth, valid_from, reason)
             SELECT u.id, $2 || ' ' || u.code, jsonb_build_object('vi', $2 || ' ' || u.code), lower(u.code), pv.unit_id,
                    pv.path || u.id || '.', pv.depth + 1, u.valid_from, 'created'
             FROM units u
             JOIN units pu ON pu.code = CASE WHEN u.type_code = 'province' THEN 'TW' ELSE regexp_replace(u.code, '\\.[^.]+$', '') END
             JOIN unit_versions pv ON pv.unit_id = pu.id
             WHERE u.type_code = $1`, [type, names[type]]);
  }
  log('tree loaded; members next');
  await q(`INSERT INTO members (full_name, gender, birth_date, ethnicity, religion, admission_decision_date, search_key, sort_key, unit_path)
           SELECT 'Đảng viên ' || v.unit_id || '-' || k, CASE WHEN k % 3 = 0 THEN 'female' ELSE 'male' END,
                  date '1950-01-01' + ((v.unit_id * 31 + k * 997) % 18000)::int, '01', 'none', '2010-01-01',
                  'dang vien ' || v.unit_id || ' ' || k, 'dang vien ' || lpad(k::text, 3, '0') || ' ' || v.unit_id, v.path
           FROM unit_versions v JOIN units u ON u.id = v.unit_id AND u.type_code = 'subordinate_cell'
           CROSS JOIN generate_series(1, $1) k`, [o.membersPerCell]);
  log('members loaded; spans next');
  await q(`INSERT INTO membership_spans (member_id, unit_id, unit_path, status, valid_from, reason)
           SELECT m.id, v.unit_id, v.path, 'official', '2010-01-01', 'admitted'
           FROM members m JOIN unit_versions v ON v.path = m.unit_path AND v.valid_to = 'infinity'`);
  await q('VACUUM ANALYZE units');
  await q('VACUUM ANALYZE unit_versions');
  await q('VACUUM ANALYZE members');
  await q('VACUUM ANALYZE membership_spans');
}

/** The reform's operations, by unit code. */
export function reformOperations(o: Pick<BenchRestructureOptions, 'provinces' | 'districts' | 'communes'>): RestructureOperation[] {
  const ops: RestructureOperation[] = [];
  const merged = mergedProvinces(o.provinces);
  const kept = o.provinces - merged;
  const home = (p: number) => (p <= kept ? p : ((p - kept - 1) % kept) + 1);
  for (let p = kept + 1; p <= o.provinces; p++) ops.push({ kind: 'merge', units: [provinceCode(p)], into: provinceCode(home(p)) });
  for (let p = 1; p <= o.provinces; p++) {
    for (let d = 1; d <= o.districts; d++) {
      const district = `${provinceCode(p)}.D${pad(d)}`;
      for (let first = 1, n = 1; first <= o.communes; first += 3, n++) {
        const code = `${district}.N${n}`;
        ops.push({ kind: 'create', code, name: `Đảng bộ xã mới ${code}`, typeCode: 'commune', parent: provinceCode(home(p)) });
        const olds = [first, first + 1, first + 2].filter((x) => x <= o.communes).map((x) => `${district}.X${pad(x)}`);
        ops.push({ kind: 'merge', units: olds, into: code });
      }
    }
  }
  ops.push({ kind: 'abolish_level', typeCode: 'district', successors: {} });
  return ops;
}

async function count(db: Database, text: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.pool.query<{ n: string | number }>(text, params);
  return Number(rows[0]?.n ?? 0);
}

/** Members open on a date in each province (by code), as the statistics count them. */
async function provinceCounts(db: Database, date: string): Promise<Map<string, number>> {
  const { rows } = await db.pool.query<{ code: string; n: number }>(
    `SELECT u.code, (SELECT count(*)::int FROM membership_spans s
                     WHERE s.unit_path >= v.path AND s.unit_path < left(v.path, -1) || '/' AND s.valid_from <= $1 AND s.valid_to > $1) AS n
     FROM units u JOIN unit_versions v ON v.unit_id = u.id AND v.valid_from <= $1 AND v.valid_to > $1
     WHERE u.type_code = 'province'`, [date]);
  return new Map(rows.map((r) => [r.code, r.n]));
}

/** Reads what the web app reads, one after another, until stopped; latencies in ms. */
function reader(url: string, paths: string[]) {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const latencies: number[] = [];
  let running = true;
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const [lo, hi] = subtreeRange(paths[i % paths.length] as string);
      const started = performance.now();
      if (i % 3 === 0) {
        await pool.query(`SELECT count(*) FROM membership_spans WHERE unit_path >= $1 AND unit_path < $2 AND valid_from <= $3 AND valid_to > $3`, [lo, hi, today]);
      } else if (i % 3 === 1) {
        await pool.query(`SELECT id, full_name FROM members WHERE unit_path >= $1 AND unit_path < $2 ORDER BY sort_key, id LIMIT 50`, [lo, hi]);
      } else {
        await pool.query(`SELECT u.code, v.name FROM units u JOIN unit_versions v ON v.unit_id = u.id AND v.valid_to = 'infinity' WHERE v.path = $1`, [paths[i % paths.length]]);
      }
      latencies.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    latencies,
    async stop() { running = false; await loop; await pool.end(); },
  };
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);
};

export async function runBenchRestructure(o: BenchRestructureOptions): Promise<BenchRestructureResult> {
  const log = o.log ?? ((line: string) => console.log(line));
  const url = benchUrl(o.databaseUrl, 'partywork_bench_restructure');
  const name = new URL(url).pathname.slice(1);
  const members = o.provinces * o.districts * o.communes * o.cells * o.membersPerCell;
  let loadSeconds: number | null = null;
  let db: Database;
  const shapeKey = JSON.stringify([o.provinces, o.districts, o.communes, o.cells, o.membersPerCell]);
  // The loaded tree is kept as a template database: an apply changes the bench database, and
  // --keep starts the next run from a copy of the tree as it was before the reform.
  const loaded = `${name}_loaded`;
  await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  if (o.keep && await existingShape(url, loaded) === shapeKey) {
    await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${loaded}`);
    db = await openDatabase({ databaseUrl: url, dataDir: '' });
    log(`reusing the tree of ${loaded}`);
  } else {
    await adminQuery(url, `DROP DATABASE IF EXISTS ${loaded} WITH (FORCE)`);
    await adminQuery(url, `CREATE DATABASE ${loaded}`);
    const loading = await openDatabase({ databaseUrl: new URL(`/${loaded}`, url).toString(), dataDir: '' });
    try {
      await migrate(loading);
      const started = performance.now();
      await load(loading, o, log);
      loadSeconds = (performance.now() - started) / 1000;
      await loading.pool.query(`COMMENT ON DATABASE ${loaded} IS '${shapeKey}'`);
    } finally {
      await loading.close();
    }
    log(`loaded ${members.toLocaleString('en')} members in ${loadSeconds?.toFixed(1)} s`);
    await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${loaded}`);
    db = await openDatabase({ databaseUrl: url, dataDir: '' });
  }
  const failures: string[] = [];
  try {
    const before = await provinceCounts(db, EVE);
    const openBefore = await count(db, `SELECT count(*) FROM membership_spans WHERE valid_to = 'infinity'`);
    const operations = reformOperations(o);
    const root = await count(db, `SELECT id AS n FROM units WHERE code = 'TW'`);
    const plan = await createPlan({ db, actor: SYSTEM_ACTOR, body: { unitId: root, title: 'Bench: the 2025 reform', effectiveOn: DATE, operations } });

    const { rows: paths } = await db.pool.query<{ path: string }>(
      `SELECT v.path FROM unit_versions v JOIN units u ON u.id = v.unit_id AND u.type_code IN ('province', 'subordinate_cell')
       WHERE v.valid_to = 'infinity' ORDER BY u.type_code, v.unit_id LIMIT 60`);
    const baseline = reader(url, paths.map((r) => r.path));
    await new Promise((r) => setTimeout(r, 3_000));
    await baseline.stop();
    const during = reader(url, paths.map((r) => r.path));
    let timings: Record<string, number> = {};
    const started = performance.now();
    let applied;
    try {
      applied = await applyPlan({ db, actor: SYSTEM_ACTOR, id: plan.id, ifMatch: null, locale: 'en', onTimings: (t) => { timings = t; } });
    } finally {
      await during.stop();
    }
    const applySeconds = (performance.now() - started) / 1000;
    log(`applied ${operations.length.toLocaleString('en')} operations in ${applySeconds.toFixed(1)} s`);

    // The figures must hold.
    const openAfter = await count(db, `SELECT count(*) FROM membership_spans WHERE valid_to = 'infinity'`);
    if (openAfter !== openBefore) failures.push(`open spans ${openBefore} before, ${openAfter} after`);
    const history = await provinceCounts(db, EVE);
    for (const [code, n] of before) if (history.get(code) !== n) failures.push(`${code} as of ${EVE}: ${n} before, ${history.get(code)} after`);
    const now = await provinceCounts(db, DATE);
    const total = [...now.values()].reduce((a, b) => a + b, 0);
    if (total !== members) failures.push(`provinces count ${total} members today, expected ${members}`);
    if (now.size !== o.provinces - mergedProvinces(o.provinces)) failures.push(`${now.size} provinces open after the reform`);
    const stranded = await count(db, `SELECT count(*) FROM membership_spans s JOIN units u ON u.id = s.unit_id WHERE s.valid_to = 'infinity' AND u.valid_to <> 'infinity'`);
    if (stranded > 0) failures.push(`${stranded} open spans in closed units`);
    const astray = await count(db, `SELECT count(*) FROM members m JOIN membership_spans s ON s.member_id = m.id AND s.valid_to = 'infinity' WHERE m.unit_path <> s.unit_path`);
    if (astray > 0) failures.push(`${astray} member records not on their open span's path`);
    const districts = await count(db, `SELECT count(*) FROM units WHERE type_code = 'district' AND valid_to = 'infinity'`);
    if (districts > 0) failures.push(`${districts} districts still open`);

    const result: BenchRestructureResult = {
      shape: {
        provinces: o.provinces, districts: o.provinces * o.districts, communes: o.provinces * o.districts * o.communes,
        cells: o.provinces * o.districts * o.communes * o.cells, members, operations: operations.length,
      },
      loadSeconds, applySeconds, timings, outcome: (applied.outcome ?? {}) as Record<string, number>,
      reads: {
        count: during.latencies.length, p50: percentile(during.latencies, 50), p99: percentile(during.latencies, 99),
        max: Math.max(0, ...during.latencies), baselineMax: Math.max(0, ...baseline.latencies),
      },
      failures,
    };
    writeSection(o.out, reportSection(result), MARKS);
    return result;
  } finally {
    await db.close();
  }
}

async function existingShape(url: string, name: string): Promise<string | null> {
  const u = new URL(url);
  u.pathname = '/postgres';
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ d: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS d FROM pg_database WHERE datname = $1`, [name]);
    return rows[0]?.d ?? null;
  } finally {
    await client.end();
  }
}

const int = (x: number) => Math.round(x).toLocaleString('en');
const met = (ok: boolean) => (ok ? 'met' : '**not met**');

export function reportSection(r: BenchRestructureResult): string {
  const s = r.shape;
  const lines = [
    '## Restructuring: a national reform (`partywork bench-restructure`)',
    '',
    `PostgreSQL, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB; run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    `Dataset before the reform, generated in SQL: ${int(s.provinces)} provinces, ${int(s.districts)} district committees, ${int(s.communes)} commune committees, ${int(s.cells)} cells, ${int(s.members)} members with one open span each${r.loadSeconds === null ? ' (reused)' : `, loaded in ${r.loadSeconds.toFixed(0)} s`}.`,
    `The plan: ${int(mergedProvinces(s.provinces))} provinces merged into others, every three communes of a district formed into a new commune under the province, the district level abolished: ${int(s.operations)} operations, applied in one transaction through the restructure service.`,
    '',
    '| Measure | Figure | Target | |',
    '|---|---|---|---|',
    `| Apply (one transaction) | ${r.applySeconds.toFixed(1)} s | ≤ ${TARGET_SECONDS} s | ${met(r.applySeconds <= TARGET_SECONDS)} |`,
    `| of which: ${Object.entries(r.timings).sort(([, a], [, b]) => b - a).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')} | | | |`,
    `| Slowest read during the apply (${int(r.reads.count)} reads) | ${int(r.reads.max)} ms | ≤ ${int(TARGET_READ_MS)} ms | ${met(r.reads.max <= TARGET_READ_MS)} |`,
    `| Reads during the apply, p50 / p99 | ${int(r.reads.p50)} / ${int(r.reads.p99)} ms | | |`,
    `| Slowest read before the apply | ${int(r.reads.baselineMax)} ms | | |`,
    '',
    `Outcome: ${Object.entries(r.outcome).map(([k, v]) => `${k} ${int(v)}`).join(', ')}.`,
    r.failures.length > 0 ? `\n**Verification failed**: ${r.failures.join('; ')}.` : 'Verified afterwards: every member counted once today, each old province\'s count as of the day before unchanged, no open span in a closed unit, every member record on its open span\'s path, no district open.',
  ];
  return lines.join('\n');
}

export async function benchRestructureCommand(o: BenchRestructureOptions) {
  const result = await runBenchRestructure(o);
  if (result.failures.length > 0) {
    console.error(`Verification failed:\n${result.failures.map((f) => `  ${f}`).join('\n')}`);
    process.exitCode = 1;
  }
}

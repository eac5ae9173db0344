import { createReadStream, createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { openDatabase, type Database } from '../server/db/client.ts';
import { migrate } from '../server/db/migrate.ts';
import { addMonthsTo, dayOf, toIso } from '../server/db/seed/days.ts';
import { seedDemoProvince } from '../server/db/seed/demo-province.ts';
import * as profile from '../server/db/seed/member-profile.ts';
import { vietnameseName } from '../server/db/seed/names.ts';
import { Random } from '../server/db/seed/random.ts';
import { createAccount } from '../server/modules/users/bootstrap.service.ts';
import { translate } from '../shared/i18n/translate.ts';
import { ETHNICITIES } from '../shared/reference.ts';
import type { ImportJob } from '../shared/schemas/imports.ts';
import type { ApiClient, sampleRss } from '../bench/server-process.ts';
import { adminQuery, benchUrl, rootUnit } from './bench-database.ts';

/**
 * `partywork bench-import --rows 200000`: how long a member import of that many NEW members
 * takes through a real server, from a CSV and from an XLSX file, and how much memory the server
 * holds meanwhile (issue 6, point 7).
 *
 * The database is PostgreSQL, named partywork_bench_* (default partywork_bench_import), dropped
 * and made anew with a demo province (20,000 generated members). For each format a file of
 * `--rows` new members is generated from a seeded PRNG (Vietnamese names, unique citizen IDs,
 * cells of the province open since before 2016), uploaded, and applied all or nothing with the
 * suggested mapping by an organization-board user of the province; GET /imports/:id is polled
 * every 500 ms to time the check phase ('checking') and the apply phase ('applying'). The
 * counts and the database must show exactly `--rows` new members with open spans. The same
 * file is then imported again and must change nothing. The server's resident memory and the
 * CPU time of the server process and of the database's backends are sampled throughout.
 * An import still running after --max-minutes is cancelled (with the statement it was running
 * noted) and counts as failed, so the command always ends. The figures replace the section
 * between the bench-import markers of --out.
 */

export type BenchImportOptions = {
  rows: number;
  databaseUrl?: string;
  formats: string;
  out: string;
  /** Each import is stopped (cancelled) when it has run this long. */
  maxMinutes?: number;
  /** Members of the demo province seeded first (the tiny smoke test uses fewer). */
  seedMembers?: number;
  log?: (line: string) => void;
};

const USERNAME = 'bench_import';
const SEED = 1;
const HEADER = ['Họ và tên', 'Giới tính', 'Ngày sinh', 'Dân tộc', 'Tôn giáo', 'Số CCCD', 'Ngày vào đảng', 'Ngày lễ kết nạp', 'Ngày chính thức', 'Mã chi bộ', 'Số điện thoại'];
const DATE_COLUMNS = new Set([2, 6, 7, 8]);
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const POLL_MS = 500;
const TARGETS = { csv: 100_000, xlsx: 25_000, memoryMb: 400 } as const;
export const START_MARK = '<!-- bench-import:start -->';
export const END_MARK = '<!-- bench-import:end -->';

type Format = 'csv' | 'xlsx';
type Cpu = { server: number; database: number };
type Phase = { seconds: number; cpu: Cpu };

export type ImportRun = {
  jobId: number;
  state: string;
  counts: ImportJob['counts'];
  firstErrors: string[];
  failure: string | null;
  upload: Phase;
  check: Phase;
  apply: Phase;
  /** The apply phase was over before a poll saw it (its time is then within the last poll interval). */
  applySeen: boolean;
  /** Stopped at the cap (--max-minutes): where, and the statement the bench database was running then. */
  capped: { phase: string; statement: string | null; statementSeconds: number | null } | null;
  /** What the planner knew of import_rows when the apply phase was first seen: its row estimate and last ANALYZE. */
  plannerRows: { reltuples: number; analyzedAt: string | null } | null;
  totalSeconds: number;
  peakRssMb: number;
  rssAfterMb: number;
};

export type FormatResult = {
  format: Format;
  rows: number;
  fileBytes: number;
  generateSeconds: number;
  baseRssMb: number;
  first: ImportRun;
  second: ImportRun | null;
  membersAdded: number;
  openSpansAdded: number;
  failures: string[];
};

export type BenchImportResult = {
  startedAt: string;
  minutes: number;
  machine: { cpu: string; cores: number; memoryGb: number; os: string; loadAverage: number };
  versions: { node: string; database: string };
  database: string;
  cells: number;
  seedMembers: number;
  maxMinutes: number;
  serverStartRssMb: number;
  results: FormatResult[];
  failures: string[];
};

/** Cells open since before 2016, in code order (the same list for the same seed). */
async function cellCodes(db: Database): Promise<string[]> {
  const { rows } = await db.pool.query<{ code: string }>(
    `SELECT u.code FROM units u JOIN unit_types t ON t.code = u.type_code AND t.holds_members
     WHERE u.valid_to = 'infinity' AND u.valid_from <= '2016-01-01' ORDER BY u.code`);
  if (rows.length === 0) throw new Error('The demo province has no cell open since before 2016');
  return rows.map((r) => r.code);
}

// ---------------------------------------------------------------------------------------------
// The files

type Member = { cells: (string | Date)[] };

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const dayMs = (day: number) => new Date(day * 86_400_000);
const dmy = (day: number) => {
  const iso = toIso(day);
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
};

/**
 * The members of one file, deterministic for a seed and a format: admitted 2016–2024 at 20 to
 * 50, the ceremony 3–20 days later, two in three official 12–18 months after it; citizen IDs
 * 9 followed by 11 digits counting from `firstId` (different for each format).
 */
function* members(rows: number, cells: string[], format: Format, firstId: number, today: number): Generator<Member> {
  const rng = new Random(SEED, format === 'csv' ? 701 : 702);
  const [from, to] = [dayOf(2016, 1, 1), dayOf(2024, 12, 31)];
  for (let i = 0; i < rows; i++) {
    const gender = rng.chance(0.4) ? 'female' : 'male';
    const admitted = rng.int(from, to);
    const birth = addMonthsTo(admitted, -12 * rng.int(20, 49)) - rng.int(0, 364);
    const ethnicity = profile.ethnicity(rng, 'province');
    const name = vietnameseName(rng, gender, ethnicity, Number(toIso(birth).slice(0, 4)));
    const religion = translate('vi', `enums.religion.${profile.religion(rng)}`);
    const ceremony = admitted + rng.int(3, 20);
    let official: number | null = rng.chance(2 / 3) ? addMonthsTo(ceremony, 12) + rng.int(0, 180) : null;
    if (official !== null && official > today) official = null;
    const cell = rng.pick(cells);
    const phone = profile.phone(rng) ?? '';
    const date = (day: number | null) => (day === null ? '' : format === 'csv' ? dmy(day) : dayMs(day));
    yield {
      cells: [name, gender === 'male' ? 'Nam' : 'Nữ', date(birth), ETHNICITIES[ethnicity] ?? ethnicity, religion,
        `9${pad(firstId + i, 11)}`, date(admitted), date(ceremony), date(official), cell, phone],
    };
  }
}

const csvCell = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);

async function writeCsv(path: string, rows: Iterable<Member>): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`\uFEFF${HEADER.map(csvCell).join(',')}\r\n`);
  let batch: string[] = [];
  for (const m of rows) {
    batch.push((m.cells as string[]).map(csvCell).join(','));
    if (batch.length >= 2_000) {
      await write(`${batch.join('\r\n')}\r\n`);
      batch = [];
    }
  }
  if (batch.length > 0) await write(`${batch.join('\r\n')}\r\n`);
  out.end();
  await once(out, 'finish');
}

/** ExcelJS's streaming writer; dates as date cells (dd/mm/yyyy), the citizen ID as text. */
async function writeXlsx(path: string, rows: Iterable<Member>): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Đảng viên');
  sheet.columns = HEADER.map((header, i) => ({ header, key: String(i), width: i === 0 ? 28 : 16 }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  const dateStyle = { numFmt: 'dd/mm/yyyy' };
  let n = 0;
  for (const m of rows) {
    const row = sheet.addRow(m.cells.map((c) => (c === '' ? null : c)));
    for (const i of DATE_COLUMNS) if (m.cells[i] !== '') row.getCell(i + 1).style = dateStyle;
    row.commit();
    // Let the zip stream take what was written (the writer does not wait for it).
    if (++n % 5_000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  sheet.commit();
  await workbook.commit();
}

// ---------------------------------------------------------------------------------------------
// Measuring

/** CPU seconds (user + system) of a process, from /proc; null once it is gone. */
function processCpu(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // CLK_TCK is 100 on Linux
  } catch {
    return null;
  }
}

/**
 * CPU time of the server process and of the PostgreSQL backends connected to the bench
 * database (found by their process title), summed over every backend seen: a backend that
 * went away keeps what it had used at the last sample.
 */
class CpuMeter {
  private readonly backends = new Map<number, number>();
  private server = 0;
  constructor(private readonly serverPid: number, private readonly database: string) {}

  sample(): Cpu {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let title: string;
      try {
        title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (!title.startsWith('postgres: ') || !title.includes(` ${this.database} `)) continue;
      const cpu = processCpu(Number(entry));
      if (cpu !== null) this.backends.set(Number(entry), cpu);
    }
    this.server = processCpu(this.serverPid) ?? this.server;
    let database = 0;
    for (const v of this.backends.values()) database += v;
    return { server: this.server, database };
  }
}

const minus = (a: Cpu, b: Cpu): Cpu => ({ server: a.server - b.server, database: a.database - b.database });

/** A request with the session cookie and its CSRF token (writes need it), the body a file or JSON. */
function send(
  base: string, method: string, path: string, session: Session, body: { file: string; contentType: string } | { json: unknown },
): Promise<{ status: number; body: string }> {
  const json = 'json' in body ? JSON.stringify(body.json) : null;
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, base), {
      method,
      headers: {
        cookie: session.cookie, 'x-csrf-token': session.csrfToken, accept: 'application/json',
        'content-type': 'file' in body ? body.contentType : 'application/json',
        'content-length': 'file' in body ? statSync(body.file).size : Buffer.byteLength(json as string),
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if ('file' in body) createReadStream(body.file).on('error', reject).pipe(req);
    else req.end(json);
  });
}

type Session = { cookie: string; csrfToken: string };

/** import_rows as the planner sees it: reltuples (-1: never analyzed) and the time of the last ANALYZE. */
async function importRowsStatistics(db: Database): Promise<NonNullable<ImportRun['plannerRows']>> {
  const { rows } = await db.pool.query<{ reltuples: number; analyzedAt: Date | null }>(
    `SELECT c.reltuples::float8 AS reltuples, greatest(s.last_analyze, s.last_autoanalyze) AS "analyzedAt"
       FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.relname = 'import_rows'`);
  const r = rows[0];
  return { reltuples: r?.reltuples ?? -1, analyzedAt: r?.analyzedAt ? r.analyzedAt.toISOString() : null };
}

/**
 * The cap: notes the statement the bench database is running, then cancels the import (the flag
 * is read between pages and ranges) and that statement (a range of the apply can run for a long
 * time): the apply's transaction rolls back and nothing is written.
 */
async function stopAtCap(db: Database, base: string, session: Session, id: number, phase: string): Promise<NonNullable<ImportRun['capped']>> {
  const { rows } = await db.pool.query<{ pid: number; query: string; seconds: number }>(
    `SELECT pid, query, extract(epoch FROM now() - query_start)::float8 AS seconds FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' ORDER BY query_start LIMIT 1`);
  const running = rows[0];
  await send(base, 'POST', `/api/v1/imports/${id}/cancel`, session, { json: {} });
  if (running) await db.pool.query('SELECT pg_cancel_backend($1)', [running.pid]);
  return {
    phase,
    statement: running ? running.query.replace(/\s+/g, ' ').trim().slice(0, 240) : null,
    statementSeconds: running ? running.seconds : null,
  };
}

type Rss = ReturnType<typeof sampleRss>;

/** Upload, apply all or nothing with the suggested mapping, and follow the job to its end. */
async function importOnce(
  { db, api, csrfToken, server, cpu, rss, rssMb, unitId, file, format, capMs }:
  {
    db: Database; api: ApiClient; csrfToken: string; server: { url: string; pid: number }; cpu: CpuMeter; rss: Rss;
    rssMb: (pid: number) => number | null; unitId: number; file: string; format: Format; capMs: number;
  },
): Promise<ImportRun> {
  const fromSample = rss.samples.length;
  const c0 = cpu.sample();
  const t0 = performance.now();
  const session = { cookie: api.cookie, csrfToken };
  const uploaded = await send(server.url, 'POST', `/api/v1/members/import?unit=${unitId}&fileName=bench-import.${format}`, session,
    { file, contentType: format === 'csv' ? 'text/csv' : XLSX_TYPE });
  if (uploaded.status !== 201) throw new Error(`The ${format} upload answered ${uploaded.status}: ${uploaded.body.slice(0, 500)}`);
  const job = JSON.parse(uploaded.body) as ImportJob;
  const t1 = performance.now();
  const c1 = cpu.sample();
  const started = await send(server.url, 'POST', `/api/v1/imports/${job.id}/apply`, session,
    { json: { mapping: job.suggestedMapping, mode: 'all_or_nothing' } });
  if (started.status !== 202) throw new Error(`The ${format} apply answered ${started.status}: ${started.body.slice(0, 500)}`);
  let applyingAt: number | null = null;
  let c2: Cpu | null = null;
  let last: ImportJob;
  let capped: ImportRun['capped'] = null;
  let plannerRows: ImportRun['plannerRows'] = null;
  let t3 = 0;
  let c3: Cpu | null = null;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const res = await api.request('GET', `/api/v1/imports/${job.id}`);
    const now = performance.now();
    if (res.status !== 200) throw new Error(`GET /imports/${job.id} answered ${res.status}: ${res.body.slice(0, 500)}`);
    last = JSON.parse(res.body) as ImportJob;
    const sample = cpu.sample();
    if (last.state === 'applying' && applyingAt === null) {
      applyingAt = now;
      c2 = sample;
      plannerRows = await importRowsStatistics(db);
    }
    if (last.state !== 'checking' && last.state !== 'applying') break;
    if (!capped && now - t1 > capMs) {
      t3 = now;
      c3 = sample;
      capped = await stopAtCap(db, server.url, session, job.id, last.state);
    } else if (capped && now - t3 > 300_000) {
      throw new Error(`Import ${job.id} did not stop within 5 minutes of its cancel`);
    }
  }
  if (!capped) {
    t3 = performance.now();
    c3 = cpu.sample();
  }
  c3 ??= cpu.sample();
  const applySeen = applyingAt !== null;
  const t2 = applyingAt ?? t3;
  return {
    jobId: job.id, state: last.state, counts: last.counts, failure: last.failure,
    firstErrors: last.firstErrors.slice(0, 5).map((e) => `row ${e.row} ${e.path}: ${e.message}`),
    upload: { seconds: (t1 - t0) / 1000, cpu: minus(c1, c0) },
    check: { seconds: (t2 - t1) / 1000, cpu: minus(c2 ?? c3, c1) },
    apply: { seconds: (t3 - t2) / 1000, cpu: minus(c3, c2 ?? c3) },
    applySeen, capped, plannerRows,
    totalSeconds: (t3 - t0) / 1000,
    peakRssMb: Math.max(rss.peakSince(fromSample), rssMb(server.pid) ?? 0),
    rssAfterMb: rssMb(server.pid) ?? 0,
  };
}

async function memberCounts(db: Database, firstId: string, lastId: string) {
  const { rows } = await db.pool.query<{ members: number; open: number; fileOpen: number }>(
    `SELECT (SELECT count(*)::int FROM members) AS members,
            (SELECT count(DISTINCT member_id)::int FROM membership_spans WHERE valid_to = 'infinity') AS open,
            (SELECT count(*)::int FROM members m WHERE m.citizen_id BETWEEN $1 AND $2
               AND EXISTS (SELECT 1 FROM membership_spans s WHERE s.member_id = m.id AND s.valid_to = 'infinity')) AS "fileOpen"`,
    [firstId, lastId]);
  return rows[0] as { members: number; open: number; fileOpen: number };
}

// ---------------------------------------------------------------------------------------------
// The run

export async function runBenchImport(o: BenchImportOptions): Promise<BenchImportResult> {
  const log = o.log ?? ((s: string) => console.log(s));
  const formats = o.formats.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean);
  for (const f of formats) if (f !== 'csv' && f !== 'xlsx') throw new Error(`Unknown format ${f} (csv or xlsx)`);
  if (o.rows < 1) throw new Error('--rows must be at least 1');
  // Loaded only here: the server process and its memory sampling belong to the benchmark tools.
  const { startServerProcess, sampleRss, rssMb, ApiClient } = await import('../bench/server-process.ts');
  const started = Date.now();
  const url = benchUrl(o.databaseUrl, 'partywork_bench_import');
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const seedMembers = o.seedMembers ?? 20_000;
  const loadAverage = os.loadavg()[0] ?? 0;
  const maxMinutes = o.maxMinutes ?? 30;
  const capMs = maxMinutes * 60_000;

  await adminQuery(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await adminQuery(url, `CREATE DATABASE "${name}"`);
  const db = await openDatabase({ databaseUrl: url, dataDir: '' });
  const work = mkdtempSync(join(os.tmpdir(), 'partywork-bench-import-'));
  const failures: string[] = [];
  const results: FormatResult[] = [];
  let version = '';
  let cells: string[] = [];
  let serverStartRssMb = 0;
  try {
    await migrate(db);
    log(`Loading the demo province (${seedMembers.toLocaleString('en')} members) into ${name}…`);
    await seedDemoProvince({ db, members: seedMembers, seed: SEED });
    const root = await rootUnit(db);
    cells = await cellCodes(db);
    version = (await db.pool.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? '';
    const { password } = await createAccount(db, { username: USERNAME, displayName: USERNAME, roleCode: 'organization_board', unitId: root.id });
    await db.pool.query('UPDATE users SET must_change_password = false WHERE username = $1', [USERNAME]);

    const server = await startServerProcess({ DATABASE_URL: url, DATA_DIR: join(work, 'data'), SESSION_IDLE_MINUTES: '720' });
    const api = new ApiClient(server.url);
    try {
      await api.signIn(USERNAME, password);
      const me = await api.request('GET', '/api/v1/auth/me');
      const csrfToken = (JSON.parse(me.body) as { csrfToken?: string | null }).csrfToken;
      if (me.status !== 200 || !csrfToken) throw new Error(`GET /auth/me gave no CSRF token: ${me.status} ${me.body.slice(0, 300)}`);
      serverStartRssMb = rssMb(server.pid) ?? 0;
      const cpu = new CpuMeter(server.pid, name);
      const today = dayOf(new Date().getUTCFullYear(), new Date().getUTCMonth() + 1, new Date().getUTCDate());
      for (const [index, format] of (formats as Format[]).entries()) {
        const firstId = index * o.rows + 1;
        const [firstCitizen, lastCitizen] = [`9${pad(firstId, 11)}`, `9${pad(firstId + o.rows - 1, 11)}`];
        const file = join(work, `members.${format}`);
        log(`Generating ${o.rows.toLocaleString('en')} new members as ${format.toUpperCase()}…`);
        const g0 = performance.now();
        const rows = members(o.rows, cells, format, firstId, today);
        if (format === 'csv') await writeCsv(file, rows);
        else await writeXlsx(file, rows);
        const generateSeconds = (performance.now() - g0) / 1000;
        const fileBytes = statSync(file).size;
        log(`  ${(fileBytes / 1_048_576).toFixed(1)} MB in ${generateSeconds.toFixed(1)} s`);

        const before = await memberCounts(db, firstCitizen, lastCitizen);
        const baseRssMb = rssMb(server.pid) ?? 0;
        const rss = sampleRss(server.pid);
        const own: string[] = [];
        let first: ImportRun;
        let second: ImportRun | null = null;
        let after = before;
        try {
          log(`Importing it (upload, then apply all or nothing)…`);
          first = await importOnce({ db, api, csrfToken, server, cpu, rss, rssMb, unitId: root.id, file, format, capMs });
          logRun(log, first, o.rows);
          after = await memberCounts(db, firstCitizen, lastCitizen);
          if (first.capped) {
            own.push(`stopped at the cap of ${maxMinutes} min in the ${first.capped.phase} phase (the import ended ${first.state}), so not verified; `
              + `${after.members - before.members} members were written (all or nothing: 0 expected)`);
          } else {
            if (first.state !== 'applied') own.push(`the import ended ${first.state}${first.failure ? ` (${first.failure})` : ''}`);
            if (first.counts.new !== o.rows) own.push(`counts.new is ${first.counts.new}, not ${o.rows}`);
            if (first.counts.rejected !== 0) own.push(`${first.counts.rejected} rows were refused: ${first.firstErrors.join('; ')}`);
            if (after.members - before.members !== o.rows) own.push(`the database has ${after.members - before.members} more members, not ${o.rows}`);
            if (after.open - before.open !== o.rows) own.push(`the database has ${after.open - before.open} more members with an open span, not ${o.rows}`);
            if (after.fileOpen !== o.rows) own.push(`${after.fileOpen} of the file's ${o.rows} citizen IDs have a member with an open span`);
          }
          if (first.state === 'applied') {
            log('Importing the same file again (nothing may change)…');
            second = await importOnce({ db, api, csrfToken, server, cpu, rss, rssMb, unitId: root.id, file, format, capMs });
            logRun(log, second, o.rows);
            const again = await memberCounts(db, firstCitizen, lastCitizen);
            const c = second.counts;
            if (second.capped) own.push(`the second import was stopped at the cap of ${maxMinutes} min in the ${second.capped.phase} phase`);
            else if (second.state !== 'applied' || c.unchanged !== o.rows || c.new + c.updated + c.rejected !== 0) {
              own.push(`the second import was not all unchanged: ${second.state}, ${c.new} new, ${c.updated} updated, ${c.unchanged} unchanged, ${c.rejected} refused${second.firstErrors.length > 0 ? ` (${second.firstErrors.join('; ')})` : ''}`);
            }
            if (again.members !== after.members || again.open !== after.open) own.push('the second import changed the number of members');
          }
        } finally {
          rss.stop();
        }
        for (const f of own) log(`  VERIFICATION FAILED (${format}): ${f}`);
        failures.push(...own.map((f) => `${format.toUpperCase()}: ${f}`));
        results.push({
          format, rows: o.rows, fileBytes, generateSeconds, baseRssMb, first, second,
          membersAdded: after.members - before.members, openSpansAdded: after.open - before.open, failures: own,
        });
        rmSync(file, { force: true });
      }
    } finally {
      api.close();
      await server.stop();
    }
  } finally {
    await db.close();
    rmSync(work, { recursive: true, force: true });
  }

  const cpus = os.cpus();
  const result: BenchImportResult = {
    startedAt: new Date(started).toISOString(), minutes: (Date.now() - started) / 60_000,
    machine: { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGb: os.totalmem() / 2 ** 30, os: `${os.type()} ${os.release()}`, loadAverage },
    versions: { node: process.version, database: `PostgreSQL ${version}` },
    database: name, cells: cells.length, seedMembers, maxMinutes, serverStartRssMb, results, failures,
  };
  writeSection(o.out, reportSection(result));
  log(`Results written to ${o.out} (${result.minutes.toFixed(1)} min).`);
  return result;
}

function logRun(log: (s: string) => void, r: ImportRun, rows: number) {
  const c = r.counts;
  log(`  ${r.state}: ${c.new} new, ${c.updated} updated, ${c.unchanged} unchanged, ${c.rejected} refused; upload ${r.upload.seconds.toFixed(1)} s, `
    + `check ${r.check.seconds.toFixed(1)} s, apply ${r.apply.seconds.toFixed(1)} s, total ${r.totalSeconds.toFixed(1)} s `
    + `(${Math.round(rows / (r.check.seconds + r.apply.seconds)).toLocaleString('en')} rows/s); server RSS peak ${r.peakRssMb.toFixed(0)} MB`);
  for (const e of r.firstErrors) log(`    ${e}`);
  if (r.failure) log(`    ${r.failure}`);
  if (r.capped) log(`    stopped at the cap in the ${r.capped.phase} phase; the database was running for ${s1(r.capped.statementSeconds ?? 0)} s: ${r.capped.statement ?? '(nothing)'}`);
}

export async function benchImportCommand(o: { rows: number; databaseUrl?: string; formats: string; out: string; maxMinutes: number }) {
  const result = await runBenchImport(o);
  if (result.failures.length > 0) {
    console.error(`Verification failed:\n${result.failures.map((f) => `  ${f}`).join('\n')}`);
    process.exitCode = 1;
  }
}

// ---------------------------------------------------------------------------------------------
// The report

const s1 = (x: number) => x.toFixed(1);
const int = (x: number) => Math.round(x).toLocaleString('en');
const met = (ok: boolean) => (ok ? 'met' : '**not met**');
const rate = (rows: number, r: ImportRun) => rows / (r.check.seconds + r.apply.seconds);
/** Rows/s as measured; a run stopped at the cap did less than that ('<'). */
const rateText = (rows: number, r: ImportRun) => `${r.capped ? '< ' : ''}${int(rate(rows, r))}`;
/** A phase's time; '>' for the phase a cap stopped, '≤' for an apply over before a poll saw it. */
const phaseText = (r: ImportRun, phase: 'check' | 'apply') => {
  const stopped = r.capped && (r.capped.phase === 'checking' ? phase === 'check' : phase === 'apply');
  if (r.capped?.phase === 'checking' && phase === 'apply') return '–';
  return `${stopped ? '> ' : phase === 'apply' && !r.applySeen ? '≤ ' : ''}${s1(r[phase].seconds)} s`;
};

export function reportSection(b: BenchImportResult): string {
  const lines: string[] = [];
  lines.push('## Import', '');
  lines.push(`Written by \`partywork bench-import --rows ${b.results[0]?.rows ?? 0}\` (code in \`src/cli/bench-import.ts\`), which replaces this section. `
    + `Run of ${b.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${b.minutes.toFixed(1)} min in all, on the database ${b.database} made anew.`, '');
  lines.push('| machine | |', '|---|---|');
  lines.push(`| CPU | ${b.machine.cpu}, ${b.machine.cores} cores (shared with other work while measured; load average ${b.machine.loadAverage.toFixed(1)} at the start) |`);
  lines.push(`| memory | ${b.machine.memoryGb.toFixed(1)} GiB |`, `| system | ${b.machine.os} |`);
  lines.push(`| Node.js | ${b.versions.node} |`, `| database | ${b.versions.database} |`, '');

  lines.push('### What is measured', '');
  lines.push(`A demo province (seed ${SEED}, ${b.seedMembers.toLocaleString('en')} generated members with their history) is loaded; then, for each format, a file of `
    + `new members generated from a seeded PRNG (Vietnamese names, the header of a staff list in Vietnamese, citizen IDs 9 followed by 11 digits, `
    + `admitted 2016–2024 at 20 to 50, the ceremony days later, two in three official 12–18 months after it, spread over the province's `
    + `${b.cells.toLocaleString('en')} cells open since before 2016) is uploaded to a real \`partywork serve\` process over HTTP by an organization-board user `
    + 'of the province (`POST /api/v1/members/import`), applied all or nothing with the suggested mapping (`POST /api/v1/imports/:id/apply`), and '
    + `followed by \`GET /api/v1/imports/:id\` every ${POLL_MS} ms: the check phase lasts until a poll sees the state \`applying\`, the apply phase until `
    + `one sees the end (so each phase is known to about ${POLL_MS} ms). Rows/s is rows / (check + apply). The counts and the database must show exactly `
    + 'that many new members with an open membership span, or the command fails; then the same file is imported again and must leave every row unchanged. '
    + 'Server memory is the resident set of the server process, sampled every 200 ms; CPU is that of the server process and of the PostgreSQL '
    + 'backends connected to the bench database, read from /proc at each poll.', '');

  lines.push('### Figures', '');
  lines.push('| format | rows | file | upload | check | apply | total | rows/s | server RSS before → peak → after | again (all unchanged): check + apply, total | again: peak RSS |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of b.results) {
    const f = r.first;
    const again = r.second ? `${phaseText(r.second, 'check')} + ${phaseText(r.second, 'apply')}, ${s1(r.second.totalSeconds)} s` : '–';
    lines.push(`| ${r.format.toUpperCase()} | ${int(r.rows)} | ${(r.fileBytes / 1_048_576).toFixed(1)} MB | ${s1(f.upload.seconds)} s | ${phaseText(f, 'check')} | `
      + `${phaseText(f, 'apply')} | ${f.capped ? '> ' : ''}${s1(f.totalSeconds)} s | ${rateText(r.rows, f)} | `
      + `${r.baseRssMb.toFixed(0)} → ${f.peakRssMb.toFixed(0)} → ${f.rssAfterMb.toFixed(0)} MB | ${again} | ${r.second ? `${r.second.peakRssMb.toFixed(0)} MB` : '–'} |`);
  }
  lines.push('');
  lines.push(`Server RSS after start-up and sign-in: ${b.serverStartRssMb.toFixed(0)} MB.`, '');
  for (const r of b.results) {
    const c = r.first.counts;
    const a = r.second?.counts;
    lines.push(`- ${r.format.toUpperCase()}: ${r.first.state}, ${int(c.new)} new, ${int(c.updated)} updated, ${int(c.unchanged)} unchanged, ${int(c.rejected)} refused; `
      + `the database gained ${int(r.membersAdded)} members and ${int(r.openSpansAdded)} members with an open span`
      + (a && r.second ? `; again: ${r.second.state}, ${int(a.new)} new, ${int(a.updated)} updated, ${int(a.unchanged)} unchanged, ${int(a.rejected)} refused` : '')
      + (r.failures.length > 0 ? `. **Verification failed**: ${r.failures.join('; ')}.` : '. Verified.'));
    for (const [run, x] of [['', r.first], [' (again)', r.second]] as const) {
      if (x?.plannerRows) {
        const p = x.plannerRows;
        lines.push(`- ${r.format.toUpperCase()}${run}: when the apply phase was seen to begin, the planner's statistics of \`import_rows\` (where the check keeps the rows to write) `
          + (p.reltuples < 0 ? 'had never been gathered (reltuples -1)' : `counted ${int(p.reltuples)} rows, from an ANALYZE at ${p.analyzedAt ? `${p.analyzedAt.slice(11, 19)} UTC` : 'an unknown time'}`) + '.');
      }
      if (!x?.capped) continue;
      lines.push(`- ${r.format.toUpperCase()}${run}: **stopped at the cap** of ${b.maxMinutes} min (\`--max-minutes\`) in the ${x.capped.phase} phase and cancelled; `
        + (x.capped.statement ? `the bench database had then been running one statement for ${s1(x.capped.statementSeconds ?? 0)} s: \`${x.capped.statement}…\`` : 'the bench database was running no statement then'));
    }
  }
  lines.push('');

  lines.push('### Where the time goes', '');
  lines.push('CPU seconds used in each phase by the server process (Node: reading the file, checking rows, building statements) and by the '
    + 'PostgreSQL backends of the bench database; on 2 cores the two can overlap, and wall time beyond both is waiting (disk, locks, the other work on the machine).', '');
  lines.push('| format | run | phase | wall | server CPU | PostgreSQL CPU |', '|---|---|---|---:|---:|---:|');
  for (const r of b.results) {
    for (const [run, x] of [['first', r.first], ['again', r.second]] as const) {
      if (!x) continue;
      for (const [phase, p] of [['upload', x.upload], ['check', x.check], ['apply', x.apply]] as const) {
        lines.push(`| ${r.format.toUpperCase()} | ${run} | ${phase} | ${s1(p.seconds)} s | ${s1(p.cpu.server)} s | ${s1(p.cpu.database)} s |`);
      }
    }
  }
  lines.push('');
  for (const r of b.results) {
    const f = r.first;
    const busy = f.check.seconds + f.apply.seconds;
    const dominant = f.check.seconds >= f.apply.seconds ? 'check' : 'apply';
    const p = dominant === 'check' ? f.check : f.apply;
    const who = p.cpu.server >= p.cpu.database ? 'the server process' : 'PostgreSQL';
    lines.push(`- ${r.format.toUpperCase()}: the ${dominant} phase dominates (${s1(p.seconds)} of ${s1(busy)} s, ${((p.seconds / busy) * 100).toFixed(0)}%); `
      + `in it ${who} used more CPU (server ${s1(p.cpu.server)} s, PostgreSQL ${s1(p.cpu.database)} s).`);
  }
  lines.push('');

  lines.push('### Targets', '');
  lines.push('| target | measured | required | |', '|---|---:|---:|---|');
  for (const r of b.results) {
    const target = TARGETS[r.format];
    const x = rate(r.rows, r.first);
    lines.push(`| ${r.format.toUpperCase()} import of ${int(r.rows)} new members: rows/s (check + apply) | ${rateText(r.rows, r.first)} rows/s${r.first.capped ? ' (stopped at the cap)' : ''} | ≥ ${int(target)} rows/s | ${met(x >= target && !r.first.capped)} |`);
  }
  for (const r of b.results) {
    const peak = Math.max(r.first.peakRssMb, r.second?.peakRssMb ?? 0);
    lines.push(`| ${r.format.toUpperCase()} import: server memory (RSS) at most | ${peak.toFixed(0)} MB | ≤ ${TARGETS.memoryMb} MB | ${met(peak <= TARGETS.memoryMb)} |`);
  }
  lines.push('');
  const missed = b.results.filter((r) => rate(r.rows, r.first) < TARGETS[r.format]);
  if (missed.length > 0) {
    lines.push(`Not met: ${missed.map((r) => `${r.format.toUpperCase()} at ${rateText(r.rows, r.first)} rows/s is ${r.first.capped ? 'more than ' : ''}${(TARGETS[r.format] / rate(r.rows, r.first)).toFixed(1)}× below ≥ ${int(TARGETS[r.format])}`).join('; ')}.`);
  }
  const heavy = b.results.filter((r) => Math.max(r.first.peakRssMb, r.second?.peakRssMb ?? 0) > TARGETS.memoryMb);
  if (heavy.length > 0) lines.push(`Memory over ${TARGETS.memoryMb} MB: ${heavy.map((r) => r.format.toUpperCase()).join(', ')}.`);
  if (b.failures.length > 0) lines.push('', `**Verification failed**: ${b.failures.join('; ')}.`);
  return lines.join('\n').replace(/\n+$/, '');
}

type Marks = { start: string; end: string };

/** Replaces the text between a bench command's markers (or appends the section at the end). */
export function replaceSection(old: string, section: string, marks: Marks = { start: START_MARK, end: END_MARK }): string {
  const block = `${marks.start}\n${section}\n${marks.end}`;
  const start = old.indexOf(marks.start);
  const end = old.indexOf(marks.end);
  if (start >= 0 && end > start) return old.slice(0, start) + block + old.slice(end + marks.end.length);
  return `${old.replace(/\n*$/, '')}${old.trim() ? '\n\n' : ''}${block}\n`;
}

export function writeSection(path: string, section: string, marks?: Marks): void {
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '';
  writeFileSync(path, replaceSection(old, section, marks));
}

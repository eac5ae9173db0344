import http from 'node:http';
import { openDatabase, type Database } from '../server/db/client.ts';
import { migrate } from '../server/db/migrate.ts';
import { today } from '../server/db/rows.ts';
import { seedDemoProvince } from '../server/db/seed/demo-province.ts';
import { createAccount, resetPasswordByUsername } from '../server/modules/users/bootstrap.service.ts';
import { adminQuery, benchUrl, rootUnit } from './bench-database.ts';

/**
 * `partywork bench-export --rows 1000000`: how long a member export of that many rows takes
 * through a real server, as CSV and as XLSX, and how much memory the server holds meanwhile.
 *
 * The dataset is a demo province (20,000 generated members with their history) whose members
 * active today are copied in SQL, each copy a new member with the same profile in the same cell,
 * until `--rows` members are active; it lives in a PostgreSQL database named partywork_bench_*
 * (default partywork_bench_export), dropped and made anew unless --keep finds one of that size.
 * The export runs as an organization-board user over the whole province (scope condition and
 * row-level security in force), with the default columns, and the file is read as fast as the
 * client takes it and thrown away.
 */

export type BenchExportOptions = { rows: number; databaseUrl?: string; keep?: boolean; formats: string };

const USERNAME = 'bench_export';

const MARK = (rows: number, day: string) => `bench-export rows=${rows} on ${day}`;

/** Copies of the members active today, each with its open span, until `rows` are active. */
async function growTo(db: Database, rows: number, day: string, log: (s: string) => void) {
  const { rows: counted } = await db.pool.query<{ n: number; maxId: number }>(
    `SELECT (SELECT count(*)::int FROM membership_spans WHERE valid_from <= $1 AND valid_to > $1) AS n,
            (SELECT max(id)::bigint FROM members) AS "maxId"`, [day]);
  const { n, maxId } = counted[0] as { n: number; maxId: number };
  const extra = rows - n;
  if (extra <= 0) return;
  log(`Copying ${extra.toLocaleString('en')} members (${n.toLocaleString('en')} active in the demo province)…`);
  const started = performance.now();
  // The trigram index is rebuilt once at the end rather than updated a million times.
  await db.pool.query('DROP INDEX IF EXISTS members_search_trgm');
  const profile = `full_name, other_names, gender, birth_date, birth_place, hometown, residence, ethnicity, religion, phone,
    education, qualification, academic_title, theory_level, occupation, position, admission_decision_date,
    admission_decision_no, ceremony_date, official_date, search_key, sort_key`;
  await db.pool.query(
    `WITH src AS (
       SELECT m.*, s.unit_id AS s_unit, s.unit_path AS s_path, s.status AS s_status, s.valid_from AS s_from,
              row_number() OVER (ORDER BY m.id) AS rn
       FROM members m JOIN membership_spans s ON s.member_id = m.id AND s.valid_from <= $1 AND s.valid_to > $1),
     gen AS MATERIALIZED (
       SELECT src.*, $2::bigint + (c - 1) * $3::bigint + rn AS new_id
       FROM generate_series(1, ceil($4::numeric / $3)::int) c CROSS JOIN src
       ORDER BY c, rn LIMIT $4),
     ins AS (
       INSERT INTO members (id, ${profile}, citizen_id, card_number, unit_path) OVERRIDING SYSTEM VALUE
       SELECT new_id, ${profile}, lpad(new_id::text, 12, '0'), CASE WHEN card_number IS NULL THEN NULL ELSE 'B' || new_id END, s_path
       FROM gen)
     INSERT INTO membership_spans (member_id, unit_id, unit_path, status, valid_from, reason)
     SELECT new_id, s_unit, s_path, s_status, s_from, 'admitted' FROM gen`,
    [day, maxId, n, extra]);
  await db.pool.query(`SELECT setval(pg_get_serial_sequence('members', 'id'), (SELECT max(id) FROM members))`);
  await db.pool.query('CREATE INDEX members_search_trgm ON members USING gin (search_key gin_trgm_ops)');
  await db.pool.query('ANALYZE members, membership_spans, unit_versions, units');
  log(`  done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

async function prepare(url: string, o: BenchExportOptions, day: string, log: (s: string) => void) {
  if (o.keep) {
    try {
      const db = await openDatabase({ databaseUrl: url, dataDir: '' });
      try {
        const { rows } = await db.pool.query<{ mark: string | null }>(`SELECT obj_description('membership_spans'::regclass, 'pg_class') AS mark`);
        if (rows[0]?.mark === MARK(o.rows, day)) {
          log(`Reusing the dataset of ${o.rows.toLocaleString('en')} active members.`);
          return;
        }
      } finally {
        await db.close();
      }
    } catch {
      // no database yet: made below
    }
  }
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  await adminQuery(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await adminQuery(url, `CREATE DATABASE "${name}"`);
  const db = await openDatabase({ databaseUrl: url, dataDir: '' });
  try {
    await migrate(db);
    log('Loading the demo province (20,000 members)…');
    await seedDemoProvince({ db, members: 20_000, seed: 1 });
    await growTo(db, o.rows, day, log);
    await db.pool.query(`COMMENT ON TABLE membership_spans IS '${MARK(o.rows, day)}'`);
  } finally {
    await db.close();
  }
}

type Measured = { format: string; rows: number; bytes: number; seconds: number; firstByteMs: number; peakRssMb: number; baseRssMb: number };

function download(base: string, path: string, cookie: string): Promise<{ status: number; bytes: number; firstByteMs: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http.get(new URL(path, base), { headers: { cookie, 'accept-language': 'vi' } }, (res) => {
      let bytes = 0;
      let first = 0;
      res.on('data', (chunk: Buffer) => {
        if (bytes === 0) first = performance.now() - started;
        bytes += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, firstByteMs: first, ms: performance.now() - started }));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error(`The ${path} download was cut off after ${bytes} bytes`)));
    }).on('error', reject);
  });
}

export async function benchExportCommand(o: BenchExportOptions) {
  const log = (s: string) => console.log(s);
  // Loaded only here: the server process and its memory sampling belong to the benchmark tools.
  const { startServerProcess, sampleRss, rssMb, ApiClient } = await import('../bench/server-process.ts');
  const url = benchUrl(o.databaseUrl, 'partywork_bench_export');
  const day = today();
  await prepare(url, o, day, log);

  const db = await openDatabase({ databaseUrl: url, dataDir: '' });
  let root: { id: number; code: string };
  let password: string;
  try {
    root = await rootUnit(db);
    const { rows: existing } = await db.pool.query('SELECT 1 FROM users WHERE username = $1', [USERNAME]);
    password = existing.length > 0
      ? await resetPasswordByUsername(db, USERNAME)
      : (await createAccount(db, { username: USERNAME, displayName: USERNAME, roleCode: 'organization_board', unitId: root.id })).password;
    await db.pool.query('UPDATE users SET must_change_password = false, failed_attempts = 0, locked_until = NULL WHERE username = $1', [USERNAME]);
  } finally {
    await db.close();
  }

  const server = await startServerProcess({ DATABASE_URL: url });
  const results: Measured[] = [];
  try {
    const client = new ApiClient(server.url);
    await client.signIn(USERNAME, password);
    client.close();
    const audit = await openDatabase({ databaseUrl: url, dataDir: '' });
    try {
      for (const format of o.formats.split(',').map((f) => f.trim()).filter(Boolean)) {
        const baseRssMb = rssMb(server.pid) ?? 0;
        const rss = sampleRss(server.pid);
        log(`Exporting ${format.toUpperCase()}…`);
        const res = await download(server.url, `/api/v1/members/export?format=${format}&unit=${root.id}&asOf=${day}`, client.cookie);
        rss.stop();
        if (res.status !== 200) throw new Error(`The ${format} export answered ${res.status}`);
        const { rows } = await audit.pool.query<{ rows: string }>(
          `SELECT details->>'rows' AS rows FROM audit_log WHERE action = 'member.export' ORDER BY id DESC LIMIT 1`);
        const m: Measured = {
          format, rows: Number(rows[0]?.rows ?? 0), bytes: res.bytes, seconds: res.ms / 1000, firstByteMs: res.firstByteMs,
          peakRssMb: Math.max(rss.peakSince(0), rssMb(server.pid) ?? 0), baseRssMb,
        };
        results.push(m);
        log(`  ${m.rows.toLocaleString('en')} rows, ${(m.bytes / 1048576).toFixed(0)} MB in ${m.seconds.toFixed(1)} s `
          + `(${Math.round(m.rows / m.seconds).toLocaleString('en')} rows/s, first byte ${m.firstByteMs.toFixed(0)} ms); `
          + `server RSS ${m.baseRssMb.toFixed(0)} MB before, peak ${m.peakRssMb.toFixed(0)} MB`);
      }
    } finally {
      await audit.close();
    }
  } finally {
    await server.stop();
  }
  log('');
  log('| format | rows | file | seconds | rows/s | server RSS before → peak |');
  log('|---|---:|---:|---:|---:|---:|');
  for (const m of results) {
    log(`| ${m.format.toUpperCase()} | ${m.rows.toLocaleString('en')} | ${(m.bytes / 1048576).toFixed(0)} MB | ${m.seconds.toFixed(1)} | `
      + `${Math.round(m.rows / m.seconds).toLocaleString('en')} | ${m.baseRssMb.toFixed(0)} → ${m.peakRssMb.toFixed(0)} MB |`);
  }
}

import { closeSync, createReadStream, openSync, readSync, rmSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Sql } from '../server/db/client.ts';
import { withKeptCountTriggersOff } from '../server/db/kept-counts.ts';
import { withDeferredChecks } from '../server/db/seed/bulk-insert.ts';
import { fileOf, TABLE_NAMES, TABLES, type DatasetPart, type TableName } from './copy-files.ts';

/**
 * Loads a generated dataset into a migrated, empty database with COPY: on PostgreSQL streamed
 * from the files (COPY FROM STDIN), on PGlite handed over in chunks (COPY FROM '/dev/blob').
 * Everything happens in one transaction that first truncates the tables, so that COPY may
 * FREEZE the rows (written visible and frozen: no VACUUM needed before index-only scans);
 * secondary indexes and foreign keys are dropped meanwhile and rebuilt once at the end
 * (seed/bulk-insert.ts withDeferredChecks).
 */

export type LoadTimes = { copySeconds: number; indexSeconds: number; analyzeSeconds: number };

const copySql = (table: TableName, source: string) =>
  `COPY ${table} (${TABLES[table].join(', ')}) FROM ${source} WITH (FORMAT text, FREEZE true)`;

/** Identity sequences continue after the loaded ids. */
const SETVAL_SQL = `SELECT ${['units', 'unit_versions', 'members', 'member_events', 'membership_spans']
  .map((t) => `setval(pg_get_serial_sequence('${t}', 'id'), greatest((SELECT max(id) FROM ${t}), 1))`).join(', ')}`;

/** The session settings of a bulk load: memory for sorts of index builds, no wait for WAL flushes. */
const loadSettings = (memory: string) => `SET maintenance_work_mem = '${memory}'; SET synchronous_commit = off`;

/**
 * Unique constraints that no foreign key depends on (citizen ID, card number, unit code): kept
 * during COPY they are random inserts into a growing index, three times the load time of the
 * members table; dropped and added back they are one sort each.
 */
async function withoutUniqueChecks(sql: Sql, load: () => Promise<void>): Promise<void> {
  const { rows } = await sql.query<{ undo: string; redo: string }>(
    `SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS undo,
            format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) AS redo
     FROM pg_constraint c
     WHERE c.contype = 'u' AND c.conrelid = ANY($1::regclass[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid)`, [TABLE_NAMES]);
  for (const r of rows) await sql.query(r.undo);
  await load();
  for (const r of rows) await sql.query(r.redo);
}

/** Logs the statements that take a while (index builds, foreign key checks). */
function timed(sql: Sql, log: (line: string) => void): Sql {
  return {
    query: async (text: string, params?: unknown[]) => {
      const t = performance.now();
      const result = await sql.query(text, params);
      const seconds = (performance.now() - t) / 1000;
      if (seconds >= 1) log(`  ${text.replace(/\s+/g, ' ').slice(0, 90)}: ${seconds.toFixed(1)} s`);
      return result;
    },
  } as Sql;
}

/** Copies one part of the dataset. */
type CopyPart = (table: TableName, dir: string) => Promise<void>;

/**
 * Runs the generator (`produce`), copying each part as soon as it is complete, in the caller's
 * transaction: truncate, drop secondary indexes, foreign keys and unique checks, copy, build
 * them back, move the identity sequences past the loaded ids.
 */
async function loadInTransaction<T>(
  raw: Sql, produce: (ready: (part: DatasetPart) => void) => Promise<T>, copy: CopyPart, log: (line: string) => void,
): Promise<{ result: T; times: LoadTimes }> {
  let copySeconds = 0;
  let result: T | undefined;
  const started = performance.now();
  const sql = timed(raw, log);
  await sql.query(`TRUNCATE ${TABLE_NAMES.join(', ')} CASCADE`);
  // The generator writes the kept counts itself.
  await withKeptCountTriggersOff(sql, () => withDeferredChecks(sql, TABLE_NAMES, () => withoutUniqueChecks(sql, async () => {
    let chain: Promise<void> = Promise.resolve();
    const ready = (part: DatasetPart) => {
      chain = chain.then(async () => {
        for (const table of part.tables) await copy(table, part.dir);
        rmSync(part.dir, { recursive: true, force: true });
      });
      // A failed COPY is raised when the chain is awaited below, not as an unhandled rejection meanwhile.
      chain.catch(() => undefined);
    };
    result = await produce(ready);
    await chain;
    copySeconds = (performance.now() - started) / 1000;
    log(`  generated and copied: ${copySeconds.toFixed(1)} s`);
  })));
  await sql.query(SETVAL_SQL);
  return { result: result as T, times: { copySeconds, indexSeconds: (performance.now() - started) / 1000 - copySeconds, analyzeSeconds: 0 } };
}

export async function loadPostgres<T>(
  url: string, produce: (ready: (part: DatasetPart) => void) => Promise<T>, log: (line: string) => void,
): Promise<{ result: T; times: LoadTimes }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(loadSettings('1GB'));
    await client.query('BEGIN');
    const loaded = await loadInTransaction(client, produce, async (table, dir) => {
      await pipeline(createReadStream(fileOf(dir, table), { highWaterMark: 1 << 20 }), client.query(copyFrom(copySql(table, 'STDIN'))));
    }, log);
    await client.query('COMMIT');
    const t = performance.now();
    await client.query(`ANALYZE ${TABLE_NAMES.join(', ')}`);
    loaded.times.analyzeSeconds = (performance.now() - t) / 1000;
    return loaded;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

/** Whole lines of a file, in pieces of about `size` bytes. */
function* chunksOf(path: string, size = 32 << 20): Generator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    const total = statSync(path).size;
    let carry = Buffer.alloc(0);
    let position = 0;
    while (position < total) {
      const buffer = Buffer.allocUnsafe(size);
      const read = readSync(fd, buffer, 0, size, position);
      position += read;
      const data = Buffer.concat([carry, buffer.subarray(0, read)]);
      const end = data.lastIndexOf(10) + 1;
      if (end > 0) yield data.subarray(0, end);
      carry = Buffer.from(data.subarray(end));
    }
    if (carry.length > 0) yield carry;
  } finally {
    closeSync(fd);
  }
}

/**
 * PGlite opened in this process on its data directory (the server is not running): its
 * `query` takes a blob that COPY reads as the file '/dev/blob'.
 */
export async function loadPglite<T>(
  dataDir: string, produce: (ready: (part: DatasetPart) => void) => Promise<T>, log: (line: string) => void,
): Promise<{ result: T; times: LoadTimes }> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const db = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  // withDeferredChecks reads only `rows`, which PGlite's results have too.
  const sql = { query: (text: string, params?: unknown[]) => db.query(text, params) } as unknown as Sql;
  try {
    // PGlite's WebAssembly heap is smaller than a server's memory.
    await db.exec(loadSettings('256MB'));
    await db.exec('BEGIN');
    const loaded = await loadInTransaction(sql, produce, async (table, dir) => {
      for (const chunk of chunksOf(fileOf(dir, table))) {
        await db.query(copySql(table, `'/dev/blob'`), [], { blob: new Blob([chunk]) });
      }
    }, log);
    await db.exec('COMMIT');
    const t = performance.now();
    await db.exec(`ANALYZE ${TABLE_NAMES.join(', ')}`);
    loaded.times.analyzeSeconds = (performance.now() - t) / 1000;
    return loaded;
  } catch (err) {
    await db.exec('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await db.close();
  }
}

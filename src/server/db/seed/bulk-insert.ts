import type { Sql } from '../client.ts';

/**
 * Bulk writing for generated data. One INSERT … SELECT FROM unnest(arrays) per chunk sends
 * thousands of rows in one round trip with one parameter per column, which works the same on
 * PostgreSQL and on PGlite behind its socket (a round trip there costs about 0.3 ms, so
 * row-by-row inserts of a province would take minutes).
 */

const CHUNK_ROWS = 5_000;

export type ColumnType = 'bigint' | 'integer' | 'text' | 'date' | 'timestamptz' | 'jsonb';

/** A column: its name, its SQL type, and how to read its value from a row. */
export type Column<R> = readonly [name: string, type: ColumnType, value: (row: R) => unknown];

export async function insertRows<R>(
  sql: Sql, table: string, columns: readonly Column<R>[], rows: readonly R[], o: { overridingIds?: boolean } = {},
): Promise<void> {
  const names = columns.map(([name]) => name).join(', ');
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  // Ids reserved from the table's own sequence are written as given (identity is GENERATED ALWAYS).
  const overriding = o.overridingIds ? 'OVERRIDING SYSTEM VALUE ' : '';
  const text = `INSERT INTO ${table} (${names}) ${overriding}SELECT * FROM unnest(${arrays})`;
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const chunk = rows.slice(start, start + CHUNK_ROWS);
    await sql.query(text, columns.map(([, , value]) => arrayLiteral(chunk.map(value))));
  }
}

const NEEDS_ESCAPE = /[\\"]/;

/**
 * The text form of a one-dimensional array ({"a","b",NULL,3}). node-postgres would build the
 * same with two regular-expression replacements per element; for millions of elements that
 * is most of the load time on PostgreSQL, so here only elements holding a backslash or a
 * double quote are escaped.
 */
export function arrayLiteral(values: readonly unknown[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (typeof v === 'number') parts[i] = String(v);
    else {
      const s = String(v);
      parts[i] = NEEDS_ESCAPE.test(s) ? `"${s.replace(/[\\"]/g, '\\$&')}"` : `"${s}"`;
    }
  }
  return `{${parts.join(',')}}`;
}

/**
 * Takes `count` consecutive ids from the identity sequence of `table` and returns the first,
 * so that rows can reference each other before they are written. The table lock (held to
 * the end of the transaction) makes every other insert wait, so nothing else draws from the
 * sequence between nextval and setval; ids taken are never handed out again, even after a
 * rollback. One statement instead of `count` nextval calls, which PGlite makes slow.
 */
export async function reserveIds(sql: Sql, table: string, count: number): Promise<number> {
  await sql.query(`LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE`);
  if (count === 0) return 0;
  const { rows } = await sql.query<{ last: number }>(
    `SELECT setval(s, nextval(s) + $2 - 1) AS last FROM pg_get_serial_sequence($1, 'id') AS s`, [table, count]);
  return (rows[0] as { last: number }).last - count + 1;
}

/**
 * Runs `load` on empty tables without their secondary indexes and foreign keys, then puts
 * both back: building an index once and validating a foreign key with one join are far
 * cheaper than maintaining them row by row (on PGlite, foreign-key triggers alone would
 * triple the load time). Everything happens in the caller's transaction, so a failure
 * restores the tables as they were. Tables that already hold rows are loaded as they are.
 */
export async function withDeferredChecks(sql: Sql, tables: readonly string[], load: () => Promise<void>): Promise<void> {
  const { rows: [state] } = await sql.query<{ empty: boolean }>(
    `SELECT bool_and(NOT has_rows) AS empty FROM (
       ${tables.map((t) => `SELECT EXISTS (SELECT 1 FROM ${t}) AS has_rows`).join(' UNION ALL ')}) x`);
  if (!state?.empty) return load();
  const { rows: steps } = await sql.query<{ undo: string; redo: string }>(
    `SELECT format('DROP INDEX %s', i.indexrelid::regclass) AS undo, pg_get_indexdef(i.indexrelid) AS redo
     FROM pg_index i
     WHERE i.indrelid = ANY($1::regclass[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
     UNION ALL
     SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
            format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
     FROM pg_constraint c
     WHERE c.contype = 'f' AND c.conrelid = ANY($1::regclass[])`,
    [tables]);
  for (const s of steps) await sql.query(s.undo);
  await load();
  for (const s of steps) await sql.query(s.redo);
}

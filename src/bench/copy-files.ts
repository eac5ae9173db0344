import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The generated dataset as files in COPY's text format, one per table: the generator writes
 * them as it goes (memory stays flat at national scale) and the loaders stream them into
 * PostgreSQL (COPY FROM STDIN) or hand them to PGlite in chunks (COPY FROM '/dev/blob').
 */

export const TABLES = {
  units: ['id', 'code', 'type_code', 'valid_from', 'valid_to', 'version'],
  unit_versions: ['id', 'unit_id', 'name', 'names', 'name_key', 'parent_id', 'path', 'depth', 'valid_from', 'valid_to', 'reason'],
  members: [
    'id', 'full_name', 'gender', 'birth_date', 'birth_place', 'hometown', 'residence', 'ethnicity', 'religion', 'citizen_id',
    'phone', 'education', 'qualification', 'academic_title', 'theory_level', 'occupation', 'position',
    'admission_decision_date', 'admission_decision_no', 'ceremony_date', 'official_date', 'card_number', 'unit_path',
    'search_key', 'sort_key',
  ],
  member_events: ['id', 'member_id', 'kind', 'effective_on', 'unit_id', 'unit_path', 'details'],
  membership_spans: ['id', 'member_id', 'unit_id', 'unit_path', 'status', 'valid_from', 'valid_to', 'reason', 'opened_by', 'closed_by'],
  kept_count_days: ['node', 'day', 'dimension', 'key', 'delta'],
  kept_count_months: ['node', 'month', 'dimension', 'key', 'delta'],
  kept_count_years: ['node', 'year', 'dimension', 'key', 'delta'],
  event_count_days: ['node', 'day', 'kind', 'count'],
} as const;

export type TableName = keyof typeof TABLES;
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];

export const fileOf = (dir: string, table: TableName) => join(dir, `${table}.tsv`);

const SPECIAL = /[\\\t\n\r]/;

/** One value in COPY text format: \N for null, backslash escapes for the few special characters. */
export function copyValue(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  return SPECIAL.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] as string) : v;
}

/**
 * Appends rows to a table's file. Values are encoded straight into a reused buffer: building
 * a line string per row and joining them was mostly garbage collection at national scale.
 */
export class TableFile {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(8 << 20);
  private at = 0;
  rows = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  row(values: readonly (string | number | null | undefined)[]): void {
    if (this.at > this.buffer.length - (256 << 10)) this.flush();
    let line = copyValue(values[0]);
    for (let i = 1; i < values.length; i++) line += `\t${copyValue(values[i])}`;
    this.at += this.buffer.write(`${line}\n`, this.at);
    this.rows++;
  }

  flush(): void {
    let done = 0;
    while (done < this.at) done += writeSync(this.fd, this.buffer, done, this.at - done);
    this.at = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export type DatasetFiles = Record<TableName, TableFile>;

/** The files of some tables in `dir`. */
export function openTableFiles<T extends TableName>(dir: string, tables: readonly T[]): Record<T, TableFile> {
  return Object.fromEntries(tables.map((t) => [t, new TableFile(fileOf(dir, t))])) as Record<T, TableFile>;
}

/** A part of the dataset whose files are complete: the tree, or one province's members. */
export type DatasetPart = { dir: string; tables: readonly TableName[]; rows: number };

import type { Readable } from 'node:stream';
import { create as contentDisposition } from 'content-disposition';
import type { Database } from '../../db/client.ts';
import { pathIds } from '../../db/paths.ts';
import { invalidFields } from '../../http/app-error.ts';
import { hasKey, translate } from '../../../shared/i18n/translate.ts';
import { SENSITIVE_MEMBER_FIELDS } from '../../../shared/permissions.ts';
import {
  ACADEMIC_TITLES, EDUCATION_LEVELS, ETHNICITIES, GENDERS, MEMBER_STATUSES, QUALIFICATIONS, RELIGIONS,
  RTL_LOCALES, THEORY_LEVELS, type Locale,
} from '../../../shared/reference.ts';
import {
  DEFAULT_MEMBER_EXPORT_COLUMNS, type ExportFormat, type ExportLabels, type MemberExportColumn, type MemberExportQuery,
  type StatisticsExportQuery,
} from '../../../shared/schemas/exports.ts';
import type { Actor, ScopeEntry } from '../access/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { memberListFilter } from '../members/members.service.ts';
import { getUnitStats } from '../statistics/statistics.service.ts';
import * as units from '../units/units.repository.ts';
import * as repo from './exports.repository.ts';
import { ExportAborted, tableWriter, type Cell, type CellType, type SheetColumn, type TableWriter } from './table-writers.ts';

/**
 * Exports of a member list and of a unit's statistics to CSV or XLSX, streamed.
 *
 * Everything that can be refused is checked before the first byte (parameters, the unit's
 * reach, sensitive columns, the first page of rows), so that a refusal is an ordinary
 * problem+json answer. After that the file is written page by page, each page read by keyset
 * (register order, as the list pages) in a statement of its own. A failure in the middle ends
 * the stream with an error, and the HTTP layer cuts the connection: the reader gets a truncated
 * download, never an error body inside a file that looks complete. One audit row records each
 * export (what, filters, how many rows, whether it completed) before the file's last bytes.
 */

export const EXPORT_PAGE_ROWS = 5_000;

export type ExportResult = { rows: number; completed: boolean };

export type ExportFile = {
  fileName: string; contentType: string; disposition: string; stream: Readable;
  /** Settles when the last row is written (or the export is cut off); never rejects. */
  completion: Promise<ExportResult>;
};

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Excel's date notation as each language writes a date. */
const DATE_FORMATS: Record<Locale, string> = { vi: 'dd/mm/yyyy', en: 'dd/mm/yyyy', ru: 'dd.mm.yyyy', ar: 'dd/mm/yyyy', fa: 'yyyy/mm/dd' };

type ColumnKind = CellType | 'enum' | 'ethnicity';
type ColumnSpec = { kind: ColumnKind; enumKey?: string; values?: readonly string[]; width: number };

/** How each column is written: its cell type, and for coded values the catalog that names them. */
const MEMBER_COLUMNS: Record<MemberExportColumn, ColumnSpec> = {
  id: { kind: 'number', width: 10 },
  fullName: { kind: 'text', width: 28 },
  otherNames: { kind: 'text', width: 18 },
  gender: { kind: 'enum', enumKey: 'gender', values: GENDERS, width: 10 },
  birthDate: { kind: 'date', width: 12 },
  birthPlace: { kind: 'text', width: 30 },
  hometown: { kind: 'text', width: 30 },
  residence: { kind: 'text', width: 30 },
  ethnicity: { kind: 'ethnicity', width: 12 },
  religion: { kind: 'enum', enumKey: 'religion', values: RELIGIONS, width: 14 },
  citizenId: { kind: 'text', width: 15 },
  phone: { kind: 'text', width: 15 },
  education: { kind: 'enum', enumKey: 'education', values: EDUCATION_LEVELS, width: 18 },
  qualification: { kind: 'enum', enumKey: 'qualification', values: QUALIFICATIONS, width: 16 },
  academicTitle: { kind: 'enum', enumKey: 'academicTitle', values: ACADEMIC_TITLES, width: 16 },
  theoryLevel: { kind: 'enum', enumKey: 'theoryLevel', values: THEORY_LEVELS, width: 16 },
  occupation: { kind: 'text', width: 22 },
  position: { kind: 'text', width: 22 },
  admissionDecisionDate: { kind: 'date', width: 12 },
  admissionDecisionNo: { kind: 'text', width: 14 },
  ceremonyDate: { kind: 'date', width: 12 },
  officialDate: { kind: 'date', width: 12 },
  cardNumber: { kind: 'text', width: 14 },
  status: { kind: 'enum', enumKey: 'status', values: MEMBER_STATUSES, width: 14 },
  since: { kind: 'date', width: 12 },
  unitId: { kind: 'number', width: 10 },
  unitCode: { kind: 'text', width: 16 },
  unitName: { kind: 'text', width: 36 },
};

const EXPORT_COLUMN_LABELS = new Set(['id', 'status', 'since', 'unitId', 'unitCode', 'unitName']);

function columnHeader(locale: Locale, labels: ExportLabels, column: MemberExportColumn): string {
  if (labels === 'codes') return column;
  return translate(locale, EXPORT_COLUMN_LABELS.has(column) ? `export.columns.${column}` : `fields.${column}`);
}

/** A value → label table per coded column, built once per export (not a catalog lookup per cell). */
function valueLabels(locale: Locale, spec: ColumnSpec): Map<string, string> | null {
  if (spec.kind === 'ethnicity') return new Map(Object.entries(ETHNICITIES));
  if (spec.kind !== 'enum') return null;
  return new Map((spec.values ?? []).map((v) => [v, translate(locale, `enums.${spec.enumKey}.${v}`)]));
}

const SENSITIVE = new Set<string>(SENSITIVE_MEMBER_FIELDS);

/** Whether every path of `range` lies where `sensitive` reaches (null: everywhere). */
function covers(sensitive: ScopeEntry[] | null, range: ScopeEntry[] | null): boolean {
  if (sensitive === null) return true;
  if (range === null) return false;
  return range.every((e) => sensitive.some((s) => (s.subtree ? e.path.startsWith(s.path) : !e.subtree && e.path === s.path)));
}

/** The language of the file: Accept-Language when the request names one, else the user's own. */
export type ExportContext = { db: Database; actor: Actor; locale: Locale };

function writerFor(format: ExportFormat, locale: Locale, labels: ExportLabels): TableWriter {
  return tableWriter(format, {
    dateFormat: labels === 'codes' ? 'yyyy-mm-dd' : DATE_FORMATS[locale],
    rightToLeft: labels === 'names' && RTL_LOCALES.has(locale),
    // A person opens a file with names in a spreadsheet, where =… would run; codes are for programs.
    escapeFormulas: labels === 'names',
  });
}

function fileFor(
  format: ExportFormat, locale: Locale, kind: 'members' | 'statistics', code: string, date: string,
  stream: Readable, completion: Promise<ExportResult>,
): ExportFile {
  const safeCode = code.replace(/[^A-Za-z0-9._-]/g, '_');
  const fileName = `${translate(locale, `export.files.${kind}`)} ${code} ${date}.${format}`;
  const fallback = `${kind}_${safeCode}_${date}.${format}`;
  return {
    fileName, contentType: CONTENT_TYPES[format], stream, completion,
    disposition: contentDisposition(fileName, { fallback: /^[\x20-\x7e]*$/.test(fileName) ? false : fallback }),
  };
}

/** The unit a file is named after: the one asked for, or the caller's single unit of reach. */
async function fileUnitCode(db: Database, actor: Actor, unit: units.UnitRow | null, date: string) {
  if (unit) return { code: unit.code, path: unit.path, id: unit.id };
  if (actor.scopePaths?.length === 1) {
    const only = actor.scopePaths[0] as ScopeEntry;
    const id = pathIds(only.path).at(-1) as number;
    const found = (await units.findUnitAsOf(db.pool, id, date)) ?? (await units.findUnitLatest(db.pool, id));
    if (found) return { code: found.code, path: only.path, id: null };
  }
  return { code: 'all', path: null, id: null };
}

/** Rows to write, after starting a new sheet when `sheet` is given. */
type Page = { sheet?: { name: string; columns: SheetColumn[] }; rows: Cell[][] };

/**
 * Writes the pages to the writer, then the audit row, then the end of the file. Runs after the
 * response has started; an error cuts the stream off (see the module comment). The next page
 * is read while the current one is written, so the database and the file's encoding overlap.
 */
async function pump(o: {
  writer: TableWriter; first: Page; next: () => Promise<Page | null>; audit: (rows: number, completed: boolean) => Promise<unknown>;
  log: (err: unknown) => void;
}): Promise<ExportResult> {
  let rows = 0;
  let audited = false;
  const audit = async (completed: boolean) => {
    audited = true;
    await o.audit(rows, completed);
  };
  let pending: Promise<Page | null> | null = null;
  try {
    let page: Page | null = o.first;
    while (page) {
      pending = o.next();
      // Awaited below; until then a failure must not count as unhandled.
      pending.catch(() => undefined);
      if (page.sheet) await o.writer.startSheet(page.sheet.name, page.sheet.columns);
      await o.writer.writeRows(page.rows);
      rows += page.rows.length;
      page = await pending;
    }
    await audit(true);
    await o.writer.finish();
    return { rows, completed: true };
  } catch (err) {
    if (!(err instanceof ExportAborted)) o.log(err);
    o.writer.abort(err instanceof Error ? err : new Error(String(err)));
    if (!audited) await audit(false).catch(o.log);
    return { rows, completed: false };
  }
}

export async function exportMembers(
  { db, actor, locale, query, log, pageRows = EXPORT_PAGE_ROWS }:
  ExportContext & { query: MemberExportQuery; log: (err: unknown) => void; pageRows?: number },
): Promise<ExportFile> {
  const { format, labels, unit: unitId, subtree, q, status, asOf } = query;
  const columns = query.columns ?? DEFAULT_MEMBER_EXPORT_COLUMNS;
  const { filter, unit } = await memberListFilter({ db, actor, unitId, subtree, q, status, asOf });

  // A masked cell in a file cannot be told from an empty one: sensitive columns are refused
  // unless the caller may read them for the whole list (see docs/security.md).
  const sensitiveColumns = columns.filter((c) => SENSITIVE.has(c));
  const range = unit ? [{ path: unit.path, subtree }] : actor.scopePaths;
  if (sensitiveColumns.length > 0 && !covers(actor.sensitiveScope, range)) {
    throw invalidFields({ path: 'columns', rule: 'export_columns_sensitive', params: { columns: sensitiveColumns } });
  }

  const specs = columns.map((c) => MEMBER_COLUMNS[c]);
  const maps = specs.map((s) => (labels === 'names' ? valueLabels(locale, s) : null));
  const toCells = (rows: repo.ExportRow[]): Cell[][] => rows.map((r) => r.values.map((v, i) => {
    if (v === null) return null;
    const map = maps[i];
    return map ? (map.get(String(v)) ?? String(v)) : v;
  }));
  let after: [string, number] | null = null;
  let more = true;
  const fetch = async (): Promise<Cell[][] | null> => {
    if (!more) return null;
    const rows = await db.transaction((sql) => repo.memberExportPage(sql, { ...filter, columns, after, limit: pageRows }));
    const last = rows.at(-1);
    more = rows.length === pageRows && last !== undefined;
    if (last) after = [last.sortKey, last.id];
    return rows.length > 0 ? toCells(rows) : null;
  };
  const first = (await fetch()) ?? [];

  const headers = columns.map((c) => columnHeader(locale, labels, c));
  const sheetColumns: SheetColumn[] = columns.map((c, i) => {
    const spec = specs[i] as ColumnSpec;
    const type: CellType = spec.kind === 'number' || spec.kind === 'date' ? spec.kind : 'text';
    const longest = first.slice(0, 200).reduce<number>((n, row) => Math.max(n, String(row[i] ?? '').length), 0);
    return { header: headers[i] as string, type, width: Math.min(60, Math.max(spec.width, (headers[i] as string).length + 2, longest + 2)) };
  });

  const file = await fileUnitCode(db, actor, unit, filter.date);
  const writer = writerFor(format, locale, labels);
  const completion = pump({
    writer, log,
    first: { sheet: { name: translate(locale, 'export.files.members'), columns: sheetColumns }, rows: first },
    next: async () => {
      const rows = await fetch();
      return rows ? { rows } : null;
    },
    audit: (rows, completed) => db.transaction((sql) => recordAudit(sql, actor, {
      action: 'member.export', targetType: 'unit', targetId: file.id === null ? null : String(file.id), unitPath: file.path,
      details: {
        format, labels, columns, sensitiveColumns, rows, completed,
        filters: { unit: unitId ?? null, subtree, q: q ?? null, status: status ?? null, asOf: filter.date },
      },
    })),
  });
  return fileFor(format, locale, 'members', file.code, filter.date, writer.stream, completion);
}

type Breakdown = { code: string; rows: { key: string | number; label: string; count: number }[] };

export async function exportStatistics(
  { db, actor, locale, unitId, query, log }: ExportContext & { unitId: number; query: StatisticsExportQuery; log: (err: unknown) => void },
): Promise<ExportFile> {
  const { format, labels, asOf, subtree } = query;
  const stats = await getUnitStats({ db, actor, unitId, asOf, subtree });
  const unit = await units.findUnitAsOf(db.pool, unitId, stats.asOf);
  const typeNames = await repo.unitTypeNames(db.pool);

  const label = (key: string) => (hasKey(key) ? translate(locale, key) : null);
  const enumRows = (enumKey: string, rows: { key: string; count: number }[]) =>
    rows.map((r) => ({ ...r, label: label(`enums.${enumKey}.${r.key}`) ?? (r.key === 'unknown' ? translate(locale, 'export.unknown') : r.key) }));
  const kinds = [['admitted', 'admitted'], ['recognizedOfficial', 'recognized_official'], ['died', 'died']] as const;
  const breakdowns: Breakdown[] = [
    {
      code: 'summary',
      rows: (['total', 'women', 'ethnicMinority', 'religious'] as const)
        .map((key) => ({ key, label: translate(locale, `export.summary.${key}`), count: stats[key] })),
    },
    { code: 'byStatus', rows: enumRows('status', stats.byStatus) },
    { code: 'byGender', rows: enumRows('gender', stats.byGender) },
    { code: 'byAgeBand', rows: enumRows('ageBand', stats.byAgeBand) },
    { code: 'byEthnicity', rows: stats.byEthnicity.map((r) => ({ ...r, label: ETHNICITIES[r.key] ?? r.key })) },
    { code: 'byReligion', rows: enumRows('religion', stats.byReligion) },
    { code: 'byEducation', rows: enumRows('education', stats.byEducation) },
    { code: 'byQualification', rows: enumRows('qualification', stats.byQualification) },
    { code: 'byTheoryLevel', rows: enumRows('theoryLevel', stats.byTheoryLevel) },
    {
      code: 'unitsByType',
      rows: stats.unitsByType.map((r) => {
        const names = typeNames.get(r.key);
        return { ...r, label: names?.[locale] ?? names?.vi ?? r.key };
      }),
    },
    {
      code: 'yearToDate',
      rows: kinds.map(([key, kind]) => ({ key, label: translate(locale, `enums.eventKind.${kind}`), count: stats.yearToDate[key] })),
    },
    ...kinds.map(([key]) => ({
      code: `${key}ByYear`,
      rows: stats.byYear.map((y) => ({ key: y.year, label: String(y.year), count: y[key] })),
    })),
  ];

  const title = (code: string) => (labels === 'codes' ? code : translate(locale, `export.breakdowns.${code}`));
  const header = (key: 'breakdown' | 'key' | 'label' | 'count') => (labels === 'codes' ? key : translate(locale, `export.statistics.${key}`));
  const writer = writerFor(format, locale, labels);
  const sheets: { name: string; columns: SheetColumn[]; rows: Cell[][] }[] = format === 'csv'
    ? [{
      name: 'statistics',
      columns: [
        { header: header('breakdown'), type: 'text', width: 0 }, { header: header('key'), type: 'text', width: 0 },
        { header: header('label'), type: 'text', width: 0 }, { header: header('count'), type: 'number', width: 0 },
      ],
      rows: breakdowns.flatMap((b) => b.rows.map((r) => [title(b.code), r.key, r.label, r.count])),
    }]
    : breakdowns.map((b) => ({
      name: title(b.code),
      columns: [
        { header: header('key'), type: 'text', width: 16 },
        { header: header('label'), type: 'text', width: Math.min(60, Math.max(24, ...b.rows.map((r) => r.label.length + 2))) },
        { header: header('count'), type: 'number', width: 12 },
      ],
      rows: b.rows.map((r) => [r.key, r.label, r.count]),
    }));

  const pages: Page[] = sheets.map((sheet) => ({ sheet: { name: sheet.name, columns: sheet.columns }, rows: sheet.rows }));
  const code = unit?.code ?? String(unitId);
  const completion = pump({
    writer, log,
    first: pages[0] as Page,
    next: async () => pages.splice(1, 1)[0] ?? null,
    audit: (rows, completed) => db.transaction((sql) => recordAudit(sql, actor, {
      action: 'statistics.export', targetType: 'unit', targetId: String(unitId), unitPath: unit?.path ?? null,
      details: { format, labels, rows, completed, filters: { asOf: stats.asOf, subtree } },
    })),
  });
  return fileFor(format, locale, 'statistics', code, stats.asOf, writer.stream, completion);
}

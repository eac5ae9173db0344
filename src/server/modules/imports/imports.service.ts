import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { create as contentDisposition } from 'content-disposition';
import { pipeline } from 'node:stream/promises';
import type { Database, Sql } from '../../db/client.ts';
import { inScope } from '../../db/paths.ts';
import { today } from '../../db/rows.ts';
import { AppError, invalidFields, notFound, type FieldIssue } from '../../http/app-error.ts';
import { renderFieldIssue } from '../../http/problem.ts';
import { translate } from '../../../shared/i18n/translate.ts';
import { RTL_LOCALES, type Locale } from '../../../shared/reference.ts';
import type { ExportFormat } from '../../../shared/schemas/exports.ts';
import type { ImportJob, ImportKind, ImportMapping, ImportMode, SavedMapping } from '../../../shared/schemas/imports.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { CONTENT_TYPES } from '../exports/exports.service.ts';
import { ExportAborted, tableWriter } from '../exports/table-writers.ts';
import { IMPORT_FIELDS, REQUIRED_FIELDS, suggestMapping } from './import-fields.ts';
import * as repo from './imports.repository.ts';
import { MemberRowChecker, type CheckedRow, type Column, type RowIssue } from './member-rows.ts';
import { RowRefused, UnitRowChecker, applyUnits } from './unit-rows.ts';
import { ImportFileError, openTable, type TableRow } from './read-table.ts';

/**
 * Import jobs. Upload keeps the file and reads its header; a run (a check, or an apply) reads
 * it again from the start in the background:
 *  1. every row is checked, a page at a time, each page in a transaction of its own, and the
 *     rows to write or refuse are kept in import_rows: the platform stays usable meanwhile, and
 *     progress is visible;
 *  2. an apply then writes the kept rows in ONE transaction, in ranges, checking for a cancel
 *     between them: a cancel, an error or a stopped process rolls it all back.
 * In all-or-nothing mode one refused row means nothing is written.
 */

export type ImportSettings = { dir: string; maxBytes: number; maxRows?: number };

type Progress = { cancel: boolean; rowsDone: number; startedAt: number; estimated: number | null };

/** The running jobs of one application (progress lives in memory; counts are also saved per page). */
export class ImportJobs {
  readonly running = new Map<number, Progress>();
  constructor(readonly settings: ImportSettings) {}
}

export const PAGE_ROWS = 2_000;
const APPLY_RANGE = 20_000;
const FIRST_ERRORS = 20;
/** Runs at once per server process: each apply holds a database connection for its transaction. */
const MAX_RUNS = 2;

class Cancelled extends Error {}

type Context = { db: Database; actor: Actor; jobs: ImportJobs };

function failureOf(err: unknown): string {
  if (err instanceof ImportFileError) return JSON.stringify({ code: err.code, params: err.params });
  if (err instanceof AppError) return JSON.stringify({ code: err.code, params: err.params });
  // A citizen ID or card number registered by someone else between the check and the apply.
  if ((err as { code?: string }).code === '23505') return JSON.stringify({ code: 'import_records_changed', params: {} });
  return JSON.stringify({ code: 'import_failed', params: {} });
}

/** Counts the lines of a CSV file (an estimate of its rows, for the time left). */
async function countLines(path: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return lines;
}

async function anchorUnit(sql: Sql, actor: Actor, unitId: number) {
  const unit = await repo.unitById(sql, unitId);
  if (!unit || !inScope(actor, unit.path)) throw invalidFields({ path: 'unit', rule: 'not_found_ref' });
  return unit;
}

async function ownJob(sql: Sql, actor: Actor, id: number): Promise<repo.JobRow> {
  const job = await repo.findJob(sql, id);
  if (!job || job.createdBy !== actor.userId) throw notFound('import');
  return job;
}

/** A row issue as a sentence: a rule of the catalogs, or a refusal by the service (an error code). */
function renderIssue(locale: Locale, issue: RowIssue): { path: string; code: string; message: string } {
  if (issue.rule === 'import_refused') {
    const { code, ...params } = issue.params ?? {};
    return { path: issue.path, code: String(code), message: translate(locale, `errors.${String(code)}`, params) };
  }
  return renderFieldIssue(locale, issue);
}

/**
 * The mapping to start from: the caller's newest saved mapping whose every column this file has
 * (the same list sent again), else one read from the header.
 */
async function suggestionFor(sql: Sql, job: repo.JobRow): Promise<ImportMapping> {
  const header = new Set(job.header);
  const saved = (await repo.listMappings(sql, job.createdBy, job.kind))
    .filter((m) => Object.keys(m.mapping).length > 0 && Object.keys(m.mapping).every((cell) => header.has(cell)))
    .sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  return saved[0]?.mapping ?? suggestMapping(job.kind, job.header);
}

export async function toView(sql: Sql, jobs: ImportJobs, job: repo.JobRow, locale: Locale): Promise<ImportJob> {
  const p = jobs.running.get(job.id);
  const elapsed = p ? (Date.now() - p.startedAt) / 1000 : 0;
  const rate = p && elapsed > 0 ? p.rowsDone / elapsed : 0;
  const rejected = await repo.rejectedRows(sql, job.id, 0, FIRST_ERRORS);
  const firstErrors = rejected.flatMap((r) => r.issues.map((i) => ({ row: r.rowNumber, ...renderIssue(locale, i) })))
    .slice(0, FIRST_ERRORS);
  let failure: string | null = null;
  if (job.failure) {
    const f = JSON.parse(job.failure) as { code: string; params: Record<string, string | number> };
    failure = translate(locale, `errors.${f.code}`, f.params);
  }
  return {
    id: job.id, kind: job.kind, unitId: job.unitId, fileName: job.fileName, fileBytes: job.fileBytes, format: job.format,
    encoding: job.encoding, header: job.header, headerRow: job.headerRow,
    suggestedMapping: await suggestionFor(sql, job),
    fields: IMPORT_FIELDS[job.kind].map((field) => ({ field, required: REQUIRED_FIELDS[job.kind].includes(field) })),
    mapping: job.mapping, mode: job.mode, dryRun: job.dryRun, state: job.state,
    progress: {
      rowsDone: p?.rowsDone ?? job.totalRows,
      rowsEstimated: p?.estimated ?? null,
      rowsPerSecond: Math.round(rate),
      secondsLeft: p?.estimated && rate > 0 ? Math.max(0, Math.round((p.estimated - p.rowsDone) / rate)) : null,
    },
    counts: { total: job.totalRows, new: job.newRows, updated: job.updatedRows, unchanged: job.unchangedRows, rejected: job.rejectedRows },
    firstErrors, failure,
    createdAt: new Date(job.createdAt).toISOString(),
    startedAt: job.startedAt ? new Date(job.startedAt).toISOString() : null,
    finishedAt: job.finishedAt ? new Date(job.finishedAt).toISOString() : null,
  };
}

/**
 * Uploaded files hold personal data: an applied one is removed at once, any other after
 * `days` (at each start of the server), so a forgotten upload does not stay on disk.
 */
export async function removeOldFiles(db: Database, settings: ImportSettings, days: number): Promise<void> {
  for (const key of await repo.fileKeysOlderThan(db.pool, days)) await rm(join(settings.dir, key), { force: true });
}

/** Keeps an uploaded file and reads its header; nothing is checked or written yet. */
export async function uploadImport(
  { db, actor, jobs, locale, kind, unitId, fileName, body }:
  Context & { locale: Locale; kind: ImportKind; unitId: number; fileName: string; body: Readable },
): Promise<ImportJob> {
  await anchorUnit(db.pool, actor, unitId);
  const { dir, maxBytes } = jobs.settings;
  await mkdir(dir, { recursive: true });
  const fileKey = randomUUID();
  const path = join(dir, fileKey);
  let bytes = 0;
  try {
    await pipeline(body, async function* limit(source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        bytes += chunk.length;
        if (bytes > maxBytes) throw new ImportFileError('import_file_too_large', { maxMegabytes: Math.floor(maxBytes / 1_048_576) });
        yield chunk;
      }
    }, createWriteStream(path));
    const table = await openTable(path, { maxBytes, fileName });
    await table.rows[Symbol.asyncIterator]().return?.();
    const job = await db.transaction((sql) => repo.insertJob(sql, {
      kind, unitId, fileName, fileKey, fileBytes: bytes, format: table.format, encoding: table.encoding,
      header: table.header, headerRow: table.headerRow, createdBy: actor.userId,
    }));
    return await toView(db.pool, jobs, job, locale);
  } catch (err) {
    await rm(path, { force: true });
    if (err instanceof ImportFileError) throw new AppError(err.code === 'import_file_too_large' ? 413 : 400, err.code, err.params);
    throw err;
  }
}

export async function getImport({ db, actor, jobs, locale, id }: Context & { locale: Locale; id: number }) {
  return toView(db.pool, jobs, await ownJob(db.pool, actor, id), locale);
}

export async function listImports({ db, actor, jobs, locale }: Context & { locale: Locale }) {
  const rows = await repo.listJobs(db.pool, actor.userId, 50);
  const items: ImportJob[] = [];
  for (const job of rows) items.push(await toView(db.pool, jobs, job, locale));
  return { items };
}

/** The mapping as column indexes, refused with the header cell and rule when it cannot work. */
function columnsOf(job: repo.JobRow, mapping: ImportMapping): Column[] {
  const issues: FieldIssue[] = [];
  const fields = new Set(IMPORT_FIELDS[job.kind]);
  const used = new Map<string, string>();
  const columns: Column[] = [];
  for (const [cell, field] of Object.entries(mapping)) {
    const index = job.header.indexOf(cell);
    if (index < 0) issues.push({ path: `mapping.${cell}`, rule: 'import_mapping_column', params: { column: cell } });
    else if (!fields.has(field)) issues.push({ path: `mapping.${cell}`, rule: 'one_of', params: { values: [...fields] } });
    else if (used.has(field)) issues.push({ path: `mapping.${cell}`, rule: 'import_mapping_twice', params: { column: used.get(field) as string } });
    else {
      used.set(field, cell);
      columns.push({ index, field });
    }
  }
  // A row is matched to a record by these: without one a second upload could not change nothing.
  if (job.kind === 'members' && !used.has('citizenId') && !used.has('cardNumber')) {
    issues.push({ path: 'mapping.citizenId', rule: 'import_mapping_identity', params: { other: 'cardNumber' } });
  }
  if (job.kind === 'units' && !used.has('code')) issues.push({ path: 'mapping.code', rule: 'import_mapping_required' });
  if (issues.length > 0) throw new AppError(400, 'validation_failed', {}, issues);
  return columns;
}

/** Starts a check (dryRun) or an apply of the file with this mapping, in the background. */
export async function runImport(
  { db, actor, jobs, locale, id, mapping, mode, dryRun, log }:
  Context & { locale: Locale; id: number; mapping: ImportMapping; mode: ImportMode; dryRun: boolean; log: (err: unknown) => void },
): Promise<ImportJob> {
  const job = await ownJob(db.pool, actor, id);
  // Claimed before the next await: two requests for one import cannot both start it.
  if (jobs.running.has(id) || job.state === 'checking' || job.state === 'applying') throw new AppError(409, 'import_running');
  if (jobs.running.size >= MAX_RUNS) throw new AppError(409, 'import_busy', { max: MAX_RUNS });
  const progress: Progress = { cancel: false, rowsDone: 0, startedAt: Date.now(), estimated: null };
  jobs.running.set(id, progress);
  try {
    const columns = columnsOf(job, mapping);
    const anchor = await anchorUnit(db.pool, actor, job.unitId);
    const path = join(jobs.settings.dir, job.fileKey);
    if (!(await access(path).then(() => true, () => false))) throw new AppError(409, 'import_file_gone');
    const started = {
      mapping, mode, dryRun, state: 'checking' as const, totalRows: 0, newRows: 0, updatedRows: 0, unchangedRows: 0,
      rejectedRows: 0, failure: null, startedAt: new Date().toISOString(), finishedAt: null,
    };
    await db.transaction(async (sql) => {
      // Another server process on the same database may have started it meanwhile.
      if (!(await repo.claimJob(sql, id))) throw new AppError(409, 'import_running');
      await repo.clearRows(sql, id);
      await repo.updateJob(sql, id, started);
    });
    if (job.format === 'csv') void countLines(path).then((n) => { progress.estimated = Math.max(0, n - job.headerRow); }, () => undefined);
    void execute({ db, actor, jobs, job: { ...job, ...started }, columns, anchor, progress, path })
      .catch(log)
      .finally(() => jobs.running.delete(id));
    return await toView(db.pool, jobs, { ...job, ...started }, locale);
  } catch (err) {
    jobs.running.delete(id);
    throw err;
  }
}

type Counts = { totalRows: number; newRows: number; updatedRows: number; unchangedRows: number; rejectedRows: number };

async function execute(
  { db, actor, jobs, job, columns, anchor, progress, path }:
  Context & { job: repo.JobRow; columns: Column[]; anchor: repo.ImportUnit; progress: Progress; path: string },
): Promise<void> {
  const counts: Counts = { totalRows: 0, newRows: 0, updatedRows: 0, unchangedRows: 0, rejectedRows: 0 };
  // Rows the apply refused after the check counted them as new or updated (unit rows only).
  const refuseLate = (actions: ('new' | 'updated')[]) => {
    for (const action of actions) {
      if (action === 'new') counts.newRows--;
      else counts.updatedRows--;
      counts.rejectedRows++;
    }
  };
  const finish = (patch: Partial<repo.JobRow>) =>
    repo.updateJob(db.pool, job.id, { ...counts, ...patch, finishedAt: new Date().toISOString() });
  try {
    const checker = job.kind === 'members' ? new MemberRowChecker(actor, anchor, columns) : new UnitRowChecker(actor, anchor, columns);
    await checker.prepare(db.pool);
    const table = await openTable(path, { maxBytes: jobs.settings.maxBytes, fileName: job.fileName });
    const mapped = new Set(columns.map((c) => c.index));
    let page: TableRow[] = [];
    const flush = async () => {
      const rows = page;
      page = [];
      await db.transaction(async (sql) => {
        const checked = await checker.checkPage(sql, rows);
        const kept: repo.KeptRow[] = [];
        rows.forEach((row, i) => {
          const result = spreadsheetIssues(row, mapped) ?? (checked[i] as CheckedRow);
          counts.totalRows++;
          if (result.action === 'unchanged') { counts.unchangedRows++; return; }
          if (result.action === 'new') counts.newRows++;
          else if (result.action === 'updated') counts.updatedRows++;
          else counts.rejectedRows++;
          kept.push({
            rowNumber: row.rowNumber, action: result.action,
            targetId: result.action === 'updated' ? result.targetId : null,
            matchKey: result.action === 'new' ? result.matchKey : null,
            data: result.action === 'rejected' ? null : result.data,
            // Unit rows keep their cells: the apply may still refuse one (a rule of the tree).
            cells: result.action === 'rejected' || job.kind === 'units' ? row.cells : null,
            issues: result.action === 'rejected' ? result.issues : null,
          });
        });
        await repo.insertRows(sql, job.id, kept);
        await repo.updateJob(sql, job.id, counts);
      });
      progress.rowsDone = counts.totalRows;
    };
    const maxRows = jobs.settings.maxRows ?? 2_000_000;
    for await (const row of table.rows) {
      if (counts.totalRows + page.length >= maxRows) throw new ImportFileError('import_file_too_many_rows', { max: maxRows });
      page.push(row);
      if (page.length >= PAGE_ROWS) await flush();
      if (progress.cancel) throw new Cancelled();
    }
    await flush();
    if (progress.cancel) throw new Cancelled();

    if (job.dryRun || (job.mode === 'all_or_nothing' && counts.rejectedRows > 0)) {
      await repo.deleteWritten(db.pool, job.id);
      return await finish({ state: job.dryRun ? 'checked' : 'rejected' });
    }
    await repo.updateJob(db.pool, job.id, { state: 'applying' });
    const checkCancel = () => {
      if (progress.cancel) throw new Cancelled();
    };
    try {
      await db.transaction(async (sql) => {
        // Still ours: a server started meanwhile on this database may have declared it interrupted.
        if (!(await repo.stillApplying(sql, job.id))) throw new AppError(409, 'import_interrupted');
        if (job.kind === 'members') await applyMembers(sql, job, checkCancel);
        else {
          const refused = await applyUnits(sql, { actor, jobId: job.id, allOrNothing: job.mode === 'all_or_nothing', checkCancel });
          refuseLate(refused);
        }
        await recordAudit(sql, actor, {
          action: job.kind === 'members' ? 'member.import' : 'unit.import', targetType: 'import', targetId: String(job.id),
          unitPath: anchor.path, details: { fileName: job.fileName, mode: job.mode, ...counts },
        });
        // The outcome commits with the rows: a stop right after the commit cannot call it interrupted.
        await repo.deleteWritten(sql, job.id);
        await repo.updateJob(sql, job.id, { ...counts, state: 'applied', finishedAt: new Date().toISOString() });
      });
    } catch (err) {
      if (!(err instanceof RowRefused)) throw err;
      // All or nothing: the transaction is gone; the row the tree refused joins the error file.
      await repo.markRefused(db.pool, job.id, err.rowNumber, err.issues);
      refuseLate([err.action]);
      await repo.deleteWritten(db.pool, job.id);
      return await finish({ state: 'rejected' });
    }
    // The file's people are on record now; a copy of their data on disk has no further use.
    await rm(path, { force: true }).catch(() => undefined);
  } catch (err) {
    try {
      await repo.clearRows(db.pool, job.id);
      await finish(err instanceof Cancelled ? { state: 'cancelled' } : { state: 'failed', failure: failureOf(err) });
    } catch (cleanup) {
      // The database is gone too: the next start marks the job interrupted.
      throw new AggregateError([err, cleanup], 'import failed and could not record it');
    }
    if (!(err instanceof Cancelled) && !(err instanceof ImportFileError) && !(err instanceof AppError)) throw err;
  }
}

/** A formula or an error value in a mapped cell: the row is refused (a value must be typed, not computed). */
function spreadsheetIssues(row: TableRow, mapped: Set<number>): CheckedRow | null {
  const issues = [
    ...row.formulaColumns.filter((i) => mapped.has(i)).map((i) => ({ path: 'row', rule: 'import_formula', params: { column: i + 1 } })),
    ...row.errorColumns.filter((i) => mapped.has(i)).map((i) => ({ path: 'row', rule: 'import_cell_error', params: { column: i + 1 } })),
  ];
  return issues.length > 0 ? { action: 'rejected', issues } : null;
}

async function applyMembers(sql: Sql, job: repo.JobRow, checkCancel: () => void): Promise<void> {
  const last = await repo.lastRowNumber(sql, job.id);
  // A cell closed (or re-dated) since the check would leave members without a place: refuse.
  if (await repo.cellsChangedSinceCheck(sql, job.id)) throw new AppError(409, 'import_records_changed');
  await repo.preparePlaces(sql, job.id);
  for (let from = 0; from <= last; from += APPLY_RANGE) {
    checkCancel();
    const created = await repo.applyNewMembers(sql, job.id, from, from + APPLY_RANGE);
    if (created.members !== created.expected) throw new AppError(409, 'import_records_changed');
    const { expected, done } = await repo.applyUpdatedMembers(sql, job.id, from, from + APPLY_RANGE, today());
    if (done !== expected) throw new AppError(409, 'import_records_changed');
  }
}

export async function cancelImport({ db, actor, jobs, locale, id }: Context & { locale: Locale; id: number }) {
  const job = await ownJob(db.pool, actor, id);
  const progress = jobs.running.get(id);
  if (!progress) throw new AppError(409, 'import_not_running');
  progress.cancel = true;
  return toView(db.pool, jobs, job, locale);
}

/** The refused rows as given, with a last column saying what is wrong, in the reader's language. */
export async function* errorRows(
  { db, actor, locale, id }: Omit<Context, 'jobs'> & { locale: Locale; id: number },
): AsyncGenerator<string[]> {
  const job = await ownJob(db.pool, actor, id);
  yield [translate(locale, 'import.errorFile.row'), ...job.header, translate(locale, 'import.errorFile.issues')];
  let after = 0;
  for (;;) {
    const page = await repo.rejectedRows(db.pool, id, after, 5_000);
    for (const r of page) {
      const text = r.issues.map((i) => renderIssue(locale, i).message).join('; ');
      yield [String(r.rowNumber), ...job.header.map((_, i) => r.cells[i] ?? ''), text];
    }
    if (page.length < 5_000) return;
    after = (page.at(-1) as repo.RejectedRow).rowNumber;
  }
}

export async function ownJobForFile({ db, actor, id }: Omit<Context, 'jobs'> & { id: number }) {
  return ownJob(db.pool, actor, id);
}

export async function listMappings({ db, actor, kind }: Omit<Context, 'jobs'> & { kind: ImportKind }): Promise<SavedMapping[]> {
  return (await repo.listMappings(db.pool, actor.userId, kind)).map((m) => ({ ...m, createdAt: new Date(m.createdAt).toISOString() }));
}

export async function saveMapping(
  { db, actor, kind, name, mapping }: Omit<Context, 'jobs'> & { kind: ImportKind; name: string; mapping: ImportMapping },
): Promise<SavedMapping> {
  const fields = new Set(IMPORT_FIELDS[kind]);
  const wrong = Object.entries(mapping).filter(([, f]) => !fields.has(f));
  if (wrong.length > 0) {
    throw new AppError(400, 'validation_failed', {}, wrong.map(([cell]) => ({ path: `mapping.${cell}`, rule: 'one_of', params: { values: [...fields] } })));
  }
  const m = await db.transaction((sql) => repo.saveMapping(sql, { createdBy: actor.userId, kind, name, mapping }));
  return { ...m, createdAt: new Date(m.createdAt).toISOString() };
}

export async function deleteMapping({ db, actor, id }: Omit<Context, 'jobs'> & { id: number }) {
  if (!(await db.transaction((sql) => repo.deleteMapping(sql, id, actor.userId)))) throw notFound('import_mapping');
}


/** The error file as a download: CSV (UTF-8 with BOM) or XLSX, streamed page by page. */
export async function errorFile(
  { db, actor, locale, id, format, log }: Omit<Context, 'jobs'> & { locale: Locale; id: number; format: ExportFormat; log: (err: unknown) => void },
) {
  const job = await ownJob(db.pool, actor, id);
  const writer = tableWriter(format, { dateFormat: 'yyyy-mm-dd', rightToLeft: RTL_LOCALES.has(locale), escapeFormulas: true });
  const rows = errorRows({ db, actor, locale, id });
  void (async () => {
    const header = (await rows.next()).value as string[];
    await writer.startSheet(translate(locale, 'import.errorFile.sheet'), header.map((h) => ({ header: h, type: 'text' as const, width: 18 })));
    let batch: string[][] = [];
    for await (const row of rows) {
      batch.push(row);
      if (batch.length >= 1_000) { await writer.writeRows(batch); batch = []; }
    }
    await writer.writeRows(batch);
    await writer.finish();
  })().catch((err: unknown) => {
    if (!(err instanceof ExportAborted)) log(err);
    writer.abort(err instanceof Error ? err : new Error(String(err)));
  });
  const base = job.fileName.replace(/\.[^.]*$/, '');
  return {
    stream: writer.stream, contentType: CONTENT_TYPES[format],
    disposition: contentDisposition(`${base}-${translate(locale, 'import.errorFile.suffix')}.${format}`),
  };
}

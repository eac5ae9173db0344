import { createReadStream, createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/client.ts';
import { today } from '../server/db/rows.ts';
import { errorFile, getImport, ImportJobs, listMappings, runImport, uploadImport } from '../server/modules/imports/imports.service.ts';
import type { Locale } from '../shared/reference.ts';
import type { ImportJob, ImportKind, ImportMapping } from '../shared/schemas/imports.ts';
import { actorOf, CliError, reportCliError } from './export.ts';

/**
 * `partywork import FILE`: the import of the web app and the API, from the command line. It runs
 * as a user (--user) or as the owner within --unit, checks the file (--dry-run) or applies it,
 * prints progress to stderr and the counts and first errors at the end, and can write the error
 * file. Exit status 1 when nothing was written because of refused rows, or the run failed.
 */

export type ImportOptions = {
  unit?: string; user?: string; lang?: string; kind: ImportKind; mapping?: string; mode: 'all' | 'valid';
  dryRun?: boolean; errors?: string;
};

/** --mapping: a JSON file { "header cell": "field" }, else the name of one of the user's saved mappings. */
async function mappingOf(o: ImportOptions, job: ImportJob, saved: () => Promise<{ name: string; mapping: ImportMapping }[]>): Promise<ImportMapping> {
  if (!o.mapping) return job.suggestedMapping;
  if (o.mapping.endsWith('.json')) return JSON.parse(await readFile(o.mapping, 'utf8')) as ImportMapping;
  const found = (await saved()).find((m) => m.name === o.mapping);
  if (!found) throw new CliError(`No saved mapping named “${o.mapping}”.`);
  return found.mapping;
}

export async function importCommand(file: string, o: ImportOptions) {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const jobs = new ImportJobs({ dir: join(config.dataDir, 'imports'), maxBytes: config.importMaxBytes, maxRows: config.importMaxRows });
  try {
    const { actor, db: seen, unit, locale } = await actorOf(db, o, 'imports.run', today());
    if (!unit) throw new CliError('Name the unit the file belongs to (--unit CODE).');
    const ctx = { db: seen, actor, jobs, locale: locale as Locale };
    const uploaded = await uploadImport({ ...ctx, kind: o.kind, unitId: unit.id, fileName: basename(file), body: createReadStream(file) });
    const mapping = await mappingOf(o, uploaded, () => listMappings({ db: seen, actor, kind: o.kind }));
    console.error(`Columns: ${Object.entries(mapping).map(([cell, field]) => `${cell} → ${field}`).join(', ')}`);
    const started = await runImport({
      ...ctx, id: uploaded.id, mapping, mode: o.mode === 'valid' ? 'valid_rows' : 'all_or_nothing', dryRun: Boolean(o.dryRun),
      log: (err) => console.error(err),
    });
    let job = started;
    while (jobs.running.has(job.id)) {
      await new Promise((r) => setTimeout(r, 1000));
      job = await getImport({ ...ctx, id: job.id });
      const p = job.progress;
      console.error(`  ${job.state}: ${p.rowsDone.toLocaleString('en')} rows, ${p.rowsPerSecond.toLocaleString('en')} rows/s${p.secondsLeft !== null ? `, about ${p.secondsLeft} s left` : ''}`);
    }
    job = await getImport({ ...ctx, id: job.id });
    const c = job.counts;
    console.log(`${job.state}: ${c.total} rows: ${c.new} new, ${c.updated} updated, ${c.unchanged} unchanged, ${c.rejected} refused (import ${job.id}).`);
    for (const e of job.firstErrors) console.log(`  row ${e.row} ${e.path}: ${e.message}`);
    if (job.failure) console.log(job.failure);
    if (o.errors && c.rejected > 0) {
      const format = o.errors.endsWith('.xlsx') ? 'xlsx' : 'csv';
      const out = await errorFile({ db: seen, actor, locale: ctx.locale, id: job.id, format, log: (err) => console.error(err) });
      await pipeline(out.stream, createWriteStream(o.errors));
      console.log(`Wrote the refused rows to ${o.errors}.`);
    }
    if (['failed', 'rejected', 'cancelled'].includes(job.state)) process.exitCode = 1;
  } catch (err) {
    reportCliError(err);
  } finally {
    await db.close();
  }
}

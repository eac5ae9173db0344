import { createWriteStream, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { ZodType } from 'zod';
import { loadConfig } from '../server/config.ts';
import { openDatabase, type Database } from '../server/db/client.ts';
import { today } from '../server/db/rows.ts';
import { scopedDatabase } from '../server/db/scoped.ts';
import { AppError } from '../server/http/app-error.ts';
import { SYSTEM_ACTOR, type Actor } from '../server/modules/access/actor.ts';
import { actorFor, holds } from '../server/modules/access/principal.ts';
import { findUserByUsername } from '../server/modules/auth/auth.repository.ts';
import { consolePrincipal } from '../server/modules/auth/principals.service.ts';
import { exportMembers, exportStatistics, type ExportFile } from '../server/modules/exports/exports.service.ts';
import * as units from '../server/modules/units/units.repository.ts';
import { hasKey, translate, type Params } from '../shared/i18n/translate.ts';
import { LOCALES, type Locale } from '../shared/reference.ts';
import type { Permission } from '../shared/permissions.ts';
import { memberExportQuery, statisticsExportQuery } from '../shared/schemas/exports.ts';

/**
 * `partywork export members|statistics`: the same files as the API, written to --out. It runs
 * as a user (--user: their grants, row-level security and the audit trail as for their requests)
 * or, without one, as the schema owner limited to --unit (and below, unless --unit-only). Every
 * export appends its audit row either way.
 */

export type ExportOptions = {
  out: string; format: string; unit?: string; unitOnly?: boolean; user?: string; lang?: string; labels?: string;
  asOf?: string; columns?: string; q?: string; status?: string;
};

export class CliError extends Error {}

/** A command's failure on stderr, and exit status 1: a refusal by its code and sentence, anything else in full. */
export function reportCliError(err: unknown): void {
  if (err instanceof CliError) console.error(err.message);
  else if (err instanceof AppError) console.error(`${err.code}: ${translate('en', `errors.${err.code}`, err.params)}${err.fieldIssues.map((f) => ` (${f.path}: ${f.rule})`).join('')}`);
  else console.error(err);
  process.exitCode = 1;
}

function parseQuery<T>(schema: ZodType<T>, input: Record<string, unknown>, locale: Locale): T {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => {
    const field = String(i.path[0] ?? '');
    const params = { ...((i as { params?: Params }).params ?? {}), field: hasKey(`fields.${field}`) ? translate(locale, `fields.${field}`) : field };
    return `  --${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${translate(locale, `rules.${i.message}`, params)}`;
  });
  throw new CliError(`Invalid options:\n${lines.join('\n')}`);
}

/** Who the command runs as, the database as they see it, and the unit named by --unit. */
export async function actorOf(db: Database, o: Pick<ExportOptions, 'unit' | 'unitOnly' | 'user' | 'lang'>, permission: Permission, date: string) {
  let unit: units.UnitRow | null = null;
  if (o.unit) {
    const id = await units.findUnitIdByCode(db.pool, o.unit);
    unit = id === null ? null : ((await units.findUnitAsOf(db.pool, id, date)) ?? (await units.findUnitLatest(db.pool, id)));
    if (!unit) throw new CliError(`No unit with the code ${o.unit}.`);
  }
  if (o.user) {
    const user = await findUserByUsername(db.pool, o.user.toLowerCase());
    if (!user || user.disabledAt) throw new CliError(`No active user ${o.user}.`);
    const principal = await consolePrincipal({ db, user });
    if (!holds(principal, permission)) throw new CliError(`${user.username} does not hold ${permission} anywhere.`);
    const actor: Actor = { ...actorFor(principal, permission), label: `${user.username} (command line)` };
    return { actor, db: scopedDatabase(db, actor.scopePaths), unit, locale: (o.lang ?? user.locale) as Locale };
  }
  if (!unit) throw new CliError('Name the unit (--unit CODE) to work as the owner, or run as a user (--user NAME).');
  const reach = [{ path: unit.path, subtree: !o.unitOnly }];
  const actor: Actor = { ...SYSTEM_ACTOR, label: 'command line', scopePaths: reach, sensitiveScope: reach };
  return { actor, db, unit, locale: (o.lang ?? 'vi') as Locale };
}

async function run(o: ExportOptions, kind: 'members' | 'statistics') {
  const config = loadConfig();
  if (o.lang && !(LOCALES as readonly string[]).includes(o.lang)) throw new CliError(`--lang is one of ${LOCALES.join(', ')}.`);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const started = performance.now();
  let file: ExportFile | null = null;
  try {
    const date = o.asOf ?? today();
    const permission: Permission = kind === 'members' ? 'members.read' : 'statistics.read';
    const { actor, db: seen, unit, locale } = await actorOf(db, o, permission, date);
    const log = (err: unknown) => console.error(err);
    const common = { format: o.format, labels: o.labels, asOf: o.asOf, subtree: o.unitOnly ? 'false' : 'true' };
    if (kind === 'members') {
      const query = parseQuery(memberExportQuery, { ...common, columns: o.columns, q: o.q, status: o.status, unit: unit?.id }, locale);
      file = await exportMembers({ db: seen, actor, locale, query, log });
    } else {
      if (!unit) throw new CliError('Name the unit (--unit CODE).');
      const query = parseQuery(statisticsExportQuery, common, locale);
      file = await exportStatistics({ db: seen, actor, locale, unitId: unit.id, query, log });
    }
    await pipeline(file.stream, createWriteStream(o.out));
    const { rows } = await file.completion;
    console.log(`Wrote ${o.out}: ${rows.toLocaleString('en')} rows in ${((performance.now() - started) / 1000).toFixed(1)} s (“${file.fileName}”).`);
  } catch (err) {
    // A file cut off in the middle is removed, so that no partial export looks complete.
    if (file) rmSync(o.out, { force: true });
    reportCliError(err);
  } finally {
    await db.close();
  }
}

export const exportMembersCommand = (o: ExportOptions) => run(o, 'members');
export const exportStatisticsCommand = (o: ExportOptions) => run(o, 'statistics');

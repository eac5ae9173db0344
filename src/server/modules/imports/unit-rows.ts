import type { Sql } from '../../db/client.ts';
import { inScope } from '../../db/paths.ts';
import { today } from '../../db/rows.ts';
import { AppError, invalidFields } from '../../http/app-error.ts';
import { createUnitBody } from '../../../shared/schemas/units.ts';
import { foldForSearch } from '../../../shared/text/names.ts';
import type { Actor } from '../access/actor.ts';
import { listUnitTypes } from '../unit-types/unit-types.repository.ts';
import { createUnitIn, renameUnitIn } from '../units/units.service.ts';
import { findUnitIdByCode } from '../units/units.repository.ts';
import * as repo from './imports.repository.ts';
import { readRow, zodIssues, type CheckedRow, type Column, type RowIssue } from './member-rows.ts';
import { UnitResolver } from './unit-resolver.ts';

/**
 * The check and apply of unit rows. A unit list is short beside a member list (a province has a
 * few thousand units), so each row is written through the same service as the form
 * (createUnitIn, renameUnitIn), with every rule of the tree (allowed child types, dates, codes),
 * each under a savepoint: a row the service refuses is rolled back alone, or ends the whole
 * apply in all-or-nothing mode. A parent may be a unit earlier in the same file.
 * A unit on record is renamed when the file gives another name; its type and parent change only
 * through a restructuring, never by import.
 */

type NewUnit = { code: string; name: string; typeCode: string; validFrom: string; parentId: number | null; parentCode: string | null };
type Rename = { id: number; name: string; effectiveOn: string };

export class UnitRowChecker {
  private readonly units: UnitResolver;
  private readonly seen = new Map<string, number>();
  /** Codes of the file's rows that will create a unit: the only ones a later row may name as parent. */
  private readonly created = new Set<string>();
  private types = new Map<string, string>();

  constructor(private readonly actor: Actor, private readonly anchor: repo.ImportUnit, private readonly columns: Column[]) {
    this.units = new UnitResolver(actor, anchor);
  }

  /** Type codes, and their names in every language, folded. */
  async prepare(sql: Sql): Promise<void> {
    for (const t of await listUnitTypes(sql)) {
      this.types.set(foldForSearch(t.code), t.code);
      for (const name of Object.values(t.names)) this.types.set(foldForSearch(name), t.code);
    }
  }

  async checkPage(sql: Sql, rows: { rowNumber: number; cells: string[] }[]): Promise<CheckedRow[]> {
    const read = rows.map((r) => ({ ...r, ...readRow(r.cells, this.columns) }));
    await this.units.loadCodes(sql, read.flatMap((r) => [r.values.code, r.values.parentCode]).filter((v): v is string => Boolean(v)));
    const out: CheckedRow[] = [];
    for (const row of read) out.push(await this.checkRow(sql, row.rowNumber, row.values, row.issues));
    return out;
  }

  private async checkRow(sql: Sql, rowNumber: number, values: Record<string, string>, issues: RowIssue[]): Promise<CheckedRow> {
    const code = values.code;
    if (!code) return { action: 'rejected', issues: [...issues, { path: 'code', rule: 'required' }] };
    const earlier = this.seen.get(code);
    if (earlier !== undefined) issues.push({ path: 'code', rule: 'import_duplicate_row', params: { row: earlier } });
    else this.seen.set(code, rowNumber);
    const typeCode = values.typeCode ? this.types.get(foldForSearch(values.typeCode)) ?? values.typeCode : undefined;

    let parent: repo.ImportUnit | RowIssue | 'file' = this.anchor;
    if (values.parentCode) {
      parent = this.created.has(values.parentCode) ? 'file' : this.units.byCodeInReach(values.parentCode, 'parentCode');
    } else if (values.parentPath) {
      parent = await this.units.byNames(sql, values.parentPath, 'parentPath');
    }
    if (typeof parent === 'object' && 'rule' in parent) issues.push(parent);
    if (issues.length > 0) return { action: 'rejected', issues };

    const stored = this.units.stored(code);
    if (stored) return this.checkStored(stored, values, typeCode, parent as repo.ImportUnit | 'file');
    const input = {
      code, name: values.name, typeCode, validFrom: values.validFrom ?? today(),
      parentId: parent === 'file' ? null : (parent as repo.ImportUnit).id,
    };
    const parsed = createUnitBody.safeParse(input);
    if (!parsed.success) return { action: 'rejected', issues: zodIssues(parsed.error) };
    const data: NewUnit = { ...parsed.data, parentId: parsed.data.parentId ?? null, parentCode: parent === 'file' ? values.parentCode ?? null : null };
    this.created.add(code);
    return { action: 'new', matchKey: `u${code}`, data };
  }

  private checkStored(stored: repo.ImportUnit, values: Record<string, string>, typeCode: string | undefined, parent: repo.ImportUnit | 'file'): CheckedRow {
    if (!inScope(this.actor, stored.path)) return { action: 'rejected', issues: [{ path: 'code', rule: 'import_unit_out_of_reach' }] };
    const issues: RowIssue[] = [];
    if (typeCode && typeCode !== stored.typeCode) issues.push({ path: 'typeCode', rule: 'import_differs_from_record', params: { recorded: stored.typeCode } });
    const parentGiven = Boolean(values.parentCode || values.parentPath);
    if (parentGiven && (parent === 'file' || parent.id !== stored.parentId)) {
      issues.push({ path: values.parentCode ? 'parentCode' : 'parentPath', rule: 'import_unit_parent_differs' });
    }
    if (issues.length > 0) return { action: 'rejected', issues };
    if (!values.name || values.name.normalize('NFC').replace(/\s+/g, ' ').trim() === stored.name) return { action: 'unchanged' };
    const data: Rename = { id: stored.id, name: values.name, effectiveOn: values.validFrom ?? today() };
    return { action: 'updated', targetId: stored.id, data };
  }
}

/** An apply-time refusal of one row (the service's rule), for the error file. */
export class RowRefused extends Error {
  constructor(readonly rowNumber: number, readonly action: 'new' | 'updated', readonly issues: RowIssue[]) {
    super('row refused');
  }
}

export function issuesOf(err: AppError): RowIssue[] {
  if (err.fieldIssues.length > 0) return err.fieldIssues.map((i) => ({ path: i.path, rule: i.rule, params: (i.params ?? {}) as Record<string, string | number> }));
  return [{ path: 'row', rule: 'import_refused', params: { code: err.code, ...(err.params as Record<string, string | number>) } }];
}

/**
 * Writes the kept unit rows in file order. In valid-rows mode a refused row is rolled back to its
 * savepoint and marked refused (its action is returned, for the counts); in all-or-nothing mode it ends the apply (thrown).
 */
export async function applyUnits(
  sql: Sql, o: { actor: Actor; jobId: number; allOrNothing: boolean; checkCancel: () => void },
): Promise<('new' | 'updated')[]> {
  const refused: ('new' | 'updated')[] = [];
  const rows = await repo.writtenRows(sql, o.jobId);
  for (const row of rows) {
    o.checkCancel();
    await sql.query('SAVEPOINT import_row');
    try {
      if (row.action === 'new') {
        const d = row.data as NewUnit;
        const parentId = d.parentId ?? (d.parentCode ? await findUnitIdByCode(sql, d.parentCode) : null);
        // The parent row of the file was refused in this apply: so is its child (never at the root).
        if (d.parentCode && parentId === null) throw invalidFields({ path: 'parentCode', rule: 'import_unit_unknown', params: { value: d.parentCode } });
        await createUnitIn(sql, { actor: o.actor, input: { code: d.code, name: d.name, typeCode: d.typeCode, validFrom: d.validFrom, parentId } });
      } else {
        const d = row.data as Rename;
        await renameUnitIn(sql, { actor: o.actor, id: d.id, name: d.name, effectiveOn: d.effectiveOn, ifMatch: null });
      }
      await sql.query('RELEASE SAVEPOINT import_row');
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (o.allOrNothing) throw new RowRefused(row.rowNumber, row.action, issuesOf(err));
      await sql.query('ROLLBACK TO SAVEPOINT import_row');
      await repo.markRefused(sql, o.jobId, row.rowNumber, issuesOf(err));
      refused.push(row.action);
    }
  }
  return refused;
}

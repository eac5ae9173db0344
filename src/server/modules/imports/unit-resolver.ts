import type { Sql } from '../../db/client.ts';
import { inScope } from '../../db/paths.ts';
import { foldForSearch } from '../../../shared/text/names.ts';
import type { Actor } from '../access/actor.ts';
import * as repo from './imports.repository.ts';
import type { RowIssue } from './member-rows.ts';

/**
 * Units a file names, by code or by a path of names read from the import's unit, within the
 * importer's reach; cached for the run (a file names the same few cells again and again).
 */
export class UnitResolver {
  private readonly byCode = new Map<string, repo.ImportUnit | null>();
  private readonly byPath = new Map<string, repo.ImportUnit | RowIssue>();
  private readonly ancestorNames = new Map<number, string>();

  constructor(private readonly actor: Actor, readonly anchor: repo.ImportUnit) {}

  async loadCodes(sql: Sql, codes: string[]): Promise<void> {
    const missing = [...new Set(codes)].filter((c) => !this.byCode.has(c));
    if (missing.length === 0) return;
    const found = await repo.unitsByCode(sql, missing);
    for (const code of missing) this.byCode.set(code, found.find((u) => u.code === code) ?? null);
  }

  /** A unit by code (loaded by loadCodes), whether or not in reach. */
  stored(code: string): repo.ImportUnit | null {
    return this.byCode.get(code) ?? null;
  }

  byCodeInReach(code: string, path: string): repo.ImportUnit | RowIssue {
    const unit = this.byCode.get(code);
    if (!unit || !inScope(this.actor, unit.path)) return { path, rule: 'import_unit_unknown', params: { value: code } };
    return unit;
  }

  async byNames(sql: Sql, text: string, path: string): Promise<repo.ImportUnit | RowIssue> {
    const cached = this.byPath.get(text);
    if (cached) return cached;
    const found = await this.resolvePath(sql, text, path);
    this.byPath.set(text, found);
    return found;
  }

  /**
   * "Đảng bộ xã A / Chi bộ thôn 1" or just "Chi bộ thôn 1": the last name is the unit, the
   * names before it must be its ancestors, in order, below the anchor. Two units that fit are
   * ambiguous; the row must then give the code.
   */
  private async resolvePath(sql: Sql, text: string, field: string): Promise<repo.ImportUnit | RowIssue> {
    const names = text.split(/\s*[/>»\\]\s*/).map(foldForSearch).filter(Boolean);
    const last = names.pop();
    const unknown: RowIssue = { path: field, rule: 'import_unit_unknown', params: { value: text } };
    if (!last) return unknown;
    const fits: repo.ImportUnit[] = [];
    for (const unit of await repo.unitsByName(sql, this.anchor.path, last)) {
      if (inScope(this.actor, unit.path) && (await this.hasAncestors(sql, unit.path, names))) fits.push(unit);
    }
    if (fits.length > 1) return { path: field, rule: 'import_unit_ambiguous', params: { value: text, count: fits.length } };
    return fits[0] ?? unknown;
  }

  /** Whether the ancestors of `path` include `names` in this order (levels may be skipped). */
  private async hasAncestors(sql: Sql, unitPath: string, names: string[]): Promise<boolean> {
    let path = unitPath;
    for (const name of [...names].reverse()) {
      let found = false;
      while (!found && path.includes('.')) {
        path = path.slice(0, path.lastIndexOf('.'));
        found = (await this.ancestorName(sql, Number(path.slice(path.lastIndexOf('.') + 1)))) === name;
      }
      if (!found) return false;
    }
    return true;
  }

  private async ancestorName(sql: Sql, id: number): Promise<string> {
    let name = this.ancestorNames.get(id);
    if (name === undefined) {
      name = foldForSearch((await repo.unitById(sql, id))?.name ?? '');
      this.ancestorNames.set(id, name);
    }
    return name;
  }
}

import type { z } from 'zod';
import type { Sql } from '../../db/client.ts';
import { inScope, inScopeOf } from '../../db/paths.ts';
import { today } from '../../db/rows.ts';
import { addMonths, monthsBetween } from '../../../shared/dates.ts';
import { SENSITIVE_MEMBER_FIELDS } from '../../../shared/permissions.ts';
import { createMemberBody, updateMemberBody } from '../../../shared/schemas/members.ts';
import { foldForSearch, normalizeText, vietnameseSortKey } from '../../../shared/text/names.ts';
import type { Actor } from '../access/actor.ts';
import type { ProfileField } from '../members/members.repository.ts';
import { ruleHistory } from '../rules/rules.repository.ts';
import { CODED_FIELDS, DATE_FIELDS, readCoded, readDate } from './import-fields.ts';
import * as repo from './imports.repository.ts';
import { UnitResolver } from './unit-resolver.ts';

/**
 * The check of member rows, a page at a time: the same rules as the registration form (the
 * schema of POST /members, the admission age and probation rules in force on each date, the
 * cell open and within reach), plus what only a file can get wrong (the same person twice).
 * A row whose citizen ID or card number is on record updates that member's profile; its
 * admission dates and cell must agree with the record, since those change only through
 * membership events (a transfer, a correction).
 */

export type RowIssue = { path: string; rule: string; params?: Record<string, string | number> };

export type CheckedRow =
  | { action: 'new'; matchKey: string; data: object }
  | { action: 'updated'; targetId: number; data: object }
  | { action: 'unchanged' }
  | { action: 'rejected'; issues: RowIssue[] };

export type Column = { index: number; field: string };

const PROFILE_FIELDS = new Set<string>(Object.keys(updateMemberBody.shape));
const LIFECYCLE_FIELDS = ['admissionDecisionDate', 'admissionDecisionNo', 'ceremonyDate', 'officialDate'] as const;
const SENSITIVE = new Set<string>(SENSITIVE_MEMBER_FIELDS);

/** zod issues as row issues: the messages of partywork's schemas are rule keys. */
export function zodIssues(error: z.ZodError): RowIssue[] {
  return error.issues.map((i) => {
    const params: Record<string, string | number> = {};
    const raw = i as unknown as Record<string, unknown>;
    if (typeof raw.minimum === 'number') params.min = raw.minimum;
    if (typeof raw.maximum === 'number') params.max = raw.maximum;
    if (raw.params && typeof raw.params === 'object') Object.assign(params, raw.params);
    return { path: i.path.join('.') || 'row', rule: i.message, params };
  });
}

/** The row's cells as field values: dates and coded words read, empty cells left out. */
export function readRow(cells: string[], columns: Column[]): { values: Record<string, string>; issues: RowIssue[] } {
  const values: Record<string, string> = {};
  const issues: RowIssue[] = [];
  for (const { index, field } of columns) {
    const cell = cells[index] ?? '';
    if (cell === '') continue;
    if (DATE_FIELDS.has(field)) {
      const date = readDate(cell);
      if (date) values[field] = date;
      else issues.push({ path: field, rule: 'import_date', params: { value: cell } });
    } else if (field in CODED_FIELDS) {
      values[field] = readCoded(field, cell);
    } else if (field === 'citizenId') {
      values[field] = cell.replace(/[\s.]/g, '');
    } else {
      values[field] = cell;
    }
  }
  return { values, issues };
}

type Unit = repo.ImportUnit;

export class MemberRowChecker {
  private readonly seen = new Map<string, number>();
  private readonly units: UnitResolver;
  private minAge!: (date: string) => number;
  private maxAge!: (date: string) => number;
  private probation!: (date: string) => number;
  private readonly now = today();

  constructor(
    private readonly actor: Actor,
    private readonly anchor: Unit,
    private readonly columns: Column[],
  ) {
    this.units = new UnitResolver(actor, anchor);
  }

  async prepare(sql: Sql): Promise<void> {
    [this.minAge, this.maxAge, this.probation] = await Promise.all([
      ruleHistory<number>(sql, 'admission.min_age_months'),
      ruleHistory<number>(sql, 'admission.max_age_months'),
      ruleHistory<number>(sql, 'probation.months'),
    ]);
  }

  /** Checks a page of rows; rows in the page are checked against each other and all rows before. */
  async checkPage(sql: Sql, rows: { rowNumber: number; cells: string[] }[]): Promise<CheckedRow[]> {
    const read = rows.map((r) => ({ ...r, ...readRow(r.cells, this.columns) }));
    const citizenIds = read.map((r) => r.values.citizenId).filter((v): v is string => Boolean(v));
    const cards = read.map((r) => r.values.cardNumber).filter((v): v is string => Boolean(v));
    const stored = await repo.membersByIdentity(sql, citizenIds, cards);
    const byCitizen = new Map(stored.filter((m) => m.citizenId).map((m) => [m.citizenId as string, m]));
    const byCard = new Map(stored.filter((m) => m.cardNumber).map((m) => [m.cardNumber as string, m]));
    await this.units.loadCodes(sql, read.map((r) => r.values.unitCode).filter((v): v is string => Boolean(v)));

    const out: CheckedRow[] = [];
    for (const row of read) {
      const issues = [...row.issues];
      const { values } = row;
      if (!values.citizenId && !values.cardNumber) issues.push({ path: 'citizenId', rule: 'import_identifier_required' });
      for (const key of ['citizenId', 'cardNumber'] as const) {
        const value = values[key];
        if (!value) continue;
        const earlier = this.seen.get(`${key}:${value}`);
        if (earlier !== undefined) issues.push({ path: key, rule: 'import_duplicate_row', params: { row: earlier } });
        else this.seen.set(`${key}:${value}`, row.rowNumber);
      }
      const byId = values.citizenId ? byCitizen.get(values.citizenId) : undefined;
      const byNo = values.cardNumber ? byCard.get(values.cardNumber) : undefined;
      if (byId && byNo && byId.id !== byNo.id) issues.push({ path: 'cardNumber', rule: 'import_identity_mismatch' });
      const existing = byId ?? byNo;
      // One member named twice, once by citizen ID and once by card number only.
      if (existing && issues.length === 0) {
        const earlierRow = this.seen.get(`member:${existing.id}`);
        if (earlierRow !== undefined) issues.push({ path: byId ? 'citizenId' : 'cardNumber', rule: 'import_duplicate_row', params: { row: earlierRow } });
        else this.seen.set(`member:${existing.id}`, row.rowNumber);
      }
      // Every rule the row breaks is reported at once, one issue per field (a date that could not
      // be read is not also "required").
      const unit = await this.unitOf(sql, values);
      const checked = existing ? this.checkExisting(existing, values, unit) : this.checkNew(values, unit);
      if (issues.length === 0) {
        out.push(checked);
        continue;
      }
      const more = checked.action === 'rejected' ? checked.issues.filter((i) => !issues.some((j) => j.path === i.path)) : [];
      out.push({ action: 'rejected', issues: [...issues, ...more] });
    }
    return out;
  }

  /** The row's cell: by code, else by a path of names read from the anchor unit, else none (the anchor). */
  private async unitOf(sql: Sql, values: Record<string, string>): Promise<Unit | RowIssue | null> {
    if (values.unitCode) return this.units.byCodeInReach(values.unitCode, 'unitCode');
    if (values.unitPath) return this.units.byNames(sql, values.unitPath, 'unitPath');
    return null;
  }

  /** The admission age rule in force on the admission date, unless an approval is recorded. */
  private admissionAgeIssue(birthDate: string, admissionDate: string, approval: string | null | undefined): RowIssue | null {
    if (approval) return null;
    const [min, max] = [this.minAge(admissionDate), this.maxAge(admissionDate)];
    const months = monthsBetween(birthDate, admissionDate);
    if (months >= min && months <= max) return null;
    return { path: 'admissionDecisionDate', rule: 'admission_age',
      params: { age: Math.floor(months / 12), min: min / 12, max: max / 12, approval: 'ageApprovalRef' } };
  }

  private checkNew(values: Record<string, string>, found: Unit | RowIssue | null): CheckedRow {
    const unit = found ?? this.anchor;
    if ('rule' in unit) return { action: 'rejected', issues: [unit] };
    const input: Record<string, unknown> = { unitId: unit.id };
    for (const [field, value] of Object.entries(values)) if (field !== 'unitCode' && field !== 'unitPath') input[field] = value;
    const parsed = createMemberBody.safeParse(input);
    if (!parsed.success) return { action: 'rejected', issues: zodIssues(parsed.error) };
    const m = parsed.data;
    const issues: RowIssue[] = [];
    for (const f of ['birthDate', 'admissionDecisionDate', 'ceremonyDate', 'officialDate'] as const) {
      if ((m[f] ?? '') > this.now) issues.push({ path: f, rule: 'date_not_future' });
    }
    const unitField = values.unitCode ? 'unitCode' : values.unitPath ? 'unitPath' : 'unitId';
    if (!unit.holdsMembers) issues.push({ path: unitField, rule: 'import_unit_not_cell', params: { unit: `${unit.name} (${unit.code})` } });
    else if (unit.validTo !== null || m.admissionDecisionDate < unit.validFrom) {
      issues.push({ path: unitField, rule: 'import_unit_not_open', params: { unit: `${unit.name} (${unit.code})`, date: unit.validFrom } });
    }
    if (issues.length === 0) {
      const issue = this.admissionAgeIssue(m.birthDate, m.admissionDecisionDate, m.ageApprovalRef);
      if (issue) issues.push(issue);
    }
    if (issues.length === 0 && m.officialDate && m.ceremonyDate) {
      const months = this.probation(m.ceremonyDate);
      const due = addMonths(m.ceremonyDate, months);
      if (m.officialDate < due) issues.push({ path: 'officialDate', rule: 'official_after_probation', params: { date: due, months } });
    }
    if (issues.length > 0) return { action: 'rejected', issues };
    const { unitId, ...profile } = m;
    const fullName = normalizeText(m.fullName);
    return {
      action: 'new',
      matchKey: m.citizenId ? `c${m.citizenId}` : `n${m.cardNumber}`,
      data: { ...profile, fullName, unitId, searchKey: foldForSearch(fullName), sortKey: vietnameseSortKey(fullName) },
    };
  }

  private checkExisting(stored: repo.StoredMember, values: Record<string, string>, found: Unit | RowIssue | null): CheckedRow {
    // Nothing of a record outside the caller's reach is shown or compared.
    if (stored.unitPath === null || !inScope(this.actor, stored.unitPath)) {
      return { action: 'rejected', issues: [{ path: values.citizenId ? 'citizenId' : 'cardNumber', rule: 'import_member_out_of_reach' }] };
    }
    const issues: RowIssue[] = [];
    if (found && 'rule' in found) issues.push(found);
    else if (found && found.id !== stored.cellId) {
      issues.push({ path: values.unitCode ? 'unitCode' : 'unitPath', rule: 'import_unit_differs', params: { unit: stored.cellCode ?? '' } });
    }
    for (const f of LIFECYCLE_FIELDS) {
      if (values[f] !== undefined && values[f] !== stored[f]) {
        issues.push({ path: f, rule: 'import_differs_from_record', params: { recorded: stored[f] ?? '—' } });
      }
    }
    const profile: Record<string, string> = {};
    for (const [f, v] of Object.entries(values)) if (PROFILE_FIELDS.has(f)) profile[f] = v;
    const parsed = updateMemberBody.safeParse(profile);
    if (!parsed.success) issues.push(...zodIssues(parsed.error));
    if (issues.length > 0) return { action: 'rejected', issues };

    const after: Record<string, string> = {};
    const before: Record<string, string | null> = {};
    const mayReadSensitive = inScopeOf(this.actor.sensitiveScope, stored.unitPath);
    for (const [f, v] of Object.entries(parsed.data ?? {}) as [ProfileField, string | null | undefined][]) {
      // A sensitive field the caller may not read is refused whatever its value (a citizen ID that
      // matched included): "unchanged" would confirm what is on record.
      if (SENSITIVE.has(f) && !mayReadSensitive && v !== undefined && v !== null) {
        return { action: 'rejected', issues: [{ path: f, rule: 'import_sensitive_not_allowed' }] };
      }
      if (v === undefined || v === null || v === stored[f]) continue;
      if (LIFECYCLE_FIELDS.includes(f as (typeof LIFECYCLE_FIELDS)[number])) continue;
      after[f] = f === 'fullName' ? normalizeText(v) : v;
      before[f] = stored[f];
    }
    if (after.cardNumber && !(stored.officialDate && stored.active)) {
      return { action: 'rejected', issues: [{ path: 'cardNumber', rule: 'card_official_only' }] };
    }
    if (after.birthDate && after.birthDate > this.now) return { action: 'rejected', issues: [{ path: 'birthDate', rule: 'date_not_future' }] };
    // As the edit form: a new birth date or approval must still fit the admission age rule.
    if (after.birthDate !== undefined || after.ageApprovalRef !== undefined) {
      const issue = this.admissionAgeIssue(after.birthDate ?? stored.birthDate as string, stored.admissionDecisionDate as string,
        after.ageApprovalRef ?? stored.ageApprovalRef);
      if (issue) return { action: 'rejected', issues: [issue] };
    }
    if (Object.keys(after).length === 0) return { action: 'unchanged' };
    const keys = after.fullName ? { searchKey: foldForSearch(after.fullName), sortKey: vietnameseSortKey(after.fullName) } : {};
    return { action: 'updated', targetId: stored.id, data: { after, before, version: stored.version, ...keys } };
  }
}

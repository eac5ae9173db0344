import type { Sql } from '../../db/client.ts';
import { scopeConditionFor } from '../../db/paths.ts';
import type { MemberExportColumn } from '../../../shared/schemas/exports.ts';
import { SENSITIVE_MEMBER_FIELDS } from '../../../shared/permissions.ts';
import { memberListWhere, type MemberListFilter } from '../members/members.repository.ts';

/** Each export column as SQL over spans `s`, members `m`, units `u` and the unit's version `v` on the date. */
const COLUMN_SQL: Record<MemberExportColumn, string> = {
  id: 'm.id', fullName: 'm.full_name', otherNames: 'm.other_names', gender: 'm.gender', birthDate: 'm.birth_date',
  birthPlace: 'm.birth_place', hometown: 'm.hometown', residence: 'm.residence', ethnicity: 'm.ethnicity',
  religion: 'm.religion', citizenId: 'm.citizen_id', phone: 'm.phone', education: 'm.education',
  qualification: 'm.qualification', academicTitle: 'm.academic_title', theoryLevel: 'm.theory_level',
  occupation: 'm.occupation', position: 'm.position', admissionDecisionDate: 'm.admission_decision_date',
  admissionDecisionNo: 'm.admission_decision_no', ceremonyDate: 'm.ceremony_date', officialDate: 'm.official_date',
  cardNumber: 'm.card_number', status: 's.status', since: 's.valid_from', unitId: 's.unit_id', unitCode: 'u.code',
  unitName: 'v.name',
};

const SENSITIVE = new Set<string>(SENSITIVE_MEMBER_FIELDS);

export type ExportPageFilter = MemberListFilter & {
  columns: readonly MemberExportColumn[];
  after: [string, number] | null;
  limit: number;
};

/** One row of a member export: the columns asked for, in their order, then the keyset position. */
export type ExportRow = { values: (string | number | null)[]; sortKey: string; id: number };

/**
 * One page of a member export: the rows of the member list (the same conditions, scope included)
 * after the keyset position, in register order. Each page is a statement of its own, so the
 * connection goes back to the pool between pages (PGlite has only one). Sensitive columns are
 * given only where the caller may read them on the member's present unit, as on the profile;
 * the service has refused them already where the whole list is not within that reach, so this
 * masks only members who have since moved out of it (an export as of a past date).
 *
 * Call it inside a transaction: the page's plan is an index walk in register order over a few
 * thousand rows, which PostgreSQL's JIT compiles for 60 ms a page (its cost estimate counts the
 * whole list) to save nothing, so JIT is turned off for the transaction.
 */
export async function memberExportPage(sql: Sql, f: ExportPageFilter): Promise<ExportRow[]> {
  await sql.query('SET LOCAL jit = off');
  const { params, d, where } = memberListWhere(f);
  let sensitive: string | null = null;
  const select = f.columns.map((c, i) => {
    let expr = COLUMN_SQL[c];
    if (SENSITIVE.has(c)) {
      sensitive ??= scopeConditionFor('m.unit_path', f.sensitiveScope, params);
      if (sensitive !== 'TRUE') expr = `CASE WHEN ${sensitive} THEN ${expr} END`;
    }
    return `${expr} AS c${i}`;
  });
  const joins: string[] = [];
  if (f.columns.includes('unitCode')) joins.push('JOIN units u ON u.id = s.unit_id');
  if (f.columns.includes('unitName')) {
    joins.push(`JOIN unit_versions v ON v.unit_id = s.unit_id AND v.valid_from <= ${d} AND v.valid_to > ${d}`);
  }
  if (f.after) {
    params.push(...f.after);
    where.push(`(m.sort_key, m.id) > ($${params.length - 1}, $${params.length})`);
  }
  params.push(f.limit);
  const { rows } = await sql.query<unknown[]>({
    text: `SELECT m.sort_key, m.id${select.map((s) => `, ${s}`).join('')}
           FROM membership_spans s
           JOIN members m ON m.id = s.member_id
           ${joins.join('\n')}
           WHERE ${where.join(' AND ')}
           ORDER BY m.sort_key, m.id
           LIMIT $${params.length}`,
    values: params,
    rowMode: 'array',
  });
  return rows.map((r) => ({ sortKey: r[0] as string, id: r[1] as number, values: r.slice(2) as (string | number | null)[] }));
}

/** Names of the unit types in every language, for labels. */
export async function unitTypeNames(sql: Sql): Promise<Map<string, Record<string, string>>> {
  const { rows } = await sql.query<{ code: string; names: Record<string, string> }>('SELECT code, names FROM unit_types');
  return new Map(rows.map((r) => [r.code, r.names]));
}

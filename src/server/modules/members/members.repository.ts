import type { Sql } from '../../db/client.ts';
import { containsPattern, openEnd } from '../../db/rows.ts';
import { scopeConditionFor, subtreeRange } from '../../db/paths.ts';
import type { ScopeEntry } from '../access/actor.ts';
import type { MemberStatus } from '../../../shared/reference.ts';

/** Columns of the member record, API name → column. */
export const PROFILE_COLUMNS = {
  fullName: 'full_name', otherNames: 'other_names', gender: 'gender', birthDate: 'birth_date',
  birthPlace: 'birth_place', hometown: 'hometown', residence: 'residence', ethnicity: 'ethnicity',
  religion: 'religion', citizenId: 'citizen_id', phone: 'phone', education: 'education',
  qualification: 'qualification', academicTitle: 'academic_title', theoryLevel: 'theory_level',
  occupation: 'occupation', position: 'position', cardNumber: 'card_number', ageApprovalRef: 'age_approval_ref',
  admissionDecisionDate: 'admission_decision_date', admissionDecisionNo: 'admission_decision_no',
  ceremonyDate: 'ceremony_date', officialDate: 'official_date',
} as const;

export type ProfileField = keyof typeof PROFILE_COLUMNS;
export type MemberRecord = { [K in ProfileField]: string | null } & {
  id: number; fullName: string; gender: string; birthDate: string; ethnicity: string; religion: string;
  admissionDecisionDate: string; version: number;
};

const SELECT_MEMBER = `SELECT id, version, ${Object.entries(PROFILE_COLUMNS)
  .map(([k, c]) => `${c} AS "${k}"`).join(', ')} FROM members`;

export async function findMember(sql: Sql, id: number, lock = false): Promise<MemberRecord | null> {
  const { rows } = await sql.query<MemberRecord>(`${SELECT_MEMBER} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ?? null;
}

/**
 * Another member holding a citizen ID or card number. The lookup sees every record, also those
 * row-level security hides from the caller (a SECURITY DEFINER function), so uniqueness holds
 * across scopes; the name comes back only when the caller may see that record. A per-value
 * lock until commit makes two simultaneous registrations of one value meet here, not at the
 * unique index.
 */
export async function findMemberIdBy(sql: Sql, field: 'citizen_id' | 'card_number', value: string, exceptId?: number) {
  await sql.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`members.${field}:${value}`]);
  const lookup = field === 'citizen_id' ? 'member_id_by_citizen_id' : 'member_id_by_card_number';
  const { rows } = await sql.query<{ id: number | null }>(`SELECT ${lookup}($1) AS id`, [value]);
  const id = rows[0]?.id ?? null;
  if (id === null || id === (exceptId ?? 0)) return null;
  const visible = await sql.query<{ full_name: string }>('SELECT full_name FROM members WHERE id = $1', [id]);
  return { id, full_name: visible.rows[0]?.full_name ?? null };
}

export async function insertMember(
  sql: Sql, m: Partial<Record<ProfileField, string | null>>, keys: { searchKey: string; sortKey: string },
): Promise<number> {
  const fields = Object.keys(m).filter((k): k is ProfileField => k in PROFILE_COLUMNS);
  const cols = [...fields.map((f) => PROFILE_COLUMNS[f]), 'search_key', 'sort_key'];
  const values = [...fields.map((f) => m[f] ?? null), keys.searchKey, keys.sortKey];
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO members (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    values);
  return (rows[0] as { id: number }).id;
}

export async function updateMember(
  sql: Sql, id: number, changes: Partial<Record<ProfileField, string | null>>,
  keys?: { searchKey: string; sortKey: string },
): Promise<void> {
  const sets: string[] = [];
  const values: unknown[] = [id];
  for (const [field, value] of Object.entries(changes)) {
    values.push(value);
    sets.push(`${PROFILE_COLUMNS[field as ProfileField]} = $${values.length}`);
  }
  if (keys) {
    values.push(keys.searchKey, keys.sortKey);
    sets.push(`search_key = $${values.length - 1}`, `sort_key = $${values.length}`);
  }
  await sql.query(
    `UPDATE members SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1`, values);
}

export type SpanRow = {
  id: number; unitId: number; unitPath: string; status: MemberStatus; validFrom: string; validTo: string | null;
};

/**
 * The member's newest span: the open one while active, the last one after an exit. Row-level
 * security lets a caller see the spans a member spent in the caller's units; when the member has
 * moved on out of reach, the newest span seen is not the newest, and the answer is none (the
 * members row keeps the newest span's path).
 */
export async function lastSpan(sql: Sql, memberId: number): Promise<SpanRow | null> {
  const { rows } = await sql.query<SpanRow & { validTo: string }>(
    `SELECT s.id, s.unit_id AS "unitId", s.unit_path AS "unitPath", s.status, s.valid_from AS "validFrom", s.valid_to AS "validTo"
     FROM membership_spans s JOIN members m ON m.id = s.member_id AND m.unit_path = s.unit_path
     WHERE s.member_id = $1 ORDER BY s.valid_from DESC LIMIT 1`, [memberId]);
  return rows[0] ? { ...rows[0], validTo: openEnd(rows[0].validTo) } : null;
}

export async function membershipAsOf(sql: Sql, memberId: number, date: string) {
  const { rows } = await sql.query<{ unitId: number; unitName: string; unitCode: string; status: MemberStatus; since: string }>(
    `SELECT s.unit_id AS "unitId", v.name AS "unitName", u.code AS "unitCode", s.status, s.valid_from AS since
     FROM membership_spans s JOIN units u ON u.id = s.unit_id
     JOIN unit_versions v ON v.unit_id = s.unit_id AND v.valid_from <= $2 AND v.valid_to > $2
     WHERE s.member_id = $1 AND s.valid_from <= $2 AND s.valid_to > $2`, [memberId, date]);
  return rows[0] ?? null;
}

export async function latestEventDate(sql: Sql, memberId: number): Promise<string | null> {
  const { rows } = await sql.query<{ d: string | null }>(
    `SELECT max(effective_on) AS d FROM member_events
     WHERE member_id = $1 AND kind NOT IN ('profile_updated', 'corrected') AND voided_by IS NULL`, [memberId]);
  return rows[0]?.d ?? null;
}

export async function insertEvent(
  sql: Sql, e: { memberId: number; kind: string; effectiveOn: string; unitId: number | null; details: object },
): Promise<number> {
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO member_events (member_id, kind, effective_on, unit_id, details) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [e.memberId, e.kind, e.effectiveOn, e.unitId, JSON.stringify(e.details)]);
  return (rows[0] as { id: number }).id;
}

export type EventRow = {
  id: number; kind: string; effectiveOn: string; details: Record<string, unknown>; voidedBy: number | null;
};
const EVENT_COLUMNS = `id, kind, effective_on AS "effectiveOn", details, voided_by AS "voidedBy"`;

export async function findEvent(sql: Sql, memberId: number, eventId: number): Promise<EventRow | null> {
  const { rows } = await sql.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM member_events WHERE member_id = $1 AND id = $2`, [memberId, eventId]);
  return rows[0] ?? null;
}

/** The member's latest event that shaped their membership and still stands. */
export async function latestEvent(sql: Sql, memberId: number): Promise<EventRow | null> {
  const { rows } = await sql.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM member_events
     WHERE member_id = $1 AND kind NOT IN ('profile_updated', 'corrected') AND voided_by IS NULL
     ORDER BY effective_on DESC, id DESC LIMIT 1`, [memberId]);
  return rows[0] ?? null;
}

/** The standing event that ended the member's membership (the exit before a reinstatement). */
export async function latestExit(sql: Sql, memberId: number): Promise<EventRow | null> {
  const { rows } = await sql.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM member_events
     WHERE member_id = $1 AND kind IN ('died', 'deleted', 'expelled', 'probation_removed') AND voided_by IS NULL
     ORDER BY effective_on DESC, id DESC LIMIT 1`, [memberId]);
  return rows[0] ?? null;
}

export async function markVoided(sql: Sql, eventId: number, correctionId: number): Promise<void> {
  await sql.query('UPDATE member_events SET voided_by = $2 WHERE id = $1', [eventId, correctionId]);
}

/** The span an event closed, with what opened it (to open it again when the event is voided). */
export async function spanClosedBy(sql: Sql, eventId: number) {
  const { rows } = await sql.query<SpanRow & { reason: string; openedBy: number | null }>(
    `SELECT id, unit_id AS "unitId", unit_path AS "unitPath", status, valid_from AS "validFrom", valid_to AS "validTo",
            reason, opened_by AS "openedBy"
     FROM membership_spans WHERE closed_by = $1 ORDER BY valid_from DESC LIMIT 1`, [eventId]);
  return rows[0] ?? null;
}

/**
 * Moves aside the spans a voided event shaped (see void_membership_spans): -1 when one of them
 * lies outside the caller's scope, and then nothing moved.
 */
export async function voidSpans(
  sql: Sql, v: { memberId: number; from: string; eventId: number; correctionId: number },
): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(
    'SELECT void_membership_spans($1, $2, $3, $4) AS n', [v.memberId, v.from, v.eventId, v.correctionId]);
  return rows[0]?.n ?? -1;
}

export async function closeSpan(sql: Sql, spanId: number, date: string, closedBy: number): Promise<void> {
  await sql.query('UPDATE membership_spans SET valid_to = $2, closed_by = $3 WHERE id = $1', [spanId, date, closedBy]);
}

/** The unit's places in the tree over time: consecutive versions with one path merged. */
export async function unitPlaces(sql: Sql, unitId: number): Promise<{ path: string; from: string; to: string }[]> {
  const { rows } = await sql.query<{ path: string; from: string; to: string }>(
    `SELECT path, valid_from AS "from", valid_to AS "to" FROM unit_versions WHERE unit_id = $1 ORDER BY valid_from`,
    [unitId]);
  const places: { path: string; from: string; to: string }[] = [];
  for (const r of rows) {
    const prev = places.at(-1);
    if (prev && prev.path === r.path && prev.to === r.from) prev.to = r.to;
    else places.push({ ...r });
  }
  return places;
}

/** Points the member record at the unit of its newest span (what row-level security checks). */
export async function syncMemberPath(sql: Sql, memberId: number): Promise<void> {
  await sql.query(
    `UPDATE members SET unit_path = (SELECT unit_path FROM membership_spans WHERE member_id = $1
                                     ORDER BY valid_from DESC LIMIT 1) WHERE id = $1`, [memberId]);
}

export async function insertSpan(
  sql: Sql,
  s: { memberId: number; unitId: number; unitPath: string; status: MemberStatus; from: string; to: string;
       reason: string; openedBy: number | null },
): Promise<void> {
  await sql.query(
    `INSERT INTO membership_spans (member_id, unit_id, unit_path, status, valid_from, valid_to, reason, opened_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [s.memberId, s.unitId, s.unitPath, s.status, s.from, s.to, s.reason, s.openedBy]);
}

export async function timeline(sql: Sql, memberId: number) {
  const spans = await sql.query<{
    unitId: number; unitCode: string; unitName: string; status: MemberStatus; validFrom: string; validTo: string; reason: string;
  }>(
    `SELECT s.unit_id AS "unitId", u.code AS "unitCode", v.name AS "unitName", s.status,
            s.valid_from AS "validFrom", s.valid_to AS "validTo", s.reason
     FROM membership_spans s JOIN units u ON u.id = s.unit_id
     JOIN LATERAL (SELECT name FROM unit_versions WHERE unit_id = s.unit_id AND valid_from < s.valid_to
                   ORDER BY valid_from DESC LIMIT 1) v ON true
     WHERE s.member_id = $1 ORDER BY s.valid_from`, [memberId]);
  const events = await sql.query<{
    id: number; kind: string; effectiveOn: string; unitId: number | null; details: Record<string, unknown>; recordedAt: Date;
    voidedBy: number | null;
  }>(
    `SELECT id, kind, effective_on AS "effectiveOn", unit_id AS "unitId", details, recorded_at AS "recordedAt",
            voided_by AS "voidedBy"
     FROM member_events WHERE member_id = $1 ORDER BY effective_on, id`, [memberId]);
  return {
    spans: spans.rows.map((r) => ({ ...r, validTo: openEnd(r.validTo) })),
    events: events.rows.map((r) => ({ ...r, recordedAt: r.recordedAt.toISOString() })),
  };
}

/** Who is on a member list: the date, the unit (and below), the caller's scope and the search. */
export type MemberListFilter = {
  date: string;
  unit: { id: number; path: string; subtree: boolean } | null;
  scope: string;
  scopeParams: unknown[];
  search: string | null;
  /**
   * Every member (in the whole registry) whose name holds the search, when the trigram index
   * found few enough of them (see namedLike); null to test each name in reach instead.
   */
  named: number[] | null;
  digits: string | null;
  /** Where the caller may read sensitive fields: a citizen ID is matched there only. */
  sensitiveScope: ScopeEntry[] | null;
  status: MemberStatus | undefined;
};

export type ListMembersFilter = MemberListFilter & {
  after: [string, number] | null;
  limit: number;
};

/**
 * The conditions of a member list over spans `s` and members `m`, with their parameters (the
 * scope's first, as `scope` numbers them) and the placeholder of the date. Shared by the list
 * and the export, so that both answer the same rows.
 */
export function memberListWhere(f: MemberListFilter): { params: unknown[]; d: string; where: string[] } {
  const params: unknown[] = [...f.scopeParams, f.date];
  const d = `$${params.length}`;
  const where = [`s.valid_from <= ${d}`, `s.valid_to > ${d}`, f.scope];
  if (f.unit?.subtree) {
    params.push(...subtreeRange(f.unit.path));
    where.push(`s.unit_path >= $${params.length - 1} AND s.unit_path < $${params.length}`);
  } else if (f.unit) {
    params.push(f.unit.id);
    where.push(`s.unit_id = $${params.length}`);
  }
  if (f.named) {
    params.push(f.named);
    where.push(`s.member_id = ANY($${params.length}::bigint[])`);
  } else if (f.search) {
    params.push(containsPattern(f.search));
    where.push(`m.search_key LIKE $${params.length}`);
  }
  if (f.digits) {
    params.push(`${f.digits}%`);
    const p = `$${params.length}`;
    // Otherwise a search would confirm a masked citizen ID, or spell it out digit by digit. Where
    // the member is now decides, as for the masking of the record (not the unit on the asOf date).
    const sensitive = scopeConditionFor('m.unit_path', f.sensitiveScope, params);
    where.push(`(m.card_number LIKE ${p} OR (m.citizen_id LIKE ${p} AND ${sensitive}))`);
  }
  if (f.status) { params.push(f.status); where.push(`s.status = $${params.length}`); }
  return { params, d, where };
}

/** Members active on a date within a unit (and below) and the actor's scope, in register order. */
export async function listMembers(sql: Sql, f: ListMembersFilter) {
  const { params, d, where } = memberListWhere(f);
  if (f.after) {
    params.push(...f.after);
    where.push(`(m.sort_key, m.id) > ($${params.length - 1}, $${params.length})`);
  }
  params.push(f.limit);
  const select = `SELECT m.id, m.full_name AS "fullName", m.gender, m.birth_date AS "birthDate", s.status, s.unit_id AS "unitId",
            v.name AS "unitName", s.valid_from AS since, m.sort_key AS "sortKey"
     FROM membership_spans s
     JOIN members m ON m.id = s.member_id
     JOIN unit_versions v ON v.unit_id = s.unit_id AND v.valid_from <= ${d} AND v.valid_to > ${d}
     WHERE ${where.join(' AND ')}`;
  // Names found by their trigrams are sorted once found. Asked for the first page in register order,
  // the planner may walk the whole register and test every name: the people called the same stand
  // together in that order, so a rare name is found late, after millions of rows.
  const text = f.named
    ? `WITH found AS MATERIALIZED (${select}) SELECT * FROM found ORDER BY "sortKey", id LIMIT $${params.length}`
    : `${select} ORDER BY m.sort_key, m.id LIMIT $${params.length}`;
  const { rows } = await sql.query<{
    id: number; fullName: string; gender: string; birthDate: string; status: MemberStatus; unitId: number;
    unitName: string; since: string; sortKey: string;
  }>(text, params);
  return rows;
}

/** Above this many records holding a name, the list tests names as it walks the register. */
export const NAMED_LIKE_CAP = 50_000;

/**
 * Ids of every record whose folded name holds `search`, found by the trigram index, or null when
 * there are more than NAMED_LIKE_CAP (a common fragment: "nguyen" holds millions, and a walk in
 * register order finds a page of them at once) or the text is under three letters (the trigrams
 * then pick nothing out). Under row-level security the planner may not test LIKE (not leakproof)
 * before the members policy, so it would never use the index itself: member_ids_named_like
 * answers ids only, and the list reads the members through the policy.
 */
export async function namedLike(sql: Sql, search: string): Promise<number[] | null> {
  if (search.replace(/\s/g, '').length < 3) return null;
  const { rows } = await sql.query<{ id: string }>(
    'SELECT member_ids_named_like($1) AS id LIMIT $2', [containsPattern(search), NAMED_LIKE_CAP + 1]);
  return rows.length > NAMED_LIKE_CAP ? null : rows.map((r) => Number(r.id));
}

import type { Database, Sql } from '../../db/client.ts';
import { inScope, inScopeOf, scopeCondition } from '../../db/paths.ts';
import { decodeCursor, encodeCursor, today } from '../../db/rows.ts';
import { AppError, conflict, invalidFields, notFound, preconditionFailed, type FieldIssue } from '../../http/app-error.ts';
import { monthsBetween } from '../../../shared/dates.ts';
import type { MemberStatus } from '../../../shared/reference.ts';
import type { CreateMemberBody, Member, UpdateMemberBody } from '../../../shared/schemas/members.ts';
import { foldForSearch, normalizeText, vietnameseSortKey } from '../../../shared/text/names.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { SENSITIVE_MEMBER_FIELDS } from '../../../shared/permissions.ts';
import { ruleValue } from '../rules/rules.repository.ts';
import * as units from '../units/units.repository.ts';
import { cellForMembership, officialDue, openMembership } from './membership.service.ts';
import * as repo from './members.repository.ts';

/**
 * The member registry: the profile of form 2-HSĐV and the rules a record must satisfy.
 * Membership over time (spans and events) is in membership.service.ts.
 */

const nameKeys = (fullName: string) => ({ searchKey: foldForSearch(fullName), sortKey: vietnameseSortKey(fullName) });

/** A member the actor may see: one whose latest unit lies in the actor's scope. */
async function visibleMember(sql: Sql, actor: Actor, id: number, lock = false) {
  const member = await repo.findMember(sql, id, lock);
  const span = member ? await repo.lastSpan(sql, id) : null;
  if (!member || !span || !inScope(actor, span.unitPath)) throw notFound('member');
  return { member, span };
}

/**
 * The record as the actor may see it: sensitive fields are masked (null, and named in
 * `maskedFields`) unless the actor holds members.read_sensitive where the member is.
 */
async function toMember(sql: Sql, actor: Actor, m: repo.MemberRecord, date: string, unitPath: string): Promise<Member> {
  const membership = await repo.membershipAsOf(sql, m.id, date);
  const due = membership?.status === 'probationary' ? await officialDue(sql, m.ceremonyDate) : null;
  const mayReadSensitive = inScopeOf(actor.sensitiveScope, unitPath);
  const masked: Partial<Record<(typeof SENSITIVE_MEMBER_FIELDS)[number], null>> = {};
  if (!mayReadSensitive) for (const f of SENSITIVE_MEMBER_FIELDS) masked[f] = null;
  return {
    ...(m as Omit<Member, 'membership' | 'officialDue' | 'maskedFields'>),
    ...masked,
    officialDue: due?.due ?? null,
    membership,
    maskedFields: mayReadSensitive ? [] : [...SENSITIVE_MEMBER_FIELDS],
  };
}

/** Age at admission must lie within the range in force then, unless an approval is recorded. */
async function checkAdmissionAge(sql: Sql, birthDate: string, admissionDate: string, approval: string | null | undefined) {
  if (approval) return;
  const [min, max] = await Promise.all([
    ruleValue<number>(sql, 'admission.min_age_months', admissionDate),
    ruleValue<number>(sql, 'admission.max_age_months', admissionDate),
  ]);
  const months = monthsBetween(birthDate, admissionDate);
  if (months < min || months > max) {
    throw invalidFields({
      path: 'admissionDecisionDate', rule: 'admission_age',
      params: { age: Math.floor(months / 12), min: min / 12, max: max / 12, approval: 'ageApprovalRef' },
    });
  }
}

/** A citizen ID or card number already on another record is a conflict that names it when visible. */
async function checkUnique(sql: Sql, actor: Actor, input: { citizenId?: string | null; cardNumber?: string | null }, selfId?: number) {
  if (input.citizenId) {
    const other = await repo.findMemberIdBy(sql, 'citizen_id', input.citizenId, selfId);
    if (other) {
      const span = await repo.lastSpan(sql, other.id);
      if (span && other.full_name !== null && inScope(actor, span.unitPath)) {
        throw new AppError(409, 'member_citizen_id_taken', { name: other.full_name, id: String(other.id) },
          [{ path: 'citizenId', rule: 'taken' }]);
      }
      throw new AppError(409, 'member_citizen_id_taken_hidden', {}, [{ path: 'citizenId', rule: 'taken' }]);
    }
  }
  if (input.cardNumber && (await repo.findMemberIdBy(sql, 'card_number', input.cardNumber, selfId))) {
    throw new AppError(409, 'member_card_number_taken', { cardNumber: input.cardNumber }, [{ path: 'cardNumber', rule: 'taken' }]);
  }
}

export async function createMember({ db, actor, input }: { db: Database; actor: Actor; input: CreateMemberBody }) {
  return db.transaction((sql) => createMemberIn(sql, { actor, input }));
}

/** The registration inside a transaction the caller holds (the admission of a candidate is one). */
export async function createMemberIn(sql: Sql, { actor, input }: { actor: Actor; input: CreateMemberBody }) {
  const now = today();
  const future: FieldIssue[] = (['birthDate', 'admissionDecisionDate', 'ceremonyDate', 'officialDate'] as const)
    .filter((f) => (input[f] ?? '') > now)
    .map((f) => ({ path: f, rule: 'date_not_future' }));
  if (future.length > 0) throw new AppError(400, 'validation_failed', {}, future);

  const unit = await cellForMembership(sql, actor, input.unitId, input.admissionDecisionDate, 'unitId');
  await checkAdmissionAge(sql, input.birthDate, input.admissionDecisionDate, input.ageApprovalRef);
  if (input.officialDate) {
    const due = await officialDue(sql, input.ceremonyDate ?? null);
    if (due && input.officialDate < due.due) {
      throw invalidFields({ path: 'officialDate', rule: 'official_after_probation', params: { date: due.due, months: due.months } });
    }
  }
  await checkUnique(sql, actor, input);

  const { unitId: _unit, ...profile } = input;
  const fullName = normalizeText(input.fullName);
  const memberId = await repo.insertMember(sql, { ...profile, fullName }, nameKeys(fullName));
  const admitted = await repo.insertEvent(sql, {
    memberId, kind: 'admitted', effectiveOn: input.admissionDecisionDate, unitId: unit.id,
    details: { decisionNo: input.admissionDecisionNo ?? null, ceremonyDate: input.ceremonyDate ?? null },
  });
  await openMembership(sql, {
    memberId, unitId: unit.id, status: 'probationary', from: input.admissionDecisionDate,
    ...(input.officialDate ? { to: input.officialDate } : {}), reason: 'admitted', openedBy: admitted,
  });
  if (input.officialDate) {
    const official = await repo.insertEvent(sql, {
      memberId, kind: 'recognized_official', effectiveOn: input.officialDate, unitId: unit.id,
      details: { cardNumber: input.cardNumber ?? null },
    });
    await openMembership(sql, {
      memberId, unitId: unit.id, status: 'official', from: input.officialDate, reason: 'recognized_official', openedBy: official,
    });
  }
  await recordAudit(sql, actor, {
    action: 'member.create', targetType: 'member', targetId: String(memberId), unitPath: unit.path,
    details: { after: { ...profile, fullName, unitId: unit.id } },
  });
  return toMember(sql, actor, (await repo.findMember(sql, memberId)) as repo.MemberRecord, now, unit.path);
}

export async function getMember({ db, actor, id, asOf }: { db: Database; actor: Actor; id: number; asOf?: string | undefined }) {
  // One scoped transaction for the reads: each statement on its own would pay for its own
  // BEGIN, role, scope setting and COMMIT, and a profile is read far more often than anything else.
  const { shown, span } = await db.transaction(async (sql) => {
    const found = await visibleMember(sql, actor, id);
    return { shown: await toMember(sql, actor, found.member, asOf ?? today(), found.span.unitPath), span: found.span };
  });
  // A person reading citizen ID, phone, address or religion leaves a trace.
  if (actor.userId !== null && shown.maskedFields.length === 0) {
    await db.transaction((sql) => recordAudit(sql, actor, {
      action: 'member.read_sensitive', targetType: 'member', targetId: String(id), unitPath: span.unitPath,
    }));
  }
  return shown;
}

/**
 * Edits profile fields. The previous values are kept in a `profile_updated` event, so a record
 * can always be shown as it was. Lifecycle dates change only through membership events.
 */
export async function updateMember(
  { db, ...o }: { db: Database; actor: Actor; id: number; input: UpdateMemberBody; ifMatch: number | null },
) {
  return db.transaction((sql) => updateMemberIn(sql, o));
}

/** The edit inside a transaction the caller holds (an approved change request is one). */
export async function updateMemberIn(
  sql: Sql, { actor, id, input, ifMatch }: { actor: Actor; id: number; input: UpdateMemberBody; ifMatch: number | null },
) {
  const { member, span } = await visibleMember(sql, actor, id, true);
  if (ifMatch !== null && ifMatch !== member.version) throw preconditionFailed(member.version);
  const changes: Partial<Record<repo.ProfileField, string | null>> = {};
  const before: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input) as [repo.ProfileField, string | null | undefined][]) {
    if (value === undefined || value === member[field]) continue;
    changes[field] = value;
    before[field] = member[field];
  }
  if (Object.keys(changes).length === 0) return toMember(sql, actor, member, today(), span.unitPath);

  if (changes.birthDate && changes.birthDate > today()) throw invalidFields({ path: 'birthDate', rule: 'date_not_future' });
  if (changes.birthDate !== undefined || changes.ageApprovalRef !== undefined) {
    await checkAdmissionAge(sql, changes.birthDate ?? member.birthDate, member.admissionDecisionDate,
      changes.ageApprovalRef !== undefined ? changes.ageApprovalRef : member.ageApprovalRef);
  }
  if (changes.cardNumber && (span.validTo !== null || span.status !== 'official')) {
    throw conflict('member_card_requires_official');
  }
  for (const required of ['fullName', 'gender', 'birthDate', 'ethnicity', 'religion'] as const) {
    if (required in changes && !changes[required]) throw invalidFields({ path: required, rule: 'required' });
  }
  await checkUnique(sql, actor, changes, id);

  if (changes.fullName) changes.fullName = normalizeText(changes.fullName);
  await repo.updateMember(sql, id, changes, changes.fullName ? nameKeys(changes.fullName) : undefined);
  await repo.insertEvent(sql, {
    memberId: id, kind: 'profile_updated', effectiveOn: today(), unitId: null,
    details: { before, after: changes },
  });
  await recordAudit(sql, actor, {
    action: 'member.update', targetType: 'member', targetId: String(id), unitPath: span.unitPath, details: { before, after: changes },
  });
  return toMember(sql, actor, (await repo.findMember(sql, id)) as repo.MemberRecord, today(), span.unitPath);
}

export async function getMemberTimeline({ db, actor, id }: { db: Database; actor: Actor; id: number }) {
  await visibleMember(db.pool, actor, id);
  return repo.timeline(db.pool, id);
}

/**
 * A page cursor of a list in register order: [sortKey, id] as the list wrote it. Anything else
 * (forged, NUL, a non-id) is refused here, before it reaches SQL.
 */
export function readRegisterCursor(cursor: string | undefined): [string, number] | null {
  const after = decodeCursor(cursor);
  if (!cursor) return null;
  const [sortKey, lastId] = after ?? [];
  if (after?.length !== 2 || typeof sortKey !== 'string' || sortKey.includes('\u0000') || !Number.isSafeInteger(lastId) || (lastId as number) < 1) {
    throw invalidFields({ path: 'cursor', rule: 'invalid_cursor' });
  }
  return [sortKey, lastId as number];
}

export type MemberListOptions = {
  db: Database; actor: Actor; unitId?: number | undefined; subtree: boolean; q?: string | undefined;
  status?: MemberStatus | undefined; asOf?: string | undefined;
};

/**
 * Who a member list (or an export of it) holds: the unit as it stood on the date, which must lie
 * in the actor's scope (404 otherwise, as for a unit that does not exist), the search and the
 * actor's scope as SQL. `unit` is null for the whole of the actor's reach.
 */
export async function memberListFilter(
  { db, actor, unitId, subtree, q, status, asOf }: MemberListOptions, sql: Sql = db.pool,
): Promise<{ filter: repo.MemberListFilter; unit: units.UnitRow | null }> {
  const date = asOf ?? today();
  let unit: units.UnitRow | null = null;
  if (unitId !== undefined) {
    unit = await units.findUnitAsOf(sql, unitId, date);
    if (!unit || !inScope(actor, unit.path)) throw notFound('unit');
  }
  const trimmed = (q ?? '').trim();
  const digits = /^[0-9]{3,12}$/.test(trimmed) ? trimmed : null;
  const search = !digits && trimmed ? foldForSearch(trimmed) : null;
  const named = search ? await repo.namedLike(sql, search) : null;
  const scopeParams: unknown[] = [];
  const scope = scopeCondition('s.unit_path', actor, scopeParams);
  return {
    filter: {
      date, unit: unit ? { id: unit.id, path: unit.path, subtree } : null, scope, scopeParams, search, named, digits,
      sensitiveScope: actor.sensitiveScope, status,
    },
    unit,
  };
}

export async function listMembers(
  { cursor, limit, ...options }: MemberListOptions & { cursor?: string | undefined; limit: number },
) {
  const after = readRegisterCursor(cursor);
  // The unit, the search and the page in one scoped transaction (see getMember).
  const rows = await options.db.transaction(async (sql) => {
    const { filter } = await memberListFilter(options, sql);
    return repo.listMembers(sql, { ...filter, after, limit: limit + 1 });
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(({ sortKey: _s, ...item }) => item),
    nextCursor: rows.length > limit && last ? encodeCursor([last.sortKey, last.id]) : null,
  };
}

import type { Database, Sql } from '../../db/client.ts';
import { inScope } from '../../db/paths.ts';
import { today } from '../../db/rows.ts';
import { conflict, invalidFields, notFound } from '../../http/app-error.ts';
import { addMonths } from '../../../shared/dates.ts';
import type { MemberStatus } from '../../../shared/reference.ts';
import { REINSTATABLE_EXITS } from '../../../shared/reference.ts';
import type { MemberEventBody, VoidEventBody } from '../../../shared/schemas/members.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { ruleValue } from '../rules/rules.repository.ts';
import * as types from '../unit-types/unit-types.repository.ts';
import * as units from '../units/units.repository.ts';
import * as transfers from '../transfers/transfers.repository.ts';
import * as repo from './members.repository.ts';

/**
 * Membership over time. Events (admission, official recognition, transfer, exits,
 * reinstatement) are appended; each closes the member's open span on its date and opens the
 * next, so the unit and status of a member on any day is one span. Events come in date order:
 * a change dated before the member's latest event is refused. A wrong event is voided by a
 * correcting event (the latest first), then recorded again; nothing recorded is deleted.
 */

/** A unit that can take members on `date`: visible, a cell, open then and still open. */
export async function cellForMembership(sql: Sql, actor: Actor, unitId: number, date: string, field: string) {
  const unit = await units.findUnitLatest(sql, unitId);
  if (!unit || !inScope(actor, unit.path)) throw invalidFields({ path: field, rule: 'not_found_ref' });
  const type = await types.findUnitType(sql, unit.typeCode);
  if (!type?.holdsMembers) throw conflict('member_unit_holds_no_members', { unit: `${unit.name} (${unit.code})` });
  if (unit.validTo !== null || date < unit.validFrom) {
    throw conflict('unit_not_open', { unit: `${unit.name} (${unit.code})`, date });
  }
  return unit;
}

/** Opens membership in a cell from `from` (to `to`), one span per place of the cell in the tree. */
export async function openMembership(
  sql: Sql,
  m: { memberId: number; unitId: number; status: MemberStatus; from: string; to?: string; reason: string; openedBy: number | null },
) {
  const until = m.to ?? 'infinity';
  const places = (await repo.unitPlaces(sql, m.unitId)).filter((p) => p.to > m.from && p.from < until);
  for (const [i, place] of places.entries()) {
    await repo.insertSpan(sql, {
      memberId: m.memberId, unitId: m.unitId, unitPath: place.path, status: m.status,
      from: place.from > m.from ? place.from : m.from, to: place.to < until ? place.to : until,
      reason: i === 0 ? m.reason : 'restructured', openedBy: i === 0 ? m.openedBy : null,
    });
  }
  await repo.syncMemberPath(sql, m.memberId);
}

export async function officialDue(sql: Sql, ceremonyDate: string | null): Promise<{ due: string; months: number } | null> {
  if (!ceremonyDate) return null;
  const months = await ruleValue<number>(sql, 'probation.months', ceremonyDate);
  return { due: addMonths(ceremonyDate, months), months };
}

/** Records one membership event for a member the actor may see. */
export async function recordMemberEvent(
  { db, actor, memberId, event }: { db: Database; actor: Actor; memberId: number; event: MemberEventBody },
) {
  return db.transaction((sql) => applyMemberEvent(sql, actor, memberId, event));
}

/**
 * The event inside the caller's transaction: a discipline decision that expels a member closes
 * the membership in the same transaction as the decision is recorded.
 */
export async function applyMemberEvent(sql: Sql, actor: Actor, memberId: number, event: MemberEventBody) {
  const member = await repo.findMember(sql, memberId, true);
  const span = member ? await repo.lastSpan(sql, memberId) : null;
  if (!member || !span || !inScope(actor, span.unitPath)) throw notFound('member');

  const date = event.effectiveOn;
  if (date > today()) throw invalidFields({ path: 'effectiveOn', rule: 'date_not_future' });
  const lastEvent = await repo.latestEventDate(sql, memberId);
  const latest = lastEvent && lastEvent > span.validFrom ? lastEvent : span.validFrom;
  if (event.kind === 'reinstated' && span.validTo !== null) {
    return reinstate(sql, actor, { memberId, span, latest, event });
  }
  if (span.validTo !== null) throw conflict('member_not_active', { date });
  if (date <= latest) throw conflict('member_event_before_latest', { date, latest });

  let eventId: number;
  if (event.kind === 'recognized_official') {
    if (span.status === 'official') throw conflict('member_already_official', { date: member.officialDate ?? span.validFrom });
    const due = await officialDue(sql, member.ceremonyDate);
    if (!due) throw conflict('member_no_ceremony_date');
    if (date < due.due) throw conflict('member_official_too_early', { due: due.due });
    if (event.cardNumber && (await repo.findMemberIdBy(sql, 'card_number', event.cardNumber, memberId))) {
      throw conflict('member_card_number_taken', { cardNumber: event.cardNumber });
    }
    eventId = await repo.insertEvent(sql, {
      memberId, kind: event.kind, effectiveOn: date, unitId: span.unitId,
      details: { decisionNo: event.decisionNo ?? null, cardNumber: event.cardNumber ?? null },
    });
    await repo.closeSpan(sql, span.id, date, eventId);
    await openMembership(sql, { memberId, unitId: span.unitId, status: 'official', from: date, reason: event.kind, openedBy: eventId });
    await repo.updateMember(sql, memberId, { officialDate: date, ...(event.cardNumber ? { cardNumber: event.cardNumber } : {}) });
  } else if (event.kind === 'transferred') {
    await refuseDuringTransfer(sql, memberId, event.kind);
    if (event.toUnitId === span.unitId) {
      const unit = await units.findUnitLatest(sql, span.unitId);
      throw conflict('member_same_unit', { unit: unit ? `${unit.name} (${unit.code})` : String(span.unitId) });
    }
    await cellForMembership(sql, actor, event.toUnitId, date, 'toUnitId');
    eventId = await moveMember(sql, { memberId, span, toUnitId: event.toUnitId, date, details: { letterNo: event.letterNo ?? null } });
  } else if (event.kind === 'reinstated') {
    throw conflict('member_active_not_reinstated');
  } else {
    // An exit: death, deletion from the list, expulsion, or removal during probation.
    if (event.kind === 'deleted' && span.status === 'probationary') {
      // A probationary member found unfit is removed by the probation decision, not deleted.
      const due = await officialDue(sql, member.ceremonyDate);
      throw conflict(due ? 'member_probationary_not_deleted' : 'member_probationary_not_deleted_no_due', { due: due?.due ?? '' });
    }
    if (event.kind === 'probation_removed' && span.status === 'official') {
      throw conflict('member_already_official', { date: member.officialDate ?? span.validFrom });
    }
    await refuseDuringTransfer(sql, memberId, event.kind);
    const { kind: _kind, effectiveOn: _on, ...details } = event;
    eventId = await repo.insertEvent(sql, { memberId, kind: event.kind, effectiveOn: date, unitId: span.unitId, details });
    await repo.closeSpan(sql, span.id, date, eventId);
    if (event.kind === 'died') await transfers.closeOnDeath(sql, memberId, date);
    await repo.updateMember(sql, memberId, {});
  }
  await recordAudit(sql, actor, {
    action: `member.${event.kind}`, targetType: 'member', targetId: String(memberId), unitPath: span.unitPath,
    details: { event: { ...event }, eventId },
  });
  return repo.timeline(sql, memberId);
}

/**
 * Moves an active member to another cell on `date`: a 'transferred' event closes the open span
 * and opens membership at the new cell with the same status. The caller has checked both ends.
 */
export async function moveMember(
  sql: Sql, m: { memberId: number; span: repo.SpanRow; toUnitId: number; date: string; details: Record<string, unknown> },
): Promise<number> {
  const eventId = await repo.insertEvent(sql, {
    memberId: m.memberId, kind: 'transferred', effectiveOn: m.date, unitId: m.toUnitId,
    details: { fromUnitId: m.span.unitId, ...m.details },
  });
  await repo.closeSpan(sql, m.span.id, m.date, eventId);
  await openMembership(sql, { memberId: m.memberId, unitId: m.toUnitId, status: m.span.status, from: m.date, reason: 'transferred', openedBy: eventId });
  await repo.updateMember(sql, m.memberId, {});
  return eventId;
}

/** A member with a transfer under way changes units or leaves only through that transfer. */
async function refuseDuringTransfer(sql: Sql, memberId: number, kind: string): Promise<void> {
  if (kind === 'died') return; // death ends the transfer instead (closeOnDeath)
  const open = await transfers.openTransferOf(sql, memberId);
  if (open) throw conflict('member_transfer_open', { letterNo: open.letterNo, date: open.letterDate });
}

/**
 * Reinstatement: a decision annuls a deletion, an expulsion or a removal during probation, and
 * the member is active again from its date, in the cell it names, with the status they had.
 * Death is final. The months in between stay a gap: counts as of those days do not change.
 */
async function reinstate(
  sql: Sql, actor: Actor,
  { memberId, span, latest, event }: { memberId: number; span: repo.SpanRow; latest: string; event: Extract<MemberEventBody, { kind: 'reinstated' }> },
) {
  const exit = await repo.latestExit(sql, memberId);
  if (!exit || !(REINSTATABLE_EXITS as readonly string[]).includes(exit.kind)) {
    throw conflict('member_not_reinstatable', { date: span.validTo ?? '' });
  }
  const date = event.effectiveOn;
  if (date < latest) throw conflict('member_event_before_latest', { date, latest });
  await cellForMembership(sql, actor, event.unitId, date, 'unitId');
  const eventId = await repo.insertEvent(sql, {
    memberId, kind: 'reinstated', effectiveOn: date, unitId: event.unitId,
    details: { annulledEventId: exit.id, annulledKind: exit.kind, decisionNo: event.decisionNo, issuer: event.issuer, note: event.note ?? null },
  });
  await openMembership(sql, { memberId, unitId: event.unitId, status: span.status, from: date, reason: 'reinstated', openedBy: eventId });
  await repo.updateMember(sql, memberId, {});
  const unit = await units.findUnitLatest(sql, event.unitId);
  await recordAudit(sql, actor, {
    action: 'member.reinstated', targetType: 'member', targetId: String(memberId), unitPath: unit?.path ?? span.unitPath,
    details: { event: { ...event }, eventId },
  });
  return repo.timeline(sql, memberId);
}

/** Event kinds a correction may void: those that shaped the member's spans. */
const VOIDABLE = new Set(['recognized_official', 'transferred', 'died', 'deleted', 'expelled', 'probation_removed', 'reinstated']);

/**
 * Voids the member's latest event: a 'corrected' event records why and by which decision; the
 * voided event stays, marked, and the spans it shaped are moved aside (membership_spans_voided)
 * while the span it closed is open again. Only the latest event can be voided, so history is
 * unwound one step at a time and every later figure stays consistent.
 */
export async function voidLatestEvent(
  { db, actor, memberId, eventId, input }: { db: Database; actor: Actor; memberId: number; eventId: number; input: VoidEventBody },
) {
  return db.transaction(async (sql) => {
    const member = await repo.findMember(sql, memberId, true);
    const span = member ? await repo.lastSpan(sql, memberId) : null;
    if (!member || !span || !inScope(actor, span.unitPath)) throw notFound('member');
    const latest = await repo.latestEvent(sql, memberId);
    const target = await repo.findEvent(sql, memberId, eventId);
    if (!target) throw notFound('member_event');
    if (!VOIDABLE.has(target.kind) || target.voidedBy !== null) throw conflict('member_event_not_voidable', { kind: target.kind });
    if (!latest || latest.id !== target.id) {
      throw conflict('member_event_not_latest', { date: latest?.effectiveOn ?? target.effectiveOn });
    }
    const prior = target.kind === 'reinstated' ? null : await repo.spanClosedBy(sql, target.id);
    const correctionId = await repo.insertEvent(sql, {
      memberId, kind: 'corrected', effectiveOn: today(), unitId: span.unitId,
      details: { voidedEventId: target.id, voidedKind: target.kind, reason: input.reason, decisionNo: input.decisionNo ?? null },
    });
    // From the day of the voided event on, the member's spans are rebuilt as if it never was.
    const moved = await repo.voidSpans(sql, { memberId, from: target.effectiveOn, eventId: target.id, correctionId });
    if (moved < 0) throw conflict('member_correction_out_of_reach');
    if (prior) {
      await openMembership(sql, {
        memberId, unitId: prior.unitId, status: prior.status, from: prior.validFrom, reason: prior.reason, openedBy: prior.openedBy,
      });
    }
    await repo.markVoided(sql, target.id, correctionId);
    if (target.kind === 'recognized_official') {
      await repo.updateMember(sql, memberId, { officialDate: null, ...(target.details.cardNumber ? { cardNumber: null } : {}) });
    } else {
      await repo.updateMember(sql, memberId, {});
    }
    await repo.syncMemberPath(sql, memberId);
    await transfers.reopenOnVoid(sql, target.id, input.reason);
    await recordAudit(sql, actor, {
      action: 'member.corrected', targetType: 'member', targetId: String(memberId), unitPath: span.unitPath,
      details: { voided: { id: target.id, kind: target.kind, effectiveOn: target.effectiveOn, details: target.details }, reason: input.reason, eventId: correctionId },
    });
    return repo.timeline(sql, memberId);
  });
}

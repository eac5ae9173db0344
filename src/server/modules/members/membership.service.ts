import type { Database, Sql } from '../../db/client.ts';
import { inScope } from '../../db/paths.ts';
import { today } from '../../db/rows.ts';
import { conflict, invalidFields, notFound } from '../../http/app-error.ts';
import { addMonths } from '../../../shared/dates.ts';
import type { MemberStatus } from '../../../shared/reference.ts';
import type { MemberEventBody } from '../../../shared/schemas/members.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { ruleValue } from '../rules/rules.repository.ts';
import * as types from '../unit-types/unit-types.repository.ts';
import * as units from '../units/units.repository.ts';
import * as repo from './members.repository.ts';

/**
 * Membership over time. Events (admission, official recognition, transfer, exits) are
 * appended; each closes the member's open span on its date and opens the next, so the unit
 * and status of a member on any day is one span. Events must come in date order: a change
 * dated before the member's latest event is refused (corrections come with the lifecycle).
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
  m: { memberId: number; unitId: number; status: MemberStatus; from: string; to?: string; reason: string; openedBy: number },
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
  return db.transaction(async (sql) => {
    const member = await repo.findMember(sql, memberId, true);
    const span = member ? await repo.lastSpan(sql, memberId) : null;
    if (!member || !span || !inScope(actor, span.unitPath)) throw notFound('member');

    const date = event.effectiveOn;
    if (date > today()) throw invalidFields({ path: 'effectiveOn', rule: 'date_not_future' });
    if (span.validTo !== null) throw conflict('member_not_active', { date });
    const lastEvent = await repo.latestEventDate(sql, memberId);
    const latest = lastEvent && lastEvent > span.validFrom ? lastEvent : span.validFrom;
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
      if (event.toUnitId === span.unitId) {
        const unit = await units.findUnitLatest(sql, span.unitId);
        throw conflict('member_same_unit', { unit: unit ? `${unit.name} (${unit.code})` : String(span.unitId) });
      }
      await cellForMembership(sql, actor, event.toUnitId, date, 'toUnitId');
      eventId = await repo.insertEvent(sql, {
        memberId, kind: event.kind, effectiveOn: date, unitId: event.toUnitId,
        details: { fromUnitId: span.unitId, letterNo: event.letterNo ?? null },
      });
      await repo.closeSpan(sql, span.id, date, eventId);
      await openMembership(sql, { memberId, unitId: event.toUnitId, status: span.status, from: date, reason: event.kind, openedBy: eventId });
      await repo.updateMember(sql, memberId, {});
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
      const { kind: _kind, effectiveOn: _on, ...details } = event;
      eventId = await repo.insertEvent(sql, { memberId, kind: event.kind, effectiveOn: date, unitId: span.unitId, details });
      await repo.closeSpan(sql, span.id, date, eventId);
      await repo.updateMember(sql, memberId, {});
    }
    await recordAudit(sql, actor, {
      action: `member.${event.kind}`, targetType: 'member', targetId: String(memberId), unitPath: span.unitPath,
      details: { event: { ...event }, eventId },
    });
    return repo.timeline(sql, memberId);
  });
}

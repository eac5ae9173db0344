import type { Database, Sql } from '../../db/client.ts';
import { commonAncestor, inScope, subtreeRange } from '../../db/paths.ts';
import { today } from '../../db/rows.ts';
import { withOwnerRights } from '../../db/scoped.ts';
import { conflict, invalidFields, notFound } from '../../http/app-error.ts';
import { addDays, addMonths, addWorkingDays } from '../../../shared/dates.ts';
import { foldForSearch } from '../../../shared/text/names.ts';
import type { IssueTransferBody, Transfer, TransferDirection, TransferListState } from '../../../shared/schemas/transfers.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as members from '../members/members.repository.ts';
import { cellForMembership, moveMember } from '../members/membership.service.ts';
import { ruleHistory, ruleValue } from '../rules/rules.repository.ts';
import * as types from '../unit-types/unit-types.repository.ts';
import * as units from '../units/units.repository.ts';
import * as repo from './transfers.repository.ts';

/**
 * Transfers of party activity as the process the committees run: the sending side issues the
 * letter; when it does not reach the receiving cell, the letter waits at the nearest unit above
 * both ends, whose staff forward it; the receiving side takes it in, and that completes the
 * move. Until then the member stays active at home, so nobody is active in two cells at once.
 * A temporary transfer keeps the member at home and attaches them to the host cell until the
 * stay ends.
 */

const label = (u: { name: string; code: string }) => `${u.name} (${u.code})`;

/** Deadlines and flags of each transfer, from the rules in force on its dates. */
async function withDeadlines(sql: Sql, rows: repo.TransferRow[]): Promise<Transfer[]> {
  if (rows.length === 0) return [];
  const handInDays = await ruleHistory<number>(sql, 'transfer.hand_in_days');
  const startDays = await ruleHistory<number>(sql, 'transfer.start_working_days');
  const now = today();
  return rows.map(({ eventId: _eventId, ...t }) => {
    const handInBy = addDays(t.letterDate, handInDays(t.letterDate));
    const startBy = t.kind === 'official' && t.changeDate ? addWorkingDays(t.changeDate, startDays(t.changeDate)) : null;
    return {
      ...t,
      handInBy,
      startBy,
      overdue: (t.state === 'awaiting_forward' || t.state === 'in_transit') && now > handInBy,
      lateStart: startBy !== null && t.letterDate > startBy,
      returnOverdue: t.kind === 'temporary' && t.state === 'received' && t.expectedReturn !== null && now > t.expectedReturn,
    };
  });
}

async function shown(sql: Sql, id: number): Promise<Transfer> {
  const row = await repo.findTransfer(sql, id);
  if (!row) throw notFound('transfer');
  return (await withDeadlines(sql, [row]))[0] as Transfer;
}

/** The member where the actor reaches them now, active, with the span they are in. */
async function activeMemberInReach(sql: Sql, actor: Actor, memberId: number, date: string) {
  const member = await members.findMember(sql, memberId, true);
  const span = member ? await members.lastSpan(sql, memberId) : null;
  if (!member || !span || !inScope(actor, span.unitPath)) throw notFound('member');
  if (span.validTo !== null) throw conflict('member_not_active', { date });
  return span;
}

/** A temporary stay lasts from the minimum months to the maximum for its purpose (study is longer). */
async function checkTemporaryLength(sql: Sql, input: IssueTransferBody): Promise<void> {
  if (input.kind !== 'temporary' || !input.expectedReturn) return;
  const min = await ruleValue<number>(sql, 'transfer.temporary_min_months', input.letterDate);
  const maxByPurpose = await ruleValue<Record<string, number>>(sql, 'transfer.temporary_max_months', input.letterDate);
  const max = (input.purpose === 'study' ? maxByPurpose.study : maxByPurpose.work) ?? 12;
  const earliest = addMonths(input.letterDate, min);
  // Work: under a year, so the last allowed return is the day before the anniversary.
  const latest = input.purpose === 'study' ? addMonths(input.letterDate, max) : addDays(addMonths(input.letterDate, max), -1);
  if (input.expectedReturn < earliest || input.expectedReturn > latest) {
    throw invalidFields({ path: 'expectedReturn', rule: 'temporary_length', params: { earliest, latest, min, max } });
  }
}

function notFuture(field: string, date: string): void {
  if (date > today()) throw invalidFields({ path: field, rule: 'date_not_future' });
}

function notBefore(field: string, date: string, earliest: string): void {
  if (date < earliest) throw invalidFields({ path: field, rule: 'date_not_before_day', params: { date: earliest } });
}

/**
 * Issues a transfer letter for a member the actor reaches. Into a cell of this installation it
 * goes straight there when the actor reaches that cell too, and otherwise waits at the nearest
 * unit above both. Out of the installation (another system, abroad) it ends the member's
 * activity here on the letter's date.
 */
export async function issueTransfer(
  { db, actor, memberId, input }: { db: Database; actor: Actor; memberId: number; input: IssueTransferBody },
): Promise<Transfer> {
  notFuture('letterDate', input.letterDate);
  return db.transaction(async (sql) => {
    const span = await activeMemberInReach(sql, actor, memberId, input.letterDate);
    const lastEvent = await members.latestEventDate(sql, memberId);
    const latest = lastEvent && lastEvent > span.validFrom ? lastEvent : span.validFrom;
    if (input.letterDate < latest) throw conflict('member_event_before_latest', { date: input.letterDate, latest });
    const open = await repo.openTransferOf(sql, memberId);
    if (open) throw conflict('member_transfer_open', { letterNo: open.letterNo, date: open.letterDate });
    await checkTemporaryLength(sql, input);
    const home = await units.findUnitLatest(sql, span.unitId);
    if (!home) throw notFound('unit');

    let toUnitId: number | null = null;
    let viaUnitId: number | null = null;
    let state: 'in_transit' | 'awaiting_forward' | 'departed' = 'departed';
    if (input.toUnitId !== undefined) {
      const to = await units.findUnitLatest(sql, input.toUnitId);
      if (!to) throw invalidFields({ path: 'toUnitId', rule: 'not_found_ref' });
      if (to.id === span.unitId) throw conflict('member_same_unit', { unit: label(to) });
      const type = await types.findUnitType(sql, to.typeCode);
      if (!type?.holdsMembers) throw conflict('member_unit_holds_no_members', { unit: label(to) });
      if (to.validTo !== null) throw conflict('unit_not_open', { unit: label(to), date: input.letterDate });
      toUnitId = to.id;
      if (inScope(actor, to.path)) {
        state = 'in_transit';
      } else {
        state = 'awaiting_forward';
        viaUnitId = commonAncestor(home.path, to.path);
      }
    } else if (input.letterDate <= latest) {
      // Leaving the installation is an event on the letter's date: after the latest one.
      throw conflict('member_event_before_latest', { date: input.letterDate, latest });
    }

    const id = await repo.insertTransfer(sql, {
      memberId, memberStatus: span.status, kind: input.kind, purpose: input.purpose, fromUnitId: span.unitId, toUnitId,
      destination: input.destination ?? null, viaUnitId, letterNo: input.letterNo, letterDate: input.letterDate,
      changeDate: input.changeDate ?? null, expectedReturn: input.expectedReturn ?? null, state, note: input.note ?? null,
      recordedBy: actor.userId,
    });
    if (state === 'departed') {
      const eventId = await members.insertEvent(sql, {
        memberId, kind: 'transferred', effectiveOn: input.letterDate, unitId: null,
        details: { fromUnitId: span.unitId, destination: input.destination, transferId: id, letterNo: input.letterNo },
      });
      await members.closeSpan(sql, span.id, input.letterDate, eventId);
      await members.updateMember(sql, memberId, {});
      await repo.updateTransfer(sql, id, { event_id: eventId });
    }
    await recordAudit(sql, actor, {
      action: 'transfer.issue', targetType: 'member', targetId: String(memberId), unitPath: span.unitPath,
      details: { transferId: id, state, transfer: { ...input } },
    });
    return shown(sql, id);
  });
}

/** A transfer the actor can see, locked for the step they take, or 404. */
async function transferFor(sql: Sql, id: number): Promise<repo.TransferRow> {
  const transfer = await repo.findTransfer(sql, id, true);
  if (!transfer) throw notFound('transfer');
  return transfer;
}

/** Whether the actor reaches a unit where it stands now. */
async function reaches(sql: Sql, actor: Actor, unitId: number | null): Promise<{ ok: boolean; path: string | null; name: string }> {
  if (unitId === null) return { ok: actor.scopePaths === null, path: null, name: '' };
  const unit = await units.findUnitLatest(sql, unitId);
  return { ok: !!unit && inScope(actor, unit.path), path: unit?.path ?? null, name: unit ? label(unit) : '' };
}

function expectState(transfer: repo.TransferRow, ...states: repo.TransferRow['state'][]): void {
  if (!states.includes(transfer.state)) throw conflict('transfer_state', { state: transfer.state });
}

/** The unit above both ends sends the letter on to the receiving side. */
export async function forwardTransfer(
  { db, actor, id, letterNo, forwardedOn }: { db: Database; actor: Actor; id: number; letterNo: string; forwardedOn: string },
): Promise<Transfer> {
  notFuture('forwardedOn', forwardedOn);
  return db.transaction(async (sql) => {
    const transfer = await transferFor(sql, id);
    expectState(transfer, 'awaiting_forward');
    const via = await reaches(sql, actor, transfer.viaUnit?.id ?? null);
    if (!via.ok) throw conflict('transfer_not_yours', { unit: via.name || transfer.toUnit?.name || '' });
    notBefore('forwardedOn', forwardedOn, transfer.letterDate);
    await repo.updateTransfer(sql, id, { state: 'in_transit', forward_letter_no: letterNo, forwarded_on: forwardedOn });
    await recordAudit(sql, actor, {
      action: 'transfer.forward', targetType: 'member', targetId: String(transfer.memberId), unitPath: via.path,
      details: { transferId: id, letterNo, forwardedOn },
    });
    return shown(sql, id);
  });
}

/**
 * The receiving side takes the letter in. An official transfer moves the member on that day:
 * the span at home closes and one at the receiving cell opens (the one step done with the
 * owner's rights, since the receiving side does not reach the home cell). A temporary one
 * attaches the member to the host cell; the home cell keeps the record.
 */
export async function receiveTransfer(
  { db, actor, id, receivedOn }: { db: Database; actor: Actor; id: number; receivedOn: string },
): Promise<Transfer> {
  notFuture('receivedOn', receivedOn);
  return db.transaction(async (sql) => {
    const transfer = await transferFor(sql, id);
    expectState(transfer, 'in_transit');
    const to = await reaches(sql, actor, transfer.toUnit?.id ?? null);
    if (!to.ok || !transfer.toUnit) throw conflict('transfer_not_yours', { unit: to.name });
    notBefore('receivedOn', receivedOn, transfer.forwardedOn ?? transfer.letterDate);
    const toUnitId = transfer.toUnit.id;
    let eventId: number | null = null;
    if (transfer.kind === 'official') {
      eventId = await withOwnerRights(sql, async () => {
        await members.findMember(sql, transfer.memberId, true);
        const span = await members.lastSpan(sql, transfer.memberId);
        if (!span || span.validTo !== null || span.unitId !== transfer.fromUnit.id) {
          throw conflict('transfer_member_moved', { letterNo: transfer.letterNo });
        }
        const lastEvent = await members.latestEventDate(sql, transfer.memberId);
        const latest = lastEvent && lastEvent > span.validFrom ? lastEvent : span.validFrom;
        if (receivedOn <= latest) throw conflict('member_event_before_latest', { date: receivedOn, latest });
        await cellForMembership(sql, actor, toUnitId, receivedOn, 'receivedOn');
        return moveMember(sql, {
          memberId: transfer.memberId, span, toUnitId, date: receivedOn,
          details: { transferId: id, letterNo: transfer.letterNo },
        });
      });
    }
    await repo.updateTransfer(sql, id, { state: 'received', received_on: receivedOn, event_id: eventId });
    await recordAudit(sql, actor, {
      action: 'transfer.receive', targetType: 'member', targetId: String(transfer.memberId), unitPath: to.path,
      details: { transferId: id, kind: transfer.kind, receivedOn, eventId },
    });
    return shown(sql, id);
  });
}

/** A temporary stay ends: recorded by the home or the host side. */
export async function endTransfer(
  { db, actor, id, endedOn }: { db: Database; actor: Actor; id: number; endedOn: string },
): Promise<Transfer> {
  notFuture('endedOn', endedOn);
  return db.transaction(async (sql) => {
    const transfer = await transferFor(sql, id);
    if (transfer.kind !== 'temporary') throw conflict('transfer_state', { state: transfer.state });
    expectState(transfer, 'received');
    const home = await reaches(sql, actor, transfer.fromUnit.id);
    const host = await reaches(sql, actor, transfer.toUnit?.id ?? null);
    if (!home.ok && !host.ok) throw conflict('transfer_not_yours', { unit: home.name });
    if (endedOn <= (transfer.receivedOn as string)) {
      throw invalidFields({ path: 'endedOn', rule: 'date_after_day', params: { date: transfer.receivedOn } });
    }
    await repo.updateTransfer(sql, id, { state: 'ended', ended_on: endedOn });
    await recordAudit(sql, actor, {
      action: 'transfer.end', targetType: 'member', targetId: String(transfer.memberId), unitPath: home.ok ? home.path : host.path,
      details: { transferId: id, endedOn },
    });
    return shown(sql, id);
  });
}

/** The sending side withdraws a letter not yet received. */
export async function cancelTransfer(
  { db, actor, id, cancelledOn, reason }: { db: Database; actor: Actor; id: number; cancelledOn: string; reason: string },
): Promise<Transfer> {
  notFuture('cancelledOn', cancelledOn);
  return db.transaction(async (sql) => {
    const transfer = await transferFor(sql, id);
    expectState(transfer, 'awaiting_forward', 'in_transit');
    const home = await reaches(sql, actor, transfer.fromUnit.id);
    if (!home.ok) throw conflict('transfer_not_yours', { unit: home.name });
    notBefore('cancelledOn', cancelledOn, transfer.letterDate);
    await repo.updateTransfer(sql, id, { state: 'cancelled', cancelled_on: cancelledOn, cancel_reason: reason });
    await recordAudit(sql, actor, {
      action: 'transfer.cancel', targetType: 'member', targetId: String(transfer.memberId), unitPath: home.path,
      details: { transferId: id, cancelledOn, reason },
    });
    return shown(sql, id);
  });
}

/** A transfer seen from either end or from the unit forwarding it. */
export async function getTransfer({ db, actor, id }: { db: Database; actor: Actor; id: number }): Promise<Transfer> {
  const transfer = await repo.findTransfer(db.pool, id);
  if (!transfer) throw notFound('transfer');
  for (const unitId of [transfer.fromUnit.id, transfer.toUnit?.id ?? null, transfer.viaUnit?.id ?? null]) {
    if (unitId !== null && (await reaches(db.pool, actor, unitId)).ok) return (await withDeadlines(db.pool, [transfer]))[0] as Transfer;
  }
  throw notFound('transfer');
}

export async function memberTransfers({ db, actor, memberId }: { db: Database; actor: Actor; memberId: number }): Promise<Transfer[]> {
  const member = await members.findMember(db.pool, memberId);
  const span = member ? await members.lastSpan(db.pool, memberId) : null;
  const rows = member ? await repo.transfersOf(db.pool, memberId) : [];
  // The member's own units see all their transfers; a receiving or host unit sees the ones to it.
  if (!member || (!(span && inScope(actor, span.unitPath)) && rows.length === 0)) throw notFound('member');
  return withDeadlines(db.pool, rows);
}

export async function listTransfers(
  { db, actor, unitId, direction, state, limit }:
  { db: Database; actor: Actor; unitId: number; direction: TransferDirection; state: TransferListState; limit: number },
) {
  const unit = await units.findUnitLatest(db.pool, unitId);
  if (!unit || !inScope(actor, unit.path)) throw notFound('unit');
  const [path, pathEnd] = subtreeRange(unit.path);
  const rows = await repo.listTransfers(db.pool, { path, pathEnd, direction, state, limit });
  return { unitId, direction, items: await withDeadlines(db.pool, rows) };
}

export async function searchDestinations({ db, actor, q }: { db: Database; actor: Actor; q: string }) {
  const rows = await repo.searchDestinations(db.pool, foldForSearch(q), q.trim().toUpperCase(), 20);
  return rows.map(({ path, ...r }) => ({ ...r, inScope: inScope(actor, path) }));
}

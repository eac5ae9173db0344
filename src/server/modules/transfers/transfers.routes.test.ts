import { describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { expectProblem } from '../../../../test/expect-problem.ts';
import { makeUserWithToken, useTestApp } from '../../../../test/app.ts';
import { makeMember, makeTree } from '../../../../test/factories.ts';
import { addDays } from '../../../shared/dates.ts';
import { today } from '../../db/rows.ts';

/**
 * Transfers of party activity over HTTP: the letter, its forwarding through the unit above both
 * ends, the receipt that moves the member, temporary stays, departures out of the installation,
 * and who may take each step. The member is active in exactly one cell on every day.
 */

const { db, app } = useTestApp();

type Headers = Record<string, string>;
const as = (token: string): Headers => ({ authorization: `Bearer ${token}` });
const post = (url: string, payload: unknown, headers: Headers = {}, lang = 'vi') =>
  app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { 'accept-language': lang, ...headers }, payload: payload as InjectOptions['payload'] });
const get = (url: string, headers: Headers = {}, lang = 'vi') =>
  app.inject({ url: `/api/v1${url}`, headers: { 'accept-language': lang, ...headers } });

async function ok<T = Record<string, unknown>>(res: Awaited<ReturnType<typeof get>>, status = 200): Promise<T> {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}

/** The cell the member is active in on a date, read by the whole-tree administrator. */
async function cellOn(memberId: number, date: string): Promise<number | null> {
  const member = await ok<{ membership: { unitId: number } | null }>(await get(`/members/${memberId}?asOf=${date}`));
  return member.membership?.unitId ?? null;
}

const letter = (toUnitId: number, o: Record<string, unknown> = {}) =>
  ({ kind: 'official', purpose: 'work', toUnitId, letterNo: '15-GGT/ĐU', letterDate: '2026-03-02', ...o });

async function setting() {
  const tree = await makeTree(db);
  const member = await makeMember(db, tree.cellA.id, { fullName: 'Trần Thị Bích' });
  const [secA, secB, secC, bloc] = await Promise.all([
    makeUserWithToken(db, { roleCode: 'cell_secretary', unitId: tree.cellA.id }),
    makeUserWithToken(db, { roleCode: 'cell_secretary', unitId: tree.cellB.id }),
    makeUserWithToken(db, { roleCode: 'cell_secretary', unitId: tree.cellC.id }),
    makeUserWithToken(db, { roleCode: 'organization_board', unitId: tree.bloc.id }),
  ]);
  const province = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: tree.province.id });
  return { tree, member, secA: as(secA.token), secB: as(secB.token), secC: as(secC.token), bloc: as(bloc.token), province: as(province.token) };
}

describe('official transfers', () => {
  it('go straight to a cell the sender reaches; the member moves on the day of receipt', async () => {
    const { tree, member, secB, bloc } = await setting();
    const issued = await ok<{ id: number; state: string; handInBy: string; viaUnit: null }>(
      await post(`/members/${member.id}/transfers`, letter(tree.cellB.id, { changeDate: '2026-02-16' }), bloc), 201);
    expect(issued).toMatchObject({
      state: 'in_transit', viaUnit: null, status: 'official', handInBy: '2026-04-01', startBy: '2026-05-11', lateStart: false,
      fromUnit: { id: tree.cellA.id }, toUnit: { id: tree.cellB.id }, fullName: 'Trần Thị Bích',
    });
    // Until receipt the member stays at home: active in one cell only.
    expect(await cellOn(member.id, '2026-03-10')).toBe(tree.cellA.id);

    // The receiving secretary sees the arrival (and the member's name) before the member is theirs.
    const incoming = await ok<{ items: { id: number }[] }>(await get(`/units/${tree.cellB.id}/transfers?direction=incoming`, secB));
    expect(incoming.items.map((t) => t.id)).toEqual([issued.id]);
    expectProblem(await post(`/transfers/${issued.id}/receive`, { receivedOn: '2026-03-01' }, secB), 400, 'validation_failed');
    const received = await ok(await post(`/transfers/${issued.id}/receive`, { receivedOn: '2026-03-10' }, secB));
    expect(received).toMatchObject({ state: 'received', receivedOn: '2026-03-10', overdue: false });

    expect(await cellOn(member.id, '2026-03-09')).toBe(tree.cellA.id);
    expect(await cellOn(member.id, '2026-03-10')).toBe(tree.cellB.id);
    const timeline = await ok<{ events: { kind: string; details: Record<string, unknown> }[] }>(await get(`/members/${member.id}/timeline`, secB));
    expect(timeline.events.at(-1)).toMatchObject({ kind: 'transferred', details: { fromUnitId: tree.cellA.id, transferId: issued.id, letterNo: '15-GGT/ĐU' } });
    const movements = await ok<{ in: Record<string, number>; out: Record<string, number> }>(
      await get(`/units/${tree.cellB.id}/movements?from=2026-01-01&to=2026-12-31`));
    expect(movements.in.transferred).toBe(1);
    // Done: no longer in the open lists.
    expect((await ok<{ items: unknown[] }>(await get(`/units/${tree.cellB.id}/transfers?direction=incoming`, secB))).items).toEqual([]);
  });

  it('to a cell outside the sender’s reach wait at the unit above both ends, which forwards them', async () => {
    const { tree, member, secA, secB, secC, province } = await setting();
    const issued = await ok<{ id: number; state: string; viaUnit: { id: number } }>(
      await post(`/members/${member.id}/transfers`, letter(tree.cellC.id), secA), 201);
    expect(issued).toMatchObject({ state: 'awaiting_forward', viaUnit: { id: tree.province.id } });

    // Not at the receiving cell yet; the sender cannot forward it; an unrelated cell never sees it.
    expect((await ok<{ items: unknown[] }>(await get(`/units/${tree.cellC.id}/transfers?direction=incoming`, secC))).items).toEqual([]);
    expectProblem(await post(`/transfers/${issued.id}/receive`, { receivedOn: '2026-03-05' }, secC), 409, 'transfer_state');
    const notYours = expectProblem(await post(`/transfers/${issued.id}/forward`, { letterNo: '3-CV/TU', forwardedOn: '2026-03-04' }, secA, 'en'), 409, 'transfer_not_yours');
    expect(notYours.detail).toContain('Đảng bộ tỉnh Thử Nghiệm');
    expectProblem(await get(`/transfers/${issued.id}`, secB), 404, 'not_found');

    const toForward = await ok<{ items: { id: number }[] }>(await get(`/units/${tree.province.id}/transfers?direction=forwarding`, province));
    expect(toForward.items.map((t) => t.id)).toEqual([issued.id]);
    await ok(await post(`/transfers/${issued.id}/forward`, { letterNo: '3-CV/TU', forwardedOn: '2026-03-04' }, province));

    // The receiving secretary reaches neither the home cell nor the member's record there, and
    // still completes the move.
    expectProblem(await get(`/members/${member.id}`, secC), 404, 'not_found');
    expect((await ok<{ items: { id: number; state: string }[] }>(await get(`/units/${tree.cellC.id}/transfers?direction=incoming`, secC))).items)
      .toEqual([expect.objectContaining({ id: issued.id, state: 'in_transit' })]);
    expectProblem(await post(`/transfers/${issued.id}/receive`, { receivedOn: '2026-03-03' }, secC), 400, 'validation_failed');
    await ok(await post(`/transfers/${issued.id}/receive`, { receivedOn: '2026-03-06' }, secC));
    expect(await ok(await get(`/members/${member.id}`, secC))).toMatchObject({ membership: { unitId: tree.cellC.id } });
    expectProblem(await get(`/members/${member.id}`, secA), 404, 'not_found');
    // The home cell's past stays as it was.
    expect(await cellOn(member.id, '2026-03-05')).toBe(tree.cellA.id);
    const spans = await db.pool.query('SELECT count(*)::int AS n FROM membership_spans WHERE member_id = $1 AND valid_to = \'infinity\'', [member.id]);
    expect(spans.rows[0].n).toBe(1);
  });

  it('are withdrawn by the sending side only, before receipt', async () => {
    const { tree, member, secA, secB, bloc } = await setting();
    const issued = await ok<{ id: number }>(await post(`/members/${member.id}/transfers`, letter(tree.cellB.id), bloc), 201);
    expectProblem(await post(`/transfers/${issued.id}/cancel`, { cancelledOn: '2026-03-05', reason: 'Nhầm' }, secB), 409, 'transfer_not_yours');
    const cancelled = await ok(await post(`/transfers/${issued.id}/cancel`, { cancelledOn: '2026-03-05', reason: 'Đổi nơi công tác' }, secA));
    expect(cancelled).toMatchObject({ state: 'cancelled', cancelReason: 'Đổi nơi công tác' });
    expectProblem(await post(`/transfers/${issued.id}/receive`, { receivedOn: '2026-03-06' }, secB), 409, 'transfer_state');
    // A new letter may follow.
    await ok(await post(`/members/${member.id}/transfers`, letter(tree.cellB.id, { letterDate: '2026-03-06' }), bloc), 201);
  });

  it('out of the installation end the member’s activity here on the letter’s date', async () => {
    const { tree, member, secA } = await setting();
    const departed = await ok<{ id: number }>(await post(`/members/${member.id}/transfers`, {
      kind: 'official', purpose: 'residence', destination: 'Đảng bộ phường Bến Nghé, TP Hồ Chí Minh', letterNo: '9-GGT', letterDate: '2026-04-01',
    }, secA), 201);
    expect(departed).toMatchObject({ state: 'departed', toUnit: null, destination: 'Đảng bộ phường Bến Nghé, TP Hồ Chí Minh' });
    expect(await cellOn(member.id, '2026-03-31')).toBe(tree.cellA.id);
    expect(await cellOn(member.id, '2026-04-01')).toBeNull();
    const movements = await ok<{ out: Record<string, number>; start: number; end: number }>(
      await get(`/units/${tree.cellA.id}/movements?from=2026-01-01&to=2026-12-31`));
    expect(movements).toMatchObject({ start: 1, end: 0, out: { transferred: 1 } });
    expectProblem(await post(`/members/${member.id}/events`, { kind: 'died', effectiveOn: '2026-05-01' }, secA), 409, 'member_not_active');
  });
});

describe('temporary transfers', () => {
  it('attach the member to the host cell while the home cell keeps the record, until the stay ends', async () => {
    const { tree, member, secA, secB, bloc } = await setting();
    const issued = await ok<{ id: number }>(await post(`/members/${member.id}/transfers`,
      letter(tree.cellB.id, { kind: 'temporary', purpose: 'study', expectedReturn: '2027-09-01' }), bloc), 201);
    await ok(await post(`/transfers/${issued.id}/receive`, { receivedOn: '2026-03-09' }, secB));
    expect(await cellOn(member.id, '2026-06-01')).toBe(tree.cellA.id);

    // The host sees the member as attached; the home cell as away.
    const attached = await ok<{ items: { id: number; state: string; fullName: string }[] }>(await get(`/units/${tree.cellB.id}/transfers?direction=incoming`, secB));
    expect(attached.items).toEqual([expect.objectContaining({ id: issued.id, state: 'received', fullName: 'Trần Thị Bích' })]);
    expect((await ok<{ items: { id: number }[] }>(await get(`/units/${tree.cellA.id}/transfers?direction=outgoing`, secA))).items.map((t) => t.id)).toEqual([issued.id]);
    expect((await ok<unknown[]>(await get(`/members/${member.id}/transfers`, secB))).length).toBe(1);

    // While away, the member is not deleted or moved around the transfer.
    const open = expectProblem(await post(`/members/${member.id}/events`, { kind: 'deleted', effectiveOn: '2026-05-01', reason: 'unpaid_dues' }, secA, 'en'), 409, 'member_transfer_open');
    expect(open.detail).toBe('The member has a transfer under way (letter 15-GGT/ĐU of 02/03/2026); receive, end or cancel it first.');
    expectProblem(await post(`/members/${member.id}/transfers`, letter(tree.cellB.id, { letterDate: '2026-04-01' }), bloc), 409, 'member_transfer_open');

    expectProblem(await post(`/transfers/${issued.id}/end`, { endedOn: '2026-03-09' }, secB), 400, 'validation_failed');
    const ended = await ok(await post(`/transfers/${issued.id}/end`, { endedOn: '2026-09-01' }, secB));
    expect(ended).toMatchObject({ state: 'ended', endedOn: '2026-09-01' });
    expect((await ok<{ items: unknown[] }>(await get(`/units/${tree.cellB.id}/transfers?direction=incoming`, secB))).items).toEqual([]);
    // The host keeps the record of the stay, never the member's present record.
    expect((await ok<{ items: { id: number }[] }>(await get(`/units/${tree.cellB.id}/transfers?direction=incoming&state=closed`, secB))).items.map((t) => t.id)).toEqual([issued.id]);
    expectProblem(await get(`/members/${member.id}`, secB), 404, 'not_found');
  });

  it('are ended by the member’s death', async () => {
    const { tree, member, secA, bloc } = await setting();
    const issued = await ok<{ id: number }>(await post(`/members/${member.id}/transfers`,
      letter(tree.cellB.id, { kind: 'temporary', expectedReturn: '2026-12-01' }), bloc), 201);
    await ok(await post(`/members/${member.id}/events`, { kind: 'died', effectiveOn: '2026-04-02' }, secA), 201);
    expect(await ok(await get(`/transfers/${issued.id}`, secA))).toMatchObject({ state: 'cancelled', cancelReason: 'died', cancelledOn: '2026-04-02' });
  });
});

describe('transfer letters that are refused', () => {
  it('name the field and the rule', async () => {
    const { tree, member, bloc } = await setting();
    const cases: [Record<string, unknown>, string, string][] = [
      [letter(tree.cellB.id, { kind: 'temporary' }), 'expectedReturn', 'required'],
      [letter(tree.cellB.id, { destination: 'Đảng bộ X' }), 'destination', 'not_with'],
      [{ kind: 'official', purpose: 'work', letterNo: '1', letterDate: '2026-03-02' }, 'toUnitId', 'required'],
      [letter(tree.cellB.id, { expectedReturn: '2026-09-01' }), 'expectedReturn', 'temporary_only'],
      [letter(tree.cellB.id, { changeDate: '2026-03-03' }), 'changeDate', 'date_not_after'],
      [letter(tree.cellB.id, { kind: 'temporary', purpose: 'work', expectedReturn: '2027-03-02' }), 'expectedReturn', 'temporary_length'],
      [letter(tree.cellB.id, { kind: 'temporary', purpose: 'work', expectedReturn: '2026-05-01' }), 'expectedReturn', 'temporary_length'],
      [letter(tree.cellB.id, { letterDate: addDays(today(), 1) }), 'letterDate', 'date_not_future'],
      [letter(tree.cellB.id, { purpose: 'holiday' }), 'purpose', 'one_of'],
      [letter(tree.cellB.id, { letterNo: '' }), 'letterNo', 'required'],
    ];
    for (const [body, path, code] of cases) {
      const problem = expectProblem(await post(`/members/${member.id}/transfers`, body, bloc), 400, 'validation_failed');
      expect(problem.errors, JSON.stringify(body)).toContainEqual(expect.objectContaining({ path, code }));
    }
    const length = expectProblem(await post(`/members/${member.id}/transfers`,
      letter(tree.cellB.id, { kind: 'temporary', purpose: 'work', expectedReturn: '2027-03-02' }), bloc, 'en'), 400, 'validation_failed');
    expect(length.errors?.[0]?.message).toBe('“Expected return” must be from 02/06/2026 to 01/03/2027: a temporary stay lasts 3 to 12 months.');
    expectProblem(await post(`/members/${member.id}/transfers`, letter(tree.cellA.id), bloc), 409, 'member_same_unit');
    expectProblem(await post(`/members/${member.id}/transfers`, letter(tree.bloc.id), bloc), 409, 'member_unit_holds_no_members');
    expectProblem(await post(`/members/${member.id}/transfers`, letter(tree.cellB.id, { letterDate: '2010-01-01' }), bloc), 409, 'member_event_before_latest');
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM member_transfers WHERE member_id = $1', [member.id]);
    expect(rows[0].n).toBe(0);
  });

  it('are not issued for a member outside the caller’s reach', async () => {
    const { tree, member, secB } = await setting();
    expectProblem(await post(`/members/${member.id}/transfers`, letter(tree.cellB.id), secB), 404, 'not_found');
  });

  it('offer receiving cells anywhere, marking those out of reach', async () => {
    const { tree, secA } = await setting();
    const found = await ok<{ id: number; inScope: boolean }[]>(await get(`/transfer-destinations?q=${encodeURIComponent('thôn đình')}`, secA));
    expect(found).toContainEqual(expect.objectContaining({ id: tree.cellC.id, inScope: false, parentName: 'Đảng bộ xã Đông Hòa' }));
    const own = await ok<{ id: number; inScope: boolean }[]>(await get(`/transfer-destinations?q=${tree.cellA.code}`, secA));
    expect(own).toEqual([expect.objectContaining({ id: tree.cellA.id, inScope: true })]);
  });
});

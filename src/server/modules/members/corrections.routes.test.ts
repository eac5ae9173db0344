import { describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { expectProblem } from '../../../../test/expect-problem.ts';
import { makeUserWithToken, useTestApp } from '../../../../test/app.ts';
import { makeMember, makeTree } from '../../../../test/factories.ts';

/**
 * Reinstatement after an annulled exit, and corrections: the latest event voided by a
 * correcting event, its spans kept aside, the membership as it stood before it, and the event
 * recorded again. Movements stay balanced throughout.
 */

const { db, app } = useTestApp();

type Headers = Record<string, string>;
type Timeline = {
  spans: { unitId: number; status: string; validFrom: string; validTo: string | null; reason: string }[];
  events: { id: number; kind: string; effectiveOn: string; voidedBy: number | null; details: Record<string, unknown> }[];
};
const post = (url: string, payload: unknown, headers: Headers = {}, lang = 'vi') =>
  app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { 'accept-language': lang, ...headers }, payload: payload as InjectOptions['payload'] });
const get = (url: string, headers: Headers = {}) => app.inject({ url: `/api/v1${url}`, headers });

async function ok<T>(res: Awaited<ReturnType<typeof get>>, status = 200): Promise<T> {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}
const event = (memberId: number, body: unknown, headers: Headers = {}) => post(`/members/${memberId}/events`, body, headers);
const voidEvent = (memberId: number, eventId: number, body: unknown = { reason: 'Ghi nhầm ngày' }, headers: Headers = {}, lang = 'vi') =>
  post(`/members/${memberId}/events/${eventId}/void`, body, headers, lang);
const latest = (t: Timeline) => t.events.filter((e) => e.kind !== 'corrected' && e.voidedBy === null).at(-1) as Timeline['events'][number];

/** start + in − out = end for the unit over the year. */
async function expectBalanced(unitId: number) {
  const m = await ok<{ start: number; end: number; in: Record<string, number>; out: Record<string, number> }>(
    await get(`/units/${unitId}/movements?from=2019-01-01&to=2026-11-01`));
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  expect(m.start + sum(m.in) - sum(m.out)).toBe(m.end);
  return m;
}

describe('reinstatement', () => {
  it('makes a deleted member active again from the decision, with the status they had', async () => {
    const tree = await makeTree(db);
    const member = await makeMember(db, tree.cellA.id);
    await ok(await event(member.id, { kind: 'deleted', effectiveOn: '2022-03-01', reason: 'missed_meetings' }), 201);
    expectProblem(await event(member.id, { kind: 'reinstated', effectiveOn: '2022-02-01', unitId: tree.cellB.id, decisionNo: '5-QĐ/UBKT', issuer: 'UBKT Tỉnh ủy' }), 409, 'member_event_before_latest');
    const t = await ok<Timeline>(await event(member.id, {
      kind: 'reinstated', effectiveOn: '2022-09-01', unitId: tree.cellB.id, decisionNo: '5-QĐ/UBKT', issuer: 'UBKT Tỉnh ủy',
    }), 201);
    expect(t.spans.slice(-2)).toEqual([
      expect.objectContaining({ unitId: tree.cellA.id, validTo: '2022-03-01' }),
      expect.objectContaining({ unitId: tree.cellB.id, status: 'official', validFrom: '2022-09-01', validTo: null, reason: 'reinstated' }),
    ]);
    expect(t.events.at(-1)).toMatchObject({ kind: 'reinstated', details: { annulledKind: 'deleted', decisionNo: '5-QĐ/UBKT' } });
    const m = await expectBalanced(tree.cellB.id);
    expect(m.in.reinstated).toBe(1);
    // The months between stay a gap: the member was not active then.
    expect((await ok<{ membership: unknown }>(await get(`/members/${member.id}?asOf=2022-06-01`))).membership).toBeNull();
  });

  it('is refused for an active member, after death, and into a unit that holds no members', async () => {
    const tree = await makeTree(db);
    const active = await makeMember(db, tree.cellA.id);
    const body = { kind: 'reinstated', effectiveOn: '2024-01-01', unitId: tree.cellA.id, decisionNo: '1-QĐ', issuer: 'Tỉnh ủy' };
    expectProblem(await event(active.id, body), 409, 'member_active_not_reinstated');
    await ok(await event(active.id, { kind: 'died', effectiveOn: '2023-01-01' }), 201);
    const died = expectProblem(await post(`/members/${active.id}/events`, body, {}, 'en'), 409, 'member_not_reinstatable');
    expect(died.detail).toContain('01/01/2023');
    const expelled = await makeMember(db, tree.cellA.id);
    await ok(await event(expelled.id, { kind: 'expelled', effectiveOn: '2023-01-01', decisionNo: '9-QĐ/UBKT', issuer: 'UBKT' }), 201);
    expectProblem(await event(expelled.id, { ...body, unitId: tree.bloc.id }), 409, 'member_unit_holds_no_members');
    const missing = expectProblem(await event(expelled.id, { kind: 'reinstated', effectiveOn: '2024-01-01', unitId: tree.cellA.id }), 400, 'validation_failed');
    expect(missing.errors?.map((e) => e.path).sort()).toEqual(['decisionNo', 'issuer']);
  });
});

describe('correcting the latest event', () => {
  it('voids an official recognition and lets it be recorded again on the right day', async () => {
    const tree = await makeTree(db);
    const member = await makeMember(db, tree.cellA.id, { admissionDecisionDate: '2020-01-10', ceremonyDate: '2020-01-20', officialDate: null });
    const t1 = await ok<Timeline>(await event(member.id, { kind: 'recognized_official', effectiveOn: '2021-03-01', cardNumber: '79.555' }), 201);
    const recognition = latest(t1);
    const t2 = await ok<Timeline>(await voidEvent(member.id, recognition.id, { reason: 'Sai ngày quyết định', decisionNo: '2-QĐ/ĐU' }));
    expect(t2.spans).toEqual([expect.objectContaining({ status: 'probationary', validFrom: '2020-01-10', validTo: null, reason: 'admitted' })]);
    expect(t2.events.find((e) => e.id === recognition.id)?.voidedBy).toEqual(t2.events.at(-1)?.id);
    expect(t2.events.at(-1)).toMatchObject({ kind: 'corrected', details: { voidedEventId: recognition.id, voidedKind: 'recognized_official', reason: 'Sai ngày quyết định' } });
    expect(await ok(await get(`/members/${member.id}`))).toMatchObject({ officialDate: null, cardNumber: null, membership: { status: 'probationary' } });
    // What was recorded is kept aside, not lost.
    const aside = await db.pool.query('SELECT status, valid_from::text AS "from" FROM membership_spans_voided WHERE member_id = $1 ORDER BY valid_from', [member.id]);
    expect(aside.rows).toEqual([{ status: 'probationary', from: '2020-01-10' }, { status: 'official', from: '2021-03-01' }]);

    // Recorded again, earlier than the voided one: allowed now.
    const t3 = await ok<Timeline>(await event(member.id, { kind: 'recognized_official', effectiveOn: '2021-01-20', cardNumber: '79.555' }), 201);
    expect(t3.spans.map((s) => [s.status, s.validFrom, s.validTo])).toEqual([['probationary', '2020-01-10', '2021-01-20'], ['official', '2021-01-20', null]]);
    await expectBalanced(tree.bloc.id);
  });

  it('voids a death and a transfer, one step at a time, latest first', async () => {
    const tree = await makeTree(db);
    const member = await makeMember(db, tree.cellA.id);
    await ok(await event(member.id, { kind: 'transferred', effectiveOn: '2022-05-01', toUnitId: tree.cellB.id }), 201);
    const afterDeath = await ok<Timeline>(await event(member.id, { kind: 'died', effectiveOn: '2023-07-01' }), 201);
    const transfer = afterDeath.events.find((e) => e.kind === 'transferred') as Timeline['events'][number];
    const notLatest = expectProblem(await voidEvent(member.id, transfer.id, undefined, {}, 'en'), 409, 'member_event_not_latest');
    expect(notLatest.detail).toBe('Only the latest event can be voided; void the one of 01/07/2023 first.');
    expectProblem(await voidEvent(member.id, afterDeath.events[0]?.id as number), 409, 'member_event_not_voidable');

    const alive = await ok<Timeline>(await voidEvent(member.id, latest(afterDeath).id));
    expect(alive.spans.at(-1)).toMatchObject({ unitId: tree.cellB.id, validFrom: '2022-05-01', validTo: null, reason: 'transferred' });
    const back = await ok<Timeline>(await voidEvent(member.id, transfer.id));
    expect(back.spans.map((s) => [s.unitId, s.status, s.validTo])).toEqual([[tree.cellA.id, 'probationary', '2016-03-20'], [tree.cellA.id, 'official', null]]);
    expectProblem(await voidEvent(member.id, transfer.id), 409, 'member_event_not_voidable');
    expect((await ok<{ membership: { unitId: number } }>(await get(`/members/${member.id}?asOf=2023-01-01`))).membership.unitId).toBe(tree.cellA.id);
    await expectBalanced(tree.bloc.id);
    await expectBalanced(tree.cellB.id);
  });

  it('puts a received transfer back on its way, and is refused to a unit that does not reach both ends', async () => {
    const tree = await makeTree(db);
    const member = await makeMember(db, tree.cellA.id);
    const secB = { authorization: `Bearer ${(await makeUserWithToken(db, { roleCode: 'cell_secretary', unitId: tree.cellB.id })).token}` };
    const issued = await ok<{ id: number }>(await post(`/members/${member.id}/transfers`,
      { kind: 'official', purpose: 'work', toUnitId: tree.cellB.id, letterNo: '4-GGT', letterDate: '2026-02-02' }), 201);
    await ok(await post(`/transfers/${issued.id}/receive`, { receivedOn: '2026-02-10' }, secB));
    const t = await ok<Timeline>(await get(`/members/${member.id}/timeline`, secB));
    expectProblem(await voidEvent(member.id, latest(t).id, undefined, secB), 409, 'member_correction_out_of_reach');
    await ok(await voidEvent(member.id, latest(t).id));
    expect(await ok(await get(`/transfers/${issued.id}`))).toMatchObject({ state: 'in_transit', receivedOn: null });
    expect((await ok<{ membership: { unitId: number } }>(await get(`/members/${member.id}`))).membership.unitId).toBe(tree.cellA.id);
    await ok(await post(`/transfers/${issued.id}/receive`, { receivedOn: '2026-02-12' }, secB));
    expect((await ok<{ membership: { unitId: number; since: string } }>(await get(`/members/${member.id}`))).membership)
      .toMatchObject({ unitId: tree.cellB.id, since: '2026-02-12' });
  });

  it('needs a reason, and answers 404 for an event of another member', async () => {
    const tree = await makeTree(db);
    const [a, b] = [await makeMember(db, tree.cellA.id), await makeMember(db, tree.cellA.id)];
    const t = await ok<Timeline>(await event(a.id, { kind: 'died', effectiveOn: '2024-01-01' }), 201);
    const problem = expectProblem(await voidEvent(a.id, latest(t).id, {}), 400, 'validation_failed');
    expect(problem.errors?.[0]).toMatchObject({ path: 'reason', code: 'required' });
    expectProblem(await voidEvent(b.id, latest(t).id), 404, 'not_found');
  });
});

describe('counts after a correction', () => {
  it('leave a voided death out of the year’s deaths', async () => {
    const tree = await makeTree(db);
    const member = await makeMember(db, tree.cellA.id);
    const t = await ok<Timeline>(await event(member.id, { kind: 'died', effectiveOn: '2024-05-01' }), 201);
    const deaths = async () =>
      (await ok<{ yearToDate: { died: number } }>(await get(`/units/${tree.cellA.id}/stats?asOf=2024-12-31`))).yearToDate.died;
    expect(await deaths()).toBe(1);
    await ok(await voidEvent(member.id, latest(t).id));
    expect(await deaths()).toBe(0);
  });
});

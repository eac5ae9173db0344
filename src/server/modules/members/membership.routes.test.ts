import { describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { expectProblem } from '../../../../test/expect-problem.ts';
import { useTestApp } from '../../../../test/app.ts';
import { makeMember, makeTree } from '../../../../test/factories.ts';
import { addDays } from '../../../shared/dates.ts';
import { today } from '../../db/rows.ts';

/**
 * Membership events over HTTP (POST /members/:id/events): official recognition, transfer and
 * death write spans that the timeline, the member and every list as of a date read back.
 * Refused events are 409/400/404 problems that leave no row behind.
 */

const { db, app } = useTestApp();

type Lang = 'vi' | 'en';
type Span = { unitId: number; unitCode: string; unitName: string; status: string; validFrom: string; validTo: string | null; reason: string };
type Event = { id: number; kind: string; effectiveOn: string; unitId: number | null; details: Record<string, unknown> };

const postEvent = (memberId: number, payload: unknown, lang: Lang = 'vi') =>
  app.inject({
    method: 'POST', url: `/api/v1/members/${memberId}/events`, headers: { 'accept-language': lang },
    payload: payload as InjectOptions['payload'],
  });

const get = (url: string, lang: Lang = 'vi') => app.inject({ url, headers: { 'accept-language': lang } });

async function timeline(memberId: number): Promise<{ spans: Span[]; events: Event[] }> {
  const res = await get(`/api/v1/members/${memberId}/timeline`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function listIds(query: string): Promise<number[]> {
  const res = await get(`/api/v1/members?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { id: number }[]).map((m) => m.id);
}


async function countRows() {
  const { rows } = await db.pool.query<{ members: number; events: number; spans: number; versions: number }>(
    `SELECT (SELECT count(*) FROM members)::int AS members, (SELECT count(*) FROM member_events)::int AS events,
            (SELECT count(*) FROM membership_spans)::int AS spans, (SELECT sum(version) FROM members)::int AS versions`);
  return rows[0];
}

/** A probationary member of cell A: decision 2020-01-10, ceremony 2020-01-20, due 2021-01-20. */
const probationary = (unitId: number, fullName = 'Nguyễn Văn An') =>
  makeMember(db, unitId, { fullName, admissionDecisionDate: '2020-01-10', ceremonyDate: '2020-01-20', officialDate: null });

/** Each span ends where the next begins. */
function expectContiguous(spans: Span[]) {
  for (let i = 1; i < spans.length; i++) expect(spans[i - 1]?.validTo).toBe(spans[i]?.validFrom);
}

describe('membership events', () => {
  it('records recognition, transfer and death as contiguous spans on the timeline', async () => {
    const tree = await makeTree(db);
    const member = await probationary(tree.cellA.id);

    const official = await postEvent(member.id, { kind: 'recognized_official', effectiveOn: '2021-01-20', decisionNo: '12-QĐ/ĐU', cardNumber: '79.100200' });
    expect(official.statusCode, official.body).toBe(201);
    const transferred = await postEvent(member.id, { kind: 'transferred', effectiveOn: '2022-05-01', toUnitId: tree.cellB.id, letterNo: '7-GGT' });
    expect(transferred.statusCode, transferred.body).toBe(201);
    const died = await postEvent(member.id, { kind: 'died', effectiveOn: '2023-07-01' });
    expect(died.statusCode, died.body).toBe(201);

    const t = await timeline(member.id);
    expect(died.json()).toEqual(t);
    expect(t.spans).toEqual([
      { unitId: tree.cellA.id, unitCode: tree.cellA.code, unitName: 'Chi bộ Sở Tư pháp', status: 'probationary', validFrom: '2020-01-10', validTo: '2021-01-20', reason: 'admitted' },
      { unitId: tree.cellA.id, unitCode: tree.cellA.code, unitName: 'Chi bộ Sở Tư pháp', status: 'official', validFrom: '2021-01-20', validTo: '2022-05-01', reason: 'recognized_official' },
      { unitId: tree.cellB.id, unitCode: tree.cellB.code, unitName: 'Chi bộ Sở Y tế', status: 'official', validFrom: '2022-05-01', validTo: '2023-07-01', reason: 'transferred' },
    ]);
    expectContiguous(t.spans);
    expect(t.events.map((e) => [e.kind, e.effectiveOn, e.unitId])).toEqual([
      ['admitted', '2020-01-10', tree.cellA.id],
      ['recognized_official', '2021-01-20', tree.cellA.id],
      ['transferred', '2022-05-01', tree.cellB.id],
      ['died', '2023-07-01', tree.cellB.id],
    ]);
    expect(t.events[2]?.details).toEqual({ fromUnitId: tree.cellA.id, letterNo: '7-GGT' });

    // The record carries what the events set; each event is a new version.
    const now = await get(`/api/v1/members/${member.id}`);
    expect(now.json()).toMatchObject({ officialDate: '2021-01-20', cardNumber: '79.100200', officialDue: null, membership: null });
    expect(now.headers.etag).toBe(`"${1 + 3}"`);
    expect((await get(`/api/v1/members/${member.id}?asOf=2020-06-01`)).json()).toMatchObject({
      officialDue: '2021-01-20', membership: { unitId: tree.cellA.id, status: 'probationary', since: '2020-01-10' },
    });
    expect((await get(`/api/v1/members/${member.id}?asOf=2022-12-31`)).json().membership)
      .toMatchObject({ unitId: tree.cellB.id, status: 'official', since: '2022-05-01' });
  });

  it('refuses official recognition before the due date, stating it as dd/mm/yyyy', async () => {
    const tree = await makeTree(db);
    const member = await probationary(tree.cellA.id);
    const vi = expectProblem(await postEvent(member.id, { kind: 'recognized_official', effectiveOn: '2021-01-19' }, 'vi'), 409, 'member_official_too_early');
    expect(vi.detail).toBe('Đảng viên này đang dự bị; hạn xét công nhận chính thức là ngày 20/01/2021.');
    const en = expectProblem(await postEvent(member.id, { kind: 'recognized_official', effectiveOn: '2021-01-19' }, 'en'), 409, 'member_official_too_early');
    expect(en.detail).toBe('This member is probationary; official recognition is due on 20/01/2021.');
    const onTime = await postEvent(member.id, { kind: 'recognized_official', effectiveOn: '2021-01-20' });
    expect(onTime.statusCode, onTime.body).toBe(201);
  });

  it('refuses recognizing an official member again, or one without a ceremony date', async () => {
    const tree = await makeTree(db);
    const official = await makeMember(db, tree.cellA.id); // official since 2016-03-20
    const again = expectProblem(await postEvent(official.id, { kind: 'recognized_official', effectiveOn: '2020-01-01' }, 'vi'), 409, 'member_already_official');
    expect(again.detail).toBe('Đảng viên đã là đảng viên chính thức từ ngày 20/03/2016.');

    const noCeremony = await makeMember(db, tree.cellA.id, { fullName: 'Lý Văn Khoa', ceremonyDate: null, officialDate: null });
    expectProblem(await postEvent(noCeremony.id, { kind: 'recognized_official', effectiveOn: '2020-01-01' }, 'en'), 409, 'member_no_ceremony_date');
  });

  it('refuses a card number already issued to someone else', async () => {
    const tree = await makeTree(db);
    await makeMember(db, tree.cellA.id, { cardNumber: '79.555555' });
    const member = await probationary(tree.cellA.id, 'Trần Thị Mai');
    const before = await countRows();
    const res = expectProblem(await postEvent(member.id, { kind: 'recognized_official', effectiveOn: '2021-02-01', cardNumber: '79.555555' }, 'en'), 409, 'member_card_number_taken');
    expect(res.detail).toContain('79.555555');
    expect(await countRows()).toEqual(before);
  });

  it('refuses a transfer to the same cell, to a unit that is not a cell and to an unknown unit', async () => {
    const tree = await makeTree(db);
    const member = await makeMember(db, tree.cellA.id);
    const same = expectProblem(await postEvent(member.id, { kind: 'transferred', effectiveOn: '2020-01-01', toUnitId: tree.cellA.id }, 'vi'), 409, 'member_same_unit');
    expect(same.detail).toBe(`Đảng viên đang sinh hoạt tại Chi bộ Sở Tư pháp (${tree.cellA.code}).`);
    expectProblem(await postEvent(member.id, { kind: 'transferred', effectiveOn: '2020-01-01', toUnitId: tree.bloc.id }), 409, 'member_unit_holds_no_members');
    const unknown = expectProblem(await postEvent(member.id, { kind: 'transferred', effectiveOn: '2020-01-01', toUnitId: 987_654_321 }, 'en'), 400, 'validation_failed');
    expect(unknown.errors).toEqual([{ path: 'toUnitId', code: 'not_found_ref', message: '“Receiving cell” refers to a record that does not exist.' }]);
    // cellC opened on 2025-07-01.
    expectProblem(await postEvent(member.id, { kind: 'transferred', effectiveOn: '2020-01-01', toUnitId: tree.cellC.id }), 409, 'unit_not_open');
  });

  it('shows a transferred member in the old cell before the transfer and in the new one after', async () => {
    const tree = await makeTree(db);
    const member = await makeMember(db, tree.cellA.id);
    const res = await postEvent(member.id, { kind: 'transferred', effectiveOn: '2025-09-01', toUnitId: tree.cellC.id });
    expect(res.statusCode, res.body).toBe(201);

    for (const [asOf, inA, inC] of [['2025-08-31', [member.id], []], ['2025-09-01', [], [member.id]]] as const) {
      expect(await listIds(`unit=${tree.cellA.id}&asOf=${asOf}`)).toEqual(inA);
      expect(await listIds(`unit=${tree.cellC.id}&asOf=${asOf}`)).toEqual(inC);
      expect(await listIds(`unit=${tree.province.id}&asOf=${asOf}`)).toEqual([member.id]);
    }
    expect(await listIds(`unit=${tree.bloc.id}`)).toEqual([]);
    expect(await listIds(`unit=${tree.commune.id}`)).toEqual([member.id]);
    const items = (await get(`/api/v1/members?unit=${tree.province.id}&asOf=2025-08-31`)).json().items;
    expect(items[0]).toMatchObject({ unitId: tree.cellA.id, unitName: 'Chi bộ Sở Tư pháp', since: '2016-03-20' });
  });

  it('removes a deceased member from today’s list but keeps them in earlier lists', async () => {
    const tree = await makeTree(db);
    const member = await makeMember(db, tree.cellA.id);
    const alive = await makeMember(db, tree.cellA.id, { fullName: 'Trần Văn Bình' });
    const res = await postEvent(member.id, { kind: 'died', effectiveOn: '2024-11-05' });
    expect(res.statusCode, res.body).toBe(201);

    expect(await listIds(`unit=${tree.province.id}`)).toEqual([alive.id]);
    expect(await listIds(`unit=${tree.province.id}&asOf=2024-11-05`)).toEqual([alive.id]);
    expect(await listIds(`unit=${tree.province.id}&asOf=2024-11-04`)).toEqual([member.id, alive.id]);
    expect(await listIds(`unit=${tree.province.id}&asOf=2024-11-04&status=official`)).toEqual([member.id, alive.id]);

    // The deceased member's record and timeline stay readable.
    expect((await get(`/api/v1/members/${member.id}`)).json().membership).toBeNull();
    expect((await timeline(member.id)).spans.at(-1)?.validTo).toBe('2024-11-05');
    // Nothing can happen after death.
    const after = expectProblem(await postEvent(member.id, { kind: 'transferred', effectiveOn: '2025-01-01', toUnitId: tree.cellB.id }, 'vi'), 409, 'member_not_active');
    expect(after.detail).toContain('01/01/2025');
  });

  it('refuses an event dated on or before the latest event', async () => {
    const tree = await makeTree(db);
    const member = await makeMember(db, tree.cellA.id);
    expect((await postEvent(member.id, { kind: 'transferred', effectiveOn: '2019-06-01', toUnitId: tree.cellB.id })).statusCode).toBe(201);

    const earlier = expectProblem(await postEvent(member.id, { kind: 'transferred', effectiveOn: '2018-01-01', toUnitId: tree.cellA.id }, 'vi'), 409, 'member_event_before_latest');
    expect(earlier.detail).toBe('Ngày hiệu lực 01/01/2018 phải sau ngày của thay đổi gần nhất trong hồ sơ đảng viên (01/06/2019).');
    expectProblem(await postEvent(member.id, { kind: 'died', effectiveOn: '2019-06-01' }), 409, 'member_event_before_latest');
    // Before admission too.
    expectProblem(await postEvent(member.id, { kind: 'died', effectiveOn: '2010-01-01' }, 'en'), 409, 'member_event_before_latest');
    // A profile edit today does not block events dated before today.
    const patched = await app.inject({ method: 'PATCH', url: `/api/v1/members/${member.id}`, payload: { phone: '0912345678' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await postEvent(member.id, { kind: 'transferred', effectiveOn: '2019-06-02', toUnitId: tree.cellA.id })).statusCode).toBe(201);
  });

  it('answers an event on an unknown member with 404', async () => {
    const res = expectProblem(await postEvent(987_654_321, { kind: 'died', effectiveOn: '2020-01-01' }, 'en'), 404, 'not_found');
    expect(res.detail).toBe('The requested member was not found.');
  });

  it('refuses malformed events with field errors', async () => {
    const tree = await makeTree(db);
    const member = await makeMember(db, tree.cellA.id);
    const tomorrow = addDays(today(), 1);
    const cases: [unknown, string, string][] = [
      [{ kind: 'resigned', effectiveOn: '2020-01-01' }, 'kind', 'event_kind'],
      [{ effectiveOn: '2020-01-01' }, 'kind', 'event_kind'],
      [{ kind: 'died' }, 'effectiveOn', 'required'],
      [{ kind: 'died', effectiveOn: '2023-02-29' }, 'effectiveOn', 'invalid_date'],
      [{ kind: 'died', effectiveOn: '0000-01-01' }, 'effectiveOn', 'invalid_date'],
      [{ kind: 'died', effectiveOn: '2020-01-01', cause: 'x' }, 'cause', 'unknown_field'],
      [{ kind: 'transferred', effectiveOn: '2020-01-01' }, 'toUnitId', 'invalid_id'],
      [{ kind: 'transferred', effectiveOn: '2020-01-01', toUnitId: tree.cellB.id, letterNo: 'a\u0000b' }, 'letterNo', 'invalid_format'],
      [{ kind: 'recognized_official', effectiveOn: '2020-01-01', cardNumber: 'số thẻ' }, 'cardNumber', 'card_number'],
      [{ kind: 'died', effectiveOn: tomorrow }, 'effectiveOn', 'date_not_future'],
    ];
    const before = await countRows();
    for (const [payload, path, code] of cases) {
      const res = expectProblem(await postEvent(member.id, payload, 'en'), 400, 'validation_failed');
      expect(res.errors?.find((e) => e.path === path)?.code, JSON.stringify(payload)).toBe(code);
    }
    for (const body of ['null', '[]', '"died"']) {
      const res = await app.inject({
        method: 'POST', url: `/api/v1/members/${member.id}/events`, headers: { 'content-type': 'application/json' }, payload: body,
      });
      expect(expectProblem(res, 400, 'validation_failed').errors?.[0]?.path).toBe('body');
    }
    const future = expectProblem(await postEvent(member.id, { kind: 'died', effectiveOn: tomorrow }, 'vi'), 400, 'validation_failed');
    expect(future.errors?.[0]?.message).toBe('«Ngày hiệu lực» không được là ngày trong tương lai.');
    expect(await countRows()).toEqual(before);
  });

  it('leaves nothing behind when an event is refused', async () => {
    const tree = await makeTree(db);
    const member = await probationary(tree.cellA.id);
    const before = await countRows();
    const refused = [
      await postEvent(member.id, { kind: 'recognized_official', effectiveOn: '2020-12-31' }),
      await postEvent(member.id, { kind: 'transferred', effectiveOn: '2020-06-01', toUnitId: tree.cellA.id }),
      await postEvent(member.id, { kind: 'transferred', effectiveOn: '2020-06-01', toUnitId: tree.bloc.id }),
      await postEvent(member.id, { kind: 'transferred', effectiveOn: '2020-01-01', toUnitId: tree.cellB.id }),
      await postEvent(member.id, { kind: 'died', effectiveOn: addDays(today(), 1) }),
    ];
    expect(refused.map((r) => r.statusCode)).toEqual([409, 409, 409, 409, 400]);
    expect(await countRows()).toEqual(before);
    expect((await timeline(member.id)).spans).toHaveLength(1);
  });

  it('keeps spans contiguous when the member’s cell moves in the tree before an event', async () => {
    const tree = await makeTree(db);
    const member = await probationary(tree.cellA.id);
    const moved = await app.inject({
      method: 'POST', url: `/api/v1/units/${tree.cellA.id}/move`, payload: { parentId: tree.commune.id, effectiveOn: '2025-08-01' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    // Recognition dated before the move would rewrite history the move already split; it is refused.
    expectProblem(await postEvent(member.id, { kind: 'recognized_official', effectiveOn: '2021-01-20' }), 409, 'member_event_before_latest');
    const official = await postEvent(member.id, { kind: 'recognized_official', effectiveOn: '2025-09-01' });
    expect(official.statusCode, official.body).toBe(201);

    const t = await timeline(member.id);
    expect(t.spans.map((s) => [s.unitId, s.status, s.validFrom, s.validTo, s.reason])).toEqual([
      [tree.cellA.id, 'probationary', '2020-01-10', '2025-08-01', 'admitted'],
      [tree.cellA.id, 'probationary', '2025-08-01', '2025-09-01', 'restructured'],
      [tree.cellA.id, 'official', '2025-09-01', null, 'recognized_official'],
    ]);
    expectContiguous(t.spans);
    expect(await listIds(`unit=${tree.bloc.id}&asOf=2025-07-31`)).toEqual([member.id]);
    expect(await listIds(`unit=${tree.commune.id}&asOf=2025-08-15&status=probationary`)).toEqual([member.id]);
    expect(await listIds(`unit=${tree.commune.id}&status=official`)).toEqual([member.id]);
    expect(await listIds(`unit=${tree.bloc.id}`)).toEqual([]);
  });

  it('makes an ETag read before an event stale', async () => {
    const tree = await makeTree(db);
    const member = await makeMember(db, tree.cellA.id);
    const etag = (await get(`/api/v1/members/${member.id}`)).headers.etag as string;
    expect((await postEvent(member.id, { kind: 'transferred', effectiveOn: '2021-01-01', toUnitId: tree.cellB.id })).statusCode).toBe(201);
    const stale = await app.inject({ method: 'PATCH', url: `/api/v1/members/${member.id}`, headers: { 'if-match': etag }, payload: { phone: '0912345678' } });
    expectProblem(stale, 412, 'precondition_failed');
  });
});

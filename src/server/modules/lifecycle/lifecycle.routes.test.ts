import { describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { expectProblem } from '../../../../test/expect-problem.ts';
import { makeUserWithToken, useTestApp } from '../../../../test/app.ts';
import { makeMember, makeTree, makeUnit } from '../../../../test/factories.ts';
import { SYSTEM_ACTOR } from '../access/actor.ts';
import { moveUnit } from '../units/units.service.ts';

/**
 * Exits (deletion, expulsion, removal during probation), the movements of a unit over a period
 * and the list of probationary members due for recognition, over HTTP on a real database.
 * Movement figures are checked against hand-counted expectations and recomputed from the raw
 * events; start + in − out = end is checked for every unit.
 */

const { db, app } = useTestApp();

const postEvent = (memberId: number, payload: unknown, lang = 'vi', headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST', url: `/api/v1/members/${memberId}/events`, headers: { 'accept-language': lang, ...headers },
    payload: payload as InjectOptions['payload'],
  });

const ok = async (res: Promise<{ statusCode: number; body: string }>) => {
  const r = await res;
  expect(r.statusCode, r.body).toBeLessThan(300);
};

type Movements = { start: number; end: number; in: Record<string, number>; out: Record<string, number>; recognizedOfficial: number };

async function movements(unitId: number, from: string, to: string, headers: Record<string, string> = {}): Promise<Movements> {
  const res = await app.inject({ url: `/api/v1/units/${unitId}/movements?from=${from}&to=${to}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

describe('exits', () => {
  it('deletes an official member with a reason code, expels with the decision, removes a probationary member', async () => {
    const tree = await makeTree(db);
    const official = await makeMember(db, tree.cellA.id);
    const expelled = await makeMember(db, tree.cellA.id, { fullName: 'Lê Văn Bình' });
    const probationary = await makeMember(db, tree.cellA.id, { admissionDecisionDate: '2020-01-10', ceremonyDate: '2020-01-20', officialDate: null });

    const deleted = await postEvent(official.id, { kind: 'deleted', effectiveOn: '2022-03-01', reason: 'unpaid_dues', decisionNo: '15-QĐ/ĐU' });
    expect(deleted.statusCode, deleted.body).toBe(201);
    const t = deleted.json() as { spans: { validTo: string | null }[]; events: { kind: string; details: Record<string, unknown> }[] };
    expect(t.spans.at(-1)?.validTo).toBe('2022-03-01');
    expect(t.events.at(-1)).toMatchObject({ kind: 'deleted', details: { reason: 'unpaid_dues', decisionNo: '15-QĐ/ĐU' } });

    await ok(postEvent(expelled.id, { kind: 'expelled', effectiveOn: '2022-04-01', decisionNo: '7-QĐ/UBKT', issuer: 'Ủy ban Kiểm tra Tỉnh ủy' }));
    await ok(postEvent(probationary.id, { kind: 'probation_removed', effectiveOn: '2020-09-01', decisionNo: '3-QĐ/ĐU' }));

    const { rows } = await db.pool.query<{ kind: string; n: number }>(
      `SELECT e.kind, count(*)::int AS n FROM member_events e JOIN audit_log a ON a.target_id = e.member_id::text AND a.action = 'member.' || e.kind
       WHERE e.member_id = ANY($1) AND e.kind IN ('deleted', 'expelled', 'probation_removed') GROUP BY e.kind ORDER BY e.kind`,
      [[official.id, expelled.id, probationary.id]]);
    expect(rows).toEqual([{ kind: 'deleted', n: 1 }, { kind: 'expelled', n: 1 }, { kind: 'probation_removed', n: 1 }]);

    // Nothing more happens to a member who has left.
    const after = await postEvent(official.id, { kind: 'died', effectiveOn: '2023-01-01' });
    expectProblem(after, 409, 'member_not_active');
  });

  it('refuses an exit that does not fit the member’s state, saying why, and writes nothing', async () => {
    const tree = await makeTree(db);
    const probationary = await makeMember(db, tree.cellB.id, { admissionDecisionDate: '2020-01-10', ceremonyDate: '2020-01-20', officialDate: null });
    const official = await makeMember(db, tree.cellB.id);
    const before = await db.pool.query('SELECT count(*)::int AS n FROM member_events');

    const vi = expectProblem(await postEvent(probationary.id, { kind: 'deleted', effectiveOn: '2020-06-01', reason: 'missed_meetings' }), 409, 'member_probationary_not_deleted');
    expect(vi.detail).toContain('hạn xét công nhận chính thức là ngày 20/01/2021');
    const en = expectProblem(await postEvent(probationary.id, { kind: 'deleted', effectiveOn: '2020-06-01', reason: 'missed_meetings' }, 'en'), 409, 'member_probationary_not_deleted');
    expect(en.detail).toContain('official recognition is due on 20/01/2021');

    expectProblem(await postEvent(official.id, { kind: 'probation_removed', effectiveOn: '2020-06-01' }), 409, 'member_already_official');

    const noDecision = expectProblem(await postEvent(official.id, { kind: 'expelled', effectiveOn: '2020-06-01', issuer: 'Ủy ban Kiểm tra' }), 400, 'validation_failed');
    expect(noDecision.errors?.map((e) => e.path)).toEqual(['decisionNo']);
    const badReason = expectProblem(await postEvent(official.id, { kind: 'deleted', effectiveOn: '2020-06-01', reason: 'bored' }), 400, 'validation_failed');
    expect(badReason.errors?.map((e) => [e.path, e.code])).toEqual([['reason', 'one_of']]);

    const after = await db.pool.query('SELECT count(*)::int AS n FROM member_events');
    expect(after.rows).toEqual(before.rows);
  });
});

describe('movements of a unit over a period', () => {
  it('counts who came in and went out, and why, so that start + in − out = end', async () => {
    const tree = await makeTree(db);
    const bloc2 = await makeUnit(db, { typeCode: 'bloc', parentId: tree.province.id, name: 'Đảng bộ Khối doanh nghiệp' });
    const { cellA, cellB, bloc, province } = tree;
    // On 2021-01-01: cellA has a1 (probationary), a2, a3, a4; cellB has b1, b2.
    const a1 = await makeMember(db, cellA.id, { admissionDecisionDate: '2020-01-10', ceremonyDate: '2020-01-20', officialDate: null });
    const a2 = await makeMember(db, cellA.id);
    const a3 = await makeMember(db, cellA.id);
    const a4 = await makeMember(db, cellA.id);
    const b1 = await makeMember(db, cellB.id);
    await makeMember(db, cellB.id);
    // In 2021:
    await ok(postEvent(a1.id, { kind: 'recognized_official', effectiveOn: '2021-01-20' }));
    await ok(postEvent(a2.id, { kind: 'transferred', effectiveOn: '2021-03-01', toUnitId: cellB.id })); // within the bloc
    await ok(postEvent(b1.id, { kind: 'died', effectiveOn: '2021-06-01' }));
    await ok(postEvent(a3.id, { kind: 'deleted', effectiveOn: '2021-07-01', reason: 'unpaid_dues' }));
    const n1 = await makeMember(db, cellB.id, { admissionDecisionDate: '2021-02-01', ceremonyDate: '2021-02-10', officialDate: null });
    await ok(postEvent(n1.id, { kind: 'probation_removed', effectiveOn: '2021-09-01' }));
    await ok(postEvent(a4.id, { kind: 'expelled', effectiveOn: '2021-10-01', decisionNo: '9-QĐ/UBKT', issuer: 'Ủy ban Kiểm tra Tỉnh ủy' }));
    await makeMember(db, cellA.id, { admissionDecisionDate: '2021-05-05', ceremonyDate: '2021-05-15', officialDate: null });
    // cellB (with a2 and b2) goes to the other bloc on 2021-11-01.
    await moveUnit({ db, actor: SYSTEM_ACTOR, id: cellB.id, parentId: bloc2.id, effectiveOn: '2021-11-01', ifMatch: null });

    const year = ['2021-01-01', '2021-12-31'] as const;
    const m = {
      province: await movements(province.id, ...year),
      bloc: await movements(bloc.id, ...year),
      bloc2: await movements(bloc2.id, ...year),
      cellA: await movements(cellA.id, ...year),
      cellB: await movements(cellB.id, ...year),
    };
    expect(m.province).toMatchObject({
      start: 6, end: 4, recognizedOfficial: 1,
      in: { admitted: 2, transferred: 0, restructured: 0 },
      out: { died: 1, deleted: 1, expelled: 1, probation_removed: 1, transferred: 0, restructured: 0 },
    });
    expect(m.bloc).toMatchObject({ start: 6, end: 2, in: { admitted: 2, transferred: 0, restructured: 0 }, out: { restructured: 2, transferred: 0 } });
    expect(m.bloc2).toMatchObject({ start: 0, end: 2, in: { restructured: 2, admitted: 0 } });
    expect(m.cellA).toMatchObject({ start: 4, end: 2, in: { admitted: 1 }, out: { transferred: 1, deleted: 1, expelled: 1 } });
    // A cell that moves is the same cell: its members neither come nor go.
    expect(m.cellB).toMatchObject({ start: 2, end: 2, in: { admitted: 1, transferred: 1 }, out: { died: 1, probation_removed: 1, restructured: 0 } });
    for (const [name, x] of Object.entries(m)) expect(x.start + sum(x.in) - sum(x.out), name).toBe(x.end);

    // The same figures recomputed from the raw events of the province's members.
    const { rows } = await db.pool.query<{ kind: string; n: number }>(
      `SELECT e.kind, count(*)::int AS n FROM member_events e JOIN units u ON u.id = e.unit_id
       WHERE e.effective_on BETWEEN '2021-01-01' AND '2021-12-31' AND e.member_id IN
         (SELECT member_id FROM membership_spans WHERE unit_id IN ($1, $2)) GROUP BY e.kind`, [cellA.id, cellB.id]);
    const raw = Object.fromEntries(rows.map((r) => [r.kind, r.n]));
    expect(m.province.in.admitted).toBe(raw.admitted);
    expect(m.province.recognizedOfficial).toBe(raw.recognized_official);
    for (const kind of ['died', 'deleted', 'expelled', 'probation_removed'] as const) expect(m.province.out[kind], kind).toBe(raw[kind]);
  });

  it('answers a unit outside the caller’s reach with 404 and a reversed period with a 400 naming `to`', async () => {
    const tree = await makeTree(db);
    const other = await makeTree(db);
    const user = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: tree.province.id });
    const auth = { authorization: `Bearer ${user.token}` };
    expectProblem(await app.inject({ url: `/api/v1/units/${other.province.id}/movements?from=2021-01-01`, headers: auth }), 404, 'not_found');
    const reversed = expectProblem(await app.inject({ url: `/api/v1/units/${tree.province.id}/movements?from=2021-02-01&to=2021-01-01`, headers: auth }), 400, 'validation_failed');
    expect(reversed.errors?.map((e) => e.path)).toEqual(['to']);
  });

  it('keeps a scoped user’s past counts when a member later moves out of their reach', async () => {
    const tree = await makeTree(db);
    const leaver = await makeMember(db, tree.cellA.id);
    await makeMember(db, tree.cellA.id);
    const secretary = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: tree.cellA.id });
    const auth = { authorization: `Bearer ${secretary.token}` };
    const statsThen = async () => {
      const res = await app.inject({ url: `/api/v1/units/${tree.cellA.id}/stats?asOf=2020-12-31`, headers: auth });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { total: number; byYear: { admitted: number }[] };
    };
    const listThen = async () => {
      const res = await app.inject({ url: `/api/v1/members?unit=${tree.cellA.id}&asOf=2020-12-31`, headers: auth });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as { id: number }[]).map((i) => i.id).sort();
    };
    const before = { stats: await statsThen(), list: await listThen() };
    expect(before.stats.total).toBe(2);

    await ok(postEvent(leaver.id, { kind: 'transferred', effectiveOn: '2021-03-01', toUnitId: tree.cellB.id }));
    expect(await statsThen()).toEqual(before.stats);
    expect(await listThen()).toEqual(before.list);
    const moved = await movements(tree.cellA.id, '2021-01-01', '2021-12-31', auth);
    expect(moved).toMatchObject({ start: 2, end: 1, out: { transferred: 1 } });
    // The member's present record is where the member is now: outside the secretary's reach.
    expectProblem(await app.inject({ url: `/api/v1/members/${leaver.id}`, headers: auth }), 404, 'not_found');
  });
});

describe('probationary members due for recognition', () => {
  type List = { counts: Record<string, number>; items: { memberId: number; dueOn: string | null; overdue: boolean }[]; truncated: boolean };
  const list = async (unitId: number, query: string, headers: Record<string, string> = {}): Promise<List> => {
    const res = await app.inject({ url: `/api/v1/units/${unitId}/probation?${query}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('lists who is due and overdue on a date, from the probation months in force on the ceremony date', async () => {
    const tree = await makeTree(db);
    const early = await makeMember(db, tree.cellA.id, { admissionDecisionDate: '2020-01-10', ceremonyDate: '2020-01-20', officialDate: null });
    const later = await makeMember(db, tree.cellB.id, { admissionDecisionDate: '2020-02-01', ceremonyDate: '2020-02-29', officialDate: null });
    const noCeremony = await makeMember(db, tree.cellA.id, { admissionDecisionDate: '2020-03-01', ceremonyDate: null, officialDate: null });
    await makeMember(db, tree.cellA.id); // official: never on the list

    const jan = await list(tree.bloc.id, 'asOf=2021-01-10&state=due&within=30');
    expect(jan.items.map((i) => [i.memberId, i.dueOn, i.overdue])).toEqual([[early.id, '2021-01-20', false]]);
    expect(jan.counts).toEqual({ all: 3, due: 1, overdue: 0, noCeremony: 1 });

    const march = await list(tree.bloc.id, 'asOf=2021-03-05&state=overdue');
    // 29 February plus twelve months is the last day of February.
    expect(march.items.map((i) => [i.memberId, i.dueOn, i.overdue])).toEqual([[early.id, '2021-01-20', true], [later.id, '2021-02-28', true]]);
    expect((await list(tree.bloc.id, 'asOf=2021-03-05&state=no_ceremony')).items.map((i) => i.memberId)).toEqual([noCeremony.id]);
    expect((await list(tree.cellB.id, 'asOf=2021-03-05&state=all')).items.map((i) => i.memberId)).toEqual([later.id]);

    // A rule changed later applies to ceremonies from its date on, not to earlier ones.
    await db.pool.query(`INSERT INTO rules (key, valid_from, value, source) VALUES ('probation.months', '2024-01-01', '18', 'test')`);
    const recent = await makeMember(db, tree.cellA.id, { admissionDecisionDate: '2024-03-01', ceremonyDate: '2024-03-10', officialDate: null });
    const all = await list(tree.cellA.id, 'asOf=2024-06-01&state=all');
    expect(all.items.find((i) => i.memberId === recent.id)?.dueOn).toBe('2025-09-10');
    expect(all.items.find((i) => i.memberId === early.id)?.dueOn).toBe('2021-01-20');
    await db.pool.query(`DELETE FROM rules WHERE key = 'probation.months' AND valid_from = '2024-01-01'`);

    const limited = await list(tree.bloc.id, 'asOf=2021-03-05&state=all&limit=1');
    expect(limited.items).toHaveLength(1);
    expect(limited.truncated).toBe(true);
  });

  it('is limited to the caller’s reach and validates its query', async () => {
    const tree = await makeTree(db);
    const other = await makeTree(db);
    const user = await makeUserWithToken(db, { roleCode: 'cell_secretary', unitId: tree.cellA.id });
    const auth = { authorization: `Bearer ${user.token}` };
    expectProblem(await app.inject({ url: `/api/v1/units/${other.cellA.id}/probation`, headers: auth }), 404, 'not_found');
    expectProblem(await app.inject({ url: `/api/v1/units/${tree.bloc.id}/probation`, headers: auth }), 404, 'not_found');
    const bad = expectProblem(await app.inject({ url: `/api/v1/units/${tree.cellA.id}/probation?state=late&within=-1`, headers: auth }), 400, 'validation_failed');
    expect(bad.errors?.map((e) => e.path).sort()).toEqual(['state', 'within']);
  });
});

describe('start + in − out = end for every unit of a tree with history', () => {
  it('holds for every unit and several periods', async () => {
    const { rows } = await db.pool.query<{ id: number }>('SELECT id FROM units ORDER BY id');
    const periods: [string, string][] = [['2020-01-01', '2020-12-31'], ['2021-01-01', '2021-12-31'], ['2015-01-01', '2025-12-31']];
    for (const period of periods) {
      for (const { id } of rows) {
        const x = await movements(id, ...period);
        expect(x.start + sum(x.in) - sum(x.out), `unit ${id} ${period.join('..')}`).toBe(x.end);
      }
    }
  });
});

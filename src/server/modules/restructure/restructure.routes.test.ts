import { describe, expect, it } from 'vitest';
import { makeUserWithToken, useTestApp } from '../../../../test/app.ts';
import { dumpRows } from '../../../../test/db.ts';
import { expectProblem } from '../../../../test/expect-problem.ts';
import { makeMember, makeUnit } from '../../../../test/factories.ts';
import { today } from '../../db/rows.ts';
import type { RestructureOperation } from '../../../shared/schemas/restructure.ts';

const { db, app } = useTestApp();

const REFORM = '2025-07-01';
const EVE = '2025-06-30';

type Inject = { method?: 'GET' | 'POST' | 'PUT'; url: string; payload?: unknown; headers?: Record<string, string> };
const call = (o: Inject) => app.inject({ method: o.method ?? 'GET', url: `/api/v1${o.url}`, payload: o.payload as object, headers: o.headers });
const post = (url: string, payload?: unknown, headers: Record<string, string> = {}) => call({ method: 'POST', url, payload: payload ?? {}, headers });

let counter = 0;

/**
 * A province with two districts (the level the 2025 reform abolished): district 1 holds two
 * grassroots committees with subordinate cells and a grassroots cell; district 2 one committee.
 * Members were admitted in 2015 (3 in S1a, 2 in S1b, 1 in S2a, 3 in K1, 2 in S3a).
 */
async function makeReformTree() {
  const p = `R${++counter}${Date.now().toString(36).slice(-4).toUpperCase()}`;
  const unit = (typeCode: string, code: string, parentId?: number) =>
    makeUnit(db, { typeCode, code: `${p}.${code}`, name: `Đơn vị ${code}`, parentId, validFrom: '2010-01-01' });
  const province = await makeUnit(db, { typeCode: 'province', code: p, name: 'Đảng bộ tỉnh Thử', validFrom: '2010-01-01' });
  const d1 = await unit('district', 'D1', province.id);
  const d2 = await unit('district', 'D2', province.id);
  const g1 = await unit('grassroots_committee', 'G1', d1.id);
  const g2 = await unit('grassroots_committee', 'G2', d1.id);
  const k1 = await unit('grassroots_cell', 'K1', d1.id);
  const g3 = await unit('grassroots_committee', 'G3', d2.id);
  const s1a = await unit('subordinate_cell', 'S1a', g1.id);
  const s1b = await unit('subordinate_cell', 'S1b', g1.id);
  const s2a = await unit('subordinate_cell', 'S2a', g2.id);
  const s3a = await unit('subordinate_cell', 'S3a', g3.id);
  const members: Record<string, number[]> = {};
  for (const [cell, n] of [[s1a, 3], [s1b, 2], [s2a, 1], [k1, 3], [s3a, 2]] as const) {
    members[cell.code] = [];
    for (let i = 0; i < n; i++) members[cell.code]?.push((await makeMember(db, cell.id, { fullName: `Nguyễn Văn ${cell.code.split('.')[1]} ${i}` })).id);
  }
  const code = (c: string) => `${p}.${c}`;
  return { p, code, province, d1, d2, g1, g2, k1, g3, s1a, s1b, s2a, s3a, members };
}

async function draft(unitId: number, operations: RestructureOperation[] | Record<string, unknown>[], effectiveOn = REFORM) {
  const res = await post('/restructure-plans', { unitId, title: 'Sắp xếp tổ chức bộ máy', effectiveOn, operations });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; version: number };
}

const stats = async (unitId: number, asOf?: string) =>
  (await call({ url: `/units/${unitId}/stats${asOf ? `?asOf=${asOf}` : ''}` })).json() as { total: number };

async function parentOn(unitId: number, date: string) {
  const res = await call({ url: `/units/${unitId}?asOf=${date}` });
  return res.statusCode === 200 ? (res.json() as { parentId: number | null }).parentId : null;
}

/** The day the unit's last version ended (null: still open). */
async function closedOn(unitId: number) {
  return ((await call({ url: `/units/${unitId}/history` })).json() as { validTo: string | null }[]).at(-1)?.validTo;
}

/** Every row a refused apply must leave as it was. */
const dump = () => dumpRows(db, {
  units: 'SELECT * FROM units ORDER BY id',
  versions: 'SELECT * FROM unit_versions ORDER BY id',
  spans: 'SELECT * FROM membership_spans ORDER BY id',
  members: 'SELECT id, unit_path, version FROM members ORDER BY id',
  grants: 'SELECT * FROM grants ORDER BY id',
  successors: 'SELECT * FROM unit_successors ORDER BY predecessor_id, successor_id',
});

describe('restructure plans: each operation, with figures before and after', () => {
  it('merges two grassroots committees into a new commune: children and members follow, the old tree stays for earlier dates', async () => {
    const t = await makeReformTree();
    const plan = await draft(t.province.id, [
      { kind: 'create', code: t.code('X1'), name: 'Đảng bộ xã Hợp Nhất', typeCode: 'commune', parent: t.p },
      { kind: 'merge', units: [t.code('G1'), t.code('G2')], into: t.code('X1') },
    ]);
    const preview = await post(`/restructure-plans/${plan.id}/preview`, {}, { 'accept-language': 'en' });
    expect(preview.statusCode, preview.body).toBe(200);
    const p = preview.json();
    expect(p.canApply).toBe(true);
    expect(p.conflicts).toEqual([]);
    expect(p.totals).toMatchObject({ unitsCreated: 1, unitsClosed: 2, spansMoved: 6, membersMoved: 6 });
    const merge = p.operations[1].units as { code: string; before: { members: number; children: number; open: boolean } | null; after: { members: number; children: number; open: boolean } }[];
    const byCode = new Map(merge.map((u) => [u.code, u]));
    expect(byCode.get(t.code('G1'))).toMatchObject({ before: { members: 5, children: 2, open: true }, after: { members: 0, children: 0, open: false } });
    expect(byCode.get(t.code('G2'))).toMatchObject({ before: { members: 1, children: 1, open: true }, after: { open: false } });
    expect(byCode.get(t.code('X1'))).toMatchObject({ before: null, after: { members: 6, children: 3, open: true } });
    expect(p.tree.find((u: { code: string }) => u.code === t.code('X1'))).toMatchObject({ change: 'created', members: 6 });
    expect(p.tree.find((u: { code: string }) => u.code === t.code('S1a'))).toMatchObject({ change: 'moved', members: 3 });
    // A preview changes nothing.
    expect((await call({ url: `/units/${t.g1.id}` })).json().validTo).toBeNull();

    const applied = await post(`/restructure-plans/${plan.id}/apply`);
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toMatchObject({ state: 'applied', outcome: { unitsCreated: 1, unitsClosed: 2, spansMoved: 6 } });
    const x1 = { id: Number((await db.pool.query('SELECT id FROM units WHERE code = $1', [t.code('X1')])).rows[0].id) };
    expect((await stats(x1.id)).total).toBe(6);
    expect((await stats(t.g1.id, EVE)).total).toBe(5);
    expect((await stats(t.d1.id, EVE)).total).toBe(9);
    expect((await stats(t.d1.id)).total).toBe(3);
    expect(await parentOn(t.s1a.id, EVE)).toBe(t.g1.id);
    expect(await parentOn(t.s1a.id, REFORM)).toBe(x1.id);
    // Spans: the old one closed on the date, a new one opened with the reason "restructured".
    const { rows: spans } = await db.pool.query(
      `SELECT valid_from, valid_to, reason, unit_id FROM membership_spans WHERE member_id = $1 ORDER BY valid_from`, [t.members[t.s1a.code]?.[0]]);
    expect(spans.map((s) => [s.valid_to, s.reason])).toEqual([['2016-03-20', 'admitted'], [REFORM, 'recognized_official'], ['infinity', 'restructured']]);
    const lineage = (await call({ url: `/units/${x1.id}/lineage` })).json();
    expect(lineage.predecessors.map((u: { code: string; kind: string }) => [u.code, u.kind]).sort()).toEqual([[t.code('G1'), 'merged'], [t.code('G2'), 'merged']]);
    expect((await call({ url: `/units/${t.g1.id}/lineage` })).json().successors).toMatchObject([{ id: x1.id, kind: 'merged', main: true }]);
  });

  it('splits a cell: named members go to the second part, the rest to the first', async () => {
    const t = await makeReformTree();
    const [m1, m2, m3] = t.members[t.k1.code] as [number, number, number];
    const plan = await draft(t.province.id, [
      { kind: 'create', code: t.code('K1A'), name: 'Chi bộ A', typeCode: 'grassroots_cell', parent: t.code('D1') },
      { kind: 'create', code: t.code('K1B'), name: 'Chi bộ B', typeCode: 'grassroots_cell', parent: t.code('D1') },
      { kind: 'split', unit: t.code('K1'), parts: [{ into: t.code('K1A') }, { into: t.code('K1B'), members: [m3] }] },
    ]);
    const p = (await post(`/restructure-plans/${plan.id}/preview`)).json();
    expect(p.conflicts).toEqual([]);
    const split = new Map((p.operations[2].units as { code: string; before: { members: number } | null; after: { members: number; open: boolean } }[]).map((u) => [u.code, u]));
    expect(split.get(t.code('K1'))).toMatchObject({ before: { members: 3 }, after: { members: 0, open: false } });
    expect(split.get(t.code('K1A'))).toMatchObject({ before: null, after: { members: 2 } });
    expect(split.get(t.code('K1B'))).toMatchObject({ before: null, after: { members: 1 } });
    expect((await post(`/restructure-plans/${plan.id}/apply`)).statusCode).toBe(200);
    const unitOf = async (m: number) => (await db.pool.query(
      `SELECT u.code FROM membership_spans s JOIN units u ON u.id = s.unit_id WHERE s.member_id = $1 AND s.valid_to = 'infinity'`, [m])).rows[0]?.code;
    expect([await unitOf(m1), await unitOf(m2), await unitOf(m3)]).toEqual([t.code('K1A'), t.code('K1A'), t.code('K1B')]);
    expect((await stats(t.k1.id, EVE)).total).toBe(3);
    const successors = (await call({ url: `/units/${t.k1.id}/lineage` })).json().successors;
    expect(successors.map((s: { code: string; main: boolean }) => [s.code, s.main])).toEqual([[t.code('K1A'), true], [t.code('K1B'), false]]);
  });

  it('moves a subtree under another parent', async () => {
    const t = await makeReformTree();
    const plan = await draft(t.province.id, [{ kind: 'move', unit: t.code('G3'), parent: t.code('D1') }]);
    const p = (await post(`/restructure-plans/${plan.id}/preview`)).json();
    const figures = new Map((p.operations[0].units as { code: string; before: { members: number }; after: { members: number } }[]).map((u) => [u.code, u]));
    expect(figures.get(t.code('D2'))).toMatchObject({ before: { members: 2 }, after: { members: 0 } });
    expect(figures.get(t.code('D1'))).toMatchObject({ before: { members: 9 }, after: { members: 11 } });
    expect(p.conflicts.map((c: { code: string }) => c.code)).toEqual(['restructure_unit_left_empty']);
    // A record edited after the date is filed under the new place; the admission stays under the old.
    const member = t.members[t.s3a.code]?.[0] as number;
    await db.pool.query(
      `INSERT INTO member_events (member_id, kind, effective_on, unit_id) VALUES ($1, 'profile_updated', $2, $3)`,
      [member, REFORM, t.s3a.id]);
    const oldPath = (await db.pool.query<{ unit_path: string }>(
      `SELECT unit_path FROM member_events WHERE member_id = $1 AND kind = 'profile_updated'`, [member])).rows[0]?.unit_path;
    expect((await post(`/restructure-plans/${plan.id}/apply`)).statusCode).toBe(200);
    const paths = (await db.pool.query<{ kind: string; unit_path: string }>(
      `SELECT kind, unit_path FROM member_events WHERE member_id = $1 AND kind IN ('admitted', 'profile_updated') ORDER BY kind`, [member])).rows;
    const s3aNow = (await call({ url: `/units/${t.s3a.id}?asOf=${REFORM}` })).json() as { path: string };
    expect(paths).toEqual([{ kind: 'admitted', unit_path: oldPath }, { kind: 'profile_updated', unit_path: s3aNow.path }]);
    expect(s3aNow.path).not.toBe(oldPath);
    expect(await parentOn(t.s3a.id, REFORM)).toBe(t.g3.id);
    expect((await stats(t.d1.id)).total).toBe(11);
    expect((await stats(t.d2.id, EVE)).total).toBe(2);
  });

  it('abolishes the district level: committees go up to the province, the districts close, 2024 still shows them', async () => {
    const t = await makeReformTree();
    const plan = await draft(t.province.id, [{ kind: 'abolish_level', typeCode: 'district' }]);
    const p = (await post(`/restructure-plans/${plan.id}/preview`)).json();
    expect(p.conflicts).toEqual([]);
    expect(p.totals).toMatchObject({ unitsClosed: 2, spansMoved: 11, membersMoved: 11 });
    const figures = new Map((p.operations[0].units as { code: string; before: { members: number }; after: { members: number; open: boolean } }[]).map((u) => [u.code, u]));
    expect(figures.get(t.code('D1'))).toMatchObject({ before: { members: 9 }, after: { open: false } });
    expect(figures.get(t.p)).toMatchObject({ before: { members: 11 }, after: { members: 11 } });
    expect((await post(`/restructure-plans/${plan.id}/apply`)).statusCode).toBe(200);
    for (const u of [t.g1, t.g2, t.k1, t.g3]) expect(await parentOn(u.id, REFORM)).toBe(t.province.id);
    expect(await parentOn(t.g1.id, '2024-12-31')).toBe(t.d1.id);
    expect((await stats(t.province.id)).total).toBe(11);
    expect((await stats(t.d1.id, '2024-12-31')).total).toBe(9);
    expect(await closedOn(t.d1.id)).toBe(REFORM);
    const children = (await call({ url: `/units?parent=${t.province.id}&asOf=2024-12-31` })).json().items.map((u: { code: string }) => u.code);
    expect(children.sort()).toEqual([t.code('D1'), t.code('D2')]);
  });

  it('renames and closes units', async () => {
    const t = await makeReformTree();
    const plan = await draft(t.province.id, [
      { kind: 'move', unit: t.code('S2a'), parent: t.code('G1') },
      { kind: 'close', unit: t.code('G2') },
      { kind: 'rename', unit: t.code('G1'), name: 'Đảng bộ xã Mới' },
    ]);
    const p = (await post(`/restructure-plans/${plan.id}/preview`)).json();
    expect(p.conflicts).toEqual([]);
    expect(p.operations[1].units[0]).toMatchObject({ code: t.code('G2'), before: { children: 1, members: 1 }, after: { open: false } });
    expect(p.operations[2].units[0]).toMatchObject({ code: t.code('G1'), before: { name: 'Đơn vị G1', members: 5 }, after: { name: 'Đảng bộ xã Mới', members: 6 } });
    expect((await post(`/restructure-plans/${plan.id}/apply`)).statusCode).toBe(200);
    expect((await call({ url: `/units/${t.g1.id}?asOf=${EVE}` })).json().name).toBe('Đơn vị G1');
    expect((await call({ url: `/units/${t.g1.id}` })).json().name).toBe('Đảng bộ xã Mới');
    expect(await closedOn(t.g2.id)).toBe(REFORM);
  });

  it('regroups earlier admissions under today’s units', async () => {
    const t = await makeReformTree();
    await makeMember(db, t.s1a.id, { admissionDecisionDate: '2023-05-10', ceremonyDate: '2023-05-20', officialDate: '2024-05-20' });
    await makeMember(db, t.s2a.id, { admissionDecisionDate: '2023-08-10', ceremonyDate: '2023-08-20', officialDate: '2024-08-20' });
    await makeMember(db, t.s3a.id, { admissionDecisionDate: '2023-09-10', ceremonyDate: '2023-09-20', officialDate: '2024-09-20' });
    const plan = await draft(t.province.id, [
      { kind: 'create', code: t.code('X1'), name: 'Đảng bộ xã Gộp', typeCode: 'commune', parent: t.p },
      { kind: 'merge', units: [t.code('G1'), t.code('G2')], into: t.code('X1') },
      { kind: 'abolish_level', typeCode: 'district' },
    ]);
    expect((await post(`/restructure-plans/${plan.id}/apply`)).statusCode).toBe(200);
    const res = await call({ url: `/units/${t.province.id}/regrouped?measure=admitted&from=2023-01-01&to=2023-12-31` });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.total).toBe(3);
    expect(body.rows.map((r: { code: string; count: number }) => [r.code, r.count])).toEqual([[t.code('X1'), 2], [t.code('G3'), 1]]);
    expect(body.elsewhere).toBe(0);
  });
});

describe('restructure plans: bad input is refused, naming the operation, and nothing changes', () => {
  it('refuses a cycle, incompatible types and an operation on a closed unit, each with its operation named', async () => {
    const t = await makeReformTree();
    await post(`/units/${t.s3a.id}/close`, { effectiveOn: '2020-01-01' }).then(() => undefined);
    const before = await dump();
    const plan = await draft(t.province.id, [
      { kind: 'move', unit: t.code('G1'), parent: t.code('S1a') },
      { kind: 'merge', units: [t.code('K1')], into: t.code('G2') },
      { kind: 'merge', units: [t.code('G3')], into: t.code('K1') },
      { kind: 'rename', unit: t.code('NOPE'), name: 'X' },
    ]);
    const p = (await post(`/restructure-plans/${plan.id}/preview`, {}, { 'accept-language': 'en' })).json();
    expect(p.canApply).toBe(false);
    expect(p.conflicts.map((c: { operation: number; code: string }) => [c.operation, c.code])).toEqual([
      [0, 'unit_cycle'], [1, 'restructure_members_need_cell'], [2, 'restructure_types_incompatible'], [3, 'restructure_unit_unknown'],
    ]);
    expect(p.conflicts[1].message).toContain('holds no members');
    const res = await post(`/restructure-plans/${plan.id}/apply`, {}, { 'accept-language': 'en' });
    const problem = expectProblem(res, 409, 'restructure_plan_conflicts');
    expect(problem.detail).toContain('4 conflicts remain. The first, in operation 1:');
    expect(await dump()).toEqual(before);
  });

  it('refuses a closed unit and a date before a later change', async () => {
    const t = await makeReformTree();
    await post(`/units/${t.s3a.id}/move`, { parentId: t.g1.id, effectiveOn: '2025-09-01' });
    const closed = await makeUnit(db, { typeCode: 'subordinate_cell', parentId: t.g2.id, code: t.code('OLD'), validFrom: '2010-01-01' });
    expect((await post(`/units/${closed.id}/close`, { effectiveOn: '2020-01-01' })).statusCode).toBe(200);
    const before = await dump();
    const plan = await draft(t.province.id, [
      { kind: 'merge', units: [t.code('G3')], into: t.code('G2') },
      { kind: 'rename', unit: t.code('OLD'), name: 'Y' },
    ]);
    const p = (await post(`/restructure-plans/${plan.id}/preview`, {}, { 'accept-language': 'vi' })).json();
    expect(p.conflicts.map((c: { code: string }) => c.code)).toEqual(['unit_change_before_latest', 'restructure_unit_closed']);
    expect(p.conflicts[0].message).toContain('01/09/2025');
    expectProblem(await post(`/restructure-plans/${plan.id}/apply`), 409, 'restructure_plan_conflicts');
    expect(await dump()).toEqual(before);
  });

  it('applies a plan once: the second apply is refused and changes nothing', async () => {
    const t = await makeReformTree();
    const plan = await draft(t.province.id, [{ kind: 'merge', units: [t.code('G2')], into: t.code('G1') }]);
    expect((await post(`/restructure-plans/${plan.id}/apply`)).statusCode).toBe(200);
    const before = await dump();
    const again = await post(`/restructure-plans/${plan.id}/apply`, {}, { 'accept-language': 'en' });
    expect(expectProblem(again, 409, 'restructure_plan_applied').detail).toContain('a plan is applied only once');
    expectProblem(await call({ method: 'PUT', url: `/restructure-plans/${plan.id}`, payload: { unitId: t.province.id, title: 'x', effectiveOn: REFORM, operations: [] } }), 409, 'restructure_plan_applied');
    expect(await dump()).toEqual(before);
  });

  it('refuses a future plan, malformed operations and a stale version', async () => {
    const t = await makeReformTree();
    const future = await draft(t.province.id, [{ kind: 'rename', unit: t.code('G1'), name: 'Z' }], '2099-01-01');
    expect((await post(`/restructure-plans/${future.id}/preview`)).json().canApply).toBe(false);
    expectProblem(await post(`/restructure-plans/${future.id}/apply`), 409, 'restructure_plan_future');
    const bad = await post('/restructure-plans', {
      unitId: t.province.id, title: '', effectiveOn: '2025-02-30', operations: [{ kind: 'explode', unit: 'X' }, { kind: 'merge', units: [] }],
    }, { 'accept-language': 'en' });
    const problem = expectProblem(bad, 400, 'validation_failed');
    expect(problem.errors?.map((e) => e.path)).toEqual(expect.arrayContaining(['title', 'effectiveOn', 'operations.0.kind']));
    const stale = await call({ method: 'PUT', url: `/restructure-plans/${future.id}`, headers: { 'if-match': '"7"' }, payload: { unitId: t.province.id, title: 'x', effectiveOn: REFORM, operations: [] } });
    expectProblem(stale, 412, 'precondition_failed');
  });

  it('a failed apply leaves the tree exactly as it was, even after valid operations ran', async () => {
    const t = await makeReformTree();
    const before = await dump();
    const plan = await draft(t.province.id, [
      { kind: 'create', code: t.code('X9'), name: 'Đảng bộ xã Chín', typeCode: 'commune', parent: t.p },
      { kind: 'merge', units: [t.code('G1'), t.code('G2')], into: t.code('X9') },
      { kind: 'abolish_level', typeCode: 'district' },
      { kind: 'close', unit: t.code('G3') },
    ]);
    const res = await post(`/restructure-plans/${plan.id}/apply`);
    expectProblem(res, 409, 'restructure_plan_conflicts');
    expect(await dump()).toEqual(before);
    expect((await call({ url: `/restructure-plans/${plan.id}` })).json().state).toBe('draft');
  });
});

describe('restructure plans: reach', () => {
  it('keeps a planner inside their reach, and carries grants of merged units only into the unit the merger forms', async () => {
    const t = await makeReformTree();
    const board = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: t.d2.id });
    const auth = { authorization: `Bearer ${board.token}`, 'accept-language': 'en' };
    const outside = await call({ method: 'POST', url: '/restructure-plans', headers: auth, payload: { unitId: t.province.id, title: 'x', effectiveOn: REFORM } });
    expectProblem(outside, 400, 'validation_failed');
    const mine = await call({ method: 'POST', url: '/restructure-plans', headers: auth, payload: { unitId: t.d2.id, title: 'x', effectiveOn: REFORM, operations: [{ kind: 'merge', units: [t.code('G1')], into: t.code('G3') }] } });
    expect(mine.statusCode).toBe(201);
    const p = (await call({ method: 'POST', url: `/restructure-plans/${mine.json().id}/preview`, headers: auth })).json();
    // A unit outside the planner's reach does not exist for them: its name is not given away.
    expect(p.conflicts.map((c: { code: string }) => c.code)).toEqual(['restructure_unit_unknown']);
    expect(p.conflicts[0].message).not.toContain('Đơn vị G1');
    const adminPlan = await draft(t.province.id, [
      { kind: 'create', code: t.code('X1'), name: 'Đảng bộ xã Hợp Nhất', typeCode: 'commune', parent: t.p },
      { kind: 'merge', units: [t.code('G1'), t.code('G2')], into: t.code('X1') },
      { kind: 'merge', units: [t.code('G3')], into: t.code('X1') },
    ]);
    expectProblem(await call({ url: `/restructure-plans/${adminPlan.id}`, headers: auth }), 404, 'not_found');
    const secretary = await makeUserWithToken(db, { roleCode: 'cell_secretary', unitId: t.g2.id });
    const sAuth = { authorization: `Bearer ${secretary.token}` };
    expectProblem(await call({ url: '/restructure-plans', headers: sAuth }), 403, 'forbidden');
    expect((await call({ url: `/units/${t.g1.id}`, headers: sAuth })).statusCode).toBe(404);

    // The board member of D2 had a grant at D2, which closes with no single successor: it lapses.
    const applied = (await post(`/restructure-plans/${adminPlan.id}/apply`)).json();
    expect(applied.outcome).toMatchObject({ grantsCarried: 1 });
    const x1 = { id: Number((await db.pool.query('SELECT id FROM units WHERE code = $1', [t.code('X1')])).rows[0].id) };
    // The secretary of a merged committee now works for the commune it formed…
    const now = await call({ url: `/units/${x1.id}/stats`, headers: sAuth });
    expect(now.statusCode).toBe(200);
    expect(now.json().total).toBe(8);
    // …reads the history of the committees that commune carries on for, and of nothing else…
    expect((await call({ url: `/units/${t.g2.id}/stats?asOf=${EVE}`, headers: sAuth })).json().total).toBe(1);
    expect((await call({ url: `/units/${t.g1.id}/stats?asOf=${EVE}`, headers: sAuth })).json().total).toBe(5);
    expect((await call({ url: `/units/${t.d1.id}/stats?asOf=${EVE}`, headers: sAuth })).statusCode).toBe(404);
    // …and may not write there.
    const rename = await call({ method: 'POST', url: `/units/${t.s2a.id}/rename`, headers: sAuth, payload: { name: 'X', effectiveOn: today() } });
    expect(rename.statusCode).toBe(403);
    const { rows } = await db.pool.query('SELECT unit_id, carried_from FROM grants WHERE user_id = $1 ORDER BY id', [secretary.userId]);
    expect(rows).toHaveLength(2);
    expect(Number(rows[1].unit_id)).toBe(x1.id);
    expect(rows[1].carried_from).not.toBeNull();
  });

  it('lets a grant at a merged unit lapse when the unit joins one that existed before', async () => {
    const t = await makeReformTree();
    const secretary = await makeUserWithToken(db, { roleCode: 'cell_secretary', unitId: t.g2.id });
    const plan = await draft(t.province.id, [{ kind: 'merge', units: [t.code('G2')], into: t.code('G1') }]);
    const p = (await post(`/restructure-plans/${plan.id}/preview`, {}, { 'accept-language': 'en' })).json();
    expect(p.conflicts.map((c: { code: string; severity: string }) => [c.code, c.severity])).toEqual([['restructure_grants_lapse', 'warning']]);
    expect((await post(`/restructure-plans/${plan.id}/apply`)).json().outcome).toMatchObject({ grantsCarried: 0, grantsLapsed: 1 });
    expect((await call({ url: `/units/${t.g1.id}/stats`, headers: { authorization: `Bearer ${secretary.token}` } })).statusCode).toBe(403);
  });
});

describe('restructure plans: operations that build on each other', () => {
  it('carries members through a chain of merges into the last unit, never leaving them in a closed one', async () => {
    const t = await makeReformTree();
    await makeUnit(db, { typeCode: 'subordinate_cell', parentId: t.g1.id, code: t.code('E'), validFrom: '2010-01-01' });
    const plan = await draft(t.province.id, [
      { kind: 'merge', units: [t.code('S1a')], into: t.code('E') },
      { kind: 'merge', units: [t.code('E')], into: t.code('S1b') },
    ]);
    const p = (await post(`/restructure-plans/${plan.id}/preview`)).json();
    expect(p.conflicts.filter((c: { severity: string }) => c.severity === 'error')).toEqual([]);
    expect((await post(`/restructure-plans/${plan.id}/apply`)).statusCode).toBe(200);
    expect((await stats(t.s1b.id)).total).toBe(5);
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS n FROM membership_spans s JOIN units u ON u.id = s.unit_id WHERE s.valid_to = 'infinity' AND u.valid_to <> 'infinity'`);
    expect(rows[0].n).toBe(0);
  });

  it('refuses to close a unit an earlier operation sent members to', async () => {
    const t = await makeReformTree();
    const plan = await draft(t.province.id, [
      { kind: 'create', code: t.code('E'), name: 'Chi bộ tạm', typeCode: 'subordinate_cell', parent: t.code('G1') },
      { kind: 'merge', units: [t.code('S1a')], into: t.code('E') },
      { kind: 'close', unit: t.code('E') },
    ]);
    const p = (await post(`/restructure-plans/${plan.id}/preview`)).json();
    expect(p.conflicts.map((c: { operation: number; code: string }) => [c.operation, c.code])).toEqual([[2, 'unit_has_active_members']]);
  });

  it('refuses nested sources, an abolished successor and a target changed after the date', async () => {
    const t = await makeReformTree();
    await post(`/units/${t.s2a.id}/rename`, { name: 'Chi bộ đổi tên', effectiveOn: '2025-09-01' });
    const before = await dump();
    const plan = await draft(t.province.id, [
      { kind: 'merge', units: [t.code('G1'), t.code('S1a')], into: t.code('G3') },
      { kind: 'abolish_level', typeCode: 'district', successors: { [t.code('D2')]: t.code('D1') } },
      { kind: 'split', unit: t.code('K1'), parts: [{ into: t.code('S2a') }] },
    ]);
    const p = (await post(`/restructure-plans/${plan.id}/preview`, {}, { 'accept-language': 'en' })).json();
    expect(p.conflicts.map((c: { operation: number; code: string }) => [c.operation, c.code])).toEqual([
      [0, 'restructure_sources_nested'], [1, 'restructure_successor_abolished'], [2, 'unit_change_before_latest'],
    ]);
    expectProblem(await post(`/restructure-plans/${plan.id}/apply`), 409, 'restructure_plan_conflicts');
    expect(await dump()).toEqual(before);
  });
});

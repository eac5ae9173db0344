import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.ts';
import { dumpRows } from '../../../../test/db.ts';
import { makeMember, makeTree, makeUnit } from '../../../../test/factories.ts';

const { db, app } = useTestApp();

describe('units API', () => {
  it('creates a unit and refuses a child type the parent does not allow', async () => {
    const tree = await makeTree(db);
    const res = await app.inject({
      method: 'POST', url: '/api/v1/units', headers: { 'accept-language': 'en' },
      payload: { code: 'X-1', name: 'Chi bộ 1', typeCode: 'grassroots_cell', parentId: tree.cellA.id, validFrom: '2020-01-01' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'unit_child_type_not_allowed' });
    expect(res.json().detail).toContain('Grassroots cell');
  });

  it('moves a subtree and keeps the old tree for earlier dates', async () => {
    const tree = await makeTree(db);
    await makeMember(db, tree.cellA.id);
    const before = await app.inject({ url: `/api/v1/units/${tree.bloc.id}/stats?asOf=2024-01-01` });
    expect(before.json().total).toBe(1);
    const moved = await app.inject({
      method: 'POST', url: `/api/v1/units/${tree.cellA.id}/move`,
      payload: { parentId: tree.commune.id, effectiveOn: '2025-08-01' },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().moved).toEqual({ units: 1, spans: 1 });
    const blocThen = await app.inject({ url: `/api/v1/units/${tree.bloc.id}/stats?asOf=2024-01-01` });
    const blocNow = await app.inject({ url: `/api/v1/units/${tree.bloc.id}/stats` });
    const communeNow = await app.inject({ url: `/api/v1/units/${tree.commune.id}/stats` });
    expect(blocThen.json().total).toBe(1);
    expect(blocNow.json().total).toBe(0);
    expect(communeNow.json().total).toBe(1);
  });

  it('refuses to close a unit with active members and says how many', async () => {
    const tree = await makeTree(db);
    await makeMember(db, tree.cellB.id);
    await makeMember(db, tree.cellB.id, { fullName: 'Trần Thị Bình', gender: 'female' });
    const res = await app.inject({
      method: 'POST', url: `/api/v1/units/${tree.cellB.id}/close`, headers: { 'accept-language': 'vi' },
      payload: { effectiveOn: '2026-01-01' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toContain('còn 2 đảng viên');
  });
});

// ---------------------------------------------------------------------------------------------
// Thorough route tests. Every test builds its own tree on fixed past dates; names carry a tag
// so that searches only find the test's own units.
// ---------------------------------------------------------------------------------------------

let tagCounter = 0;
/** A three-letter tag unique within this file ("qaa", "qab", ...), for names searched by text. */
function tag(): string {
  const n = tagCounter++;
  return `q${String.fromCharCode(97 + Math.floor(n / 26) % 26)}${String.fromCharCode(97 + (n % 26))}`;
}

type Inject = { method?: 'GET' | 'POST' | 'PUT'; url: string; payload?: unknown; headers?: Record<string, string> };
const call = (o: Inject) => app.inject({ method: o.method ?? 'GET', url: `/api/v1${o.url}`, payload: o.payload as object, headers: o.headers });
const post = (url: string, payload: unknown, headers: Record<string, string> = {}) => call({ method: 'POST', url, payload, headers });

/** Every row of the tables a refused change must leave untouched. */
const dump = () => dumpRows(db, {
  units: 'SELECT * FROM units ORDER BY id',
  versions: 'SELECT * FROM unit_versions ORDER BY id',
  spans: 'SELECT * FROM membership_spans ORDER BY id',
  events: 'SELECT * FROM member_events ORDER BY id',
});

async function spansOf(memberId: number) {
  const { rows } = await db.pool.query<{ unit_id: number; unit_path: string; status: string; valid_from: string; valid_to: string; reason: string }>(
    'SELECT unit_id, unit_path, status, valid_from, valid_to, reason FROM membership_spans WHERE member_id = $1 ORDER BY valid_from', [memberId]);
  return rows;
}

describe('POST /units (create)', () => {
  it('creates a unit with its path, depth, names, ETag and Location', async () => {
    const province = await makeUnit(db, { typeCode: 'province', validFrom: '2010-01-01' });
    const res = await post('/units', {
      code: '  HN-GR-01 ', name: '  Đảng bộ   Công ty Điện lực ', names: { en: 'Power Company Party Committee' },
      typeCode: 'grassroots_committee', parentId: province.id, validFrom: '2012-05-01',
    });
    expect(res.statusCode).toBe(201);
    const unit = res.json();
    expect(res.headers.location).toBe(`/api/v1/units/${unit.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(unit).toMatchObject({
      code: 'HN-GR-01', name: 'Đảng bộ Công ty Điện lực', typeCode: 'grassroots_committee', parentId: province.id,
      path: `${province.path}${unit.id}.`, depth: 1, validFrom: '2012-05-01', validTo: null, versionFrom: '2012-05-01',
      childCount: 0, version: 1, names: { vi: 'Đảng bộ Công ty Điện lực', en: 'Power Company Party Committee' },
    });
    const got = await call({ url: `/units/${unit.id}?asOf=2012-05-01` });
    expect(got.statusCode).toBe(200);
    expect(got.headers.etag).toBe('"1"');
    expect(got.json().ancestors).toEqual([{ id: province.id, code: province.code, name: province.name, typeCode: 'province' }]);
    const parent = await call({ url: `/units/${province.id}?asOf=2012-05-01` });
    expect(parent.json().childCount).toBe(1);
    expect((await call({ url: `/units/${province.id}?asOf=2012-04-30` })).json().childCount).toBe(0);
  });

  it('refuses a duplicate code with 409 unit_code_taken and writes nothing', async () => {
    const province = await makeUnit(db, { typeCode: 'province', code: 'DUP-1' });
    const before = await dump();
    const res = await post('/units', { code: 'DUP-1', name: 'Khác', typeCode: 'province', validFrom: '2011-01-01' },
      { 'accept-language': 'en' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'unit_code_taken', detail: 'The unit code “DUP-1” is already in use.' });
    expect(await dump()).toEqual(before);
    expect(province.code).toBe('DUP-1');
  });

  it('refuses a type that is not in force on the date (district ended, commune began on 1 Jul 2025)', async () => {
    const province = await makeUnit(db, { typeCode: 'province', validFrom: '2010-01-01' });
    const district = (validFrom: string) => post('/units', {
      code: `D-${validFrom}-${province.id}`, name: 'Huyện X', typeCode: 'district', parentId: province.id, validFrom,
    }, { 'accept-language': 'en' });
    expect((await district('2025-06-30')).statusCode).toBe(201);
    const late = await district('2025-07-01');
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'unit_type_not_in_force' });
    expect(late.json().detail).toBe('The unit type “District party organization” is not in force on 01/07/2025.');

    const commune = (validFrom: string) => post('/units', {
      code: `C-${validFrom}-${province.id}`, name: 'Xã Y', typeCode: 'commune', parentId: province.id, validFrom,
    }, { 'accept-language': 'vi' });
    const early = await commune('2025-06-30');
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'unit_type_not_in_force' });
    expect(early.json().detail).toBe('Loại tổ chức «Đảng bộ xã, phường, đặc khu» không có hiệu lực vào ngày 30/06/2025.');
    expect((await commune('2025-07-01')).statusCode).toBe(201);
  });

  it('refuses a root of a type that may not be a root, and accepts one that may', async () => {
    const res = await post('/units', { code: 'ROOT-CELL', name: 'Chi bộ mồ côi', typeCode: 'grassroots_cell', validFrom: '2015-01-01' },
      { 'accept-language': 'en' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'unit_root_not_allowed', detail: 'A “Grassroots cell” must sit under a parent unit.' });
    const ok = await post('/units', { code: 'ROOT-CENTRAL', name: 'Trung ương', typeCode: 'central', parentId: null, validFrom: '1930-02-03' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ parentId: null, depth: 0, path: `${ok.json().id}.` });
  });

  it('refuses a child type the parent does not allow, naming both types', async () => {
    const tree = await makeTree(db);
    const res = await post('/units', {
      code: `PG-${tree.bloc.id}`, name: 'Tổ đảng 1', typeCode: 'party_group', parentId: tree.bloc.id, validFrom: '2020-01-01',
    }, { 'accept-language': 'vi' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'unit_child_type_not_allowed', detail: '«Đảng bộ khối» không được có tổ chức trực thuộc loại «Tổ đảng».',
    });
    const ok = await post('/units', {
      code: `PG-${tree.cellA.id}`, name: 'Tổ đảng 1', typeCode: 'party_group', parentId: tree.cellA.id, validFrom: '2020-01-01',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().depth).toBe(3);
  });

  it('refuses unknown types and parents as field errors', async () => {
    const unknownType = await post('/units', { code: 'NT-1', name: 'X', typeCode: 'galaxy', validFrom: '2020-01-01' },
      { 'accept-language': 'en' });
    expect(unknownType.statusCode).toBe(400);
    expect(unknownType.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'typeCode', code: 'unit_type_unknown', message: '“Unit type”: there is no unit type “galaxy”.' }],
    });
    const unknownParent = await post('/units', { code: 'NP-1', name: 'X', typeCode: 'bloc', parentId: 987654321, validFrom: '2020-01-01' },
      { 'accept-language': 'vi' });
    expect(unknownParent.statusCode).toBe(400);
    expect(unknownParent.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'parentId', code: 'not_found_ref', message: '«Tổ chức cấp trên» trỏ tới một bản ghi không tồn tại.' }],
    });
  });

  it('refuses a child dated before its parent began, under a closed parent, or under a parent that has moved since', async () => {
    const tree = await makeTree(db);
    const early = await post('/units', {
      code: `E-${tree.commune.id}`, name: 'Chi bộ sớm', typeCode: 'subordinate_cell', parentId: tree.commune.id, validFrom: '2025-06-30',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('unit_not_open');

    const doomed = await makeUnit(db, { typeCode: 'grassroots_committee', parentId: tree.province.id, validFrom: '2010-01-01' });
    expect((await post(`/units/${doomed.id}/close`, { effectiveOn: '2020-01-01' })).statusCode).toBe(200);
    const underClosed = await post('/units', {
      code: `UC-${doomed.id}`, name: 'Chi bộ', typeCode: 'subordinate_cell', parentId: doomed.id, validFrom: '2015-01-01',
    });
    expect(underClosed.statusCode).toBe(409);
    expect(underClosed.json().code).toBe('unit_not_open');

    // The bloc moves under another province on 2021-01-01: a child dated 2020 would sit under a place the bloc no longer has.
    const other = await makeUnit(db, { typeCode: 'province', validFrom: '2010-01-01' });
    expect((await post(`/units/${tree.bloc.id}/move`, { parentId: other.id, effectiveOn: '2021-01-01' })).statusCode).toBe(200);
    const stale = await post('/units', {
      code: `ST-${tree.bloc.id}`, name: 'Chi bộ', typeCode: 'grassroots_cell', parentId: tree.bloc.id, validFrom: '2020-06-01',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('unit_change_before_latest');
    const fresh = await post('/units', {
      code: `FR-${tree.bloc.id}`, name: 'Chi bộ', typeCode: 'grassroots_cell', parentId: tree.bloc.id, validFrom: '2021-01-01',
    });
    expect(fresh.statusCode).toBe(201);
    expect(fresh.json().path).toBe(`${other.path}${tree.bloc.id}.${fresh.json().id}.`);
  });
});

describe('POST /units/:id/rename', () => {
  it('keeps the old name for earlier dates and records history', async () => {
    const tree = await makeTree(db);
    const res = await post(`/units/${tree.cellA.id}/rename`, { name: 'Chi bộ Sở Tư pháp và Nội vụ', names: { en: 'Justice and Home Affairs Cell' }, effectiveOn: '2020-01-01' });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json()).toMatchObject({
      name: 'Chi bộ Sở Tư pháp và Nội vụ', versionFrom: '2020-01-01', version: 2,
      names: { vi: 'Chi bộ Sở Tư pháp và Nội vụ', en: 'Justice and Home Affairs Cell' },
    });
    expect((await call({ url: `/units/${tree.cellA.id}?asOf=2019-12-31` })).json()).toMatchObject({ name: 'Chi bộ Sở Tư pháp', versionFrom: '2010-01-01' });
    expect((await call({ url: `/units/${tree.cellA.id}?asOf=2020-01-01` })).json()).toMatchObject({ name: 'Chi bộ Sở Tư pháp và Nội vụ' });
    const history = await call({ url: `/units/${tree.cellA.id}/history` });
    expect(history.statusCode).toBe(200);
    expect(history.json()).toEqual([
      { name: 'Chi bộ Sở Tư pháp', names: { vi: 'Chi bộ Sở Tư pháp' }, parentId: tree.bloc.id, path: tree.cellA.path, validFrom: '2010-01-01', validTo: '2020-01-01', reason: 'created' },
      { name: 'Chi bộ Sở Tư pháp và Nội vụ', names: { vi: 'Chi bộ Sở Tư pháp và Nội vụ', en: 'Justice and Home Affairs Cell' }, parentId: tree.bloc.id, path: tree.cellA.path, validFrom: '2020-01-01', validTo: null, reason: 'renamed' },
    ]);
  });

  it('replaces the name in place when renamed again on the same day', async () => {
    const tree = await makeTree(db);
    await post(`/units/${tree.cellB.id}/rename`, { name: 'Tên tạm', effectiveOn: '2021-03-01' });
    const again = await post(`/units/${tree.cellB.id}/rename`, { name: 'Chi bộ Sở Y tế mới', effectiveOn: '2021-03-01' });
    expect(again.statusCode).toBe(200);
    expect(again.json().version).toBe(3);
    const history = (await call({ url: `/units/${tree.cellB.id}/history` })).json();
    expect(history.map((v: { name: string; reason: string }) => [v.name, v.reason])).toEqual([
      ['Chi bộ Sở Y tế', 'created'], ['Chi bộ Sở Y tế mới', 'renamed'],
    ]);
  });

  it('refuses a rename dated before a later change, or before the unit began', async () => {
    const tree = await makeTree(db);
    await post(`/units/${tree.cellA.id}/rename`, { name: 'Tên 2020', effectiveOn: '2020-01-01' });
    const before = await dump();
    const res = await post(`/units/${tree.cellA.id}/rename`, { name: 'Tên 2019', effectiveOn: '2019-06-01' }, { 'accept-language': 'en' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'unit_change_before_latest',
      detail: 'The effective date 01/06/2019 is before a change already recorded on 01/01/2020; changes must be in date order.',
    });
    const beforeStart = await post(`/units/${tree.cellA.id}/rename`, { name: 'Tên 2009', effectiveOn: '2009-12-31' }, { 'accept-language': 'vi' });
    expect(beforeStart.statusCode).toBe(409);
    expect(beforeStart.json().code).toBe('unit_date_before_start');
    expect(beforeStart.json().detail).toContain('31/12/2009');
    expect(await dump()).toEqual(before);
  });

  it('honours If-Match: a stale version is refused with 412, the current one accepted', async () => {
    const tree = await makeTree(db);
    const read = await call({ url: `/units/${tree.cellA.id}` });
    const etag = read.headers.etag as string;
    expect(etag).toBe('"1"');
    const first = await post(`/units/${tree.cellA.id}/rename`, { name: 'Tên mới', effectiveOn: '2020-01-01' }, { 'if-match': etag });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    const before = await dump();
    const stale = await post(`/units/${tree.cellA.id}/rename`, { name: 'Tên khác', effectiveOn: '2021-01-01' }, { 'if-match': etag, 'accept-language': 'en' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'precondition_failed', status: 412 });
    expect(stale.json().detail).toContain('current version 2');
    const garbage = await post(`/units/${tree.cellA.id}/rename`, { name: 'Tên khác', effectiveOn: '2021-01-01' }, { 'if-match': 'nonsense' });
    expect(garbage.statusCode).toBe(412);
    expect(await dump()).toEqual(before);
    const weak = await post(`/units/${tree.cellA.id}/rename`, { name: 'Tên khác', effectiveOn: '2021-01-01' }, { 'if-match': 'W/"2"' });
    expect(weak.statusCode).toBe(200);
    expect(weak.json().version).toBe(3);
  });

  it('answers 404 for an unknown unit and 400 for a malformed body', async () => {
    const missing = await post('/units/987654321/rename', { name: 'X', effectiveOn: '2020-01-01' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('not_found');
    const tree = await makeTree(db);
    const bad = await post(`/units/${tree.cellA.id}/rename`, { name: '   ', effectiveOn: '2020-02-30' }, { 'accept-language': 'en' });
    expect(bad.statusCode).toBe(400);
    const errors = bad.json().errors as { path: string; code: string }[];
    expect(errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: 'name', code: 'required' }),
      expect.objectContaining({ path: 'effectiveOn', code: 'invalid_date' }),
    ]));
  });
});

describe('POST /units/:id/move', () => {
  it('moves a subtree: paths, depths, parents and open spans change from the date, history stays', async () => {
    const central = await makeUnit(db, { typeCode: 'central', validFrom: '2000-01-01' });
    const p1 = await makeUnit(db, { typeCode: 'province', parentId: central.id, validFrom: '2000-01-01' });
    const p2 = await makeUnit(db, { typeCode: 'province', parentId: central.id, validFrom: '2000-01-01' });
    const bloc = await makeUnit(db, { typeCode: 'bloc', parentId: p1.id, validFrom: '2005-01-01' });
    const cell = await makeUnit(db, { typeCode: 'grassroots_cell', parentId: bloc.id, validFrom: '2005-01-01' });
    const group = await makeUnit(db, { typeCode: 'party_group', parentId: cell.id, validFrom: '2018-01-01' });
    const member = await makeMember(db, cell.id);
    // An edit of the record dated after the move (no span of its own, so the move is allowed).
    await db.pool.query(
      `INSERT INTO member_events (member_id, kind, effective_on, unit_id) VALUES ($1, 'profile_updated', '2022-05-01', $2)`,
      [member.id, cell.id]);
    const eventPaths = async () => (await db.pool.query<{ kind: string; unit_path: string }>(
      `SELECT kind, unit_path FROM member_events WHERE member_id = $1 ORDER BY effective_on`, [member.id])).rows;
    const oldCellPath = `${p1.path}${bloc.id}.${cell.id}.`;
    expect((await eventPaths()).map((e) => e.unit_path)).toEqual([oldCellPath, oldCellPath, oldCellPath]);

    const res = await post(`/units/${bloc.id}/move`, { parentId: p2.id, effectiveOn: '2021-01-01' });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    // Events keep the place of their day: those before the move the old path, the later one the new.
    expect(await eventPaths()).toEqual([
      { kind: 'admitted', unit_path: oldCellPath },
      { kind: 'recognized_official', unit_path: oldCellPath },
      { kind: 'profile_updated', unit_path: `${p2.path}${bloc.id}.${cell.id}.` },
    ]);
    expect(res.json().moved).toEqual({ units: 3, spans: 1 });
    expect(res.json().unit).toMatchObject({
      parentId: p2.id, path: `${p2.path}${bloc.id}.`, depth: 2, versionFrom: '2021-01-01', childCount: 1, version: 2,
    });

    const cellThen = (await call({ url: `/units/${cell.id}?asOf=2020-12-31` })).json();
    const cellNow = (await call({ url: `/units/${cell.id}?asOf=2021-01-01` })).json();
    expect(cellThen).toMatchObject({ path: `${p1.path}${bloc.id}.${cell.id}.`, depth: 3, parentId: bloc.id });
    expect(cellThen.ancestors.map((a: { id: number }) => a.id)).toEqual([central.id, p1.id, bloc.id]);
    expect(cellNow).toMatchObject({ path: `${p2.path}${bloc.id}.${cell.id}.`, depth: 3, parentId: bloc.id });
    expect(cellNow.ancestors.map((a: { id: number }) => a.id)).toEqual([central.id, p2.id, bloc.id]);
    expect((await call({ url: `/units/${group.id}` })).json()).toMatchObject({ path: `${p2.path}${bloc.id}.${cell.id}.${group.id}.`, depth: 4 });

    const history = (await call({ url: `/units/${bloc.id}/history` })).json();
    expect(history).toEqual([
      expect.objectContaining({ parentId: p1.id, path: `${p1.path}${bloc.id}.`, validFrom: '2005-01-01', validTo: '2021-01-01', reason: 'created' }),
      expect.objectContaining({ parentId: p2.id, path: `${p2.path}${bloc.id}.`, validFrom: '2021-01-01', validTo: null, reason: 'moved' }),
    ]);
    // The member's open span is continued under the new path; the old one keeps the old path.
    expect(await spansOf(member.id)).toEqual([
      expect.objectContaining({ status: 'probationary', valid_to: '2016-03-20', unit_path: `${p1.path}${bloc.id}.${cell.id}.` }),
      expect.objectContaining({ status: 'official', valid_from: '2016-03-20', valid_to: '2021-01-01', unit_path: `${p1.path}${bloc.id}.${cell.id}.`, reason: 'recognized_official' }),
      expect.objectContaining({ status: 'official', valid_from: '2021-01-01', valid_to: 'infinity', unit_path: `${p2.path}${bloc.id}.${cell.id}.`, reason: 'restructured' }),
    ]);

    // Lazy children as of each date.
    const p1Then = (await call({ url: `/units?parent=${p1.id}&asOf=2020-12-31` })).json();
    const p1Now = (await call({ url: `/units?parent=${p1.id}&asOf=2021-01-01` })).json();
    const p2Now = (await call({ url: `/units?parent=${p2.id}&asOf=2021-01-01` })).json();
    expect(p1Then.items.map((u: { id: number }) => u.id)).toEqual([bloc.id]);
    expect(p1Then.items[0].childCount).toBe(1);
    expect(p1Now.items).toEqual([]);
    expect(p2Now.items.map((u: { id: number }) => u.id)).toEqual([bloc.id]);

    // Counts follow the tree of each date.
    expect((await call({ url: `/units/${p1.id}/stats?asOf=2020-12-31` })).json().total).toBe(1);
    expect((await call({ url: `/units/${p1.id}/stats?asOf=2021-01-01` })).json().total).toBe(0);
    expect((await call({ url: `/units/${p2.id}/stats?asOf=2021-01-01` })).json().total).toBe(1);
    expect((await call({ url: `/units/${central.id}/stats?asOf=2021-01-01` })).json().total).toBe(1);
  });

  it('a move on the day a unit was created re-places that version instead of adding one', async () => {
    const tree = await makeTree(db);
    const other = await makeUnit(db, { typeCode: 'bloc', parentId: tree.province.id, validFrom: '2010-01-01' });
    const fresh = await makeUnit(db, { typeCode: 'grassroots_cell', parentId: tree.bloc.id, validFrom: '2022-02-01' });
    const res = await post(`/units/${fresh.id}/move`, { parentId: other.id, effectiveOn: '2022-02-01' });
    expect(res.statusCode).toBe(200);
    expect(res.json().moved).toEqual({ units: 1, spans: 0 });
    const history = (await call({ url: `/units/${fresh.id}/history` })).json();
    expect(history).toEqual([expect.objectContaining({ parentId: other.id, path: `${other.path}${fresh.id}.`, validFrom: '2022-02-01', validTo: null })]);
  });

  it('refuses cycles, disallowed child types, the same parent, unknown and closed parents — writing nothing', async () => {
    const tree = await makeTree(db);
    await makeMember(db, tree.cellA.id);
    const before = await dump();
    const refuse = async (id: number, parentId: number, status: number, code: string, lang = 'en') => {
      const res = await post(`/units/${id}/move`, { parentId, effectiveOn: '2025-09-01' }, { 'accept-language': lang });
      expect(res.statusCode, `${id} → ${parentId}`).toBe(status);
      expect(res.json().code).toBe(code);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      return res.json();
    };
    const intoItself = await refuse(tree.bloc.id, tree.bloc.id, 409, 'unit_cycle');
    expect(intoItself.detail).toBe('A unit cannot be moved into itself or into one of its own subordinate units.');
    const intoChild = await refuse(tree.province.id, tree.cellA.id, 409, 'unit_cycle', 'vi');
    expect(intoChild.detail).toBe('Không thể chuyển một tổ chức vào chính nó hoặc vào tổ chức cấp dưới của nó.');
    await refuse(tree.bloc.id, tree.cellA.id, 409, 'unit_cycle');
    const wrongType = await refuse(tree.cellA.id, tree.cellB.id, 409, 'unit_child_type_not_allowed');
    expect(wrongType.detail).toBe('A “Grassroots cell” may not have a subordinate “Grassroots cell”.');
    await refuse(tree.cellA.id, tree.bloc.id, 409, 'unit_same_parent');
    const unknownParent = await refuse(tree.cellA.id, 987654321, 400, 'validation_failed');
    expect(unknownParent.errors).toEqual([expect.objectContaining({ path: 'parentId', code: 'not_found_ref' })]);
    const unknownUnit = await post('/units/987654321/move', { parentId: tree.bloc.id, effectiveOn: '2025-09-01' });
    expect(unknownUnit.statusCode).toBe(404);
    expect(await dump()).toEqual(before);

    const closedCell = await makeUnit(db, { typeCode: 'grassroots_cell', parentId: tree.commune.id, validFrom: '2025-07-01' });
    await post(`/units/${closedCell.id}/close`, { effectiveOn: '2025-08-01' });
    const afterClose = await dump();
    await refuse(closedCell.id, tree.bloc.id, 409, 'unit_not_open');
    const otherCommune = await makeUnit(db, { typeCode: 'commune', parentId: tree.province.id, validFrom: '2025-07-01' });
    await post(`/units/${otherCommune.id}/close`, { effectiveOn: '2025-07-15' });
    const afterClose2 = await dump();
    await refuse(tree.cellC.id, otherCommune.id, 409, 'unit_not_open');
    expect(await dump()).toEqual(afterClose2);
    expect(afterClose2.versions.length).toBeGreaterThan(afterClose.versions.length);
  });

  it('refuses a move dated before a later change anywhere in the subtree (a member admitted later) — writing nothing', async () => {
    const tree = await makeTree(db);
    await makeMember(db, tree.cellA.id, { admissionDecisionDate: '2022-05-01', ceremonyDate: '2022-05-10', officialDate: null });
    const before = await dump();
    const res = await post(`/units/${tree.bloc.id}/move`, { parentId: tree.commune.id, effectiveOn: '2025-06-30' }, { 'accept-language': 'en' });
    // The commune did not exist yet on 2025-06-30.
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('unit_not_open');
    const other = await makeUnit(db, { typeCode: 'province', validFrom: '2010-01-01' });
    const afterOther = await dump();
    const early = await post(`/units/${tree.cellA.id}/move`, { parentId: other.id, effectiveOn: '2022-04-30' }, { 'accept-language': 'en' });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'unit_change_before_latest' });
    expect(early.json().detail).toContain('01/05/2022');
    expect(await dump()).toEqual(afterOther);
    expect(afterOther.spans).toEqual(before.spans);
    // On the day of the latest change itself the move is allowed and the span is re-pathed in place.
    const onTheDay = await post(`/units/${tree.bloc.id}/move`, { parentId: other.id, effectiveOn: '2022-05-01' });
    expect(onTheDay.statusCode).toBe(200);
    expect(onTheDay.json().moved).toEqual({ units: 3, spans: 1 });
  });

  it('a stale If-Match refuses the move with 412 and writes nothing', async () => {
    const tree = await makeTree(db);
    await makeMember(db, tree.cellA.id);
    const other = await makeUnit(db, { typeCode: 'bloc', parentId: tree.province.id, validFrom: '2010-01-01' });
    const before = await dump();
    const res = await post(`/units/${tree.cellA.id}/move`, { parentId: other.id, effectiveOn: '2024-01-01' }, { 'if-match': '"7"' });
    expect(res.statusCode).toBe(412);
    expect(await dump()).toEqual(before);
    const ok = await post(`/units/${tree.cellA.id}/move`, { parentId: other.id, effectiveOn: '2024-01-01' }, { 'if-match': '"1"' });
    expect(ok.statusCode).toBe(200);
  });
});

describe('POST /units/:id/close', () => {
  it('closes a unit from a date: gone after, still there before', async () => {
    const tree = await makeTree(db);
    const res = await post(`/units/${tree.cellB.id}/close`, { effectiveOn: '2024-07-01' });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json()).toMatchObject({ id: tree.cellB.id, validTo: '2024-07-01', version: 2 });
    expect((await call({ url: `/units/${tree.cellB.id}?asOf=2024-06-30` })).statusCode).toBe(200);
    expect((await call({ url: `/units/${tree.cellB.id}?asOf=2024-07-01` })).statusCode).toBe(404);
    const childrenThen = (await call({ url: `/units?parent=${tree.bloc.id}&asOf=2024-06-30` })).json().items;
    const childrenNow = (await call({ url: `/units?parent=${tree.bloc.id}&asOf=2024-07-01` })).json().items;
    expect(childrenThen.map((u: { id: number }) => u.id).sort()).toEqual([tree.cellA.id, tree.cellB.id].sort());
    expect(childrenNow.map((u: { id: number }) => u.id)).toEqual([tree.cellA.id]);
    expect((await call({ url: `/units/${tree.cellB.id}/history` })).json()).toEqual([
      expect.objectContaining({ validFrom: '2010-01-01', validTo: '2024-07-01', reason: 'created' }),
    ]);
    const again = await post(`/units/${tree.cellB.id}/close`, { effectiveOn: '2024-08-01' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('unit_not_open');
    const rename = await post(`/units/${tree.cellB.id}/rename`, { name: 'Muộn', effectiveOn: '2024-08-01' });
    expect(rename.statusCode).toBe(409);
  });

  it('refuses to close a unit with active members, saying how many (vi and en, singular and plural) — writing nothing', async () => {
    const tree = await makeTree(db);
    await makeMember(db, tree.cellA.id);
    // A member who leaves the cell after the closing date still counts: she is active there on that day.
    const leaver = await makeMember(db, tree.cellB.id, { fullName: 'Lê Thị Cúc', gender: 'female' });
    const t = await call({ method: 'POST', url: `/members/${leaver.id}/events`, payload: { kind: 'transferred', effectiveOn: '2024-06-01', toUnitId: tree.cellA.id } });
    expect(t.statusCode).toBe(201);
    const before = await dump();
    const one = await post(`/units/${tree.cellB.id}/close`, { effectiveOn: '2024-01-01' }, { 'accept-language': 'en' });
    expect(one.statusCode).toBe(409);
    expect(one.json()).toMatchObject({
      code: 'unit_has_active_members', detail: `Cannot close: Chi bộ Sở Y tế (${tree.cellB.code}) still has 1 active member.`,
    });
    const two = await post(`/units/${tree.cellA.id}/close`, { effectiveOn: '2024-07-01' }, { 'accept-language': 'en' });
    expect(two.json().detail).toBe(`Cannot close: Chi bộ Sở Tư pháp (${tree.cellA.code}) still has 2 active members.`);
    const vi = await post(`/units/${tree.cellA.id}/close`, { effectiveOn: '2024-07-01' }, { 'accept-language': 'vi' });
    expect(vi.json().detail).toBe(`Không thể giải thể: Chi bộ Sở Tư pháp (${tree.cellA.code}) còn 2 đảng viên đang sinh hoạt.`);
    expect(await dump()).toEqual(before);
    // After the transfer date the cell is empty and may close.
    expect((await post(`/units/${tree.cellB.id}/close`, { effectiveOn: '2024-06-01' })).statusCode).toBe(200);
  });

  it('refuses to close a unit with open children, saying how many — writing nothing', async () => {
    const tree = await makeTree(db);
    const before = await dump();
    const res = await post(`/units/${tree.bloc.id}/close`, { effectiveOn: '2024-01-01' }, { 'accept-language': 'en' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'unit_has_open_children',
      detail: `Cannot close: Đảng bộ Khối cơ quan (${tree.bloc.code}) still has 2 active subordinate units.`,
    });
    const vi = await post(`/units/${tree.bloc.id}/close`, { effectiveOn: '2024-01-01' });
    expect(vi.json().detail).toBe(`Không thể giải thể: Đảng bộ Khối cơ quan (${tree.bloc.code}) còn 2 tổ chức trực thuộc đang hoạt động.`);
    expect(await dump()).toEqual(before);
  });

  it('refuses to close a unit before a child closed or moved out (the child was still under it then)', async () => {
    const tree = await makeTree(db);
    await post(`/units/${tree.cellA.id}/close`, { effectiveOn: '2024-06-01' });
    const other = await makeUnit(db, { typeCode: 'bloc', parentId: tree.province.id, validFrom: '2010-01-01' });
    await post(`/units/${tree.cellB.id}/move`, { parentId: other.id, effectiveOn: '2024-03-01' });
    const before = await dump();
    const tooEarly = await post(`/units/${tree.bloc.id}/close`, { effectiveOn: '2024-01-01' });
    expect(tooEarly.statusCode).toBe(409);
    expect(await dump()).toEqual(before);
    const stillEarly = await post(`/units/${tree.bloc.id}/close`, { effectiveOn: '2024-05-31' });
    expect(stillEarly.statusCode).toBe(409);
    expect(stillEarly.json().code).toBe('unit_change_before_latest');
    expect(await dump()).toEqual(before);
    expect((await post(`/units/${tree.bloc.id}/close`, { effectiveOn: '2024-06-01' })).statusCode).toBe(200);
  });

  it('refuses a close dated on or before the unit’s latest change', async () => {
    const tree = await makeTree(db);
    await post(`/units/${tree.cellA.id}/rename`, { name: 'Tên mới', effectiveOn: '2023-01-01' });
    const before = await dump();
    for (const effectiveOn of ['2022-12-31', '2023-01-01']) {
      const res = await post(`/units/${tree.cellA.id}/close`, { effectiveOn });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('unit_change_before_latest');
    }
    expect(await dump()).toEqual(before);
  });
});

describe('GET /units (children, search, paging)', () => {
  it('lists lazy children in rank then name order with their child counts', async () => {
    const tree = await makeTree(db);
    const res = await call({ url: `/units?parent=${tree.province.id}&asOf=2025-07-01` });
    expect(res.statusCode).toBe(200);
    // commune and bloc share rank 2; names order them (Đảng bộ Khối… < Đảng bộ xã…).
    expect(res.json().items.map((u: { id: number; childCount: number }) => [u.id, u.childCount])).toEqual([
      [tree.bloc.id, 2], [tree.commune.id, 1],
    ]);
    expect(res.json().nextCursor).toBeNull();
    const before = await call({ url: `/units?parent=${tree.province.id}&asOf=2025-06-30` });
    expect(before.json().items.map((u: { id: number }) => u.id)).toEqual([tree.bloc.id]);
    const roots = await call({ url: '/units?asOf=2025-07-01&limit=500' });
    expect(roots.json().items.some((u: { id: number }) => u.id === tree.province.id)).toBe(true);
    expect(roots.json().items.every((u: { parentId: number | null }) => u.parentId === null)).toBe(true);
  });

  it('answers 404 for an unknown parent or one that did not exist on the date', async () => {
    const tree = await makeTree(db);
    expect((await call({ url: '/units?parent=987654321' })).statusCode).toBe(404);
    expect((await call({ url: `/units?parent=${tree.commune.id}&asOf=2025-06-30` })).statusCode).toBe(404);
  });

  it('searches names ignoring case and diacritics (đ finds d), as of a date', async () => {
    const t = tag();
    const province = await makeUnit(db, { typeCode: 'province', name: `Đảng bộ tỉnh Đồng Tháp ${t}`, validFrom: '2010-01-01' });
    const school = await makeUnit(db, { typeCode: 'grassroots_cell', parentId: province.id, name: `Chi bộ Trường Tiểu học Hòa Bình ${t}`, validFrom: '2010-01-01' });
    const office = await makeUnit(db, { typeCode: 'grassroots_cell', parentId: province.id, name: `Chi bộ Ủy ban nhân dân ${t}`, validFrom: '2010-01-01' });
    await post(`/units/${office.id}/rename`, { name: `Chi bộ Văn phòng HĐND ${t}`, effectiveOn: '2020-01-01' });
    const ids = async (query: string) => {
      const res = await call({ url: `/units?${query}` });
      expect(res.statusCode, query).toBe(200);
      return res.json().items.map((u: { id: number }) => u.id);
    };
    const q = (text: string) => `q=${encodeURIComponent(text)}`;
    expect(await ids(q(`dong thap ${t}`))).toEqual([province.id]);
    expect(await ids(q(`ĐỒNG THÁP ${t}`))).toEqual([province.id]);
    expect(await ids(q(`HOA BINH ${t}`))).toEqual([school.id]);
    // "Hoà" (old-style accent placement, decomposed) finds "Hòa".
    expect(await ids(q(`Hoa\u0300 Bi\u0300nh ${t}`))).toEqual([school.id]);
    // Province (rank 1) before cells (rank 3); cells by folded name.
    expect(await ids(q(t))).toEqual([province.id, school.id, office.id]);
    expect(await ids(`${q(t)}&type=grassroots_cell`)).toHaveLength(2);
    expect(await ids(`${q(`uy ban nhan dan ${t}`)}&asOf=2019-12-31`)).toEqual([office.id]);
    expect(await ids(`${q(`uy ban nhan dan ${t}`)}&asOf=2020-01-01`)).toEqual([]);
    expect(await ids(`${q(`van phong hdnd ${t}`)}&asOf=2020-01-01`)).toEqual([office.id]);
    expect(await ids(`${q(t)}&asOf=2009-12-31`)).toEqual([]);
  });

  it('treats % and _ in a search as plain characters', async () => {
    const t = tag();
    const province = await makeUnit(db, { typeCode: 'province', name: `Đảng bộ tỉnh Hòa Bình ${t}`, validFrom: '2010-01-01' });
    const res = await call({ url: `/units?q=${encodeURIComponent(`h_a binh ${t}`)}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([]);
    const pct = await call({ url: `/units?q=${encodeURIComponent(`dang bo%${t}`)}` });
    expect(pct.json().items).toEqual([]);
    expect((await call({ url: `/units?q=${encodeURIComponent(`hoa binh ${t}`)}` })).json().items.map((u: { id: number }) => u.id)).toEqual([province.id]);
  });

  it('pages children with a keyset cursor: every unit once, in order, ties broken by id', async () => {
    const t = tag();
    const province = await makeUnit(db, { typeCode: 'province', validFrom: '2010-01-01' });
    const gc = await makeUnit(db, { typeCode: 'grassroots_committee', parentId: province.id, validFrom: '2010-01-01' });
    const cells = [];
    for (const name of [`Chi bộ Cường ${t}`, `Chi bộ An ${t}`, `Chi bộ Bình ${t}`, `Chi bộ Ân ${t}`, `Chi bộ Bình ${t}`]) {
      cells.push(await makeUnit(db, { typeCode: 'subordinate_cell', parentId: gc.id, name, validFrom: '2010-01-01' }));
    }
    const partial = await makeUnit(db, { typeCode: 'partial_committee', parentId: gc.id, name: `Đảng bộ bộ phận Xưởng ${t}`, validFrom: '2010-01-01' });
    const [cuong, an, binh1, an2, binh2] = cells.map((c) => c.id);
    const expected = [partial.id, an, an2, binh1, binh2, cuong];

    const full = await call({ url: `/units?parent=${gc.id}&limit=500` });
    expect(full.json().items.map((u: { id: number }) => u.id)).toEqual(expected);
    expect(full.json().nextCursor).toBeNull();

    for (const size of [1, 2, 4]) {
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await call({ url: `/units?parent=${gc.id}&limit=${size}${cursor ? `&cursor=${cursor}` : ''}` });
        expect(res.statusCode).toBe(200);
        const page = res.json();
        expect(page.items.length).toBeLessThanOrEqual(size);
        seen.push(...page.items.map((u: { id: number }) => u.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && pages < 20);
      expect(seen, `limit ${size}`).toEqual(expected);
      expect(pages).toBe(Math.ceil(expected.length / size));
    }
  });

  it('refuses bad cursors and limits with 400, never 500', async () => {
    const tree = await makeTree(db);
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const cursor of ['!!!', b64({ a: 1 }), b64([1, 'a']), b64(['x', 'y', 'z']), b64([1.5, 'a', 2]), b64([1, 2, 3]), b64([1e300, 'a', 1])]) {
      const res = await call({ url: `/units?parent=${tree.province.id}&cursor=${encodeURIComponent(cursor)}`, headers: { 'accept-language': 'en' } });
      expect(res.statusCode, cursor).toBe(400);
      expect(res.json().code).toBe('validation_failed');
      expect(res.json().errors).toEqual([expect.objectContaining({ path: 'cursor', code: 'invalid_cursor' })]);
    }
    const zero = await call({ url: '/units?limit=0', headers: { 'accept-language': 'en' } });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().errors).toEqual([{ path: 'limit', code: 'too_small', message: '“Rows per page” must be at least 1.' }]);
    const big = await call({ url: '/units?limit=501', headers: { 'accept-language': 'en' } });
    expect(big.json().errors).toEqual([{ path: 'limit', code: 'too_big', message: '“Rows per page” must be at most 500.' }]);
    const unknown = await call({ url: '/units?colour=red', headers: { 'accept-language': 'en' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([expect.objectContaining({ path: 'colour', code: 'unknown_field' })]);
  });
});

describe('GET /units/:id and /history', () => {
  it('answers 404 for unknown ids or dates before the unit existed, 400 for malformed ids and dates', async () => {
    const tree = await makeTree(db);
    const missing = await call({ url: '/units/987654321', headers: { 'accept-language': 'en' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'not_found', detail: 'The requested unit was not found.' });
    expect((await call({ url: '/units/987654321/history' })).statusCode).toBe(404);
    expect((await call({ url: `/units/${tree.commune.id}?asOf=2025-06-30` })).statusCode).toBe(404);
    const badId = await call({ url: '/units/abc', headers: { 'accept-language': 'en' } });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().errors).toEqual([{ path: 'id', code: 'invalid_id', message: '“Id” must be a positive whole number.' }]);
    const badDate = await call({ url: `/units/${tree.bloc.id}?asOf=2025-02-29`, headers: { 'accept-language': 'vi' } });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().errors).toEqual([{ path: 'asOf', code: 'invalid_date', message: '«Tính đến ngày» phải là một ngày có thật, dạng YYYY-MM-DD.' }]);
  });
});

describe('atomic changes', () => {
  it('a move or close that fails halfway (a database error after the first writes) leaves every table as it was', async () => {
    const tree = await makeTree(db);
    const member = await makeMember(db, tree.cellA.id);
    const other = await makeUnit(db, { typeCode: 'province', validFrom: '2010-01-01' });
    const fn = `fail_test_${member.id}`;
    // Fails the move on its last step (continuing the member's span) and the close on its last
    // step (marking the unit closed), after unit_versions has already been written.
    await db.pool.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected failure'; END $$`);
    await db.pool.query(`CREATE TRIGGER ${fn}_spans BEFORE INSERT ON membership_spans FOR EACH ROW
      WHEN (NEW.member_id = ${member.id}) EXECUTE FUNCTION ${fn}()`);
    await db.pool.query(`CREATE TRIGGER ${fn}_units BEFORE UPDATE ON units FOR EACH ROW
      WHEN (NEW.id = ${tree.cellB.id} AND NEW.valid_to <> 'infinity') EXECUTE FUNCTION ${fn}()`);
    try {
      const before = await dump();
      const move = await post(`/units/${tree.bloc.id}/move`, { parentId: other.id, effectiveOn: '2024-01-01' });
      expect(move.statusCode).toBe(500);
      expect(move.body).not.toContain('injected failure');
      expect(await dump()).toEqual(before);
      const close = await post(`/units/${tree.cellB.id}/close`, { effectiveOn: '2024-01-01' });
      expect(close.statusCode).toBe(500);
      expect(await dump()).toEqual(before);
    } finally {
      await db.pool.query(`DROP TRIGGER ${fn}_spans ON membership_spans`);
      await db.pool.query(`DROP TRIGGER ${fn}_units ON units`);
      await db.pool.query(`DROP FUNCTION ${fn}()`);
    }
    // Without the failure both go through.
    expect((await post(`/units/${tree.bloc.id}/move`, { parentId: other.id, effectiveOn: '2024-01-01' })).statusCode).toBe(200);
    expect((await post(`/units/${tree.cellB.id}/close`, { effectiveOn: '2024-02-01' })).statusCode).toBe(200);
  });
});

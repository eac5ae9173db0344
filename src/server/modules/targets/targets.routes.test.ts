import { describe, expect, it } from 'vitest';
import { makeUserWithToken, useTestApp } from '../../../../test/app.ts';
import { expectProblem } from '../../../../test/expect-problem.ts';
import { makeMember, makeUnit } from '../../../../test/factories.ts';
import { today } from '../../db/rows.ts';
import { scopedDatabase } from '../../db/scoped.ts';
import { insertRevision } from './targets.repository.ts';

const { db, app } = useTestApp();

type Row = { unitId: number; target: number | null; admitted: number; achievement: number | null };

async function development(unitId: number, query = '', headers: Record<string, string> = {}) {
  const res = await app.inject({ url: `/api/v1/units/${unitId}/development?${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** A revision recorded on a past day, as the service would have written it that day. */
async function recordedOn(unitId: number, year: number, target: number, day: string, decisionRef: string | null = null) {
  await insertRevision(db.pool, {
    unitId, year, target, decisionRef, note: null, recordedOn: day, recordedBy: null, recordedByLabel: 'test',
  });
}

const admit = (unitId: number, day: string, fullName = 'Nguyễn Văn An') =>
  makeMember(db, unitId, { fullName, admissionDecisionDate: day, ceremonyDate: day, officialDate: null });

/**
 * Province P → district D1 → cell X1 (party group G below it, closed 2024-04-01), cell X2;
 * P → district D2 → cell Y1; P → bloc B → cell Z1. X2 moves from D1 to D2 on 2024-07-01.
 *
 * Admissions: X1 2023-12-05 (the year before), 2024-01-10, 2024-03-15, 2024-09-20; X2 2024-05-06 (under D1)
 * and 2024-08-12 (under D2); Y1 2024-02-02, 2024-11-11, 2025-01-06 (the year after); Z1 2024-06-30.
 */
async function scenario() {
  const p = await makeUnit(db, { typeCode: 'province', name: 'Đảng bộ tỉnh Chỉ Tiêu', validFrom: '2000-01-01' });
  const d1 = await makeUnit(db, { typeCode: 'district', parentId: p.id, name: 'Đảng bộ huyện A', validFrom: '2000-01-01' });
  const d2 = await makeUnit(db, { typeCode: 'district', parentId: p.id, name: 'Đảng bộ huyện B', validFrom: '2000-01-01' });
  const b = await makeUnit(db, { typeCode: 'bloc', parentId: p.id, name: 'Đảng bộ khối', validFrom: '2000-01-01' });
  const x1 = await makeUnit(db, { typeCode: 'grassroots_cell', parentId: d1.id, name: 'Chi bộ X1', validFrom: '2000-01-01' });
  const x2 = await makeUnit(db, { typeCode: 'grassroots_cell', parentId: d1.id, name: 'Chi bộ X2', validFrom: '2000-01-01' });
  const y1 = await makeUnit(db, { typeCode: 'grassroots_cell', parentId: d2.id, name: 'Chi bộ Y1', validFrom: '2000-01-01' });
  const z1 = await makeUnit(db, { typeCode: 'grassroots_cell', parentId: b.id, name: 'Chi bộ Z1', validFrom: '2000-01-01' });
  const g = await makeUnit(db, { typeCode: 'party_group', parentId: x1.id, name: 'Tổ đảng G', validFrom: '2018-01-01' });
  const closed = await app.inject({ method: 'POST', url: `/api/v1/units/${g.id}/close`, payload: { effectiveOn: '2024-04-01' } });
  expect(closed.statusCode, closed.body).toBe(200);

  for (const day of ['2023-12-05', '2024-01-10', '2024-03-15', '2024-09-20']) await admit(x1.id, day);
  for (const day of ['2024-02-02', '2024-11-11', '2025-01-06']) await admit(y1.id, day, 'Trần Thị Bình');
  await admit(z1.id, '2024-06-30', 'Lê Văn Cường');
  await admit(x2.id, '2024-05-06', 'Phạm Thị Dung');
  const moved = await app.inject({ method: 'POST', url: `/api/v1/units/${x2.id}/move`, payload: { parentId: d2.id, effectiveOn: '2024-07-01' } });
  expect(moved.statusCode, moved.body).toBe(200);
  await admit(x2.id, '2024-08-12', 'Hoàng Văn Em');
  return { p, d1, d2, b, x1, x2, y1, z1, g, units: [p, d1, d2, b, x1, x2, y1, z1, g].map((u) => u.id) };
}

/**
 * Admissions per unit recounted from the raw rows without paths: each admission climbs from its
 * cell through the parents in force on its day.
 */
async function recount(unitIds: number[], from: string, to: string): Promise<Map<number, number>> {
  const { rows: events } = await db.pool.query<{ unitId: number; day: string }>(
    `SELECT unit_id AS "unitId", effective_on AS day FROM member_events WHERE kind = 'admitted' AND unit_id = ANY($1)`, [unitIds]);
  const { rows: versions } = await db.pool.query<{ unitId: number; parentId: number | null; from: string; to: string }>(
    `SELECT unit_id AS "unitId", parent_id AS "parentId", valid_from AS "from", valid_to AS "to" FROM unit_versions WHERE unit_id = ANY($1)`,
    [unitIds]);
  const parentOn = (unitId: number, day: string) =>
    versions.find((v) => v.unitId === unitId && v.from <= day && (v.to === 'infinity' || v.to > day))?.parentId ?? null;
  const counts = new Map<number, number>();
  for (const e of events.filter((x) => x.day >= from && x.day <= to)) {
    for (let u: number | null = e.unitId; u !== null; u = parentOn(u, e.day)) counts.set(u, (counts.get(u) ?? 0) + 1);
  }
  return counts;
}

describe('development against targets', () => {
  it('counts a year’s admissions in each subtree as the tree stood that day, and the achievement', async () => {
    const s = await scenario();
    await recordedOn(s.p.id, 2024, 10, '2024-01-15', '12-NQ/TU');
    await recordedOn(s.d1.id, 2024, 4, '2024-01-20');
    await recordedOn(s.d2.id, 2024, 2, '2024-01-20');

    const r = await development(s.p.id, 'year=2024');
    expect(r).toMatchObject({ year: 2024, asOf: '2024-12-31', from: '2024-01-01', to: '2024-12-31' });
    expect(r.unit).toMatchObject({ unitId: s.p.id, target: 10, admitted: 8, achievement: 0.8, decisionRef: '12-NQ/TU', targetRecordedOn: '2024-01-15' });
    // X2 counts for D1 in May and for D2 in August: where it stood when each member was admitted.
    expect(r.children.map((c: Row) => [c.unitId, c.target, c.admitted, c.achievement])).toEqual([
      [s.d1.id, 4, 4, 1], [s.d2.id, 2, 3, 1.5], [s.b.id, null, 1, null],
    ]);
    expect(r).toMatchObject({ childrenTargetSum: 6, childrenWithoutTarget: 1 });

    const expected = await recount(s.units, '2024-01-01', '2024-12-31');
    for (const row of [r.unit, ...r.children] as Row[]) expect(row.admitted, String(row.unitId)).toBe(expected.get(row.unitId) ?? 0);
    expect(expected.get(s.p.id)).toBe(8);

    // The moved cell itself keeps both admissions; up to the end of June, only the first half-year counts.
    expect((await development(s.x2.id, 'year=2024')).unit.admitted).toBe(2);
    const june = await development(s.p.id, 'year=2024&asOf=2024-06-30');
    const half = await recount(s.units, '2024-01-01', '2024-06-30');
    expect(june.to).toBe('2024-06-30');
    expect(june.unit.admitted).toBe(5);
    for (const row of [june.unit, ...june.children] as Row[]) expect(row.admitted).toBe(half.get(row.unitId) ?? 0);
    // On 30 June X2 still sat in D1.
    expect(june.children.map((c: Row) => [c.unitId, c.admitted])).toEqual([[s.d1.id, 3], [s.d2.id, 1], [s.b.id, 1]]);
  });

  it('keeps every revision and gives the target known on each date', async () => {
    const s = await scenario();
    await recordedOn(s.p.id, 2024, 9, '2024-01-15', '12-NQ/TU');
    await recordedOn(s.p.id, 2024, 10, '2024-07-01', '31-NQ/TU');
    // Recorded today, after the end of 2024: a report of 2024 as of its last day is unchanged.
    const put = await app.inject({ method: 'PUT', url: `/api/v1/units/${s.p.id}/targets/2024`, payload: { target: 12, note: 'Bổ sung sau tổng kết' } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.headers.etag).toBe('"3"');
    expect(put.json()).toMatchObject({ unitId: s.p.id, year: 2024, revision: 3, target: 12, decisionRef: null, note: 'Bổ sung sau tổng kết', recordedOn: today() });

    expect((await development(s.p.id, 'year=2024&asOf=2023-12-31')).unit).toMatchObject({ target: null, admitted: 0, achievement: null });
    expect((await development(s.p.id, 'year=2024&asOf=2024-06-30')).unit).toMatchObject({ target: 9, admitted: 5 });
    expect((await development(s.p.id, 'year=2024&asOf=2024-07-01')).unit).toMatchObject({ target: 10, decisionRef: '31-NQ/TU' });
    expect((await development(s.p.id, 'year=2024')).unit).toMatchObject({ target: 10, admitted: 8, achievement: 0.8 });
    expect((await development(s.p.id, `year=2024&asOf=${today()}`)).unit).toMatchObject({ target: 12, admitted: 8 });

    const list = await app.inject({ url: `/api/v1/units/${s.p.id}/targets` });
    expect(list.statusCode).toBe(200);
    expect(list.json().map((t: { revision: number; target: number; recordedOn: string; supersededOn: string | null }) =>
      [t.revision, t.target, t.recordedOn, t.supersededOn])).toEqual([
      [1, 9, '2024-01-15', '2024-07-01'], [2, 10, '2024-07-01', today()], [3, 12, today(), null],
    ]);
    const stored = await db.pool.query('SELECT target FROM development_targets WHERE unit_id = $1 ORDER BY id', [s.p.id]);
    expect(stored.rows.map((x) => x.target)).toEqual([9, 10, 12]);
  });

  it('records each revision with its author in the audit trail, once, and honours If-Match', async () => {
    const s = await scenario();
    const put = (payload: object, headers: Record<string, string> = {}) =>
      app.inject({ method: 'PUT', url: `/api/v1/units/${s.d1.id}/targets/2026`, payload, headers });
    const first = await put({ target: 40, decisionRef: '05-KH/HU' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ revision: 1, recordedBy: { label: expect.any(String) } });
    expect(first.json().recordedBy.userId).toEqual(expect.any(Number));
    // The same target, reference and note again: nothing new is recorded.
    const again = await put({ target: 40, decisionRef: '05-KH/HU' });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expectProblem(await put({ target: 45 }, { 'if-match': '"0"' }), 412, 'precondition_failed');
    const second = await put({ target: 45, note: 'Điều chỉnh giữa năm' }, { 'if-match': '"1"' });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.headers.etag).toBe('"2"');
    // Two revisions on one day: the later is in force.
    expect((await development(s.d1.id, 'year=2026')).unit.target).toBe(45);

    const audit = await app.inject({ url: `/api/v1/audit?targetType=unit&targetId=${s.d1.id}` });
    const rows = (audit.json().items as { action: string; details: Record<string, unknown> }[]).filter((a) => a.action === 'target.set');
    expect(rows.map((a) => a.details)).toEqual([
      { year: 2026, revision: 2, before: { target: 40, decisionRef: '05-KH/HU', note: null }, after: { target: 45, decisionRef: null, note: 'Điều chỉnh giữa năm' } },
      { year: 2026, revision: 1, before: null, after: { target: 40, decisionRef: '05-KH/HU', note: null } },
    ]);
  });

  it('reports a unit for a year it existed in part, as it stood on its last day', async () => {
    const s = await scenario();
    const group = await development(s.g.id, 'year=2024');
    expect(group).toMatchObject({ to: '2024-12-31', children: [] });
    expect(group.unit).toMatchObject({ unitId: s.g.id, admitted: 0, target: null });
    // The group is gone by the end of 2024, so it is not below X1 that day.
    expect((await development(s.x1.id, 'year=2024')).children).toEqual([]);
    expect((await development(s.x1.id, 'year=2024&asOf=2024-03-31')).children.map((c: Row) => c.unitId)).toEqual([s.g.id]);
    expectProblem(await app.inject({ url: `/api/v1/units/${s.g.id}/development?year=2025` }), 404, 'not_found');
    expectProblem(await app.inject({ url: `/api/v1/units/${s.p.id}/development?year=1999` }), 404, 'not_found');
  });

  it('lets requests add revisions, never change or remove one', async () => {
    const s = await scenario();
    await recordedOn(s.p.id, 2024, 10, '2024-01-15');
    const asRequest = scopedDatabase(db, null);
    await expect(asRequest.pool.query('UPDATE development_targets SET target = 0 WHERE unit_id = $1', [s.p.id])).rejects.toThrow(/permission denied/);
    await expect(asRequest.pool.query('DELETE FROM development_targets WHERE unit_id = $1', [s.p.id])).rejects.toThrow(/permission denied/);
    expect((await development(s.p.id, 'year=2024')).unit.target).toBe(10);
  });

  it('defaults to the year of asOf, or this year up to today', async () => {
    const s = await scenario();
    expect(await development(s.p.id, 'asOf=2024-03-31')).toMatchObject({ year: 2024, to: '2024-03-31' });
    const now = await development(s.p.id);
    expect(now).toMatchObject({ year: Number(today().slice(0, 4)), asOf: today(), to: today() });
  });
});

describe('scope', () => {
  it('shows a caller only the units in reach, and lists only those children', async () => {
    const s = await scenario();
    await recordedOn(s.p.id, 2024, 10, '2024-01-15');
    await recordedOn(s.d1.id, 2024, 4, '2024-01-20');
    await recordedOn(s.d2.id, 2024, 2, '2024-01-20');
    // The province alone, and District B with everything below it.
    const staff = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: s.p.id, includeSubtree: false });
    await db.pool.query(`INSERT INTO grants (user_id, role_code, unit_id, include_subtree) VALUES ($1, 'organization_board', $2, true)`,
      [staff.userId, s.d2.id]);
    const as = { authorization: `Bearer ${staff.token}` };

    const r = await development(s.p.id, 'year=2024', as);
    expect(r.unit.target).toBe(10);
    expect(r.children.map((c: Row) => [c.unitId, c.target, c.admitted])).toEqual([[s.d2.id, 2, 3]]);
    expect(r).toMatchObject({ childrenTargetSum: 2, childrenWithoutTarget: 0 });
    for (const unit of [s.d1, s.b, s.x1]) {
      expectProblem(await app.inject({ url: `/api/v1/units/${unit.id}/development?year=2024`, headers: as }), 404, 'not_found');
      expectProblem(await app.inject({ url: `/api/v1/units/${unit.id}/targets`, headers: as }), 404, 'not_found');
      expectProblem(await app.inject({ method: 'PUT', url: `/api/v1/units/${unit.id}/targets/2024`, headers: as, payload: { target: 1 } }), 404, 'not_found');
    }
    const own = await app.inject({ method: 'PUT', url: `/api/v1/units/${s.y1.id}/targets/2024`, headers: as, payload: { target: 2 } });
    expect(own.statusCode, own.body).toBe(200);
    const d2 = await development(s.d2.id, `year=2024&asOf=${today()}`, as);
    expect(d2.children.map((c: Row) => [c.unitId, c.target])).toEqual([[s.x2.id, null], [s.y1.id, 2]]);
    const written = await db.pool.query('SELECT unit_id AS "unitId" FROM development_targets WHERE recorded_by = $1', [staff.userId]);
    expect(written.rows).toEqual([{ unitId: s.y1.id }]);

    const observer = await makeUserWithToken(db, { roleCode: 'observer', unitId: s.d1.id });
    const reader = { authorization: `Bearer ${observer.token}` };
    expectProblem(await app.inject({ url: `/api/v1/units/${s.p.id}/development?year=2024`, headers: reader }), 404, 'not_found');
    expect((await development(s.d1.id, 'year=2024', reader)).unit.target).toBe(4);
    expectProblem(await app.inject({ method: 'PUT', url: `/api/v1/units/${s.d1.id}/targets/2024`, headers: reader, payload: { target: 1 } }), 403, 'forbidden');
  });
});

describe('validation', () => {
  const put = (unitId: number, year: string | number, payload: unknown) =>
    app.inject({ method: 'PUT', url: `/api/v1/units/${unitId}/targets/${year}`, headers: { 'accept-language': 'en' }, payload: payload as object });

  it('names the field and the rule, in the reader’s language', async () => {
    const s = await scenario();
    const maxYear = Number(today().slice(0, 4)) + 5;
    const cases: [string | number, unknown, string, string, string][] = [
      [2024, { target: -1 }, 'target', 'too_small', '“Admission target” must be at least 0.'],
      [2024, { target: 2.5 }, 'target', 'integer', '“Admission target” must be a whole number.'],
      [2024, { target: '12' }, 'target', 'invalid_type', '“Admission target” has the wrong type.'],
      [2024, {}, 'target', 'required', '“Admission target” is required.'],
      [2024, { target: 3, reference: 'x' }, 'reference', 'unknown_field', 'The field “reference” is not supported.'],
      [1929, { target: 3 }, 'year', 'year_range', `“Year” must be a year from 1930 to ${maxYear}.`],
      [maxYear + 1, { target: 3 }, 'year', 'year_range', `“Year” must be a year from 1930 to ${maxYear}.`],
      ['2024.5', { target: 3 }, 'year', 'integer', '“Year” must be a whole number.'],
      ['abc', { target: 3 }, 'year', 'integer', '“Year” must be a whole number.'],
    ];
    for (const [year, payload, path, code, message] of cases) {
      const body = expectProblem(await put(s.d1.id, year, payload), 400, 'validation_failed');
      expect(body.errors, `${year} ${JSON.stringify(payload)}`).toEqual([{ path, code, message }]);
    }
    const vi = await app.inject({ method: 'PUT', url: `/api/v1/units/${s.d1.id}/targets/2024`, payload: { target: -5 } });
    expect(expectProblem(vi, 400, 'validation_failed').errors).toEqual([
      { path: 'target', code: 'too_small', message: '«Chỉ tiêu kết nạp» không được nhỏ hơn 0.' }]);
    const count = await db.pool.query('SELECT count(*)::int AS n FROM development_targets WHERE unit_id = $1', [s.d1.id]);
    expect(count.rows[0].n).toBe(0);
  });

  it('refuses a year in which the unit did not exist', async () => {
    const s = await scenario();
    const before = expectProblem(await put(s.p.id, 1999, { target: 3 }), 400, 'validation_failed');
    expect(before.errors).toEqual([{ path: 'year', code: 'year_before_unit', message: '“Year” must not be before the year the unit was founded (01/01/2000).' }]);
    const after = expectProblem(await put(s.g.id, 2025, { target: 1 }), 400, 'validation_failed');
    expect(after.errors).toEqual([{ path: 'year', code: 'year_after_unit', message: '“Year” must not be after the year the unit ceased to exist (its last day: 31/03/2024).' }]);
    expect((await put(s.g.id, 2024, { target: 1 })).statusCode).toBe(200);
    expect((await put(s.p.id, 2000, { target: 1 })).statusCode).toBe(200);
  });

  it('answers 404 for an unknown unit and 400 for a bad query', async () => {
    expectProblem(await put(987654321, 2024, { target: 1 }), 404, 'not_found');
    expectProblem(await app.inject({ url: '/api/v1/units/987654321/targets' }), 404, 'not_found');
    const bad = await app.inject({ url: '/api/v1/units/1/development?year=12x&asOf=2024-02-30&extra=1', headers: { 'accept-language': 'en' } });
    const body = expectProblem(bad, 400, 'validation_failed');
    expect(body.errors?.map((e) => [e.path, e.code]).sort()).toEqual([['asOf', 'invalid_date'], ['extra', 'unknown_field'], ['year', 'integer']]);
  });
});

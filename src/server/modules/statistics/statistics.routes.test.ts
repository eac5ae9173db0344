import { describe, expect, it } from 'vitest';
import { makeUserWithToken, useTestApp } from '../../../../test/app.ts';
import { makeMember, makeTree, makeUnit } from '../../../../test/factories.ts';
import { compareKeptCounts, compareKeptEventCounts, keptRollupsOffTheirParts } from './statistics.repository.ts';

const { db, app } = useTestApp();

async function event(memberId: number, payload: Record<string, unknown>) {
  const res = await app.inject({ method: 'POST', url: `/api/v1/members/${memberId}/events`, payload });
  expect(res.statusCode, res.body).toBe(201);
}

async function stats(unitId: number, query: string) {
  const res = await app.inject({ url: `/api/v1/units/${unitId}/stats?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

type Row = { key: string; count: number };
const asObject = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.key, r.count]));

/**
 * Province P (1995) → bloc B (1995) → cells A and B (1995), party group G under A (2018, closed 2024-01-01);
 * P → commune C (2025-07-01) → subordinate cell C1 (2025-07-01). Cell B moves under C on 2025-08-01.
 *
 *  m1 A  male   1985-04-12 Kinh  none         upper_secondary university intermediate  admitted 2015-03-02, official 2016-03-20
 *  m2 A  female 1995-06-01 Tày   buddhism     lower_secondary college    elementary    admitted 2023-03-01, official (event) 2024-03-20
 *  m3 B  male   1960-01-15 Kinh  catholicism  —               master     advanced      admitted 2000-05-01, official 2001-05-19, died 2023-06-10
 *  m4 B  female 1990-02-28 Khmer none         upper_secondary doctor     —             admitted 2023-01-10, transferred to A 2023-09-01
 *  m5 B  male   2000-12-31 Kinh  none         upper_secondary university none          admitted 2024-02-01
 *  m7 B  male   1980-01-01 Kinh  none         upper_secondary university —             admitted 2025-03-10
 *  m6 C1 female 1970-07-07 Kinh  protestantism primary        vocational none          admitted 2025-08-05
 */
async function scenario() {
  const province = await makeUnit(db, { typeCode: 'province', validFrom: '1995-01-01' });
  const bloc = await makeUnit(db, { typeCode: 'bloc', parentId: province.id, validFrom: '1995-01-01' });
  const cellA = await makeUnit(db, { typeCode: 'grassroots_cell', parentId: bloc.id, validFrom: '1995-01-01' });
  const cellB = await makeUnit(db, { typeCode: 'grassroots_cell', parentId: bloc.id, validFrom: '1995-01-01' });
  const group = await makeUnit(db, { typeCode: 'party_group', parentId: cellA.id, validFrom: '2018-01-01' });
  const commune = await makeUnit(db, { typeCode: 'commune', parentId: province.id, validFrom: '2025-07-01' });
  const cellC = await makeUnit(db, { typeCode: 'subordinate_cell', parentId: commune.id, validFrom: '2025-07-01' });

  const probationary = { officialDate: null };
  const m1 = await makeMember(db, cellA.id, { fullName: 'Nguyễn Văn An' });
  const m2 = await makeMember(db, cellA.id, {
    fullName: 'Hoàng Thị Bình', gender: 'female', birthDate: '1995-06-01', ethnicity: '02', religion: 'buddhism',
    education: 'lower_secondary', qualification: 'college', theoryLevel: 'elementary',
    admissionDecisionDate: '2023-03-01', ceremonyDate: '2023-03-15', ...probationary,
  });
  const m3 = await makeMember(db, cellB.id, {
    fullName: 'Trần Văn Cường', birthDate: '1960-01-15', religion: 'catholicism', education: null, qualification: 'master',
    theoryLevel: 'advanced', admissionDecisionDate: '2000-05-01', ceremonyDate: '2000-05-19', officialDate: '2001-05-19',
  });
  const m4 = await makeMember(db, cellB.id, {
    fullName: 'Thạch Thị Dung', gender: 'female', birthDate: '1990-02-28', ethnicity: '05', qualification: 'doctor',
    theoryLevel: null, admissionDecisionDate: '2023-01-10', ceremonyDate: '2023-01-20', ...probationary,
  });
  const m5 = await makeMember(db, cellB.id, {
    fullName: 'Lê Văn Em', birthDate: '2000-12-31', theoryLevel: 'none',
    admissionDecisionDate: '2024-02-01', ceremonyDate: '2024-02-15', ...probationary,
  });
  const m7 = await makeMember(db, cellB.id, {
    fullName: 'Phạm Văn Giang', birthDate: '1980-01-01', theoryLevel: null,
    admissionDecisionDate: '2025-03-10', ceremonyDate: '2025-03-25', ...probationary,
  });
  await event(m3.id, { kind: 'died', effectiveOn: '2023-06-10' });
  await event(m4.id, { kind: 'transferred', effectiveOn: '2023-09-01', toUnitId: cellA.id });
  await event(m2.id, { kind: 'recognized_official', effectiveOn: '2024-03-20' });
  const closed = await app.inject({ method: 'POST', url: `/api/v1/units/${group.id}/close`, payload: { effectiveOn: '2024-01-01' } });
  expect(closed.statusCode, closed.body).toBe(200);
  const moved = await app.inject({ method: 'POST', url: `/api/v1/units/${cellB.id}/move`, payload: { parentId: commune.id, effectiveOn: '2025-08-01' } });
  expect(moved.statusCode, moved.body).toBe(200);
  expect(moved.json().moved).toEqual({ units: 1, spans: 2 });
  const m6 = await makeMember(db, cellC.id, {
    fullName: 'Đỗ Thị Phương', gender: 'female', birthDate: '1970-07-07', religion: 'protestantism', education: 'primary',
    qualification: 'vocational', theoryLevel: 'none', admissionDecisionDate: '2025-08-05', ceremonyDate: '2025-08-20', ...probationary,
  });
  return { province, bloc, cellA, cellB, group, commune, cellC, m1, m2, m3, m4, m5, m6, m7 };
}

const ZERO_RELIGIONS = { none: 0, buddhism: 0, catholicism: 0, protestantism: 0, cao_dai: 0, hoa_hao: 0, islam: 0, other: 0 };
const ZERO_AGES = { up_to_30: 0, '31_40': 0, '41_50': 0, '51_60': 0, '61_70': 0, over_70: 0 };
const ZERO_EDUCATION = { primary: 0, lower_secondary: 0, upper_secondary: 0, unknown: 0 };
const ZERO_QUALIFICATIONS = { none: 0, vocational: 0, college: 0, university: 0, master: 0, doctor: 0, unknown: 0 };
const ZERO_THEORY = { none: 0, elementary: 0, intermediate: 0, advanced: 0, bachelor: 0, unknown: 0 };

describe('GET /units/:id/stats', () => {
  it('counts every breakdown of the province as of the end of 2022', async () => {
    const s = await scenario();
    const r = await stats(s.province.id, 'asOf=2022-12-31');
    expect(r).toMatchObject({ unitId: s.province.id, asOf: '2022-12-31', subtree: true, total: 2, women: 0, ethnicMinority: 0, religious: 1 });
    expect(r.byStatus).toEqual([{ key: 'probationary', count: 0 }, { key: 'official', count: 2 }]);
    expect(r.byGender).toEqual([{ key: 'male', count: 2 }, { key: 'female', count: 0 }]);
    expect(asObject(r.byAgeBand)).toEqual({ ...ZERO_AGES, '31_40': 1, '61_70': 1 });
    expect(r.byEthnicity).toEqual([{ key: '01', count: 2 }]);
    expect(asObject(r.byReligion)).toEqual({ ...ZERO_RELIGIONS, none: 1, catholicism: 1 });
    expect(asObject(r.byEducation)).toEqual({ ...ZERO_EDUCATION, upper_secondary: 1, unknown: 1 });
    expect(asObject(r.byQualification)).toEqual({ ...ZERO_QUALIFICATIONS, university: 1, master: 1 });
    expect(asObject(r.byTheoryLevel)).toEqual({ ...ZERO_THEORY, intermediate: 1, advanced: 1 });
    expect(r.unitsByType).toEqual([
      { key: 'bloc', count: 1 }, { key: 'grassroots_cell', count: 2 }, { key: 'party_group', count: 1 }, { key: 'province', count: 1 },
    ]);
    expect(r.yearToDate).toEqual({ from: '2022-01-01', admitted: 0, recognizedOfficial: 0, died: 0 });
    // Every reference key appears, in the reference order, even when zero.
    expect(r.byAgeBand.map((x: Row) => x.key)).toEqual(Object.keys(ZERO_AGES));
    expect(r.byReligion.map((x: Row) => x.key)).toEqual(Object.keys(ZERO_RELIGIONS));
    expect(r.byEducation.map((x: Row) => x.key)).toEqual(Object.keys(ZERO_EDUCATION));
    expect(r.byQualification.map((x: Row) => x.key)).toEqual(Object.keys(ZERO_QUALIFICATIONS));
    expect(r.byTheoryLevel.map((x: Row) => x.key)).toEqual(Object.keys(ZERO_THEORY));
  });

  it('follows admissions, a death and a transfer through 2023', async () => {
    const s = await scenario();
    const r = await stats(s.province.id, 'asOf=2023-12-31');
    expect(r).toMatchObject({ total: 3, women: 2, ethnicMinority: 2, religious: 1 });
    expect(asObject(r.byStatus)).toEqual({ probationary: 2, official: 1 });
    expect(asObject(r.byGender)).toEqual({ male: 1, female: 2 });
    expect(asObject(r.byAgeBand)).toEqual({ ...ZERO_AGES, up_to_30: 1, '31_40': 2 });
    expect(r.byEthnicity).toEqual([{ key: '01', count: 1 }, { key: '02', count: 1 }, { key: '05', count: 1 }]);
    expect(asObject(r.byReligion)).toEqual({ ...ZERO_RELIGIONS, none: 2, buddhism: 1 });
    expect(asObject(r.byEducation)).toEqual({ ...ZERO_EDUCATION, lower_secondary: 1, upper_secondary: 2 });
    expect(asObject(r.byQualification)).toEqual({ ...ZERO_QUALIFICATIONS, college: 1, university: 1, doctor: 1 });
    expect(asObject(r.byTheoryLevel)).toEqual({ ...ZERO_THEORY, elementary: 1, intermediate: 1, unknown: 1 });
    expect(r.yearToDate).toEqual({ from: '2023-01-01', admitted: 2, recognizedOfficial: 0, died: 1 });

    // The day of the death and the day of the transfer.
    expect((await stats(s.cellB.id, 'asOf=2023-06-09&subtree=false')).total).toBe(2);
    expect((await stats(s.cellB.id, 'asOf=2023-06-10&subtree=false')).total).toBe(1);
    expect((await stats(s.province.id, 'asOf=2023-06-09')).yearToDate.died).toBe(0);
    expect((await stats(s.province.id, 'asOf=2023-06-10')).yearToDate.died).toBe(1);
    expect((await stats(s.cellB.id, 'asOf=2023-08-31&subtree=false')).total).toBe(1);
    expect((await stats(s.cellB.id, 'asOf=2023-09-01&subtree=false')).total).toBe(0);
    expect((await stats(s.cellA.id, 'asOf=2023-08-31&subtree=false')).total).toBe(2);
    expect((await stats(s.cellA.id, 'asOf=2023-09-01&subtree=false')).total).toBe(3);
    // Before the first admission of the year.
    expect((await stats(s.province.id, 'asOf=2023-01-09')).yearToDate).toEqual({ from: '2023-01-01', admitted: 0, recognizedOfficial: 0, died: 0 });
    expect((await stats(s.province.id, 'asOf=2023-01-10')).yearToDate.admitted).toBe(1);
  });

  it('subtree=false counts the unit alone; subtree=true adds everything below it', async () => {
    const s = await scenario();
    const blocAlone = await stats(s.bloc.id, 'asOf=2023-12-31&subtree=false');
    expect(blocAlone).toMatchObject({ subtree: false, total: 0 });
    expect(blocAlone.unitsByType).toEqual([{ key: 'bloc', count: 1 }]);
    expect(blocAlone.yearToDate).toMatchObject({ admitted: 0, died: 0 });
    const blocAll = await stats(s.bloc.id, 'asOf=2023-12-31&subtree=true');
    expect(blocAll).toMatchObject({ subtree: true, total: 3 });
    expect(blocAll.unitsByType).toEqual([{ key: 'bloc', count: 1 }, { key: 'grassroots_cell', count: 2 }, { key: 'party_group', count: 1 }]);
    expect(blocAll.yearToDate).toMatchObject({ admitted: 2, recognizedOfficial: 0, died: 1 });
    // subtree defaults to true.
    expect(await stats(s.bloc.id, 'asOf=2023-12-31')).toEqual(blocAll);
    expect(await stats(s.bloc.id, 'asOf=2023-12-31&subtree=1')).toEqual(blocAll);
    expect(await stats(s.bloc.id, 'asOf=2023-12-31&subtree=0')).toEqual(blocAlone);

    const cellA = await stats(s.cellA.id, 'asOf=2023-12-31&subtree=false');
    expect(cellA).toMatchObject({ total: 3 });
    expect(cellA.yearToDate).toMatchObject({ admitted: 1, died: 0 });
    expect(cellA.unitsByType).toEqual([{ key: 'grassroots_cell', count: 1 }]);
    const cellB = await stats(s.cellB.id, 'asOf=2023-12-31&subtree=false');
    expect(cellB).toMatchObject({ total: 0 });
    expect(cellB.yearToDate).toMatchObject({ admitted: 1, died: 1 });
  });

  it('counts official recognitions in the year they happen, to the day', async () => {
    const s = await scenario();
    expect((await stats(s.province.id, 'asOf=2015-12-31')).yearToDate).toEqual({ from: '2015-01-01', admitted: 1, recognizedOfficial: 0, died: 0 });
    expect((await stats(s.province.id, 'asOf=2016-03-19')).yearToDate).toEqual({ from: '2016-01-01', admitted: 0, recognizedOfficial: 0, died: 0 });
    expect((await stats(s.province.id, 'asOf=2016-03-20')).yearToDate).toEqual({ from: '2016-01-01', admitted: 0, recognizedOfficial: 1, died: 0 });
    const before = await stats(s.province.id, 'asOf=2024-03-19');
    expect(asObject(before.byStatus)).toEqual({ probationary: 3, official: 1 });
    expect(before.yearToDate).toEqual({ from: '2024-01-01', admitted: 1, recognizedOfficial: 0, died: 0 });
    const after = await stats(s.province.id, 'asOf=2024-03-20');
    expect(asObject(after.byStatus)).toEqual({ probationary: 2, official: 2 });
    expect(after.yearToDate).toEqual({ from: '2024-01-01', admitted: 1, recognizedOfficial: 1, died: 0 });
  });

  it('follows a closed unit and a moved subtree: each date sees its own tree', async () => {
    const s = await scenario();
    // The party group closed on 2024-01-01.
    expect((await stats(s.cellA.id, 'asOf=2023-12-31')).unitsByType).toEqual([{ key: 'grassroots_cell', count: 1 }, { key: 'party_group', count: 1 }]);
    expect((await stats(s.cellA.id, 'asOf=2024-01-01')).unitsByType).toEqual([{ key: 'grassroots_cell', count: 1 }]);
    expect((await app.inject({ url: `/api/v1/units/${s.group.id}/stats?asOf=2024-01-01` })).statusCode).toBe(404);

    // Before the move (2025-08-01) cell B is in the bloc; after it, in the commune.
    const blocBefore = await stats(s.bloc.id, 'asOf=2025-07-31');
    expect(blocBefore.total).toBe(5);
    expect(blocBefore.unitsByType).toEqual([{ key: 'bloc', count: 1 }, { key: 'grassroots_cell', count: 2 }]);
    const communeBefore = await stats(s.commune.id, 'asOf=2025-07-31');
    expect(communeBefore.total).toBe(0);
    expect(communeBefore.unitsByType).toEqual([{ key: 'commune', count: 1 }, { key: 'subordinate_cell', count: 1 }]);

    const blocAfter = await stats(s.bloc.id, 'asOf=2025-12-31');
    expect(blocAfter.total).toBe(3);
    expect(blocAfter.unitsByType).toEqual([{ key: 'bloc', count: 1 }, { key: 'grassroots_cell', count: 1 }]);
    const communeAfter = await stats(s.commune.id, 'asOf=2025-12-31');
    expect(communeAfter.total).toBe(3);
    expect(asObject(communeAfter.byStatus)).toEqual({ probationary: 3, official: 0 });
    expect(communeAfter.unitsByType).toEqual([{ key: 'commune', count: 1 }, { key: 'grassroots_cell', count: 1 }, { key: 'subordinate_cell', count: 1 }]);
    // The province sees both sides throughout.
    expect((await stats(s.province.id, 'asOf=2025-07-31')).total).toBe(5);
    expect((await stats(s.province.id, 'asOf=2025-12-31')).total).toBe(6);
    // Cell B's own members do not change with the move.
    expect((await stats(s.cellB.id, 'asOf=2025-07-31')).total).toBe(2);
    expect((await stats(s.cellB.id, 'asOf=2025-08-01')).total).toBe(2);
  });

  it('counts the year’s events by the unit where they happened, also for a unit that moved during the year', async () => {
    const s = await scenario();
    expect((await stats(s.province.id, 'asOf=2025-12-31')).yearToDate).toEqual({ from: '2025-01-01', admitted: 2, recognizedOfficial: 0, died: 0 });
    // m7 was admitted in cell B on 2025-03-10, while cell B was in the bloc; m6 in the commune's cell on 2025-08-05.
    expect((await stats(s.bloc.id, 'asOf=2025-12-31')).yearToDate.admitted).toBe(1);
    expect((await stats(s.commune.id, 'asOf=2025-12-31')).yearToDate.admitted).toBe(1);
    const alone = await stats(s.cellB.id, 'asOf=2025-12-31&subtree=false');
    const withSubtree = await stats(s.cellB.id, 'asOf=2025-12-31&subtree=true');
    expect(alone.yearToDate.admitted).toBe(1);
    // A unit with everything below it never counts fewer events than the unit alone.
    expect(withSubtree.yearToDate.admitted).toBe(1);
  });

  it('gives exact breakdowns at the end of 2025', async () => {
    const s = await scenario();
    const r = await stats(s.province.id, 'asOf=2025-12-31');
    expect(r).toMatchObject({ total: 6, women: 3, ethnicMinority: 2, religious: 2 });
    expect(r.byStatus).toEqual([{ key: 'probationary', count: 4 }, { key: 'official', count: 2 }]);
    expect(r.byGender).toEqual([{ key: 'male', count: 3 }, { key: 'female', count: 3 }]);
    expect(asObject(r.byAgeBand)).toEqual({ ...ZERO_AGES, up_to_30: 2, '31_40': 2, '41_50': 1, '51_60': 1 });
    expect(r.byEthnicity).toEqual([{ key: '01', count: 4 }, { key: '02', count: 1 }, { key: '05', count: 1 }]);
    expect(asObject(r.byReligion)).toEqual({ ...ZERO_RELIGIONS, none: 4, buddhism: 1, protestantism: 1 });
    expect(asObject(r.byEducation)).toEqual({ ...ZERO_EDUCATION, primary: 1, lower_secondary: 1, upper_secondary: 4 });
    expect(asObject(r.byQualification)).toEqual({ ...ZERO_QUALIFICATIONS, vocational: 1, college: 1, university: 3, doctor: 1 });
    expect(asObject(r.byTheoryLevel)).toEqual({ ...ZERO_THEORY, none: 2, elementary: 1, intermediate: 1, unknown: 2 });
    expect(r.unitsByType).toEqual([
      { key: 'bloc', count: 1 }, { key: 'commune', count: 1 }, { key: 'grassroots_cell', count: 2 },
      { key: 'province', count: 1 }, { key: 'subordinate_cell', count: 1 },
    ]);
    const sum = (rows: Row[]) => rows.reduce((n, x) => n + x.count, 0);
    for (const key of ['byStatus', 'byGender', 'byAgeBand', 'byEthnicity', 'byReligion', 'byEducation', 'byQualification', 'byTheoryLevel']) {
      expect(sum(r[key]), key).toBe(r.total);
    }
  });

  it('puts a member in the next age band on the birthday', async () => {
    const s = await scenario();
    // m2 (born 1995-06-01) turns 31 on 2026-06-01; m1 is 41, m4 36.
    const before = await stats(s.cellA.id, 'asOf=2026-05-31&subtree=false');
    expect(asObject(before.byAgeBand)).toEqual({ ...ZERO_AGES, up_to_30: 1, '31_40': 1, '41_50': 1 });
    const after = await stats(s.cellA.id, 'asOf=2026-06-01&subtree=false');
    expect(asObject(after.byAgeBand)).toEqual({ ...ZERO_AGES, '31_40': 2, '41_50': 1 });
  });

  it('answers 404 for unknown units or dates before a unit existed, 400 for bad parameters', async () => {
    const s = await scenario();
    const missing = await app.inject({ url: '/api/v1/units/987654321/stats', headers: { 'accept-language': 'en' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'not_found', detail: 'The requested unit was not found.' });
    expect((await app.inject({ url: `/api/v1/units/${s.commune.id}/stats?asOf=2025-06-30` })).statusCode).toBe(404);
    const bad = await app.inject({ url: `/api/v1/units/${s.commune.id}/stats?subtree=maybe&asOf=2025-13-01`, headers: { 'accept-language': 'en' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.json().code).toBe('validation_failed');
    expect(bad.json().errors).toEqual(expect.arrayContaining([
      { path: 'subtree', code: 'boolean', message: '“Include subordinate units” must be true or false.' },
      expect.objectContaining({ path: 'asOf', code: 'invalid_date' }),
    ]));
    const today = await stats(s.province.id, '');
    expect(today.subtree).toBe(true);
    expect(today.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(today.total).toBe(6);
  });

  it('counts admissions, recognitions and deaths per year for the ten years up to the date', async () => {
    const tree = await makeTree(db);
    await makeMember(db, tree.cellA.id, { admissionDecisionDate: '2019-03-02', ceremonyDate: '2019-03-20', officialDate: '2020-03-20' });
    await makeMember(db, tree.cellA.id, { fullName: 'Lê Thị Hoa', gender: 'female', admissionDecisionDate: '2020-05-04', ceremonyDate: '2020-05-20', officialDate: null });
    const res = await stats(tree.province.id, 'asOf=2020-12-31');
    const byYear = res.byYear as { year: number; admitted: number; recognizedOfficial: number; died: number }[];
    expect(byYear.map((y) => y.year)).toEqual([2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020]);
    expect(byYear.find((y) => y.year === 2019)).toEqual({ year: 2019, admitted: 1, recognizedOfficial: 0, died: 0 });
    expect(byYear.find((y) => y.year === 2020)).toEqual({ year: 2020, admitted: 1, recognizedOfficial: 1, died: 0 });
    // The last year is the year to date, counted the same way.
    expect(res.yearToDate).toMatchObject({ admitted: 1, recognizedOfficial: 1, died: 0 });
  });

  it('keeps the counts of the nation and the provinces equal to a recount through every kind of change', async () => {
    const s = await scenario();
    // A birthday on 29 February comes on 1 March in other years (age() counts so).
    const leap = await makeMember(db, s.cellA.id, {
      fullName: 'Vũ Thị Hạnh', gender: 'female', birthDate: '1996-02-29', admissionDecisionDate: '2020-04-01', ceremonyDate: '2020-04-15', officialDate: '2021-04-15',
    });
    const patched = await app.inject({ method: 'PATCH', url: `/api/v1/members/${s.m1.id}`, payload: { education: 'lower_secondary', birthDate: '1985-04-13' } });
    expect(patched.statusCode, patched.body).toBe(200);
    await event(s.m5.id, { kind: 'transferred', effectiveOn: '2025-09-01', toUnitId: s.cellC.id });
    await event(s.m7.id, { kind: 'died', effectiveOn: '2026-01-05' });
    // A correction voids the transfer's span and reopens the one before.
    const timeline = await app.inject({ url: `/api/v1/members/${s.m5.id}/timeline` });
    const transfer = (timeline.json().events as { id: number; kind: string }[]).filter((e) => e.kind === 'transferred').at(-1);
    expect(transfer).toBeDefined();
    const voided = await app.inject({ method: 'POST', url: `/api/v1/members/${s.m5.id}/events/${transfer?.id}/void`, payload: { reason: 'Ghi nhầm' } });
    expect(voided.statusCode, voided.body).toBe(200);
    const dates = ['2000-05-01', '2015-03-02', '2016-03-19', '2016-03-20', '2022-12-31', '2023-06-09', '2023-06-10', '2023-09-01',
      '2024-03-20', '2025-07-31', '2025-08-01', '2025-09-01', '2026-01-04', '2026-01-05', '2026-05-31', '2026-06-01',
      '2027-02-28', '2027-03-01', '2030-12-31', '2071-01-01'];
    const { compared, differences } = await compareKeptCounts(db.pool, dates, null);
    expect(differences).toEqual([]);
    expect(compared).toBeGreaterThan(200);
    expect(await keptRollupsOffTheirParts(db.pool)).toEqual([]);
    const events = await compareKeptEventCounts(db.pool, null);
    expect(events.differences).toEqual([]);
    expect(events.compared).toBeGreaterThan(5);
    // The member born on 29 February 1996 turns 31 on 1 March 2027, as the dates compared above saw.
    const [kept] = (await db.pool.query<{ band: string }>(
      `SELECT member_age_band(birth_date, '2027-02-28') || ' ' || member_age_band(birth_date, '2027-03-01') AS band FROM members WHERE id = $1`, [leap.id])).rows;
    expect(kept?.band).toBe('up_to_30 31_40');
  });

  it('counts from the kept figures only for a caller who may count the whole subtree', async () => {
    const s = await scenario();
    const all = await stats(s.bloc.id, 'asOf=2023-12-31');
    expect(all.total).toBe(3);
    // A grant of the bloc alone reaches none of the members in its cells.
    const alone = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: s.bloc.id, includeSubtree: false });
    const res = await app.inject({ url: `/api/v1/units/${s.bloc.id}/stats?asOf=2023-12-31`, headers: { authorization: `Bearer ${alone.token}` } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().total).toBe(0);
    const whole = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: s.bloc.id, includeSubtree: true });
    const res2 = await app.inject({ url: `/api/v1/units/${s.bloc.id}/stats?asOf=2023-12-31`, headers: { authorization: `Bearer ${whole.token}` } });
    expect(res2.json()).toEqual(all);
  });
});

import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.ts';
import { makeUnit } from '../../../../test/factories.ts';

const { db, app } = useTestApp();

type Headers = Record<string, string>;
const get = (url: string, headers: Headers = {}) => app.inject({ method: 'GET', url: `/api/v1${url}`, headers });
const post = (url: string, payload: unknown, headers: Headers = {}) =>
  app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers });
const put = (url: string, payload: unknown, headers: Headers = {}) =>
  app.inject({ method: 'PUT', url: `/api/v1${url}`, payload: payload as object, headers });

const NAMES = { vi: 'Đảng bộ phường thử', en: 'Test ward organization', ru: 'Тестовая организация', ar: 'منظمة تجريبية', fa: 'سازمان آزمایشی' };

let counter = 0;
/** A type code unique within this file. */
const code = (prefix: string) => `${prefix}_${++counter}`;

function typeBody(c: string, over: Record<string, unknown> = {}) {
  return { code: c, names: NAMES, allowedChildTypes: [], hasCommittee: true, holdsMembers: false, rank: 2, ...over };
}

async function typeRows() {
  return (await db.pool.query('SELECT * FROM unit_types ORDER BY code')).rows;
}

/** A PUT body from a unit type as GET returns it. */
function bodyOf(type: Record<string, unknown>, over: Record<string, unknown> = {}) {
  const { code: _code, version: _version, ...rest } = type;
  return { ...rest, ...over };
}

describe('GET /unit-types', () => {
  it('lists the seeded reference data in rank then code order, with names in five languages', async () => {
    const res = await get('/unit-types');
    expect(res.statusCode).toBe(200);
    const seeded = ['central', 'province', 'bloc', 'commune', 'district', 'grassroots_cell', 'grassroots_committee',
      'partial_committee', 'subordinate_cell', 'party_group'];
    const types = (res.json() as { code: string; names: Record<string, string> }[]).filter((t) => seeded.includes(t.code));
    expect(types.map((t) => t.code)).toEqual(seeded);
    for (const t of types) expect(Object.keys(t.names).sort()).toEqual(['ar', 'en', 'fa', 'ru', 'vi']);
  });

  it('gets one type with its validity dates and an ETag', async () => {
    const district = await get('/unit-types/district');
    expect(district.statusCode).toBe(200);
    expect(district.headers.etag).toBe('"1"');
    expect(district.json()).toEqual({
      code: 'district', names: expect.objectContaining({ vi: 'Đảng bộ huyện, quận, thị xã', en: 'District party organization' }),
      allowedChildTypes: ['grassroots_committee', 'grassroots_cell'], hasCommittee: true, holdsMembers: false, rootAllowed: false,
      rank: 2, validFrom: '1930-02-03', validTo: '2025-07-01', version: 1,
    });
    const commune = (await get('/unit-types/commune')).json();
    expect(commune).toMatchObject({ validFrom: '2025-07-01', validTo: null, rootAllowed: false });
    expect((await get('/unit-types/central')).json()).toMatchObject({ rootAllowed: true, holdsMembers: false });
    expect((await get('/unit-types/grassroots_cell')).json()).toMatchObject({ hasCommittee: false, holdsMembers: true });
  });

  it('answers 404 for an unknown code and 400 for a malformed one', async () => {
    const en = await get('/unit-types/galaxy', { 'accept-language': 'en' });
    expect(en.statusCode).toBe(404);
    expect(en.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(en.json()).toMatchObject({ code: 'not_found', detail: 'The requested unit type was not found.' });
    const vi = await get('/unit-types/galaxy', { 'accept-language': 'vi' });
    expect(vi.json().detail).toBe('Không tìm thấy loại tổ chức được yêu cầu.');
    const bad = await get('/unit-types/Bad-Code', { 'accept-language': 'en' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{
      path: 'code', code: 'type_code_format',
      message: '“Code” may hold lowercase unaccented letters, digits and underscores only (2 to 40).',
    }]);
  });
});

describe('POST /unit-types', () => {
  it('creates a type with defaults, Location and ETag', async () => {
    const c = code('ward');
    const res = await post('/unit-types', typeBody(c, { allowedChildTypes: ['subordinate_cell', c] }));
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/unit-types/${c}`);
    expect(res.headers.etag).toBe('"1"');
    const expected = {
      code: c, names: NAMES, allowedChildTypes: ['subordinate_cell', c], hasCommittee: true, holdsMembers: false,
      rootAllowed: false, rank: 2, validFrom: '1930-02-03', validTo: null, version: 1,
    };
    expect(res.json()).toEqual(expected);
    expect((await get(`/unit-types/${c}`)).json()).toEqual(expected);
  });

  it('refuses a duplicate code with 409, writing nothing', async () => {
    const before = await typeRows();
    const res = await post('/unit-types', typeBody('province'), { 'accept-language': 'en' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'unit_type_code_taken', detail: 'The unit type code “province” already exists.' });
    const vi = await post('/unit-types', typeBody('province'), { 'accept-language': 'vi' });
    expect(vi.json().detail).toBe('Mã loại tổ chức «province» đã tồn tại.');
    expect(await typeRows()).toEqual(before);
  });

  it('refuses invalid definitions field by field, writing nothing', async () => {
    const before = await typeRows();
    const c = code('bad');
    const cases: [Record<string, unknown>, { path: string; code: string; message?: string }[]][] = [
      [typeBody(c, { names: { vi: 'A', en: 'B', ru: 'C', ar: 'D' } }),
        [{ path: 'names.fa', code: 'required', message: '“fa” is required.' }]],
      [typeBody(c, { allowedChildTypes: ['subordinate_cell', 'no_such_type'] }),
        [{ path: 'allowedChildTypes.1', code: 'unit_type_unknown', message: '“Allowed subordinate types”: there is no unit type “no_such_type”.' }]],
      [typeBody(c, { validFrom: '2020-01-01', validTo: '2020-01-01' }),
        [{ path: 'validTo', code: 'valid_to_after_from', message: '“Valid until” must be after “Valid from”.' }]],
      [typeBody(c, { rank: 101 }), [{ path: 'rank', code: 'too_big', message: '“Rank” must be at most 100.' }]],
      [typeBody(c, { hasCommittee: 'yes' }), [{ path: 'hasCommittee', code: 'invalid_type' }]],
      [typeBody(c, { colour: 'red' }), [{ path: 'colour', code: 'unknown_field' }]],
      [typeBody('Xy-Z'), [{ path: 'code', code: 'type_code_format' }]],
      [typeBody(c, { validFrom: '2020-02-30' }), [{ path: 'validFrom', code: 'invalid_date' }]],
    ];
    for (const [body, errors] of cases) {
      const res = await post('/unit-types', body, { 'accept-language': 'en' });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe('validation_failed');
      expect(res.json().errors).toEqual(errors.map((e) => expect.objectContaining(e)));
    }
    const missing = await post('/unit-types', { code: c }, { 'accept-language': 'vi' });
    expect(missing.statusCode).toBe(400);
    expect((missing.json().errors as { path: string; code: string }[]).map((e) => `${e.path}:${e.code}`).sort())
      .toEqual(['hasCommittee:required', 'holdsMembers:required', 'names:required', 'rank:required']);
    expect(missing.json().errors.find((e: { path: string }) => e.path === 'rank').message).toBe('«Thứ bậc» là bắt buộc.');
    expect(await typeRows()).toEqual(before);
  });
});

describe('PUT /unit-types/:code', () => {
  it('replaces a definition; If-Match guards against lost updates', async () => {
    const c = code('edit');
    await post('/unit-types', typeBody(c));
    const read = await get(`/unit-types/${c}`);
    const etag = read.headers.etag as string;
    const ok = await put(`/unit-types/${c}`, bodyOf(read.json(), { rank: 3, hasCommittee: false }), { 'if-match': etag });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(ok.json()).toMatchObject({ code: c, rank: 3, hasCommittee: false, version: 2 });

    const before = await typeRows();
    const stale = await put(`/unit-types/${c}`, bodyOf(read.json(), { rank: 9 }), { 'if-match': etag, 'accept-language': 'en' });
    expect(stale.statusCode).toBe(412);
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(stale.json()).toMatchObject({ code: 'precondition_failed' });
    expect(stale.json().detail).toContain('current version 2');
    const staleVi = await put(`/unit-types/${c}`, bodyOf(read.json(), { rank: 9 }), { 'if-match': etag, 'accept-language': 'vi' });
    expect(staleVi.json().detail).toContain('phiên bản hiện tại 2');
    expect(await typeRows()).toEqual(before);
    expect((await get(`/unit-types/${c}`)).json()).toMatchObject({ rank: 3, version: 2 });
  });

  it('answers 404 for an unknown code and 400 for an invalid body', async () => {
    const res = await put('/unit-types/no_such_type', bodyOf(typeBody('x')), { 'accept-language': 'en' });
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toBe('The requested unit type was not found.');
    const bad = await put('/unit-types/province', { names: NAMES }, { 'accept-language': 'en' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('validation_failed');
    // The code lives in the URL; the body may not carry it.
    const withCode = await put('/unit-types/province', typeBody('province'));
    expect(withCode.statusCode).toBe(400);
    expect(withCode.json().errors).toEqual([expect.objectContaining({ path: 'code', code: 'unknown_field' })]);
  });

  it('governs the tree: allowed children, roots and validity dates take effect for new units', async () => {
    const c = code('ward');
    await post('/unit-types', typeBody(c, { allowedChildTypes: ['subordinate_cell'] }));
    const province = await makeUnit(db, { typeCode: 'province', validFrom: '2010-01-01' });
    const unit = (suffix: string, over: Record<string, unknown>) =>
      post('/units', { code: `${c}-${suffix}`.toUpperCase(), name: `Phường ${suffix}`, typeCode: c, validFrom: '2015-01-01', ...over },
        { 'accept-language': 'en' });

    // The province does not list the new type yet.
    const refused = await unit('a', { parentId: province.id });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'unit_child_type_not_allowed' });
    const provinceType = await get('/unit-types/province');
    const widened = await put('/unit-types/province',
      bodyOf(provinceType.json(), { allowedChildTypes: [...provinceType.json().allowedChildTypes, c] }),
      { 'if-match': provinceType.headers.etag as string });
    expect(widened.statusCode).toBe(200);
    const created = await unit('a', { parentId: province.id });
    expect(created.statusCode).toBe(201);

    // Not a root type until it says so.
    const root = await unit('b', {});
    expect(root.statusCode).toBe(409);
    expect(root.json().code).toBe('unit_root_not_allowed');
    let current = (await get(`/unit-types/${c}`)).json();
    expect((await put(`/unit-types/${c}`, bodyOf(current, { rootAllowed: true }))).statusCode).toBe(200);
    expect((await unit('b', {})).statusCode).toBe(201);

    // In force only from validFrom until validTo.
    current = (await get(`/unit-types/${c}`)).json();
    expect((await put(`/unit-types/${c}`, bodyOf(current, { validFrom: '2000-01-01', validTo: '2020-01-01' }))).statusCode).toBe(200);
    const late = await unit('c', { validFrom: '2020-01-01' });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'unit_type_not_in_force', detail: `The unit type “${NAMES.en}” is not in force on 01/01/2020.` });
    const early = await unit('d', { validFrom: '1999-12-31' });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('unit_type_not_in_force');
    expect((await unit('e', { validFrom: '2019-12-31' })).statusCode).toBe(201);

    // A type that allows itself nests.
    current = (await get(`/unit-types/${c}`)).json();
    await put(`/unit-types/${c}`, bodyOf(current, { allowedChildTypes: [c] }));
    const parent = created.json();
    const nested = await unit('f', { parentId: parent.id, validFrom: '2016-01-01' });
    expect(nested.statusCode).toBe(201);
    expect(nested.json().path).toBe(`${parent.path}${nested.json().id}.`);
  });
});

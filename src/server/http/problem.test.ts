import { describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { openTestDatabase } from '../../../test/db.ts';
import { actAsAdmin, useTestApp } from '../../../test/app.ts';
import { makeTree } from '../../../test/factories.ts';
import { buildApp } from '../app.ts';

const { db, app } = useTestApp();

const PROBLEM_KEYS = ['code', 'detail', 'instance', 'requestId', 'status', 'title', 'type'];

/** The envelope every problem shares, whatever went wrong. */
function expectProblem(res: LightMyRequestResponse, status: number, code: string, lang: 'vi' | 'en' = 'vi') {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({ type: `urn:partywork:problem:${code}`, status, code });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(body.requestId).toBe(res.headers['x-request-id']);
  expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers['content-language']).toBe(lang);
  return body;
}

const en = { 'accept-language': 'en' };
const vi = { 'accept-language': 'vi' };
const json = { 'content-type': 'application/json' };

describe('malformed requests', () => {
  it('malformed JSON → 400 malformed_json, in vi and en', async () => {
    const send = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/api/v1/units', headers: { ...json, ...headers }, payload: '{"code": "X",' });
    const v = expectProblem(await send(vi), 400, 'malformed_json', 'vi');
    expect(v).toMatchObject({ title: 'Bad Request', detail: 'Nội dung gửi lên không phải JSON hợp lệ.', instance: '/api/v1/units' });
    expect(v.errors).toBeUndefined();
    const e = expectProblem(await send(en), 400, 'malformed_json', 'en');
    expect(e.detail).toBe('The request body is not valid JSON.');
  });

  it('an empty JSON body → 400 malformed_json', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/units', headers: { ...json, ...en }, payload: '' });
    expectProblem(res, 400, 'malformed_json', 'en');
  });

  it('missing fields → 400 validation_failed, one error per field naming it', async () => {
    const v = expectProblem(await app.inject({ method: 'POST', url: '/api/v1/units', headers: vi, payload: {} }), 400, 'validation_failed');
    expect(v.detail).toBe('Dữ liệu gửi lên chưa hợp lệ; xem lỗi của từng trường.');
    const byPath = (body: { errors: { path: string }[] }) => Object.fromEntries(body.errors.map((x) => [x.path, x]));
    expect(byPath(v)).toEqual({
      code: { path: 'code', code: 'required', message: '«Mã» là bắt buộc.' },
      name: { path: 'name', code: 'required', message: '«Tên» là bắt buộc.' },
      typeCode: { path: 'typeCode', code: 'required', message: '«Loại tổ chức» là bắt buộc.' },
      validFrom: { path: 'validFrom', code: 'required', message: '«Có hiệu lực từ» là bắt buộc.' },
    });
    const e = expectProblem(await app.inject({ method: 'POST', url: '/api/v1/units', headers: en, payload: {} }), 400, 'validation_failed', 'en');
    expect(e.detail).toBe('Some fields are not valid; see the error for each field.');
    expect(byPath(e).validFrom).toEqual({ path: 'validFrom', code: 'required', message: '“Valid from” is required.' });
  });

  it('invalid fields → 400 validation_failed with the rule each one broke', async () => {
    const res = await app.inject({
      method: 'POST', url: '/api/v1/units', headers: en,
      payload: { code: 'bad code!', name: 'x'.repeat(301), typeCode: 'province', parentId: 0, validFrom: '2024-02-30', colour: 'red' },
    });
    const body = expectProblem(res, 400, 'validation_failed', 'en');
    const byPath = Object.fromEntries((body.errors as { path: string }[]).map((x) => [x.path, x]));
    expect(byPath).toEqual({
      code: { path: 'code', code: 'unit_code_format', message: '“Code” may hold unaccented letters, digits, dots, hyphens and underscores only (at most 40).' },
      name: { path: 'name', code: 'too_long', message: '“Name” must have at most 300 characters.' },
      parentId: { path: 'parentId', code: 'invalid_id', message: '“Parent unit” must be a positive whole number.' },
      validFrom: { path: 'validFrom', code: 'invalid_date', message: '“Valid from” must be a real date written YYYY-MM-DD.' },
      colour: { path: 'colour', code: 'unknown_field', message: 'The field “colour” is not supported.' },
    });
    const viRes = await app.inject({ method: 'POST', url: '/api/v1/units', headers: vi, payload: { code: 'A', name: 'B', typeCode: 'province', validFrom: '2024-02-30' } });
    expect(expectProblem(viRes, 400, 'validation_failed').errors).toEqual([
      { path: 'validFrom', code: 'invalid_date', message: '«Có hiệu lực từ» phải là một ngày có thật, dạng YYYY-MM-DD.' },
    ]);
  });

  it('invalid path and query parameters → 400 validation_failed naming the parameter', async () => {
    const id = expectProblem(await app.inject({ url: '/api/v1/units/-3', headers: en }), 400, 'validation_failed', 'en');
    expect(id.errors).toEqual([{ path: 'id', code: 'invalid_id', message: '“Id” must be a positive whole number.' }]);
    const q = expectProblem(await app.inject({ url: '/api/v1/units?asOf=yesterday', headers: vi }), 400, 'validation_failed');
    expect(q.errors).toEqual([{ path: 'asOf', code: 'invalid_date', message: '«Tính đến ngày» phải là một ngày có thật, dạng YYYY-MM-DD.' }]);
  });

  it('a body over the limit → 413 payload_too_large', async () => {
    const payload = JSON.stringify({ code: 'BIG', name: 'x'.repeat(1_100_000), typeCode: 'province', validFrom: '2020-01-01' });
    const e = expectProblem(await app.inject({ method: 'POST', url: '/api/v1/units', headers: { ...json, ...en }, payload }), 413, 'payload_too_large', 'en');
    expect(e).toMatchObject({ title: 'Content Too Large', detail: 'The request body is too large (at most 1,048,576 bytes).' });
    const v = expectProblem(await app.inject({ method: 'POST', url: '/api/v1/units', headers: { ...json, ...vi }, payload }), 413, 'payload_too_large');
    expect(v.detail).toBe('Nội dung gửi lên quá lớn (tối đa 1.048.576 byte).');
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM units WHERE code = 'BIG'`)).rows[0].n).toBe(0);
  });

  it('a body that is not JSON → 415 unsupported_media_type', async () => {
    for (const contentType of ['application/xml', 'application/x-www-form-urlencoded', 'text/plain', 'text/plain; charset=utf-8']) {
      const res = await app.inject({
        method: 'POST', url: '/api/v1/units', headers: { 'content-type': contentType, ...en },
        payload: 'code=X&name=Y&typeCode=province&validFrom=2020-01-01',
      });
      const body = expectProblem(res, 415, 'unsupported_media_type', 'en');
      expect(body.detail, contentType).toBe('This content type is not supported; send application/json.');
    }
    const v = await app.inject({ method: 'POST', url: '/api/v1/units', headers: { 'content-type': 'application/xml', ...vi }, payload: '<unit/>' });
    expect(expectProblem(v, 415, 'unsupported_media_type').detail).toBe('Kiểu nội dung không được hỗ trợ; hãy gửi application/json.');
  });
});

describe('not found', () => {
  it('an unknown id → 404 not_found naming the resource', async () => {
    const cases: [string, string, string][] = [
      ['/api/v1/units/987654321', 'The requested unit was not found.', 'Không tìm thấy tổ chức đảng được yêu cầu.'],
      ['/api/v1/unit-types/no_such_type', 'The requested unit type was not found.', 'Không tìm thấy loại tổ chức được yêu cầu.'],
      ['/api/v1/members/987654321', 'The requested member was not found.', 'Không tìm thấy đảng viên được yêu cầu.'],
    ];
    for (const [url, enText, viText] of cases) {
      const e = expectProblem(await app.inject({ url, headers: en }), 404, 'not_found', 'en');
      expect(e).toMatchObject({ title: 'Not Found', detail: enText, instance: url });
      expect(expectProblem(await app.inject({ url, headers: vi }), 404, 'not_found').detail).toBe(viText);
    }
  });

  it('an unknown route → 404 route_not_found', async () => {
    const e = expectProblem(await app.inject({ url: '/api/v1/nothing-here?x=1', headers: en }), 404, 'route_not_found', 'en');
    expect(e).toMatchObject({ detail: 'There is no GET /api/v1/nothing-here.', instance: '/api/v1/nothing-here?x=1' });
    const v = expectProblem(await app.inject({ method: 'DELETE', url: '/api/v1/units/1', headers: vi }), 404, 'route_not_found');
    expect(v.detail).toBe('Không có địa chỉ DELETE /api/v1/units/1.');
  });
});

describe('conflicts and preconditions', () => {
  it('a stale If-Match → 412 precondition_failed, in vi and en', async () => {
    const tree = await makeTree(db);
    const rename = (name: string, headers: Record<string, string>) => app.inject({
      method: 'POST', url: `/api/v1/units/${tree.cellA.id}/rename`, headers, payload: { name, effectiveOn: '2020-01-01' },
    });
    expect((await rename('Tên 1', { 'if-match': '"1"' })).statusCode).toBe(200);
    const e = expectProblem(await rename('Tên 2', { 'if-match': '"1"', ...en }), 412, 'precondition_failed', 'en');
    expect(e).toMatchObject({
      title: 'Precondition Failed',
      detail: 'Someone changed this record since you opened it (current version 2). Reload it and edit again.',
    });
    const v = expectProblem(await rename('Tên 2', { 'if-match': '"1"', ...vi }), 412, 'precondition_failed');
    expect(v.detail).toBe('Bản ghi đã được người khác sửa kể từ khi bạn mở (phiên bản hiện tại 2). Hãy tải lại rồi sửa tiếp.');
  });

  it('a conflict → 409 with its own code, in vi and en', async () => {
    const tree = await makeTree(db);
    const create = (headers: Record<string, string>) => app.inject({
      method: 'POST', url: '/api/v1/units', headers, payload: { code: tree.bloc.code, name: 'X', typeCode: 'province', validFrom: '2020-01-01' },
    });
    const e = expectProblem(await create(en), 409, 'unit_code_taken', 'en');
    expect(e).toMatchObject({ title: 'Conflict', detail: `The unit code “${tree.bloc.code}” is already in use.` });
    expect(expectProblem(await create(vi), 409, 'unit_code_taken').detail).toBe(`Mã đơn vị «${tree.bloc.code}» đã được dùng.`);
  });
});

describe('language negotiation', () => {
  it('picks vi or en from Accept-Language with q-values, Vietnamese by default', async () => {
    const detail = async (header?: string) => {
      const res = await app.inject({ url: '/api/v1/units/987654321', headers: header === undefined ? {} : { 'accept-language': header } });
      return res.json().detail as string;
    };
    const EN = 'The requested unit was not found.';
    const VI = 'Không tìm thấy tổ chức đảng được yêu cầu.';
    expect(await detail()).toBe(VI);
    expect(await detail('en-US')).toBe(EN);
    expect(await detail('fr-FR, en;q=0.5')).toBe(EN);
    expect(await detail('vi;q=0.1, en;q=0.9')).toBe(EN);
    expect(await detail('en;q=0.2, vi-VN;q=0.8')).toBe(VI);
    expect(await detail('de, fr')).toBe(VI);
  });
});

/** An app on its own database, whose log lines are kept in memory. */
async function appWithLog() {
  const own = await openTestDatabase();
  const ownApp = await actAsAdmin(await buildApp({ db: own, logLevel: 'error' }), own);
  const lines: string[] = [];
  const streamSym = Object.getOwnPropertySymbols(ownApp.log).find((s) => s.toString() === 'Symbol(pino.stream)');
  const stream = streamSym ? (ownApp.log as unknown as Record<symbol, { write: (s: string) => boolean }>)[streamSym] : undefined;
  if (!stream) throw new Error('pino stream not found');
  stream.write = (s: string) => { lines.push(s); return true; };
  const close = async () => {
    await ownApp.close();
    // The pool may have been ended on purpose; ending it twice must not stop the clean-up.
    own.pool.end = (async () => undefined) as unknown as typeof own.pool.end;
    await own.drop();
  };
  return { db: own, app: ownApp, lines, close };
}

function expectInternal(res: LightMyRequestResponse, lines: string[], leaks: RegExp[]) {
  const body = expectProblem(res, 500, 'internal', 'en');
  expect(Object.keys(body).sort()).toEqual(PROBLEM_KEYS);
  expect(body.title).toBe('Internal Server Error');
  expect(body.detail).toBe(`Something went wrong on our side. Request id: ${body.requestId}; give it to your administrator.`);
  for (const leak of [/stack/i, /\bat \S+ \(/, /node_modules/, /\.ts:\d+/, ...leaks]) expect(res.body).not.toMatch(leak);
  // The same id is in the log, with the error that the caller was not shown.
  const logged = lines.map((l) => JSON.parse(l) as { requestId?: string; level: number; err?: { message: string; stack: string } })
    .filter((l) => l.requestId === body.requestId);
  expect(logged.length).toBeGreaterThan(0);
  expect(logged.some((l) => l.level >= 50 && l.err?.message && l.err.stack)).toBe(true);
  return { body, logged };
}

describe('internal errors', () => {
  it('a closed database pool → 500 with only a request id, which is in the log', async () => {
    const broken = await appWithLog();
    try {
      const tree = await makeTree(broken.db);
      await broken.db.pool.end();
      const read = await broken.app.inject({ url: `/api/v1/units/${tree.cellA.id}`, headers: en });
      const { logged } = expectInternal(read, broken.lines, [/pool/i, /SELECT/i, /unit_versions/]);
      expect(JSON.stringify(logged)).toMatch(/pool/i);
      const write = await broken.app.inject({ method: 'POST', url: `/api/v1/units/${tree.cellA.id}/close`, headers: en, payload: { effectiveOn: '2024-01-01' } });
      expectInternal(write, broken.lines, [/pool/i]);
      const health = await broken.app.inject({ url: '/api/v1/health', headers: en });
      expect(health.statusCode).toBeGreaterThanOrEqual(500);
      expect(health.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(health.body).not.toMatch(/pool/i);
      const vi500 = await broken.app.inject({ url: `/api/v1/units/${tree.cellA.id}` });
      expect(vi500.json().detail).toBe(`Hệ thống gặp lỗi ngoài dự kiến. Mã yêu cầu: ${vi500.json().requestId} — hãy báo mã này cho quản trị viên.`);
      expect(read.json().requestId).not.toBe(write.json().requestId);
    } finally {
      await broken.close();
    }
  });

  it('a failing SQL statement → 500 without the SQL, the table or the database message', async () => {
    const broken = await appWithLog();
    try {
      const tree = await makeTree(broken.db);
      await broken.db.pool.query('ALTER TABLE unit_versions RENAME TO unit_versions_gone');
      const res = await broken.app.inject({ url: `/api/v1/units/${tree.cellA.id}/stats?asOf=2024-01-01`, headers: en });
      const { logged } = expectInternal(res, broken.lines, [/unit_versions/, /SELECT/i, /relation/i, /does not exist/i, /42P01/]);
      expect(JSON.stringify(logged)).toMatch(/unit_versions/);
      const list = await broken.app.inject({ url: '/api/v1/units?q=abc', headers: en });
      expectInternal(list, broken.lines, [/unit_versions/, /LIKE/, /relation/i]);
    } finally {
      await broken.close();
    }
  });
});

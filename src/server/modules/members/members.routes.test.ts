import { describe, expect, it } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expectProblem } from '../../../../test/expect-problem.ts';
import { actAsAdmin, useTestApp } from '../../../../test/app.ts';
import { buildApp } from '../../app.ts';
import { citizenId, makeMember, makeTree, memberInput } from '../../../../test/factories.ts';
import { addDays, addMonths } from '../../../shared/dates.ts';
import { today } from '../../db/rows.ts';
import type { Database } from '../../db/client.ts';
import { SYSTEM_ACTOR } from '../access/actor.ts';
import { scopedDatabase } from '../../db/scoped.ts';
import { createMember, listMembers } from './members.service.ts';

/**
 * The member registry over HTTP: registration and its rules, edits with ETag/If-Match,
 * list/search/paging as of a date, and problem+json errors in vi and en. Every test makes its
 * own tree, so tests share the database without seeing each other's members.
 */

const { db, app } = useTestApp();

type Lang = 'vi' | 'en';
type FieldError = { path: string; code: string; message: string };

const create = (payload: unknown, lang: Lang = 'vi') =>
  app.inject({ method: 'POST', url: '/api/v1/members', headers: { 'accept-language': lang }, payload: payload as InjectOptions['payload'] });

const rawCreate = (body: string, lang: Lang = 'en') =>
  app.inject({
    method: 'POST', url: '/api/v1/members',
    headers: { 'accept-language': lang, 'content-type': 'application/json' }, payload: body,
  });

const get = (url: string, lang: Lang = 'vi') => app.inject({ url, headers: { 'accept-language': lang } });

/** Ids of the members a list request returns, or the problem it fails with. */
async function listIds(query: string): Promise<number[]> {
  const res = await get(`/api/v1/members?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { id: number }[]).map((m) => m.id);
}


/** The one field error at `path`; fails when the problem does not name that field. */
function fieldError(res: LightMyRequestResponse, path: string, code: string): FieldError {
  const body = expectProblem(res, 400, 'validation_failed');
  const found = (body.errors ?? []).find((e) => e.path === path);
  expect(found, `no error at ${path} in ${res.body}`).toBeDefined();
  expect(found?.code).toBe(code);
  return found as FieldError;
}

async function countRows(database: Database) {
  const { rows } = await database.pool.query<{ members: number; events: number; spans: number }>(
    `SELECT (SELECT count(*) FROM members)::int AS members, (SELECT count(*) FROM member_events)::int AS events,
            (SELECT count(*) FROM membership_spans)::int AS spans`);
  return rows[0];
}

describe('POST /members', () => {
  it('registers an official member: 201 with Location, ETag and the membership of today', async () => {
    const tree = await makeTree(db);
    const input = memberInput(tree.cellA.id, { fullName: '  Nguyễn   Văn  An ', birthPlace: 'Hà Nội' });
    const res = await create(input);
    expect(res.statusCode, res.body).toBe(201);
    const member = res.json();
    expect(res.headers.location).toBe(`/api/v1/members/${member.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(member).toMatchObject({
      fullName: 'Nguyễn Văn An', citizenId: input.citizenId, birthPlace: 'Hà Nội',
      admissionDecisionDate: '2015-03-02', ceremonyDate: '2015-03-20', officialDate: '2016-03-20',
      officialDue: null, version: 1,
      membership: { unitId: tree.cellA.id, unitName: 'Chi bộ Sở Tư pháp', unitCode: tree.cellA.code, status: 'official', since: '2016-03-20' },
    });

    const read = await get(res.headers.location as string);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.json()).toEqual(member);

    // Registered as official: a probationary span up to the official date, then an open official one.
    const timeline = (await get(`/api/v1/members/${member.id}/timeline`)).json();
    expect(timeline.spans.map((s: { status: string; validFrom: string; validTo: string | null; reason: string }) =>
      [s.status, s.validFrom, s.validTo, s.reason])).toEqual([
      ['probationary', '2015-03-02', '2016-03-20', 'admitted'],
      ['official', '2016-03-20', null, 'recognized_official'],
    ]);
    expect(timeline.events.map((e: { kind: string; effectiveOn: string }) => [e.kind, e.effectiveOn])).toEqual([
      ['admitted', '2015-03-02'], ['recognized_official', '2016-03-20'],
    ]);
  });

  it('registers a probationary member with the official due date of ceremony + 12 months', async () => {
    const tree = await makeTree(db);
    const res = await create(memberInput(tree.cellA.id, {
      fullName: 'Trần Thị Bình', gender: 'female', admissionDecisionDate: '2024-02-20', ceremonyDate: '2024-02-29', officialDate: null,
    }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      officialDate: null, officialDue: '2025-02-28',
      membership: { unitId: tree.cellA.id, status: 'probationary', since: '2024-02-20' },
    });
    // Before the admission decision the member was not yet a member.
    const before = await get(`/api/v1/members/${res.json().id}?asOf=2024-02-19`);
    expect(before.json().membership).toBeNull();
  });

  it('refuses a citizen ID of 11 digits or with letters, naming the field in vi and en', async () => {
    const tree = await makeTree(db);
    for (const bad of ['12345678901', '12345678901A', '1234 5678 9012', '１２３４５６７８９０１２']) {
      const vi = fieldError(await create(memberInput(tree.cellA.id, { citizenId: bad }), 'vi'), 'citizenId', 'citizen_id');
      expect(vi.message).toBe('«Số CCCD» phải gồm đúng 12 chữ số.');
      const en = fieldError(await create(memberInput(tree.cellA.id, { citizenId: bad }), 'en'), 'citizenId', 'citizen_id');
      expect(en.message).toBe('“Citizen ID” must be exactly 12 digits.');
    }
    // Surrounding spaces are not part of the number.
    const padded = ` ${citizenId()} `;
    const ok = await create(memberInput(tree.cellA.id, { citizenId: padded }));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().citizenId).toBe(padded.trim());
  });

  it('refuses an official date before the end of probation and says from when', async () => {
    const tree = await makeTree(db);
    const input = memberInput(tree.cellA.id, { ceremonyDate: '2015-03-20', officialDate: '2016-03-19' });
    const vi = fieldError(await create(input, 'vi'), 'officialDate', 'official_after_probation');
    expect(vi.message).toContain('«Ngày công nhận chính thức»');
    expect(vi.message).toContain('20/03/2016');
    expect(vi.message).toContain('12 tháng');
    const en = fieldError(await create(input, 'en'), 'officialDate', 'official_after_probation');
    expect(en.message).toContain('“Official membership date”');
    expect(en.message).toContain('20/03/2016');
    // Exactly twelve months is enough.
    const ok = await create(memberInput(tree.cellA.id, { ceremonyDate: '2015-03-20', officialDate: '2016-03-20' }));
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('refuses dates out of order, naming both fields', async () => {
    const tree = await makeTree(db);
    const ceremonyFirst = memberInput(tree.cellA.id, { admissionDecisionDate: '2015-03-02', ceremonyDate: '2015-03-01' });
    expect(fieldError(await create(ceremonyFirst, 'vi'), 'ceremonyDate', 'date_not_before').message)
      .toBe('«Ngày kết nạp (lễ kết nạp)» không được trước «Ngày quyết định kết nạp».');
    expect(fieldError(await create(ceremonyFirst, 'en'), 'ceremonyDate', 'date_not_before').message)
      .toBe('“Admission ceremony date” must not be before “Admission decision date”.');

    const bornAfter = memberInput(tree.cellA.id, { birthDate: '2015-03-02', ageApprovalRef: 'x' });
    expect(fieldError(await create(bornAfter, 'vi'), 'admissionDecisionDate', 'date_after').message)
      .toBe('«Ngày quyết định kết nạp» phải sau «Ngày sinh».');

    const officialWithoutCeremony = memberInput(tree.cellA.id, { ceremonyDate: null, officialDate: '2016-03-20' });
    expect(fieldError(await create(officialWithoutCeremony, 'en'), 'ceremonyDate', 'required_with').message)
      .toBe('“Admission ceremony date” is required when “Official membership date” is given.');
  });

  it('refuses an age at admission outside 18–60 unless an approval is recorded', async () => {
    const tree = await makeTree(db);
    // One day short of 18 years on the admission decision date.
    const young = { birthDate: '2000-06-16', admissionDecisionDate: '2018-06-15', ceremonyDate: '2018-06-20', officialDate: null };
    const vi = fieldError(await create(memberInput(tree.cellA.id, young), 'vi'), 'admissionDecisionDate', 'admission_age');
    expect(vi.message).toBe('Tuổi khi kết nạp là 17, ngoài khoảng 18–60 tuổi; cần ghi «Văn bản chấp thuận về tuổi kết nạp».');
    const en = fieldError(await create(memberInput(tree.cellA.id, young), 'en'), 'admissionDecisionDate', 'admission_age');
    expect(en.message).toBe('The age at admission is 17, outside 18 to 60 years; record the “Approval of admission age”.');

    // The 18th birthday itself is old enough.
    const eighteen = await create(memberInput(tree.cellA.id, { ...young, birthDate: '2000-06-15' }));
    expect(eighteen.statusCode, eighteen.body).toBe(201);

    // Over 60 (counted in months) needs the approval; with it the record is accepted.
    const old = { birthDate: '1950-01-01', admissionDecisionDate: '2010-02-01', ceremonyDate: '2010-02-10', officialDate: null };
    const refused = fieldError(await create(memberInput(tree.cellA.id, old), 'vi'), 'admissionDecisionDate', 'admission_age');
    expect(refused.message).toContain('Tuổi khi kết nạp là 60');
    const sixty = await create(memberInput(tree.cellA.id, { ...old, admissionDecisionDate: '2010-01-01', ceremonyDate: '2010-01-10' }));
    expect(sixty.statusCode, sixty.body).toBe(201);
    const approved = await create(memberInput(tree.cellA.id, { ...old, ageApprovalRef: '123-CV/TU' }));
    expect(approved.statusCode, approved.body).toBe(201);
    expect(approved.json().ageApprovalRef).toBe('123-CV/TU');
  });

  it('refuses a date in the future', async () => {
    const tree = await makeTree(db);
    const tomorrow = addDays(today(), 1);
    const res = await create(memberInput(tree.cellA.id, { admissionDecisionDate: tomorrow, ceremonyDate: null, officialDate: null }), 'en');
    expect(fieldError(res, 'admissionDecisionDate', 'date_not_future').message)
      .toBe('“Admission decision date” must not be in the future.');
    const official = await create(memberInput(tree.cellA.id, {
      admissionDecisionDate: '2015-03-02', ceremonyDate: '2015-03-20', officialDate: '2099-03-20',
    }), 'vi');
    expect(fieldError(official, 'officialDate', 'date_not_future').message)
      .toBe('«Ngày công nhận chính thức» không được là ngày trong tương lai.');
  });

  it('refuses an unknown field, a wrong enum value, a missing field and impossible dates', async () => {
    const tree = await makeTree(db);
    const unknown = await create({ ...memberInput(tree.cellA.id), nickname: 'An' }, 'en');
    expect(fieldError(unknown, 'nickname', 'unknown_field').message).toBe('The field “nickname” is not supported.');

    const gender = await create({ ...memberInput(tree.cellA.id), gender: 'm' }, 'vi');
    expect(fieldError(gender, 'gender', 'one_of').message).toBe('«Giới tính» phải là một trong các giá trị: male, female.');
    const religion = await create({ ...memberInput(tree.cellA.id), religion: 'Phật giáo' }, 'en');
    expect(fieldError(religion, 'religion', 'one_of').message).toContain('“Religion” must be one of: none, buddhism');

    const { fullName: _omit, ...withoutName } = memberInput(tree.cellA.id);
    expect(fieldError(await create(withoutName, 'en'), 'fullName', 'required').message).toBe('“Full name” is required.');
    expect(fieldError(await create({ ...withoutName, fullName: '   ' }, 'vi'), 'fullName', 'required').message)
      .toBe('«Họ và tên» là bắt buộc.');

    for (const date of ['2024-02-30', '15/03/2015', '2015-3-2', '0000-01-01']) {
      const res = await create(memberInput(tree.cellA.id, { admissionDecisionDate: date, ceremonyDate: null, officialDate: null }), 'en');
      expect(fieldError(res, 'admissionDecisionDate', 'invalid_date').message)
        .toBe('“Admission decision date” must be a real date written YYYY-MM-DD.');
      // A date that is not a date is reported once, not compared with the birth date as well.
      expect(res.json().errors, date).toHaveLength(1);
    }
  });

  it('answers a second member with the same citizen ID with 409 naming the existing record', async () => {
    const tree = await makeTree(db);
    const first = await makeMember(db, tree.cellA.id, { fullName: 'Lê Văn Tám' });
    const again = memberInput(tree.cellB.id, { fullName: 'Lê Văn Tám', citizenId: first.citizenId as string });
    const vi = expectProblem(await create(again, 'vi'), 409, 'member_citizen_id_taken');
    expect(vi.detail).toContain('Lê Văn Tám');
    expect(vi.detail).toContain(String(first.id));
    expect(vi.errors).toEqual([{ path: 'citizenId', code: 'taken', message: '«Số CCCD» đã có trong một hồ sơ khác.' }]);
    const en = expectProblem(await create(again, 'en'), 409, 'member_citizen_id_taken');
    expect(en.detail).toBe(`This citizen ID is already on the record of member Lê Văn Tám (id ${first.id}).`);
  });

  it('answers simultaneous registrations of one citizen ID with one 201 and 409s, never a 500', async () => {
    const tree = await makeTree(db);
    const input = memberInput(tree.cellA.id, { fullName: 'Song Thị Trùng', cardNumber: '79.424242' });
    const before = await countRows(db);
    const responses = await Promise.all([1, 2, 3, 4].map(() => create(input, 'en')));
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 409, 409, 409]);
    for (const r of responses.filter((x) => x.statusCode === 409)) {
      expect(r.json().detail).toContain('Song Thị Trùng');
    }
    const after = await countRows(db);
    expect(after?.members).toBe((before?.members ?? 0) + 1);
  });

  it('does not name the existing record to a caller who may not see it', async () => {
    const tree = await makeTree(db);
    const other = await makeTree(db);
    const hidden = await makeMember(db, other.cellA.id, { fullName: 'Người Ngoài Phạm Vi' });
    const scoped = { ...SYSTEM_ACTOR, userId: 1, scopePaths: [{ path: tree.province.path, subtree: true }] };
    const err = await createMember({
      db, actor: scoped, input: memberInput(tree.cellA.id, { citizenId: hidden.citizenId as string }),
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 409, code: 'member_citizen_id_taken_hidden', params: {} });
  });

  it('refuses a duplicate card number and a card number without an official date', async () => {
    const tree = await makeTree(db);
    await makeMember(db, tree.cellA.id, { cardNumber: '79.012345' });
    const dup = expectProblem(await create(memberInput(tree.cellA.id, { cardNumber: '79.012345' }), 'en'), 409, 'member_card_number_taken');
    expect(dup.detail).toContain('79.012345');
    expect(dup.errors?.[0]).toMatchObject({ path: 'cardNumber', code: 'taken' });

    const noOfficial = await create(memberInput(tree.cellA.id, { officialDate: null, cardNumber: '79.099999' }), 'vi');
    expect(fieldError(noOfficial, 'cardNumber', 'card_official_only').message)
      .toBe('«Số thẻ đảng viên» chỉ được cấp cho đảng viên chính thức.');
    const badFormat = await create(memberInput(tree.cellA.id, { cardNumber: 'số 12' }), 'en');
    fieldError(badFormat, 'cardNumber', 'card_number');
  });

  it('refuses a unit that is not a cell (409), does not exist (400 unitId) or was not open then (409)', async () => {
    const tree = await makeTree(db);
    const bloc = expectProblem(await create(memberInput(tree.bloc.id), 'vi'), 409, 'member_unit_holds_no_members');
    expect(bloc.detail).toContain('Đảng bộ Khối cơ quan');
    const missing = await create(memberInput(999_999), 'en');
    expect(fieldError(missing, 'unitId', 'not_found_ref').message).toBe('“Cell” refers to a record that does not exist.');
    const wrongType = await create({ ...memberInput(tree.cellA.id), unitId: 'chi-bo-1' }, 'vi');
    expect(fieldError(wrongType, 'unitId', 'invalid_id').message).toBe('«Chi bộ» phải là một mã số nguyên dương.');
    // cellC opened on 2025-07-01; a 2015 admission there is refused.
    const notOpen = expectProblem(await create(memberInput(tree.cellC.id), 'vi'), 409, 'unit_not_open');
    expect(notOpen.detail).toContain('02/03/2015');
  });

  it('leaves nothing behind when a create is refused', async () => {
    const tree = await makeTree(db);
    const existing = await makeMember(db, tree.cellA.id);
    const before = await countRows(db);
    const refusals = [
      await create(memberInput(tree.cellA.id, { citizenId: existing.citizenId as string })),
      await create(memberInput(tree.bloc.id)),
      await create(memberInput(tree.cellA.id, { birthDate: '2001-01-01', admissionDecisionDate: '2018-01-01', ceremonyDate: null, officialDate: null })),
      await create(memberInput(tree.cellA.id, { officialDate: '2015-12-31' })),
      await create({ ...memberInput(tree.cellA.id), extra: true }),
      await rawCreate(JSON.stringify({ ...memberInput(tree.cellA.id), otherNames: 'x'.repeat(1_100_000) })),
    ];
    expect(refusals.map((r) => r.statusCode)).toEqual([409, 409, 400, 400, 400, 413]);
    expect(await countRows(db)).toEqual(before);
  });

  it('turns odd bodies into clear 400 problems, never a 500', async () => {
    const tree = await makeTree(db);
    const valid = memberInput(tree.cellA.id);
    const cases: [string, string, string][] = [
      ['null', 'body', 'invalid_type'],
      ['[]', 'body', 'invalid_type'],
      ['"Nguyễn Văn An"', 'body', 'invalid_type'],
      ['42', 'body', 'invalid_type'],
      [JSON.stringify({ ...valid, fullName: 'A'.repeat(100_000) }), 'fullName', 'too_long'],
      [JSON.stringify({ ...valid, fullName: 42 }), 'fullName', 'invalid_type'],
      [JSON.stringify({ ...valid, fullName: { vi: 'An' } }), 'fullName', 'invalid_type'],
      [JSON.stringify({ ...valid, fullName: 'Nguyễn\u0000An' }), 'fullName', 'invalid_format'],
      [JSON.stringify({ ...valid, birthPlace: 'Hà\u0000Nội' }), 'birthPlace', 'invalid_format'],
      [JSON.stringify({ ...valid, unitId: 1e30 }), 'unitId', 'invalid_id'],
      [JSON.stringify({ ...valid, citizenId: 123456789012 }), 'citizenId', 'invalid_type'],
    ];
    for (const [body, path, code] of cases) {
      const res = await rawCreate(body);
      const error = fieldError(res, path, code);
      expect(error.message.length).toBeGreaterThan(0);
    }
    for (const body of ['', '{"fullName": ', '{"a":1}{']) {
      expect(expectProblem(await rawCreate(body), 400, 'malformed_json').detail).toBe('The request body is not valid JSON.');
    }
    const tooLarge = expectProblem(await rawCreate(JSON.stringify({ ...valid, otherNames: 'x'.repeat(1_100_000) })), 413, 'payload_too_large');
    expect(tooLarge.detail).toContain('1,048,576');
  });
});

describe('GET /members/:id', () => {
  it('answers an unknown member with a 404 problem and a malformed id with 400', async () => {
    const vi = expectProblem(await get('/api/v1/members/987654321', 'vi'), 404, 'not_found');
    expect(vi.detail).toBe('Không tìm thấy đảng viên được yêu cầu.');
    const en = expectProblem(await get('/api/v1/members/987654321/timeline', 'en'), 404, 'not_found');
    expect(en.detail).toBe('The requested member was not found.');
    for (const bad of ['abc', '0', '-3', '1.5', '99999999999999999999']) {
      fieldError(await get(`/api/v1/members/${bad}`, 'en'), 'id', 'invalid_id');
    }
    fieldError(await get('/api/v1/members/1?asOf=2024-02-30', 'en'), 'asOf', 'invalid_date');
    fieldError(await get('/api/v1/members/1?foo=1', 'en'), 'foo', 'unknown_field');
  });

  it('answers a broken or over-long URL with a 400 problem too', async () => {
    for (const url of ['/api/v1/members/%E0%A4%A', `/api/v1/members/${'9'.repeat(300)}`]) {
      const body = expectProblem(await get(url, 'en'), 400, 'bad_request');
      expect(body.detail).toMatch(/^The request is malformed/);
    }
  });

  it('shows no internals in a 500, only the request id', async () => {
    const broken = {
      ...db,
      pool: { query: async () => { throw new Error('relation "secret_members" does not exist at 10.0.0.5'); } },
    } as unknown as Database;
    // The credential is made in the working database; the app itself only has the broken one.
    const brokenApp = await actAsAdmin(await buildApp({ db: broken, logLevel: 'silent' }), db);
    try {
      const res = await brokenApp.inject({ url: '/api/v1/members/1', headers: { 'accept-language': 'en' } });
      const body = expectProblem(res, 500, 'internal');
      expect(body.detail).toBe(
        `Something went wrong on our side. Request id: ${res.headers['x-request-id'] as string}; give it to your administrator.`);
      expect(res.body).not.toMatch(/secret_members|10\.0\.0\.5|stack|\.ts\b/);
      expect(Object.keys(res.json()).sort()).toEqual(['code', 'detail', 'instance', 'requestId', 'status', 'title', 'type']);
    } finally {
      await brokenApp.close();
    }
  });
});

describe('PATCH /members/:id', () => {
  it('refuses a stale If-Match with 412, accepts the current ETag and keeps the old value in an event', async () => {
    const tree = await makeTree(db);
    const member = await makeMember(db, tree.cellA.id, { phone: '0912 345 678' });
    const url = `/api/v1/members/${member.id}`;
    const etag = (await get(url)).headers.etag as string;
    expect(etag).toBe('"1"');

    const first = await app.inject({ method: 'PATCH', url, headers: { 'if-match': etag }, payload: { phone: '0987 654 321' } });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    expect(first.json()).toMatchObject({ phone: '0987 654 321', version: 2 });

    const stale = await app.inject({
      method: 'PATCH', url, headers: { 'if-match': etag, 'accept-language': 'en' }, payload: { phone: '0900 000 000' },
    });
    expect(expectProblem(stale, 412, 'precondition_failed').detail).toContain('current version 2');
    const garbage = await app.inject({ method: 'PATCH', url, headers: { 'if-match': 'version-2' }, payload: { phone: '0900 000 000' } });
    expectProblem(garbage, 412, 'precondition_failed');
    expect((await get(url)).json().phone).toBe('0987 654 321');

    const weak = await app.inject({ method: 'PATCH', url, headers: { 'if-match': 'W/"2"' }, payload: { fullName: 'Nguyễn Văn  Ân' } });
    expect(weak.statusCode, weak.body).toBe(200);
    expect(weak.json()).toMatchObject({ fullName: 'Nguyễn Văn Ân', version: 3 });

    const timeline = (await get(`${url}/timeline`)).json();
    const updates = (timeline.events as { kind: string; details: Record<string, unknown> }[]).filter((e) => e.kind === 'profile_updated');
    expect(updates.map((e) => e.details)).toEqual([
      { before: { phone: '0912 345 678' }, after: { phone: '0987 654 321' } },
      { before: { fullName: 'Nguyễn Văn An' }, after: { fullName: 'Nguyễn Văn Ân' } },
    ]);
    // The new name is what search finds.
    expect(await listIds(`unit=${tree.province.id}&q=van an`)).toEqual([member.id]);
  });

  it('does not bump the version or record an event when nothing changes', async () => {
    const tree = await makeTree(db);
    const member = await makeMember(db, tree.cellA.id);
    const url = `/api/v1/members/${member.id}`;
    const res = await app.inject({ method: 'PATCH', url, headers: { 'if-match': '"1"' }, payload: { fullName: member.fullName, gender: 'male' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    const events = (await get(`${url}/timeline`)).json().events as { kind: string }[];
    expect(events.map((e) => e.kind)).toEqual(['admitted', 'recognized_official']);
  });

  it('applies the registry rules to edits and writes nothing when refused', async () => {
    const tree = await makeTree(db);
    const member = await makeMember(db, tree.cellA.id);
    const probationary = await makeMember(db, tree.cellA.id, { officialDate: null, admissionDecisionDate: '2025-01-02', ceremonyDate: '2025-01-10' });
    const other = await makeMember(db, tree.cellA.id, { fullName: 'Hoàng Văn Cường' });
    const patch = (id: number, payload: unknown, lang: Lang = 'en') =>
      app.inject({ method: 'PATCH', url: `/api/v1/members/${id}`, headers: { 'accept-language': lang }, payload: payload as InjectOptions['payload'] });
    const before = await countRows(db);

    fieldError(await patch(member.id, { admissionDecisionDate: '2015-01-01' }), 'admissionDecisionDate', 'unknown_field');
    fieldError(await patch(member.id, { birthDate: '2000-01-01' }), 'admissionDecisionDate', 'admission_age');
    fieldError(await patch(member.id, { birthDate: addDays(today(), 1) }), 'birthDate', 'date_not_future');
    fieldError(await patch(member.id, { citizenId: '1234' }), 'citizenId', 'citizen_id');
    fieldError(await patch(member.id, { fullName: null }), 'fullName', 'invalid_type');
    fieldError(await patch(member.id, null), 'body', 'invalid_type');
    const taken = expectProblem(await patch(member.id, { citizenId: other.citizenId }), 409, 'member_citizen_id_taken');
    expect(taken.detail).toContain('Hoàng Văn Cường');
    expectProblem(await patch(probationary.id, { cardNumber: '79.000001' }), 409, 'member_card_requires_official');
    expectProblem(await patch(987_654_321, { phone: '0912345678' }), 404, 'not_found');

    expect(await countRows(db)).toEqual(before);
    expect((await get(`/api/v1/members/${member.id}`)).headers.etag).toBe('"1"');

    // With the approval recorded, the same birth date is accepted.
    const approved = await patch(member.id, { birthDate: '2000-01-01', ageApprovalRef: '45-CV/TU' });
    expect(approved.statusCode, approved.body).toBe(200);
    // ...and the approval cannot then be removed while the age needs it.
    fieldError(await patch(member.id, { ageApprovalRef: null }), 'admissionDecisionDate', 'admission_age');
  });
});

describe('GET /members', () => {
  it('lists a unit with its subtree or the unit alone', async () => {
    const tree = await makeTree(db);
    const a = await makeMember(db, tree.cellA.id, { fullName: 'Nguyễn Văn An' });
    const b = await makeMember(db, tree.cellB.id, { fullName: 'Trần Văn Bình' });
    const c = await makeMember(db, tree.cellC.id, {
      fullName: 'Lê Thị Cúc', gender: 'female', admissionDecisionDate: '2025-08-01', ceremonyDate: '2025-08-10', officialDate: null,
    });
    expect(await listIds(`unit=${tree.province.id}`)).toEqual([a.id, b.id, c.id]);
    expect(await listIds(`unit=${tree.province.id}&subtree=false`)).toEqual([]);
    expect(await listIds(`unit=${tree.bloc.id}`)).toEqual([a.id, b.id]);
    expect(await listIds(`unit=${tree.bloc.id}&subtree=true`)).toEqual([a.id, b.id]);
    expect(await listIds(`unit=${tree.bloc.id}&subtree=0`)).toEqual([]);
    expect(await listIds(`unit=${tree.cellA.id}&subtree=false`)).toEqual([a.id]);
    expect(await listIds(`unit=${tree.commune.id}`)).toEqual([c.id]);

    const res = await get(`/api/v1/members?unit=${tree.cellB.id}`);
    expect(res.json()).toEqual({
      items: [{
        id: b.id, fullName: 'Trần Văn Bình', gender: 'male', birthDate: '1985-04-12', status: 'official',
        unitId: tree.cellB.id, unitName: 'Chi bộ Sở Y tế', since: '2016-03-20',
      }],
      nextCursor: null,
    });
    expectProblem(await get('/api/v1/members?unit=987654321', 'en'), 404, 'not_found');
  });

  it('filters by status and answers as the membership stood on asOf', async () => {
    const tree = await makeTree(db);
    const official = await makeMember(db, tree.cellA.id, { fullName: 'Nguyễn Văn An' });
    const probationary = await makeMember(db, tree.cellA.id, {
      fullName: 'Trần Văn Bình', admissionDecisionDate: '2020-05-04', ceremonyDate: '2020-05-19', officialDate: null,
    });
    const u = `unit=${tree.province.id}`;
    expect(await listIds(`${u}&status=official`)).toEqual([official.id]);
    expect(await listIds(`${u}&status=probationary`)).toEqual([probationary.id]);
    // On 2015-06-01 the first was probationary and the second not yet admitted.
    expect(await listIds(`${u}&asOf=2015-06-01`)).toEqual([official.id]);
    expect(await listIds(`${u}&asOf=2015-06-01&status=probationary`)).toEqual([official.id]);
    expect(await listIds(`${u}&asOf=2015-03-01`)).toEqual([]);
    expect(await listIds(`${u}&asOf=2015-03-02`)).toEqual([official.id]);
    expect(await listIds(`${u}&asOf=2020-05-04`)).toEqual([official.id, probationary.id]);
    fieldError(await get(`/api/v1/members?${u}&status=dead`, 'en'), 'status', 'one_of');
  });

  it('searches ignoring case and diacritics, lets "d" find "đ", and matches the start of ID numbers', async () => {
    const tree = await makeTree(db);
    const an = await makeMember(db, tree.cellA.id, { fullName: 'Nguyễn Văn An', citizenId: '001085012345' });
    const hoa = await makeMember(db, tree.cellA.id, { fullName: 'Đặng Thị Hoa', gender: 'female', citizenId: '001190000001', cardNumber: '79123456' });
    const duong = await makeMember(db, tree.cellB.id, { fullName: 'Dương Văn Đức', citizenId: '001090000002' });
    const u = `unit=${tree.province.id}`;
    const q = (text: string) => listIds(`${u}&q=${encodeURIComponent(text)}`);
    expect(await q('nguyen van an')).toEqual([an.id]);
    expect(await q('NGUYEN VAN AN')).toEqual([an.id]);
    expect(await q('Nguyễn Văn An')).toEqual([an.id]);
    expect(await q('  nguyễn   VĂN an ')).toEqual([an.id]);
    expect(await q('Nguye\u0302\u0303n')).toEqual([an.id]);
    expect(await q('dang')).toEqual([hoa.id]);
    expect(await q('d')).toEqual([duong.id, hoa.id]);
    expect(await q('Đ')).toEqual([duong.id, hoa.id]);
    expect(await q('duc')).toEqual([duong.id]);
    expect(await q('xyz')).toEqual([]);
    expect(await q('001085')).toEqual([an.id]);
    expect(await q('085012')).toEqual([]);
    expect(await q('79123')).toEqual([hoa.id]);
    // LIKE wildcards are searched for, not obeyed.
    expect(await q('%')).toEqual([]);
    expect(await q('_')).toEqual([]);
    expect(await q('a%n')).toEqual([]);
    fieldError(await get(`/api/v1/members?${u}&q=${'a'.repeat(201)}`, 'en'), 'q', 'too_long');
    fieldError(await get(`/api/v1/members?${u}&q=a%00b`, 'en'), 'q', 'invalid_format');
  });

  it('finds a name only within the caller’s reach, as the database role that holds it sees it', async () => {
    const tree = await makeTree(db);
    const other = await makeTree(db);
    const inside = await makeMember(db, tree.cellA.id, { fullName: 'Hoàng Văn Bảy' });
    await makeMember(db, other.cellA.id, { fullName: 'Hoàng Văn Bảy' });
    const actor = { ...SYSTEM_ACTOR, userId: 1, scopePaths: [{ path: tree.province.path, subtree: true }] };
    const scoped = scopedDatabase(db, actor.scopePaths);
    // Three letters or more go through the trigram lookup, fewer through the register walk.
    for (const q of ['hoang van bay', 'bay', 'ba']) {
      const found = await listMembers({ db: scoped, actor, q, subtree: true, limit: 50 });
      expect(found.items.map((m) => m.id), q).toEqual(q === 'ba' ? expect.arrayContaining([inside.id]) : [inside.id]);
      expect(found.items.every((m) => m.unitId === tree.cellA.id || m.unitId === tree.cellB.id), q).toBe(true);
    }
  });

  it('sorts by given name, then the rest of the name', async () => {
    const tree = await makeTree(db);
    const names = ['Trần Văn Bình', 'Nguyễn Văn An', 'Lê Thị Cúc', 'Đặng Thị Hoa', 'Phạm An', 'Vũ Đức Anh'];
    const ids = new Map<string, number>();
    for (const fullName of names) ids.set(fullName, (await makeMember(db, tree.cellA.id, { fullName })).id);
    const res = await get(`/api/v1/members?unit=${tree.province.id}`);
    expect((res.json().items as { fullName: string }[]).map((m) => m.fullName)).toEqual([
      'Nguyễn Văn An', 'Phạm An', 'Vũ Đức Anh', 'Trần Văn Bình', 'Lê Thị Cúc', 'Đặng Thị Hoa',
    ]);
  });

  it('pages with limit=2 through every member once, in order, with no gaps', async () => {
    const tree = await makeTree(db);
    const names = ['Trần Văn Bình', 'Nguyễn Văn An', 'Nguyễn Văn An', 'Lê Thị Cúc', 'Đặng Thị Hoa', 'Phạm An', 'Nguyễn Văn An'];
    for (const [i, fullName] of names.entries()) {
      await makeMember(db, i % 2 === 0 ? tree.cellA.id : tree.cellB.id, { fullName });
    }
    const all = await listIds(`unit=${tree.province.id}&limit=500`);
    expect(all).toHaveLength(7);

    const seen: number[] = [];
    const pageSizes: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`/api/v1/members?unit=${tree.province.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as { items: { id: number }[]; nextCursor: string | null };
      pageSizes.push(page.items.length);
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor;
    } while (cursor && pageSizes.length < 10);
    expect(pageSizes).toEqual([2, 2, 2, 1]);
    expect(seen).toEqual(all);

    // Exactly one page's worth: no empty trailing page is announced.
    const exact = await get(`/api/v1/members?unit=${tree.province.id}&limit=7`);
    expect(exact.json().nextCursor).toBeNull();
  });

  it('refuses invalid paging and dates with a 400 naming the parameter, never a 500', async () => {
    const cursorOf = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const cases: [string, string, string][] = [
      ['cursor=not-a-cursor', 'cursor', 'invalid_cursor'],
      ['cursor=!!', 'cursor', 'invalid_cursor'],
      [`cursor=${cursorOf([1, 2, 3])}`, 'cursor', 'invalid_cursor'],
      [`cursor=${cursorOf(['a', 'b'])}`, 'cursor', 'invalid_cursor'],
      [`cursor=${cursorOf(['a', 1.5])}`, 'cursor', 'invalid_cursor'],
      [`cursor=${cursorOf(['a', -1])}`, 'cursor', 'invalid_cursor'],
      [`cursor=${cursorOf(['a', 1e20])}`, 'cursor', 'invalid_cursor'],
      [`cursor=${cursorOf([1, 1])}`, 'cursor', 'invalid_cursor'],
      [`cursor=${cursorOf(['a\u0000', 1])}`, 'cursor', 'invalid_cursor'],
      ['limit=0', 'limit', 'too_small'],
      ['limit=-1', 'limit', 'too_small'],
      ['limit=10000', 'limit', 'too_big'],
      ['limit=1.5', 'limit', 'integer'],
      ['limit=abc', 'limit', 'invalid_type'],
      ['asOf=2024-02-30', 'asOf', 'invalid_date'],
      ['asOf=0000-01-01', 'asOf', 'invalid_date'],
      ['asOf=2024-1-1', 'asOf', 'invalid_date'],
      ['unit=abc', 'unit', 'invalid_id'],
      ['unit=0', 'unit', 'invalid_id'],
      ['subtree=yes', 'subtree', 'boolean'],
      ['page=2', 'page', 'unknown_field'],
    ];
    for (const [query, path, code] of cases) {
      const res = await get(`/api/v1/members?${query}`, 'en');
      const error = fieldError(res, path, code);
      expect(error.message, query).toMatch(/^“|^The field “/);
    }
    const vi = fieldError(await get('/api/v1/members?limit=0', 'vi'), 'limit', 'too_small');
    expect(vi.message).toBe('«Số dòng mỗi trang» không được nhỏ hơn 1.');
    const en = fieldError(await get('/api/v1/members?limit=10000', 'en'), 'limit', 'too_big');
    expect(en.message).toBe('“Rows per page” must be at most 500.');
  });
});

describe('official due date', () => {
  it('is 12 months after the ceremony, the last day of a shorter month', () => {
    // Guards the expectation used above (2024-02-29 + 12 months).
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
  });
});

import { describe, expect, it } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expectProblem } from '../../../../test/expect-problem.ts';
import { makeUserWithToken, useTestApp } from '../../../../test/app.ts';
import { citizenId, makeMember, makeTree } from '../../../../test/factories.ts';
import { addDays } from '../../../shared/dates.ts';
import { today } from '../../db/rows.ts';
import { scopedDatabase } from '../../db/scoped.ts';

/**
 * Candidates for admission over HTTP: registration, the stages in order with their refusals,
 * the admission that registers the member, lists and the pipeline, scope (also after a unit
 * moves) and masking. Every test makes its own tree, so tests share the database without
 * seeing each other's candidates.
 */

const { db, app } = useTestApp();

type Lang = 'vi' | 'en' | 'ru';
type Headers = Record<string, string>;

const send = (method: InjectOptions['method'], url: string, payload?: unknown, headers: Headers = {}) =>
  app.inject({ method, url, headers: { 'accept-language': 'en', ...headers }, ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }) });
const bearer = (token: string): Headers => ({ authorization: `Bearer ${token}` });

function candidateInput(unitId: number, o: Record<string, unknown> = {}) {
  return {
    fullName: 'Lê Thị Hoa', gender: 'female', birthDate: '1998-06-20', ethnicity: '01', religion: 'buddhism',
    citizenId: citizenId(), phone: '0912 111 222', residence: 'Thôn Đông, xã Đông Hòa', education: 'upper_secondary',
    qualification: 'university', occupation: 'Giáo viên', unitId, since: '2023-03-01', ...o,
  };
}

async function register(unitId: number, o: Record<string, unknown> = {}, headers: Headers = {}) {
  const res = await send('POST', '/api/v1/candidates', candidateInput(unitId, o), headers);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; stage: string; since: string; version: number; citizenId: string };
}

const stage = (id: number, body: Record<string, unknown>, lang: Lang = 'en', headers: Headers = {}) =>
  send('POST', `/api/v1/candidates/${id}/stages`, body, { 'accept-language': lang, ...headers });

const admit = (id: number, body: Record<string, unknown>, lang: Lang = 'en', headers: Headers = {}) =>
  send('POST', `/api/v1/candidates/${id}/admit`, body, { 'accept-language': lang, ...headers });

const COURSE = { courseName: 'Lớp bồi dưỡng nhận thức về Đảng khóa I/2024', certificateNo: '125/GCN-TTCT' };

/** A candidate brought to the application stage, one command per stage. */
async function appliedCandidate(unitId: number, o: Record<string, unknown> = {}, appliedOn = '2024-05-02') {
  const c = await register(unitId, o);
  for (const body of [
    { stage: 'sympathizer', since: '2023-09-01' },
    { stage: 'course_passed', since: '2024-01-10', ...COURSE },
    { stage: 'applied', since: appliedOn },
  ]) {
    const res = await stage(c.id, body);
    expect(res.statusCode, res.body).toBe(201);
  }
  return c;
}

function fieldError(res: LightMyRequestResponse, status: number, code: string, path: string, rule: string) {
  const body = expectProblem(res, status, code);
  const found = (body.errors ?? []).find((e) => e.path === path);
  expect(found, `no error at ${path} in ${res.body}`).toBeDefined();
  expect(found?.code).toBe(rule);
  return { body, error: found as { path: string; code: string; message: string } };
}

async function rows<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await db.pool.query(text, params)).rows as T[];
}

const stagesOf = async (id: number) =>
  (await rows<{ stage: string }>('SELECT stage FROM candidate_stages WHERE candidate_id = $1 ORDER BY id', [id])).map((r) => r.stage);

const auditOf = async (id: number) =>
  (await rows<{ action: string }>(
    `SELECT action FROM audit_log WHERE target_type = 'candidate' AND target_id = $1 AND action <> 'candidate.read_sensitive' ORDER BY id`,
    [String(id)])).map((r) => r.action);

const listIds = async (query: string, headers: Headers = {}) => {
  const res = await send('GET', `/api/v1/candidates?${query}`, undefined, headers);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { id: number }[]).map((i) => i.id);
};

const pipeline = async (unitId: number, query = '', headers: Headers = {}) => {
  const res = await send('GET', `/api/v1/units/${unitId}/pipeline${query}`, undefined, headers);
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as { inDevelopment: number; stages: { stage: string; count: number; oldestSince: string | null }[] };
  return { ...body, count: Object.fromEntries(body.stages.map((s) => [s.stage, s.count])) as Record<string, number> };
};

describe('the way to admission', () => {
  it('registers at outstanding_mass, records each stage and admits: a probationary member, every step kept', async () => {
    const tree = await makeTree(db);
    const created = await send('POST', '/api/v1/candidates', candidateInput(tree.cellA.id, { fullName: '  Lê   Thị Hoa ' }));
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    expect(created.headers.location).toBe(`/api/v1/candidates/${c.id}`);
    expect(created.headers.etag).toBe('"1"');
    expect(c).toMatchObject({
      fullName: 'Lê Thị Hoa', unitId: tree.cellA.id, unitName: 'Chi bộ Sở Tư pháp', stage: 'outstanding_mass', since: '2023-03-01',
      nextStage: 'sympathizer', memberId: null, maskedFields: [], version: 1,
    });

    expect((await stage(c.id, { stage: 'sympathizer', since: '2023-09-01', note: 'Chi bộ phân công đảng viên giúp đỡ' })).statusCode).toBe(201);
    expect((await stage(c.id, { stage: 'course_passed', since: '2024-01-10', ...COURSE })).statusCode).toBe(201);
    const applied = await stage(c.id, { stage: 'applied', since: '2024-05-02' });
    expect(applied.statusCode, applied.body).toBe(201);
    expect(applied.json()).toMatchObject({ stage: 'applied', since: '2024-05-02', nextStage: 'admitted', version: 4 });

    const res = await admit(c.id, { admissionDecisionNo: '215-QĐ/ĐU', admissionDecisionDate: '2024-08-15', ceremonyDate: '2024-09-02' });
    expect(res.statusCode, res.body).toBe(201);
    const admitted = res.json();
    expect(admitted).toMatchObject({ stage: 'admitted', since: '2024-08-15', nextStage: null, version: 5 });
    expect(res.headers.location).toBe(`/api/v1/members/${admitted.memberId}`);
    // Every stage is a row of its own with its details; nothing recorded earlier was lost.
    expect(admitted.stages.map((s: { stage: string; since: string }) => [s.stage, s.since])).toEqual([
      ['outstanding_mass', '2023-03-01'], ['sympathizer', '2023-09-01'], ['course_passed', '2024-01-10'],
      ['applied', '2024-05-02'], ['admitted', '2024-08-15'],
    ]);
    expect(admitted.stages[1]).toMatchObject({ note: 'Chi bộ phân công đảng viên giúp đỡ' });
    expect(admitted.stages[2]).toMatchObject(COURSE);
    expect(admitted.stages[4]).toMatchObject({ decisionNo: '215-QĐ/ĐU', ceremonyDate: '2024-09-02' });
    expect(admitted.stages[4].recordedBy).toEqual(expect.objectContaining({ id: expect.any(Number) }));

    // The member record carries the candidate's profile and a probationary span from the decision.
    const member = await send('GET', `/api/v1/members/${admitted.memberId}`);
    expect(member.json()).toMatchObject({
      fullName: 'Lê Thị Hoa', birthDate: '1998-06-20', citizenId: c.citizenId, religion: 'buddhism', occupation: 'Giáo viên',
      admissionDecisionDate: '2024-08-15', admissionDecisionNo: '215-QĐ/ĐU', ceremonyDate: '2024-09-02', officialDate: null,
      officialDue: '2025-09-02', membership: { unitId: tree.cellA.id, status: 'probationary', since: '2024-08-15' },
    });
    const timeline = (await send('GET', `/api/v1/members/${admitted.memberId}/timeline`)).json();
    expect(timeline.spans.map((s: { status: string; validFrom: string; validTo: string | null }) => [s.status, s.validFrom, s.validTo]))
      .toEqual([['probationary', '2024-08-15', null]]);

    // One audit row per command (the admission also registers the member, with its own row).
    expect(await auditOf(c.id)).toEqual(['candidate.create', 'candidate.stage', 'candidate.stage', 'candidate.stage', 'candidate.admit']);
    expect(await rows(`SELECT 1 FROM audit_log WHERE action = 'member.create' AND target_id = $1`, [String(admitted.memberId)])).toHaveLength(1);
    expect((await send('GET', `/api/v1/candidates/${c.id}`)).json()).toEqual(admitted);
  });

  it('registers a development begun earlier at a later stage, with that stage’s details', async () => {
    const tree = await makeTree(db);
    const missing = await send('POST', '/api/v1/candidates', candidateInput(tree.cellA.id, { stage: 'course_passed', since: '2024-01-10' }));
    fieldError(missing, 400, 'validation_failed', 'courseName', 'required');
    fieldError(missing, 400, 'validation_failed', 'certificateNo', 'required');
    const c = await register(tree.cellA.id, { stage: 'course_passed', since: '2024-01-10', ...COURSE });
    expect(await stagesOf(c.id)).toEqual(['course_passed']);
    expect(c).toMatchObject({ stage: 'course_passed', nextStage: 'applied' });
  });

  it('refuses a skipped or repeated stage with a 409 naming the current and the next stage', async () => {
    const tree = await makeTree(db);
    const c = await register(tree.cellA.id);
    const skip = { stage: 'course_passed', since: '2024-01-10', ...COURSE };
    const vi = fieldError(await stage(c.id, skip, 'vi'), 409, 'candidate_stage_out_of_order', 'stage', 'stage_expected');
    expect(vi.body.detail).toBe('Không thể ghi bước «Đã học lớp nhận thức về Đảng»: đối tượng đang ở bước «Quần chúng ưu tú», bước tiếp theo phải là «Cảm tình Đảng».');
    expect(vi.error.message).toBe('«Bước phát triển đảng viên» tiếp theo phải là «Cảm tình Đảng».');
    const en = expectProblem(await stage(c.id, skip, 'en'), 409, 'candidate_stage_out_of_order');
    expect(en.detail).toBe('Cannot record “Awareness course passed”: the candidate is at the stage “Outstanding mass member”, and the next stage must be “Party sympathizer”.');
    // Neither a repeat nor a step back.
    expectProblem(await stage(c.id, { stage: 'outstanding_mass', since: '2023-04-01' }), 409, 'candidate_stage_out_of_order');
    expect((await stage(c.id, { stage: 'sympathizer', since: '2023-09-01' })).statusCode).toBe(201);
    const back = expectProblem(await stage(c.id, { stage: 'outstanding_mass', since: '2023-10-01' }, 'ru'), 409, 'candidate_stage_out_of_order');
    expect(back.detail).toContain('«Сочувствующий партии»');
    expect(back.detail).toContain('«Прошёл курс ознакомления с Партией»');
    // The stage after an application is the admission, which has its own command.
    fieldError(await stage(c.id, { stage: 'admitted', since: '2024-01-10' }), 400, 'validation_failed', 'stage', 'one_of');
    expect(await stagesOf(c.id)).toEqual(['outstanding_mass', 'sympathizer']);
    expect(await auditOf(c.id)).toEqual(['candidate.create', 'candidate.stage']);
  });

  it('refuses a stage dated before the current one began, or in the future; the same day is fine', async () => {
    const tree = await makeTree(db);
    const c = await register(tree.cellA.id, { since: '2023-03-01' });
    const { body, error } = fieldError(await stage(c.id, { stage: 'sympathizer', since: '2023-02-28' }, 'vi'), 409,
      'candidate_date_before_stage', 'since', 'date_before_stage_since');
    expect(body.detail).toBe('Ngày 28/02/2023 trước ngày bắt đầu bước hiện tại «Quần chúng ưu tú» (01/03/2023); các bước phải theo thứ tự thời gian.');
    expect(error.message).toBe('«Từ ngày» không được trước ngày 01/03/2023, ngày bắt đầu bước hiện tại.');
    fieldError(await stage(c.id, { stage: 'sympathizer', since: addDays(today(), 1) }), 400, 'validation_failed', 'since', 'date_not_future');
    expect((await stage(c.id, { stage: 'sympathizer', since: '2023-03-01' })).statusCode).toBe(201);
    // At registration the first stage must come after the birth.
    const early = await send('POST', '/api/v1/candidates', candidateInput(tree.cellA.id, { birthDate: '2001-05-05', since: '2001-05-05' }));
    fieldError(early, 400, 'validation_failed', 'since', 'date_after');
  });

  it('needs course details on the course stage, a reason on a withdrawal, and nothing foreign to a stage', async () => {
    const tree = await makeTree(db);
    const c = await register(tree.cellA.id);
    fieldError(await stage(c.id, { stage: 'sympathizer', since: '2023-09-01', courseName: 'Lớp A' }), 400, 'validation_failed',
      'courseName', 'stage_detail_not_allowed');
    expect((await stage(c.id, { stage: 'sympathizer', since: '2023-09-01' })).statusCode).toBe(201);
    const { error } = fieldError(await stage(c.id, { stage: 'course_passed', since: '2024-01-10', certificateNo: '12/GCN' }, 'vi'), 400,
      'validation_failed', 'courseName', 'required');
    expect(error.message).toBe('«Lớp bồi dưỡng nhận thức về Đảng» là bắt buộc.');
    fieldError(await stage(c.id, { stage: 'course_passed', since: '2024-01-10', courseName: 'Lớp A' }), 400, 'validation_failed',
      'certificateNo', 'required');
    fieldError(await stage(c.id, { stage: 'withdrawn', since: '2024-01-10' }), 400, 'validation_failed', 'reason', 'required');
    expect(await stagesOf(c.id)).toEqual(['outstanding_mass', 'sympathizer']);
  });

  it('ends with a withdrawal at any stage before admission, after which nothing more is recorded', async () => {
    const tree = await makeTree(db);
    const c = await register(tree.cellA.id);
    const res = await stage(c.id, { stage: 'withdrawn', since: '2023-11-20', reason: 'Chuyển công tác ra nước ngoài' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ stage: 'withdrawn', nextStage: null });
    expectProblem(await stage(c.id, { stage: 'sympathizer', since: '2024-01-01' }), 409, 'candidate_withdrawn');
    const body = expectProblem(await admit(c.id, { admissionDecisionNo: '1-QĐ/ĐU', admissionDecisionDate: '2024-02-01' }, 'vi'), 409, 'candidate_withdrawn');
    expect(body.detail).toContain('20/11/2023');
    // Out of development: not listed by default, listed when asked for.
    expect(await listIds(`unit=${tree.cellA.id}`)).not.toContain(c.id);
    expect(await listIds(`unit=${tree.cellA.id}&stage=withdrawn`)).toEqual([c.id]);
  });
});

describe('admission age on the application date, in months, from the rules', () => {
  /** A candidate at the course stage since `since`, born on `birthDate`. */
  const atCourse = async (unitId: number, birthDate: string, since: string) =>
    register(unitId, { birthDate, stage: 'course_passed', since, ...COURSE });

  it('accepts an applicant of exactly 18 years (216 months) and refuses one a day younger', async () => {
    const tree = await makeTree(db);
    const young = await atCourse(tree.cellA.id, '2000-05-15', '2018-01-10');
    const { error } = fieldError(await stage(young.id, { stage: 'applied', since: '2018-05-14' }, 'vi'), 400, 'validation_failed',
      'since', 'application_age_under');
    expect(error.message).toBe('«Từ ngày»: vào ngày 14/05/2018, tuổi của người xin vào Đảng tính theo tháng là 215 tháng (tròn 17 tuổi), chưa đủ 18 tuổi.');
    expect((await stage(young.id, { stage: 'applied', since: '2018-05-15' })).statusCode).toBe(201);
    // Under the minimum, an approval does not help.
    const other = await atCourse(tree.cellA.id, '2000-05-15', '2018-01-10');
    fieldError(await stage(other.id, { stage: 'applied', since: '2018-05-14', ageApprovalRef: '12-CV/TU' }), 400,
      'validation_failed', 'since', 'application_age_under');
  });

  it('accepts 60 years and some days (720 whole months), refuses 721 months unless the approval is recorded', async () => {
    const tree = await makeTree(db);
    const a = await atCourse(tree.cellA.id, '1960-03-10', '2019-12-01');
    expect((await stage(a.id, { stage: 'applied', since: '2020-04-09' })).statusCode).toBe(201);
    const b = await atCourse(tree.cellA.id, '1960-03-10', '2019-12-01');
    const { error } = fieldError(await stage(b.id, { stage: 'applied', since: '2020-04-10' }, 'en'), 400, 'validation_failed',
      'since', 'application_age_over');
    expect(error.message).toBe('“Since”: on 10/04/2020 the applicant’s age is 721 months (60 full years), over the maximum of 60 years; record the provincial committee’s “Approval of admission age”.');
    const approved = await stage(b.id, { stage: 'applied', since: '2020-04-10', ageApprovalRef: '45-CV/TU' });
    expect(approved.statusCode, approved.body).toBe(201);
    expect(approved.json().stages.at(-1)).toMatchObject({ stage: 'applied', ageApprovalRef: '45-CV/TU' });
    // The approval carries over to the member record.
    const member = await admit(b.id, { admissionDecisionNo: '7-QĐ/ĐU', admissionDecisionDate: '2020-06-01' });
    expect(member.statusCode, member.body).toBe(201);
    expect((await send('GET', `/api/v1/members/${member.json().memberId}`)).json().ageApprovalRef).toBe('45-CV/TU');
  });

  it('applies the limits in force on the application date', async () => {
    const tree = await makeTree(db);
    // A stricter maximum for January 1999 only (the rule is data with an effective date).
    await db.pool.query(`INSERT INTO rules (key, valid_from, value, source) VALUES
      ('admission.max_age_months', '1999-01-01', '700', 'test'), ('admission.max_age_months', '1999-02-01', '720', 'test')`);
    const january = await atCourse(tree.cellA.id, '1940-06-01', '1998-06-01');
    fieldError(await stage(january.id, { stage: 'applied', since: '1999-01-15' }), 400, 'validation_failed', 'since', 'application_age_over');
    const february = await atCourse(tree.cellA.id, '1940-06-01', '1998-06-01');
    expect((await stage(february.id, { stage: 'applied', since: '1999-02-15' })).statusCode).toBe(201);
  });

  it('refuses an admission whose decision comes after the applicant passed the maximum, and writes nothing', async () => {
    const tree = await makeTree(db);
    const c = await atCourse(tree.cellA.id, '1963-01-20', '2022-06-01');
    expect((await stage(c.id, { stage: 'applied', since: '2022-12-20' })).statusCode).toBe(201);
    const before = await rows('SELECT count(*)::int AS n FROM members');
    fieldError(await admit(c.id, { admissionDecisionNo: '9-QĐ/ĐU', admissionDecisionDate: '2023-03-01' }), 400, 'validation_failed',
      'admissionDecisionDate', 'admission_age');
    expect(await rows('SELECT count(*)::int AS n FROM members')).toEqual(before);
    expect(await stagesOf(c.id)).toEqual(['course_passed', 'applied']);
    expect(await auditOf(c.id)).toEqual(['candidate.create', 'candidate.stage']);
  });
});

describe('POST /candidates/:id/admit', () => {
  it('admits only from the application stage, once', async () => {
    const tree = await makeTree(db);
    const early = await register(tree.cellA.id, { stage: 'course_passed', since: '2024-01-10', ...COURSE });
    const decision = { admissionDecisionNo: '31-QĐ/ĐU', admissionDecisionDate: '2024-08-15', ceremonyDate: '2024-09-02' };
    const wrong = expectProblem(await admit(early.id, decision, 'vi'), 409, 'candidate_admit_not_applied');
    expect(wrong.detail).toBe('Chỉ kết nạp đối tượng đã có đơn xin vào Đảng; đối tượng đang ở bước «Đã học lớp nhận thức về Đảng», cần qua bước «Đã có đơn xin vào Đảng» trước.');

    const c = await appliedCandidate(tree.cellA.id);
    fieldError(await admit(c.id, { ...decision, admissionDecisionDate: '2024-05-01' }), 409, 'candidate_date_before_stage',
      'admissionDecisionDate', 'date_before_stage_since');
    fieldError(await admit(c.id, { ...decision, ceremonyDate: '2024-08-14' }), 400, 'validation_failed', 'ceremonyDate', 'date_not_before');
    fieldError(await admit(c.id, { admissionDecisionDate: '2024-08-15' }), 400, 'validation_failed', 'admissionDecisionNo', 'required');
    const first = await admit(c.id, decision);
    expect(first.statusCode, first.body).toBe(201);
    const memberId = first.json().memberId as number;
    const twice = expectProblem(await admit(c.id, decision, 'en'), 409, 'candidate_already_admitted');
    expect(twice.detail).toBe(`This candidate was admitted by the decision of 15/08/2024 (member record id ${memberId}).`);
    expectProblem(await stage(c.id, { stage: 'withdrawn', since: '2024-09-01', reason: 'Nhầm' }), 409, 'candidate_already_admitted');
    expect(await rows('SELECT id FROM members WHERE citizen_id = $1', [c.citizenId])).toEqual([{ id: memberId }]);
    // Two admissions sent at the same moment: one wins, the other finds it done.
    const racing = await appliedCandidate(tree.cellA.id);
    const both = await Promise.all([admit(racing.id, decision), admit(racing.id, decision)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(await rows('SELECT count(*)::int AS n FROM members WHERE citizen_id = $1', [racing.citizenId])).toEqual([{ n: 1 }]);
    // The profile now lives on the member record.
    expectProblem(await send('PATCH', `/api/v1/candidates/${c.id}`, { occupation: 'Kỹ sư' }), 409, 'candidate_admitted_edit_member');
  });
});

describe('profile', () => {
  it('edits with If-Match, keeps the values before in the audit trail, and refuses a stale version', async () => {
    const tree = await makeTree(db);
    const c = await register(tree.cellA.id);
    const url = `/api/v1/candidates/${c.id}`;
    const stale = await send('PATCH', url, { occupation: 'Kỹ sư' }, { 'if-match': '"7"' });
    expectProblem(stale, 412, 'precondition_failed');
    const ok = await send('PATCH', url, { occupation: 'Kỹ sư', fullName: 'Lê Thị Hoà' }, { 'if-match': '"1"' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(ok.json()).toMatchObject({ occupation: 'Kỹ sư', fullName: 'Lê Thị Hoà', version: 2 });
    const [audit] = await rows<{ details: { before: Record<string, unknown>; after: Record<string, unknown> } }>(
      `SELECT details FROM audit_log WHERE action = 'candidate.update' AND target_id = $1`, [String(c.id)]);
    expect(audit?.details).toEqual({ before: { occupation: 'Giáo viên', fullName: 'Lê Thị Hoa' }, after: { occupation: 'Kỹ sư', fullName: 'Lê Thị Hoà' } });
    // The birth stays before the development began.
    fieldError(await send('PATCH', url, { birthDate: '2023-03-01' }), 400, 'validation_failed', 'birthDate', 'birth_before_development');
    expect(await listIds(`unit=${tree.cellA.id}&q=hoa`)).toEqual([c.id]);
  });

  it('develops one person once at a time, and never a member', async () => {
    const tree = await makeTree(db);
    const c = await register(tree.cellA.id, { fullName: 'Đinh Văn Lâm' });
    const again = await send('POST', '/api/v1/candidates', candidateInput(tree.cellB.id, { citizenId: c.citizenId }));
    const { body } = fieldError(again, 409, 'candidate_citizen_id_taken', 'citizenId', 'taken');
    expect(body.detail).toContain('Đinh Văn Lâm');
    // Once withdrawn, the person may be developed again under a new record.
    expect((await stage(c.id, { stage: 'withdrawn', since: '2023-05-01', reason: 'Tạm dừng' })).statusCode).toBe(201);
    expect((await send('POST', '/api/v1/candidates', candidateInput(tree.cellB.id, { citizenId: c.citizenId }))).statusCode).toBe(201);
    const member = await makeMember(db, tree.cellA.id);
    fieldError(await send('POST', '/api/v1/candidates', candidateInput(tree.cellB.id, { citizenId: member.citizenId })), 409,
      'member_citizen_id_taken', 'citizenId', 'taken');
  });
});

describe('lists and the pipeline', () => {
  it('lists the candidates in development of a unit and below, by name, filtered by stage and searched without diacritics', async () => {
    const tree = await makeTree(db);
    const hoa = await register(tree.cellA.id, { fullName: 'Lê Thị Hoa' });
    const an = await register(tree.cellB.id, { fullName: 'Nguyễn Văn An' });
    const duc = await appliedCandidate(tree.cellB.id, { fullName: 'Trần Đức Bình' });
    const done = await appliedCandidate(tree.cellA.id, { fullName: 'Phạm Thị Cúc' });
    expect((await admit(done.id, { admissionDecisionNo: '2-QĐ/ĐU', admissionDecisionDate: '2024-08-15' })).statusCode).toBe(201);

    // Given name first: An, Bình, Hoa; the admitted candidate is no longer in development.
    expect(await listIds(`unit=${tree.province.id}`)).toEqual([an.id, duc.id, hoa.id]);
    expect(await listIds(`unit=${tree.bloc.id}&subtree=false`)).toEqual([]);
    expect(await listIds(`unit=${tree.cellB.id}`)).toEqual([an.id, duc.id]);
    expect(await listIds(`unit=${tree.province.id}&stage=applied`)).toEqual([duc.id]);
    expect(await listIds(`unit=${tree.province.id}&stage=admitted`)).toEqual([done.id]);
    expect(await listIds(`unit=${tree.province.id}&q=${encodeURIComponent('tran duc')}`)).toEqual([duc.id]);
    expect(await listIds(`unit=${tree.province.id}&q=${hoa.citizenId}`)).toEqual([hoa.id]);
    const first = await send('GET', `/api/v1/candidates?unit=${tree.province.id}&limit=2`);
    expect(first.json().items.map((i: { id: number }) => i.id)).toEqual([an.id, duc.id]);
    expect(first.json().items[1]).toMatchObject({ stage: 'applied', since: '2024-05-02', unitId: tree.cellB.id, unitName: 'Chi bộ Sở Y tế' });
    expect(await listIds(`unit=${tree.province.id}&limit=2&cursor=${first.json().nextCursor}`)).toEqual([hoa.id]);
    fieldError(await send('GET', `/api/v1/candidates?cursor=${Buffer.from('["x"]').toString('base64url')}`), 400,
      'validation_failed', 'cursor', 'invalid_cursor');

    const now = await pipeline(tree.province.id);
    expect(now.count).toEqual({ outstanding_mass: 2, sympathizer: 0, course_passed: 0, applied: 1, admitted: 1, withdrawn: 0 });
    expect(now.inDevelopment).toBe(3);
    expect(now.stages.find((s) => s.stage === 'outstanding_mass')?.oldestSince).toBe('2023-03-01');
    // As the stages stood at the end of 2023: everyone had been recognized, two were sympathizers.
    const then = await pipeline(tree.province.id, '?asOf=2023-12-31');
    expect(then.count).toEqual({ outstanding_mass: 2, sympathizer: 2, course_passed: 0, applied: 0, admitted: 0, withdrawn: 0 });
    expect((await pipeline(tree.cellA.id)).count).toMatchObject({ outstanding_mass: 1, admitted: 1 });
  });
});

describe('scope', () => {
  it('shows and changes the candidates of the caller’s cell only; others answer 404, or 400 on the unit field', async () => {
    const tree = await makeTree(db);
    const mine = await register(tree.cellA.id, { fullName: 'Vũ Thị Mai' });
    const theirs = await register(tree.cellB.id, { fullName: 'Đỗ Văn Khánh' });
    const secretary = await makeUserWithToken(db, { roleCode: 'cell_secretary', unitId: tree.cellA.id, includeSubtree: false });
    const as = bearer(secretary.token);

    expect((await send('GET', `/api/v1/candidates/${mine.id}`, undefined, as)).statusCode).toBe(200);
    expectProblem(await send('GET', `/api/v1/candidates/${theirs.id}`, undefined, as), 404, 'not_found');
    expect(await listIds('', as)).toEqual([mine.id]);
    expectProblem(await send('GET', `/api/v1/candidates?unit=${tree.cellB.id}`, undefined, as), 404, 'not_found');
    expectProblem(await send('GET', `/api/v1/units/${tree.cellB.id}/pipeline`, undefined, as), 404, 'not_found');
    expect((await pipeline(tree.cellA.id, '', as)).inDevelopment).toBe(1);

    expectProblem(await send('PATCH', `/api/v1/candidates/${theirs.id}`, { occupation: 'X' }, as), 404, 'not_found');
    expectProblem(await stage(theirs.id, { stage: 'sympathizer', since: '2023-09-01' }, 'en', as), 404, 'not_found');
    expectProblem(await admit(theirs.id, { admissionDecisionNo: '1-QĐ', admissionDecisionDate: '2024-01-01' }, 'en', as), 404, 'not_found');
    fieldError(await send('POST', '/api/v1/candidates', candidateInput(tree.cellB.id), as), 400, 'validation_failed', 'unitId', 'not_found_ref');
    expect((await stage(mine.id, { stage: 'sympathizer', since: '2023-09-01' }, 'en', as)).statusCode).toBe(201);
    expect(await stagesOf(theirs.id)).toEqual(['outstanding_mass']);

    // Row-level security is the second lock: a scoped connection sees the cell's candidates only.
    const scoped = scopedDatabase(db, [{ path: tree.cellA.path, subtree: true }]);
    const seen = (await scoped.pool.query<{ id: number }>('SELECT id FROM candidates WHERE id = ANY($1) ORDER BY id', [[mine.id, theirs.id]])).rows;
    expect(seen.map((r) => r.id)).toEqual([mine.id]);
    const stagesSeen = (await scoped.pool.query('SELECT candidate_id FROM candidate_stages WHERE candidate_id = $1', [theirs.id])).rows;
    expect(stagesSeen).toEqual([]);
    // Stage rows are never rewritten, not even inside the caller's scope.
    await expect(scoped.transaction((sql) => sql.query('UPDATE candidate_stages SET since = since WHERE candidate_id = $1', [mine.id])))
      .rejects.toThrow(/permission denied/);
  });

  it('follows the unit when it moves under another parent: the new reach sees the candidate, the old does not', async () => {
    const tree = await makeTree(db);
    const c = await register(tree.cellA.id, { since: '2024-02-01' });
    const blocStaff = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: tree.bloc.id });
    const communeStaff = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: tree.commune.id });
    expect((await send('GET', `/api/v1/candidates/${c.id}`, undefined, bearer(blocStaff.token))).statusCode).toBe(200);
    expectProblem(await send('GET', `/api/v1/candidates/${c.id}`, undefined, bearer(communeStaff.token)), 404, 'not_found');

    const moved = await send('POST', `/api/v1/units/${tree.cellA.id}/move`, { parentId: tree.commune.id, effectiveOn: today() });
    expect(moved.statusCode, moved.body).toBe(200);

    expectProblem(await send('GET', `/api/v1/candidates/${c.id}`, undefined, bearer(blocStaff.token)), 404, 'not_found');
    expect(await listIds('', bearer(blocStaff.token))).toEqual([]);
    expect((await send('GET', `/api/v1/candidates/${c.id}`, undefined, bearer(communeStaff.token))).statusCode).toBe(200);
    expect(await listIds(`unit=${tree.commune.id}`, bearer(communeStaff.token))).toEqual([c.id]);
    expect((await stage(c.id, { stage: 'sympathizer', since: today() }, 'en', bearer(communeStaff.token))).statusCode).toBe(201);
    expect((await pipeline(tree.commune.id, '', bearer(communeStaff.token))).count.sympathizer).toBe(1);
    // Counted where the cell stood on each day, also by those who reached it there.
    const yesterday = addDays(today(), -1);
    expect((await pipeline(tree.bloc.id, `?asOf=${yesterday}`, bearer(blocStaff.token))).count.outstanding_mass).toBe(1);
    expect((await pipeline(tree.bloc.id, '', bearer(blocStaff.token))).inDevelopment).toBe(0);
    expect((await pipeline(tree.commune.id, `?asOf=${yesterday}`)).inDevelopment).toBe(0);
  });

  it('masks sensitive fields without members.read_sensitive, as on member records, and records who saw them', async () => {
    const tree = await makeTree(db);
    const c = await register(tree.cellA.id, { fullName: 'Hà Thị Kín' });
    const observer = await makeUserWithToken(db, { roleCode: 'observer', unitId: tree.province.id });
    const board = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: tree.province.id });
    const reads = async () =>
      (await rows(`SELECT 1 FROM audit_log WHERE action = 'candidate.read_sensitive' AND target_id = $1`, [String(c.id)])).length;
    const before = await reads();

    const masked = await send('GET', `/api/v1/candidates/${c.id}`, undefined, bearer(observer.token));
    expect(masked.statusCode).toBe(200);
    expect(masked.json()).toMatchObject({ citizenId: null, phone: null, residence: null, religion: null, fullName: 'Hà Thị Kín' });
    expect([...masked.json().maskedFields].sort()).toEqual(['citizenId', 'phone', 'religion', 'residence']);
    expect(masked.body).not.toContain(c.citizenId);
    expect(await reads()).toBe(before);
    // Nor can the citizen ID be confirmed by searching for it.
    expect(await listIds(`q=${c.citizenId}`, bearer(observer.token))).toEqual([]);
    expect(await listIds(`q=${encodeURIComponent('ha thi kin')}`, bearer(observer.token))).toEqual([c.id]);

    const shown = await send('GET', `/api/v1/candidates/${c.id}`, undefined, bearer(board.token));
    expect(shown.json()).toMatchObject({ citizenId: c.citizenId, phone: '0912 111 222', religion: 'buddhism', maskedFields: [] });
    expect(await reads()).toBe(before + 1);
    expect(await listIds(`q=${c.citizenId}`, bearer(board.token))).toEqual([c.id]);
    // An observer may read but not write.
    expectProblem(await stage(c.id, { stage: 'sympathizer', since: '2023-09-01' }, 'en', bearer(observer.token)), 403, 'forbidden');
  });
});

describe('unit checks', () => {
  it('refuses a unit that holds no members, naming it', async () => {
    const tree = await makeTree(db);
    const res = await send('POST', '/api/v1/candidates', candidateInput(tree.bloc.id), { 'accept-language': 'vi' });
    const body = expectProblem(res, 409, 'candidate_unit_holds_no_members');
    expect(body.detail).toBe(`Đối tượng kết nạp do chi bộ bồi dưỡng; Đảng bộ Khối cơ quan (${tree.bloc.code}) không phải là chi bộ.`);
  });
});

import { describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { dumpRows } from '../../../../test/db.ts';
import { expectProblem } from '../../../../test/expect-problem.ts';
import { makeUserWithToken, useTestApp } from '../../../../test/app.ts';
import { makeMember, makeTree } from '../../../../test/factories.ts';
import type { DisciplineDecision, InspectionCase, InspectionFigures, InspectionProgram } from '../../../shared/schemas/inspections.ts';
import { scopedDatabase } from '../../db/scoped.ts';
import { SYSTEM_ACTOR } from '../access/actor.ts';
import { recordMemberEvent } from '../members/membership.service.ts';

/**
 * Inspection, supervision and discipline over HTTP: a year's program, a case from its decision
 * to its conclusion and remedies, discipline decisions (with the forms the regulation allows and
 * an expulsion that closes the membership), appeals, declarations, attachments and the figures,
 * with every refusal leaving the records as they were, and the reach of the commission.
 */

const { db, app } = useTestApp();

type Headers = Record<string, string>;
const send = (method: 'POST' | 'PUT' | 'PATCH', url: string, payload: unknown, headers: Headers = {}) =>
  app.inject({ method, url: `/api/v1${url}`, headers: { 'accept-language': 'en', ...headers }, payload: payload as InjectOptions['payload'] });
const get = (url: string, headers: Headers = {}) => app.inject({ url: `/api/v1${url}`, headers: { 'accept-language': 'en', ...headers } });
const ok = <T>(res: Awaited<ReturnType<typeof get>>, status = 200): T => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json<T>();
};
const fieldError = (res: Awaited<ReturnType<typeof get>>, path: string, code: string) => {
  const body = expectProblem(res, 400, 'validation_failed');
  const issue = body.errors?.find((e) => e.path === path);
  expect(issue, JSON.stringify(body.errors)).toMatchObject({ path, code });
  return issue as { message: string };
};

const INSPECTION_TABLES = {
  cases: 'SELECT * FROM inspection_cases ORDER BY id',
  subjects: 'SELECT * FROM inspection_subjects ORDER BY id',
  steps: 'SELECT * FROM inspection_steps ORDER BY id',
  findings: 'SELECT * FROM inspection_findings ORDER BY id',
  remedies: 'SELECT * FROM inspection_remedies ORDER BY id',
  decisions: 'SELECT * FROM discipline_decisions ORDER BY id',
  appeals: 'SELECT * FROM discipline_appeals ORDER BY id',
  declarations: 'SELECT * FROM asset_declarations ORDER BY id',
  attachments: 'SELECT * FROM attachments ORDER BY id',
  events: 'SELECT * FROM member_events ORDER BY id',
  spans: 'SELECT * FROM membership_spans ORDER BY id',
};
const snapshot = () => dumpRows(db, INSPECTION_TABLES);

const caseBody = (subjects: { type: 'unit' | 'member'; id: number }[], o: Record<string, unknown> = {}) => ({
  conductedBy: 'inspection_commission', kind: 'regular_supervision', title: 'Giám sát việc thực hiện quy chế làm việc',
  decisionNo: '12-QĐ/UBKT', openedOn: '2025-03-03', lead: 'Nguyễn Văn Trưởng', team: ['Lê Thị Hai', 'Phạm Văn Ba'],
  dueOn: '2025-04-30', subjects, ...o,
});

describe('inspection programs', () => {
  it('plans a year of work, refuses a second program and items outside its year or unit, and shows progress', async () => {
    const tree = await makeTree(db);
    const other = await makeTree(db);
    const program = ok<InspectionProgram>(await send('POST', `/units/${tree.province.id}/inspection-programs`, {
      year: 2025, conductedBy: 'inspection_commission', title: 'Chương trình kiểm tra, giám sát năm 2025', approvalNo: '01-CTr/UBKT', approvedOn: '2025-01-10',
    }), 201);
    expectProblem(await send('POST', `/units/${tree.province.id}/inspection-programs`, {
      year: 2025, conductedBy: 'inspection_commission', title: 'Lần hai',
    }), 409, 'inspection_program_exists');

    const item = { kind: 'regular_supervision', subject: { type: 'unit', id: tree.bloc.id }, plannedFrom: '2025-03-01', plannedTo: '2025-04-30', lead: 'Nguyễn Văn Trưởng', team: ['Lê Thị Hai'] };
    const before = await snapshot();
    fieldError(await send('POST', `/inspection-programs/${program.id}/items`, { ...item, plannedFrom: '2024-12-01' }), 'plannedFrom', 'inspection_outside_year');
    fieldError(await send('POST', `/inspection-programs/${program.id}/items`, { ...item, plannedTo: '2025-02-01' }), 'plannedTo', 'date_not_before');
    fieldError(await send('POST', `/inspection-programs/${program.id}/items`, { ...item, subject: { type: 'unit', id: other.bloc.id } }), 'subject.id', 'inspection_subject_outside_unit');
    fieldError(await send('POST', `/inspection-programs/${program.id}/items`, { ...item, kind: 'audit' }), 'kind', 'one_of');
    expect(await snapshot()).toEqual(before);

    const planned = ok<InspectionProgram>(await send('POST', `/inspection-programs/${program.id}/items`, item), 201);
    expect(planned.progress).toEqual({ planned: 1, opened: 0, concluded: 0, overdue: 1 });
    const itemId = (planned.items?.[0] as { id: number }).id;

    const opened = ok<InspectionCase>(await send('POST', `/units/${tree.province.id}/inspection-cases`, caseBody([{ type: 'unit', id: tree.bloc.id }], { programItemId: itemId })), 201);
    expectProblem(await send('POST', `/units/${tree.province.id}/inspection-cases`, caseBody([{ type: 'unit', id: tree.bloc.id }], { programItemId: itemId })), 409, 'inspection_program_item_taken');
    fieldError(await send('POST', `/units/${tree.province.id}/inspection-cases`, caseBody([{ type: 'unit', id: tree.bloc.id }], { programItemId: itemId, kind: 'inspection_party_finance' })), 'kind', 'inspection_kind_differs');
    fieldError(await send('POST', `/units/${tree.bloc.id}/inspection-cases`, caseBody([{ type: 'unit', id: tree.cellA.id }], { programItemId: itemId })), 'programItemId', 'inspection_program_item_other_unit');
    ok(await send('POST', `/inspection-cases/${opened.id}/steps`, { kind: 'conclusion_notice', doneOn: '2025-04-20', documentNo: '15-TB/UBKT' }), 201);
    const [listed] = ok<InspectionProgram[]>(await get(`/units/${tree.province.id}/inspection-programs?year=2025`));
    expect(listed?.progress).toEqual({ planned: 1, opened: 1, concluded: 1, overdue: 0 });
    expect(ok<InspectionProgram>(await get(`/inspection-programs/${program.id}`)).items?.[0]).toMatchObject({ caseId: opened.id, caseStatus: 'concluded' });
  });
});

describe('inspection cases', () => {
  it('runs a case from its decision to its conclusion and remedies, refusing steps out of order, and audits every read', async () => {
    const tree = await makeTree(db);
    const member = await makeMember(db, tree.cellA.id, { fullName: 'Trần Văn Kiểm' });
    const opened = ok<InspectionCase>(await send('POST', `/units/${tree.province.id}/inspection-cases`, caseBody([
      { type: 'unit', id: tree.bloc.id }, { type: 'unit', id: tree.cellA.id }, { type: 'member', id: member.id },
    ], { kind: 'inspection_signs_of_violation' })), 201);
    expect(opened).toMatchObject({ status: 'open', subjects: 3, overdue: true });
    const [bloc, cellA, person] = opened.subjectList;

    const before = await snapshot();
    fieldError(await send('POST', `/inspection-cases/${opened.id}/steps`, { kind: 'explanatory_report', doneOn: '2025-03-01' }), 'doneOn', 'inspection_step_before_opened');
    fieldError(await send('POST', `/inspection-cases/${opened.id}/steps`, { kind: 'conclusion_notice', doneOn: '2025-04-01' }), 'documentNo', 'required');
    fieldError(await send('POST', `/inspection-cases/${opened.id}/steps`, { kind: 'result_report', doneOn: '2999-01-01' }), 'doneOn', 'date_not_future');
    expectProblem(await send('POST', `/inspection-cases/${opened.id}/remedies`, { subjectId: cellA?.id, description: 'Sửa quy chế', owner: 'Chi bộ', deadline: '2025-06-30' }), 409, 'inspection_case_not_concluded');
    fieldError(await send('POST', `/units/${tree.province.id}/inspection-cases`, caseBody([{ type: 'member', id: member.id }, { type: 'member', id: member.id }])), 'subjects.1.id', 'inspection_subject_twice');
    fieldError(await send('POST', `/units/${tree.province.id}/inspection-cases`, caseBody([{ type: 'unit', id: tree.bloc.id }], { dueOn: '2025-03-01' })), 'dueOn', 'date_not_before');
    expect(await snapshot()).toEqual(before);

    for (const step of [
      { kind: 'explanatory_report', doneOn: '2025-03-20', documentNo: '05-BC/CB' },
      { kind: 'verification_minutes', doneOn: '2025-04-02' },
      { kind: 'result_report', doneOn: '2025-04-10', documentNo: '07-BC/ĐKT' },
    ]) ok(await send('POST', `/inspection-cases/${opened.id}/steps`, step), 201);
    fieldError(await send('POST', `/inspection-cases/${opened.id}/findings`, { subjectId: cellA?.id, category: 'other', description: 'x', foundOn: '2025-03-01' }), 'foundOn', 'inspection_step_before_opened');
    ok(await send('POST', `/inspection-cases/${opened.id}/findings`, { subjectId: cellA?.id, category: 'working_regulations', description: 'Không sinh hoạt định kỳ 3 tháng', foundOn: '2025-04-10' }), 201);
    ok(await send('POST', `/inspection-cases/${opened.id}/findings`, { subjectId: person?.id, category: 'finance_assets', description: 'Kê khai tài sản không trung thực', foundOn: '2025-04-10' }), 201);
    fieldError(await send('POST', `/inspection-cases/${opened.id}/findings`, { subjectId: 999_999, category: 'other', description: 'x' }), 'subjectId', 'inspection_subject_not_in_case');
    ok(await send('PUT', `/inspection-cases/${opened.id}/recommendations`, { subjectId: cellA?.id, recommendations: 'Chấn chỉnh sinh hoạt chi bộ' }));
    fieldError(await send('POST', `/inspection-cases/${opened.id}/steps`, { kind: 'conclusion_notice', doneOn: '2025-04-05', documentNo: '15-TB/UBKT' }), 'doneOn', 'inspection_conclusion_before_step');
    const concluded = ok<InspectionCase>(await send('POST', `/inspection-cases/${opened.id}/steps`, { kind: 'conclusion_notice', doneOn: '2025-04-20', documentNo: '15-TB/UBKT' }), 201);
    expect(concluded).toMatchObject({ status: 'concluded', concludedOn: '2025-04-20', conclusionNo: '15-TB/UBKT', overdue: false });
    expect(concluded.subjectList.map((s) => [s.id, s.violations])).toEqual([[bloc?.id, 0], [cellA?.id, 1], [person?.id, 1]]);
    expectProblem(await send('POST', `/inspection-cases/${opened.id}/steps`, { kind: 'result_report', doneOn: '2025-04-21' }), 409, 'inspection_case_concluded');
    expectProblem(await send('POST', `/inspection-cases/${opened.id}/subjects`, { type: 'unit', id: tree.cellB.id }), 409, 'inspection_case_concluded');

    const remedy = { subjectId: cellA?.id, description: 'Tổ chức sinh hoạt đủ kỳ', owner: 'Bí thư chi bộ', deadline: '2025-06-30' };
    const late = fieldError(await send('POST', `/inspection-cases/${opened.id}/remedies`, { ...remedy, deadline: '2025-04-19' }), 'deadline', 'remedy_deadline_before_conclusion');
    expect(late.message).toContain('2025');
    const withRemedy = ok<InspectionCase>(await send('POST', `/inspection-cases/${opened.id}/remedies`, remedy), 201);
    const remedyId = (withRemedy.remedies[0] as { id: number }).id;
    fieldError(await send('PUT', `/inspection-remedies/${remedyId}/completion`, { completedOn: '2025-04-01', evidence: 'BC 9' }), 'completedOn', 'date_not_before_day');
    expect(ok(await send('PUT', `/inspection-remedies/${remedyId}/completion`, { completedOn: '2025-06-15', evidence: 'Báo cáo khắc phục số 9-BC/CB' })))
      .toMatchObject({ completedOn: '2025-06-15', overdue: false });
    expectProblem(await send('PUT', `/inspection-remedies/${remedyId}/completion`, { completedOn: '2025-06-16', evidence: 'lần hai' }), 409, 'remedy_already_completed');

    // The cell's completion of what the year's inspections required counts in its classification.
    expect(ok(await get(`/units/${tree.cellA.id}/remedy-completion?year=2025`))).toMatchObject({ due: 1, completed: 1, completedOnTime: 1, open: 0, rate: 1 });
    expect(ok(await get(`/units/${tree.cellB.id}/remedy-completion?year=2025`))).toMatchObject({ due: 0, rate: null });

    const reads = async () => Number((await db.pool.query(
      `SELECT count(*) FROM audit_log WHERE action = 'inspection_case.read' AND target_id = $1`, [String(opened.id)])).rows[0].count);
    const readsBefore = await reads();
    ok(await get(`/inspection-cases/${opened.id}`));
    ok(await get(`/inspection-cases/${opened.id}`));
    expect(await reads()).toBe(readsBefore + 2);

    const figures = ok<InspectionFigures>(await get(`/units/${tree.province.id}/inspection-figures?from=2025-01-01&to=2025-12-31`));
    expect(figures).toMatchObject({
      cases: { total: 1, inspection: 1, supervision: 0, concluded: 1, overdue: 0 },
      covered: { units: 2, members: 1 },
      violations: { units: 1, members: 1, byCategory: { working_regulations: 1, finance_assets: 1, other: 0 } },
      remedies: { due: 1, completed: 1, completedOnTime: 1, overdue: 0 },
    });
    // Figures count what stood at the period's end: before the conclusion the case was open, and
    // a violation established later (today) does not change a past year's figures.
    const early = ok<InspectionFigures>(await get(`/units/${tree.province.id}/inspection-figures?from=2025-03-01&to=2025-04-15`));
    expect(early.cases).toMatchObject({ total: 1, concluded: 0 });
    expect(early.violations).toMatchObject({ units: 1, members: 1 });
    const beforeFindings = ok<InspectionFigures>(await get(`/units/${tree.province.id}/inspection-figures?from=2025-03-01&to=2025-04-09`));
    expect(beforeFindings.violations).toMatchObject({ units: 0, members: 0 });
    ok(await send('POST', `/inspection-cases/${opened.id}/findings`, { subjectId: bloc?.id, category: 'other', description: 'Phát hiện sau' }), 201);
    expect(ok<InspectionFigures>(await get(`/units/${tree.province.id}/inspection-figures?from=2025-01-01&to=2025-12-31`))).toEqual(figures);
  });

  it('lists cases by state and keeps each commission within its reach', async () => {
    const tree = await makeTree(db);
    const provincial = ok<InspectionCase>(await send('POST', `/units/${tree.province.id}/inspection-cases`, caseBody([{ type: 'unit', id: tree.commune.id }], { openedOn: '2025-08-01', dueOn: '2025-09-01' })), 201);
    const commune = await makeUserWithToken(db, { roleCode: 'inspection_commission', unitId: tree.commune.id });
    const asCommune = { authorization: `Bearer ${commune.token}` };
    const own = ok<InspectionCase>(await send('POST', `/units/${tree.commune.id}/inspection-cases`,
      caseBody([{ type: 'unit', id: tree.cellC.id }], { openedOn: '2025-08-01', dueOn: '2999-01-01' }), asCommune), 201);

    expect(ok<{ items: { id: number }[] }>(await get(`/units/${tree.province.id}/inspection-cases?state=overdue`)).items.map((c) => c.id)).toEqual([provincial.id]);
    expect(ok<{ items: { id: number }[] }>(await get(`/units/${tree.province.id}/inspection-cases?state=open`)).items.map((c) => c.id)).toEqual([own.id, provincial.id]);
    expect(ok<{ items: { id: number }[] }>(await get(`/units/${tree.commune.id}/inspection-cases`, asCommune)).items.map((c) => c.id)).toEqual([own.id]);
    // A list names cases too: the commission's look at its list is on record, with what it was shown.
    const { rows: listed } = await db.pool.query(
      `SELECT details->'caseIds' AS ids FROM audit_log WHERE action = 'inspection_case.list' AND actor_id = $1 ORDER BY id DESC LIMIT 1`, [commune.userId]);
    expect(listed[0]).toEqual({ ids: [own.id] });

    const before = await snapshot();
    expectProblem(await get(`/inspection-cases/${provincial.id}`, asCommune), 404, 'not_found');
    expectProblem(await send('POST', `/inspection-cases/${provincial.id}/steps`, { kind: 'verification_minutes', doneOn: '2025-08-10' }, asCommune), 404, 'not_found');
    expectProblem(await send('POST', `/units/${tree.province.id}/inspection-cases`, caseBody([{ type: 'unit', id: tree.cellC.id }]), asCommune), 404, 'not_found');
    fieldError(await send('POST', `/units/${tree.commune.id}/inspection-cases`, caseBody([{ type: 'unit', id: tree.cellA.id }], { openedOn: '2025-08-01', dueOn: '2025-09-01' }), asCommune), 'subjects.0.id', 'inspection_subject_unit_unknown');
    expect(await snapshot()).toEqual(before);

    const secretary = await makeUserWithToken(db, { roleCode: 'cell_secretary', unitId: tree.cellC.id });
    expectProblem(await get(`/inspection-cases/${own.id}`, { authorization: `Bearer ${secretary.token}` }), 403, 'forbidden');
  });
});

describe('discipline decisions', () => {
  it('allows only the forms the regulation gives each subject, and an expulsion closes the membership', async () => {
    const tree = await makeTree(db);
    const probationary = await makeMember(db, tree.cellA.id, { fullName: 'Đỗ Văn Dự', admissionDecisionDate: '2025-01-10', ceremonyDate: '2025-01-20', officialDate: null });
    const official = await makeMember(db, tree.cellB.id, { fullName: 'Vũ Văn Chính' });
    const decision = (subject: { type: 'unit' | 'member'; id: number }, form: string, o: Record<string, unknown> = {}) => ({
      subject, form, decidingUnitId: tree.province.id, decidingBody: 'inspection_commission', decisionNo: '21-QĐ/UBKT',
      decidedOn: '2025-05-05', effectiveOn: '2025-05-05', content: 'Vi phạm quy định về kê khai tài sản', ...o,
    });

    const other = ok<InspectionCase>(await send('POST', `/units/${tree.province.id}/inspection-cases`, caseBody([{ type: 'unit', id: tree.cellA.id }])), 201);
    const before = await snapshot();
    const refused = fieldError(await send('POST', '/discipline-decisions', decision({ type: 'member', id: probationary.id }, 'expulsion')), 'form', 'discipline_form_probationary');
    expect(refused.message).toBe('A probationary member may receive only: Reprimand or Warning; not “Expulsion”.');
    const vi = await app.inject({ method: 'POST', url: '/api/v1/discipline-decisions', headers: { 'accept-language': 'vi' }, payload: decision({ type: 'member', id: probationary.id }, 'removal_from_post') });
    expect(fieldError(vi, 'form', 'discipline_form_probationary').message).toContain('Khiển trách');
    fieldError(await send('POST', '/discipline-decisions', decision({ type: 'member', id: official.id }, 'dissolution')), 'form', 'discipline_form_official');
    fieldError(await send('POST', '/discipline-decisions', decision({ type: 'unit', id: tree.cellA.id }, 'expulsion')), 'form', 'discipline_form_unit');
    fieldError(await send('POST', '/discipline-decisions', decision({ type: 'member', id: official.id }, 'warning', { decidingUnitId: tree.cellA.id })), 'decidingUnitId', 'discipline_deciding_unit_not_above');
    fieldError(await send('POST', '/discipline-decisions', decision({ type: 'member', id: official.id }, 'warning', { effectiveOn: '2025-05-01' })), 'effectiveOn', 'date_not_before');
    fieldError(await send('POST', '/discipline-decisions', decision({ type: 'member', id: official.id }, 'warning', { decidedOn: '1925-01-01' })), 'decidedOn', 'date_not_before_day');
    fieldError(await send('POST', '/discipline-decisions', decision({ type: 'member', id: official.id }, 'warning', { caseId: other.id })), 'caseId', 'discipline_case_other_subject');
    // A commission of the bloc records its own decisions, not the province's.
    const blocCommission = await makeUserWithToken(db, { roleCode: 'inspection_commission', unitId: tree.bloc.id });
    fieldError(await send('POST', '/discipline-decisions', decision({ type: 'member', id: official.id }, 'warning'), { authorization: `Bearer ${blocCommission.token}` }),
      'decidingUnitId', 'discipline_deciding_unit_unknown');
    // Not a member yet on the day it would take effect.
    expectProblem(await send('POST', '/discipline-decisions', decision({ type: 'member', id: probationary.id }, 'reprimand', { effectiveOn: '2025-01-05', decidedOn: '2025-01-05' })), 400, 'validation_failed');
    expect(await snapshot()).toEqual(before);

    ok(await send('POST', '/discipline-decisions', decision({ type: 'member', id: probationary.id }, 'warning')), 201);
    ok(await send('POST', '/discipline-decisions', decision({ type: 'unit', id: tree.cellA.id }, 'reprimand', { decidingBody: 'standing_committee' })), 201);
    const expelled = ok<DisciplineDecision>(await send('POST', '/discipline-decisions', decision({ type: 'member', id: official.id }, 'expulsion')), 201);
    expect(expelled).toMatchObject({ form: 'expulsion', memberStatus: 'official', decidingUnitName: tree.province.name });
    expect(expelled.memberEventId).not.toBeNull();
    const spans = await db.pool.query(`SELECT valid_to::text FROM membership_spans WHERE member_id = $1 ORDER BY valid_from DESC LIMIT 1`, [official.id]);
    expect(spans.rows[0]).toEqual({ valid_to: '2025-05-05' });
    const { rows: events } = await db.pool.query(`SELECT kind, details->>'decisionNo' AS no FROM member_events WHERE id = $1`, [expelled.memberEventId]);
    expect(events[0]).toEqual({ kind: 'expelled', no: '21-QĐ/UBKT' });

    fieldError(await send('POST', `/discipline-decisions/${expelled.id}/appeals`, { filedOn: '2025-05-01', grounds: 'Không đúng' }), 'filedOn', 'date_not_before_day');
    const appealed = ok<DisciplineDecision>(await send('POST', `/discipline-decisions/${expelled.id}/appeals`, { filedOn: '2025-05-20', grounds: 'Hình thức quá nặng' }), 201);
    expectProblem(await send('POST', `/discipline-decisions/${expelled.id}/appeals`, { filedOn: '2025-05-21', grounds: 'Lần hai' }), 409, 'discipline_appeal_pending');
    const appealId = (appealed.appeals[0] as { id: number }).id;
    expect(ok(await send('PUT', `/discipline-appeals/${appealId}/outcome`, { outcome: 'upheld', outcomeOn: '2025-06-20', decisionNo: '30-QĐ/TU' })))
      .toMatchObject({ outcome: 'upheld', outcomeOn: '2025-06-20' });
    expectProblem(await send('PUT', `/discipline-appeals/${appealId}/outcome`, { outcome: 'annulled', outcomeOn: '2025-06-21', decisionNo: '31-QĐ/TU' }), 409, 'discipline_appeal_decided');

    // A decision follows its member: after a move to the commune, the commune's commission reads it.
    const warned = ok<DisciplineDecision>(await send('POST', '/discipline-decisions', decision({ type: 'member', id: probationary.id }, 'reprimand', { decisionNo: '22-QĐ/UBKT' })), 201);
    const communeCommission = await makeUserWithToken(db, { roleCode: 'inspection_commission', unitId: tree.commune.id });
    const asCommune = { authorization: `Bearer ${communeCommission.token}` };
    expectProblem(await get(`/discipline-decisions/${warned.id}`, asCommune), 404, 'not_found');
    await recordMemberEvent({ db, actor: SYSTEM_ACTOR, memberId: probationary.id, event: { kind: 'transferred', effectiveOn: '2025-08-01', toUnitId: tree.cellC.id } });
    expect(ok<DisciplineDecision>(await get(`/discipline-decisions/${warned.id}`, asCommune)).id).toBe(warned.id);

    const figures = ok<InspectionFigures>(await get(`/units/${tree.province.id}/inspection-figures?from=2025-01-01&to=2025-12-31`));
    expect(figures.disciplines).toEqual({
      members: { reprimand: 1, warning: 1, removal_from_post: 0, expulsion: 1 }, units: { reprimand: 1, warning: 0, dissolution: 0 }, total: 4,
    });
    // The list carries each decision's appeals, as the decision itself does.
    expect(ok<{ items: DisciplineDecision[] }>(await get(`/units/${tree.cellB.id}/discipline-decisions`)).items
      .map((d) => [d.id, d.appeals.map((a) => a.outcome)])).toEqual([[expelled.id, ['upheld']]]);
  });
});

describe('asset declarations', () => {
  it('lists who must declare and who is missing, and checks submission before verification', async () => {
    const tree = await makeTree(db);
    const head = await makeMember(db, tree.cellA.id, { fullName: 'Lý Văn Trưởng' });
    const deputy = await makeMember(db, tree.cellB.id, { fullName: 'Mạc Thị Phó' });
    fieldError(await send('POST', '/asset-declarations', { year: 2025, memberId: head.id, post: 'driver' }), 'post', 'one_of');
    const first = ok<{ id: number }>(await send('POST', '/asset-declarations', { year: 2025, memberId: head.id, post: 'department_head' }), 201);
    ok(await send('POST', '/asset-declarations', { year: 2025, memberId: deputy.id, post: 'deputy_department_head' }), 201);
    expectProblem(await send('POST', '/asset-declarations', { year: 2025, memberId: head.id, post: 'committee_member' }), 409, 'declaration_exists');

    const before = await snapshot();
    fieldError(await send('PATCH', `/asset-declarations/${first.id}`, { verifiedOn: '2025-12-20', verifiedBy: 'UBKT' }), 'submittedOn', 'required');
    fieldError(await send('PATCH', `/asset-declarations/${first.id}`, { submittedOn: '2025-12-10', verifiedOn: '2025-12-01', verifiedBy: 'UBKT' }), 'verifiedOn', 'date_not_before');
    fieldError(await send('PATCH', `/asset-declarations/${first.id}`, { submittedOn: '2024-12-10' }), 'submittedOn', 'date_not_before_day');
    expect(await snapshot()).toEqual(before);
    expect(ok(await send('PATCH', `/asset-declarations/${first.id}`, { submittedOn: '2025-12-10', verifiedOn: '2025-12-20', verifiedBy: 'Ủy ban Kiểm tra Tỉnh ủy' })))
      .toMatchObject({ submittedOn: '2025-12-10', verifiedOn: '2025-12-20' });

    const missing = ok<{ counts: unknown; items: { fullName: string }[]; posts: string[] }>(await get(`/units/${tree.province.id}/asset-declarations?year=2025&missing=true`));
    expect(missing.counts).toEqual({ required: 2, submitted: 1, verified: 1, missing: 1 });
    expect(missing.items.map((i) => i.fullName)).toEqual(['Mạc Thị Phó']);
    expect(missing.posts).toContain('department_head');
  });
});

describe('attachments', () => {
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  const upload = (caseId: number, body: Buffer, fileName: string, contentType = 'application/pdf') =>
    app.inject({ method: 'POST', url: `/api/v1/inspection-cases/${caseId}/attachments?fileName=${encodeURIComponent(fileName)}`,
      headers: { 'content-type': contentType, 'accept-language': 'en' }, payload: body });

  it('keeps a checked file with the case, audits every download, and refuses forbidden or oversized files', async () => {
    const tree = await makeTree(db);
    const opened = ok<InspectionCase>(await send('POST', `/units/${tree.province.id}/inspection-cases`, caseBody([{ type: 'unit', id: tree.bloc.id }])), 201);

    const before = await snapshot();
    const forged = fieldError(await upload(opened.id, Buffer.from('MZ\x90\x00 this is a program'), 'quyet-dinh.pdf'), 'file', 'attachment_type');
    expect(forged.message).toContain('PDF');
    fieldError(await upload(opened.id, Buffer.from('<html><body>not a pdf</body></html>'), 'thong-bao.pdf', 'text/html'), 'file', 'attachment_type');
    expectProblem(await upload(opened.id, Buffer.alloc(20 * 1_048_576 + 1, 0x25), 'qua-lon.pdf'), 413, 'attachment_too_large');
    expectProblem(await upload(999_999_999, PDF, 'khong-co.pdf'), 404, 'not_found');
    fieldError(await upload(opened.id, Buffer.from('{"a": 1}'), 'bien-ban.pdf', 'application/json'), 'file', 'attachment_type');
    fieldError(await app.inject({ method: 'POST', url: `/api/v1/inspection-cases/${opened.id}/attachments?fileName=trong.pdf` }), 'file', 'attachment_empty');
    expect(await snapshot()).toEqual(before);

    const stored = ok<{ id: number; contentType: string; byteSize: number }>(await upload(opened.id, PDF, 'Quyết định 12-QĐ.pdf', 'application/octet-stream'), 201);
    expect(stored).toMatchObject({ contentType: 'application/pdf', byteSize: PDF.length });
    expect(ok<InspectionCase>(await get(`/inspection-cases/${opened.id}`)).attachments.map((a) => a.fileName)).toEqual(['Quyết định 12-QĐ.pdf']);

    const downloads = async () => Number((await db.pool.query(`SELECT count(*) FROM audit_log WHERE action = 'attachment.download'
      AND details->>'attachmentId' = $1`, [String(stored.id)])).rows[0].count);
    const res = await get(`/attachments/${stored.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(PDF)).toBe(true);
    expect(res.headers['content-disposition']).toContain('attachment');
    expect(await downloads()).toBe(1);

    const other = await makeTree(db);
    const outsider = await makeUserWithToken(db, { roleCode: 'inspection_commission', unitId: other.province.id });
    expectProblem(await get(`/attachments/${stored.id}`, { authorization: `Bearer ${outsider.token}` }), 404, 'not_found');
    expect(await downloads()).toBe(1);
  });
});

describe('the second lock', () => {
  it('keeps a scoped request from reading another tree’s case, rewriting a decision or pointing a finding at another case', async () => {
    const mine = await makeTree(db);
    const theirs = await makeTree(db);
    const member = await makeMember(db, mine.cellA.id, { fullName: 'Khóa Văn Hai' });
    const own = ok<InspectionCase>(await send('POST', `/units/${mine.province.id}/inspection-cases`, caseBody([{ type: 'unit', id: mine.bloc.id }])), 201);
    const foreign = ok<InspectionCase>(await send('POST', `/units/${theirs.province.id}/inspection-cases`, caseBody([{ type: 'unit', id: theirs.bloc.id }])), 201);
    const decision = ok<DisciplineDecision>(await send('POST', '/discipline-decisions', {
      subject: { type: 'member', id: member.id }, form: 'reprimand', decidingUnitId: mine.province.id, decidingBody: 'inspection_commission',
      decisionNo: '9-QĐ/UBKT', decidedOn: '2025-05-05', effectiveOn: '2025-05-05', content: 'Vi phạm',
    }), 201);
    const scoped = scopedDatabase(db, [{ path: mine.province.path, subtree: true }]);

    const cases = await scoped.pool.query<{ id: number }>('SELECT id FROM inspection_cases WHERE id = ANY($1)', [[own.id, foreign.id]]);
    expect(cases.rows.map((r) => Number(r.id))).toEqual([own.id]);
    await expect(scoped.transaction((sql) => sql.query(`UPDATE discipline_decisions SET form = 'expulsion' WHERE id = $1`, [decision.id])))
      .rejects.toThrow(/permission denied/);
    await expect(scoped.transaction((sql) => sql.query(
      `INSERT INTO inspection_findings (case_id, subject_id, category, description, found_on) VALUES ($1, $2, 'other', 'x', '2025-04-01')`,
      [own.id, foreign.subjectList[0]?.id]))).rejects.toThrow(/foreign key|row-level security/);
    await expect(scoped.transaction((sql) => sql.query(
      `INSERT INTO attachments (owner_type, owner_id, unit_path, file_name, content_type, byte_size, sha256, store, storage_key)
       VALUES ('inspection_case', $1, $2, 'x.pdf', 'application/pdf', 1, 'x', 'local', 'k/x')`, [foreign.id, mine.province.path])))
      .rejects.toThrow(/row-level security/);
  });
});

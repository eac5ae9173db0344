import type { Database, Sql } from '../../db/client.ts';
import { inScope, scopeCondition, subtreeRange } from '../../db/paths.ts';
import { today } from '../../db/rows.ts';
import { AppError, conflict, invalidFields, notFound } from '../../http/app-error.ts';
import type {
  CompleteRemedyBody, InspectionCase, InspectionRemedy, OpenCaseBody, RecordFindingBody, RecordStepBody, SetRemedyBody, SubjectRef,
} from '../../../shared/schemas/inspections.ts';
import type { Actor } from '../access/actor.ts';
import { attachmentsOf } from '../attachments/attachments.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as units from '../units/units.repository.ts';
import * as repo from './cases.repository.ts';
import { findProgramItem } from './programs.repository.ts';
import { resolveSubject } from './subjects.ts';

type Context = { db: Database; actor: Actor };

const summary = ({ plan: _p, lead: _l, team: _t, programItemId: _i, unitPath: _u, ...row }: repo.CaseRow) => row;

/**
 * Whether the caller reaches a record of a unit: where the unit stood when the record was made,
 * or (a restructure moves units, and their records go with them) where it stands now. A change
 * needs the unit's present place.
 */
export async function unitInReach(sql: Sql, actor: Actor, o: { unitId: number; path: string; write: boolean }): Promise<boolean> {
  if (!o.write && inScope(actor, o.path)) return true;
  const now = await units.findUnitLatest(sql, o.unitId);
  return now !== null && inScope(actor, now.path);
}

/** The case in the caller's reach, or not found (a case elsewhere is not revealed). */
export async function caseInReach(sql: Sql, actor: Actor, id: number, o: { lock?: boolean; write?: boolean } = {}): Promise<repo.CaseRow> {
  const found = await repo.findCase(sql, id, today(), o.lock);
  if (!found || !(await unitInReach(sql, actor, { unitId: found.unitId, path: found.unitPath, write: o.write ?? false }))) {
    throw notFound('inspection_case');
  }
  return found;
}

async function fullCase(sql: Sql, row: repo.CaseRow): Promise<InspectionCase> {
  const { unitPath: _path, ...rest } = row;
  return {
    ...rest,
    steps: await repo.stepsOf(sql, row.id),
    subjectList: await repo.subjectsOf(sql, row.id),
    findings: await repo.findingsOf(sql, row.id),
    remedies: await repo.remediesOf(sql, row.id, today()),
    attachments: await attachmentsOf(sql, 'inspection_case', row.id),
  };
}

/**
 * Cases conducted at a unit and below within the caller's reach. A list names cases too, so it is
 * audited as well: one row naming the cases shown.
 */
export async function listCases(
  { db, actor, unitId, query }: Context & { unitId: number; query: { from?: string | undefined; to?: string | undefined; state?: string | undefined; kind?: string | undefined; limit: number } },
) {
  return db.transaction(async (sql) => {
    const unit = await units.findUnitLatest(sql, unitId);
    if (!unit || !inScope(actor, unit.path)) throw notFound('unit');
    const [path, pathEnd] = subtreeRange(unit.path);
    const rows = await repo.listCases(sql, {
      ...query, path, pathEnd, today: today(), limit: query.limit + 1, scope: (column, params) => scopeCondition(column, actor, params),
    });
    const items = rows.slice(0, query.limit);
    await recordAudit(sql, actor, {
      action: 'inspection_case.list', targetType: 'unit', targetId: String(unitId), unitPath: unit.path,
      details: { query, caseIds: items.map((c) => c.id) },
    });
    return { items: items.map(summary), truncated: rows.length > query.limit };
  });
}

/** A case in full. Every read is audited: a case names people and what they are suspected of. */
export async function getCase({ db, actor, id }: Context & { id: number }): Promise<InspectionCase> {
  return db.transaction(async (sql) => {
    const row = await caseInReach(sql, actor, id);
    await recordAudit(sql, actor, { action: 'inspection_case.read', targetType: 'inspection_case', targetId: String(id), unitPath: row.unitPath });
    return fullCase(sql, row);
  });
}

/** Opens a case by its decision, with its subjects below the conducting unit, in one transaction. */
export async function openCase({ db, actor, unitId, input }: Context & { unitId: number; input: OpenCaseBody }): Promise<InspectionCase> {
  if (input.openedOn > today()) throw invalidFields({ path: 'openedOn', rule: 'date_not_future' });
  if (input.dueOn < input.openedOn) throw invalidFields({ path: 'dueOn', rule: 'date_not_before', params: { other: 'openedOn' } });
  return db.transaction(async (sql) => {
    const unit = await units.findUnitAsOf(sql, unitId, input.openedOn);
    if (!unit || !inScope(actor, unit.path) || !(await unitInReach(sql, actor, { unitId, path: unit.path, write: true }))) throw notFound('unit');
    if (input.programItemId) {
      // Two requests carrying out one item meet here, not at the unique index.
      await sql.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`inspection_program_items:${input.programItemId}`]);
      const item = await findProgramItem(sql, input.programItemId);
      if (!item || item.unitId !== unitId) throw invalidFields({ path: 'programItemId', rule: 'inspection_program_item_other_unit' });
      if (item.kind !== input.kind) throw invalidFields({ path: 'kind', rule: 'inspection_kind_differs' });
      if (item.caseId !== null) throw conflict('inspection_program_item_taken', { caseId: item.caseId });
    }
    const id = await repo.insertCase(sql, { ...input, unitId, unitPath: unit.path, createdBy: actor.userId });
    for (const [i, ref] of input.subjects.entries()) {
      const subject = await resolveSubject(sql, actor, ref, input.openedOn, `subjects.${i}.id`, unit.path);
      if ((await repo.insertSubject(sql, id, subject, input.openedOn)) === null) {
        throw invalidFields({ path: `subjects.${i}.id`, rule: 'inspection_subject_twice' });
      }
    }
    await recordAudit(sql, actor, { action: 'inspection_case.open', targetType: 'inspection_case', targetId: String(id), unitPath: unit.path, details: { ...input } });
    return fullCase(sql, await caseInReach(sql, actor, id));
  });
}

/** Runs a change to an open case and answers with the case as it now stands. */
async function changeOpenCase(
  { db, actor, id }: Context & { id: number },
  change: (sql: Sql, row: repo.CaseRow) => Promise<{ action: string; details: Record<string, unknown> }>,
  { mustBe }: { mustBe: 'open' | 'concluded' | 'any' },
): Promise<InspectionCase> {
  return db.transaction(async (sql) => {
    const row = await caseInReach(sql, actor, id, { lock: true, write: true });
    if (mustBe === 'open' && row.status !== 'open') throw conflict('inspection_case_concluded', { date: row.concludedOn ?? '' });
    if (mustBe === 'concluded' && row.status !== 'concluded') throw conflict('inspection_case_not_concluded');
    const { action, details } = await change(sql, row);
    await recordAudit(sql, actor, { action, targetType: 'inspection_case', targetId: String(id), unitPath: row.unitPath, details });
    return fullCase(sql, await caseInReach(sql, actor, id));
  });
}

export async function addSubject(ctx: Context & { id: number; input: SubjectRef }) {
  return changeOpenCase(ctx, async (sql, row) => {
    const subject = await resolveSubject(sql, ctx.actor, ctx.input, row.openedOn, 'id', row.unitPath);
    if ((await repo.insertSubject(sql, row.id, subject, today())) === null) throw invalidFields({ path: 'id', rule: 'inspection_subject_twice' });
    return { action: 'inspection_case.subject_add', details: { ...ctx.input } };
  }, { mustBe: 'open' });
}

/**
 * A dated record of the case. None before the decision that opened it, none in the future; the
 * conclusion notice carries its number, comes after every other record and concludes the case.
 */
export async function recordStep(ctx: Context & { id: number; input: RecordStepBody }) {
  const { input } = ctx;
  if (input.doneOn > today()) throw invalidFields({ path: 'doneOn', rule: 'date_not_future' });
  return changeOpenCase(ctx, async (sql, row) => {
    if (input.doneOn < row.openedOn) throw invalidFields({ path: 'doneOn', rule: 'inspection_step_before_opened', params: { date: row.openedOn } });
    if (input.kind === 'conclusion_notice') {
      if (!input.documentNo) throw invalidFields({ path: 'documentNo', rule: 'required' });
      const latest = (await repo.stepsOf(sql, row.id)).at(-1);
      if (latest && latest.doneOn > input.doneOn) {
        throw invalidFields({ path: 'doneOn', rule: 'inspection_conclusion_before_step', params: { date: latest.doneOn } });
      }
    }
    const stepId = await repo.insertStep(sql, row.id, input, ctx.actor.userId);
    if (input.kind === 'conclusion_notice') await repo.concludeCase(sql, row.id, input.doneOn, input.documentNo as string);
    return { action: input.kind === 'conclusion_notice' ? 'inspection_case.conclude' : 'inspection_case.step', details: { stepId, ...input } };
  }, { mustBe: 'open' });
}

async function subjectOf(sql: Sql, caseId: number, subjectId: number) {
  const subject = await repo.findSubject(sql, caseId, subjectId);
  if (!subject) throw invalidFields({ path: 'subjectId', rule: 'inspection_subject_not_in_case' });
  return subject;
}

/**
 * A violation found in one of the case's subjects (while the case runs or in its conclusion), on
 * the day it was established: not before the case opened, not in the future.
 */
export async function recordFinding(ctx: Context & { id: number; input: RecordFindingBody }) {
  const foundOn = ctx.input.foundOn ?? today();
  if (foundOn > today()) throw invalidFields({ path: 'foundOn', rule: 'date_not_future' });
  return changeOpenCase(ctx, async (sql, row) => {
    if (foundOn < row.openedOn) throw invalidFields({ path: 'foundOn', rule: 'inspection_step_before_opened', params: { date: row.openedOn } });
    await subjectOf(sql, row.id, ctx.input.subjectId);
    const findingId = await repo.insertFinding(sql, { caseId: row.id, ...ctx.input, foundOn, recordedBy: ctx.actor.userId });
    return { action: 'inspection_case.finding', details: { findingId, ...ctx.input } };
  }, { mustBe: 'any' });
}

export async function setRecommendations(ctx: Context & { id: number; input: { subjectId: number; recommendations: string } }) {
  return changeOpenCase(ctx, async (sql, row) => {
    await subjectOf(sql, row.id, ctx.input.subjectId);
    await repo.setRecommendations(sql, ctx.input.subjectId, ctx.input.recommendations);
    return { action: 'inspection_case.recommendations', details: { ...ctx.input } };
  }, { mustBe: 'any' });
}

/** What a subject must put right after the conclusion: never due before the conclusion itself. */
export async function setRemedy(ctx: Context & { id: number; input: SetRemedyBody }) {
  return changeOpenCase(ctx, async (sql, row) => {
    await subjectOf(sql, row.id, ctx.input.subjectId);
    const concludedOn = row.concludedOn as string;
    if (ctx.input.deadline < concludedOn) {
      throw invalidFields({ path: 'deadline', rule: 'remedy_deadline_before_conclusion', params: { date: concludedOn } });
    }
    const remedyId = await repo.insertRemedy(sql, { caseId: row.id, ...ctx.input, recordedBy: ctx.actor.userId });
    return { action: 'inspection_remedy.set', details: { remedyId, ...ctx.input } };
  }, { mustBe: 'concluded' });
}

/** Records that a remedy was carried out, with its evidence: once, after the conclusion, not in the future. */
export async function completeRemedy(
  { db, actor, id, input }: Context & { id: number; input: CompleteRemedyBody },
): Promise<InspectionRemedy> {
  if (input.completedOn > today()) throw invalidFields({ path: 'completedOn', rule: 'date_not_future' });
  return db.transaction(async (sql) => {
    const remedy = await repo.findRemedy(sql, id, today(), true);
    if (!remedy) throw notFound('inspection_remedy');
    const row = await caseInReach(sql, actor, remedy.caseId, { write: true }).catch((err: unknown) => {
      throw err instanceof AppError ? notFound('inspection_remedy') : err;
    });
    if (remedy.completedOn !== null) throw conflict('remedy_already_completed', { date: remedy.completedOn });
    if (row.concludedOn && input.completedOn < row.concludedOn) {
      throw invalidFields({ path: 'completedOn', rule: 'date_not_before_day', params: { date: row.concludedOn } });
    }
    await repo.completeRemedy(sql, id, input.completedOn, input.evidence);
    await recordAudit(sql, actor, {
      action: 'inspection_remedy.complete', targetType: 'inspection_case', targetId: String(remedy.caseId), unitPath: row.unitPath,
      details: { remedyId: id, ...input },
    });
    return (await repo.findRemedy(sql, id, today())) as InspectionRemedy;
  });
}

import type { Database, Sql } from '../../db/client.ts';
import { inScope, inScopeOf, scopeCondition, subtreeRange } from '../../db/paths.ts';
import { encodeCursor, today } from '../../db/rows.ts';
import { AppError, conflict, invalidFields, notFound, preconditionFailed } from '../../http/app-error.ts';
import { monthsBetween } from '../../../shared/dates.ts';
import { catalogs, type LocalizedName } from '../../../shared/i18n/translate.ts';
import { SENSITIVE_MEMBER_FIELDS } from '../../../shared/permissions.ts';
import { LOCALES } from '../../../shared/reference.ts';
import {
  CANDIDATE_STAGES, FINAL_STAGES, STAGE_ORDER,
  type AdmitCandidateBody, type Candidate, type CandidatePipeline, type CandidateStage, type CandidateStageBody,
  type CreateCandidateBody, type UpdateCandidateBody,
} from '../../../shared/schemas/candidates.ts';
import type { CreateMemberBody } from '../../../shared/schemas/members.ts';
import { foldForSearch, normalizeText, vietnameseSortKey } from '../../../shared/text/names.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { createMemberIn, readRegisterCursor } from '../members/members.service.ts';
import * as members from '../members/members.repository.ts';
import { ruleValue } from '../rules/rules.repository.ts';
import * as types from '../unit-types/unit-types.repository.ts';
import * as units from '../units/units.repository.ts';
import * as repo from './candidates.repository.ts';

/**
 * The development of candidates towards admission. A candidate is developed by a cell and goes
 * through the stages in order, each an appended row that keeps everything recorded before;
 * the admission creates the member record through the member registry, in the same
 * transaction, and links it. A candidate is reached through its unit's current place in the
 * tree, so a restructure of the tree carries the candidates along.
 */

const nameKeys = (fullName: string) => ({ searchKey: foldForSearch(fullName), sortKey: vietnameseSortKey(fullName) });

/** A stage's name in every language, for messages that name it. */
function stageName(stage: CandidateStage): LocalizedName {
  return Object.fromEntries(LOCALES.map((l) => [l, catalogs[l].enums.candidateStage[stage]]));
}

/** The stage expected after `stage`; null once the development has ended. */
function nextStage(stage: CandidateStage): CandidateStage | null {
  if (FINAL_STAGES.has(stage)) return null;
  return STAGE_ORDER[STAGE_ORDER.indexOf(stage as (typeof STAGE_ORDER)[number]) + 1] ?? null;
}

/** A candidate the actor may see: one whose unit now lies in the actor's scope. */
async function visibleCandidate(sql: Sql, actor: Actor, id: number, lock = false) {
  const candidate = await repo.findCandidate(sql, id, lock);
  if (!candidate || !inScope(actor, candidate.unitPath)) throw notFound('candidate');
  return candidate;
}

/** The record as the actor may see it: sensitive fields masked exactly as on a member's record. */
async function toCandidate(sql: Sql, actor: Actor, c: repo.CandidateRecord): Promise<Candidate> {
  const stages = await repo.listStages(sql, c.id);
  const mayReadSensitive = inScopeOf(actor.sensitiveScope, c.unitPath);
  const masked: Partial<Record<(typeof SENSITIVE_MEMBER_FIELDS)[number], null>> = {};
  if (!mayReadSensitive) for (const f of SENSITIVE_MEMBER_FIELDS) masked[f] = null;
  const { unitPath: _path, unitOpen: _open, ...record } = c;
  return {
    ...record,
    ...masked,
    nextStage: nextStage(c.stage),
    stages,
    maskedFields: mayReadSensitive ? [] : [...SENSITIVE_MEMBER_FIELDS],
  };
}

const label = (u: { name: string; code: string }) => `${u.name} (${u.code})`;

/** The developing unit: one the actor reaches, that holds members (a cell) and is open today. */
async function developingUnit(sql: Sql, actor: Actor, unitId: number) {
  const unit = await units.findUnitLatest(sql, unitId);
  if (!unit || !inScope(actor, unit.path)) throw invalidFields({ path: 'unitId', rule: 'not_found_ref' });
  const type = await types.findUnitType(sql, unit.typeCode);
  if (!type?.holdsMembers) throw conflict('candidate_unit_holds_no_members', { unit: label(unit) });
  if (unit.validTo !== null) throw conflict('unit_not_open', { unit: label(unit), date: today() });
  return unit;
}

/**
 * One person is developed once at a time and is not developed once a member: a citizen ID on a
 * member's record or on another candidate still in development is a conflict, named when the
 * caller may see that record.
 */
async function checkCitizenId(sql: Sql, actor: Actor, citizenId: string | null | undefined, selfId?: number) {
  if (!citizenId) return;
  const member = await members.findMemberIdBy(sql, 'citizen_id', citizenId);
  if (member) {
    const span = await members.lastSpan(sql, member.id);
    if (span && member.full_name !== null && inScope(actor, span.unitPath)) {
      throw new AppError(409, 'member_citizen_id_taken', { name: member.full_name, id: String(member.id) },
        [{ path: 'citizenId', rule: 'taken' }]);
    }
    throw new AppError(409, 'member_citizen_id_taken_hidden', {}, [{ path: 'citizenId', rule: 'taken' }]);
  }
  const other = await repo.findCandidateIdByCitizenId(sql, citizenId, selfId);
  if (other) {
    const record = other.fullName === null ? null : await repo.findCandidate(sql, other.id);
    if (record && inScope(actor, record.unitPath)) {
      throw new AppError(409, 'candidate_citizen_id_taken', { name: record.fullName, id: String(record.id) },
        [{ path: 'citizenId', rule: 'taken' }]);
    }
    throw new AppError(409, 'candidate_citizen_id_taken_hidden', {}, [{ path: 'citizenId', rule: 'taken' }]);
  }
}

/**
 * Age on the application date, in whole months, against the range in force that day: under the
 * minimum is refused; over the maximum needs the provincial approval's reference.
 */
async function checkApplicationAge(sql: Sql, birthDate: string, date: string, approval: string | null | undefined) {
  const [min, max] = await Promise.all([
    ruleValue<number>(sql, 'admission.min_age_months', date),
    ruleValue<number>(sql, 'admission.max_age_months', date),
  ]);
  const months = monthsBetween(birthDate, date);
  const age = { months, years: Math.floor(months / 12), date };
  if (months < min) {
    throw invalidFields({ path: 'since', rule: 'application_age_under', params: { ...age, min: min / 12 } });
  }
  if (months > max && !approval) {
    throw invalidFields({ path: 'since', rule: 'application_age_over', params: { ...age, max: max / 12, approval: 'ageApprovalRef' } });
  }
}

function notInFuture(date: string, path: string) {
  if (date > today()) throw invalidFields({ path, rule: 'date_not_future' });
}

const stageDetails = (input: CandidateStageBody | CreateCandidateBody) => ({
  courseName: input.courseName ?? null, certificateNo: input.certificateNo ?? null,
  ageApprovalRef: input.ageApprovalRef ?? null, reason: input.reason ?? null, note: input.note ?? null,
});

export async function registerCandidate({ db, actor, input }: { db: Database; actor: Actor; input: CreateCandidateBody }) {
  notInFuture(input.birthDate, 'birthDate');
  notInFuture(input.since, 'since');
  return db.transaction(async (sql) => {
    const unit = await developingUnit(sql, actor, input.unitId);
    await checkCitizenId(sql, actor, input.citizenId);
    if (input.stage === 'applied') await checkApplicationAge(sql, input.birthDate, input.since, input.ageApprovalRef);

    const { unitId: _unit, stage, since, courseName: _c, certificateNo: _n, ageApprovalRef: _a, reason: _r, note: _o, ...profile } = input;
    const fullName = normalizeText(input.fullName);
    const id = await repo.insertCandidate(sql, unit.id, { ...profile, fullName }, nameKeys(fullName));
    const details = stageDetails(input);
    await repo.insertStage(sql, { candidateId: id, stage, since, ...details, recordedBy: actor.userId });
    await recordAudit(sql, actor, {
      action: 'candidate.create', targetType: 'candidate', targetId: String(id), unitPath: unit.path,
      details: { after: { ...profile, fullName, unitId: unit.id }, stage: { stage, since, ...details } },
    });
    return toCandidate(sql, actor, (await repo.findCandidate(sql, id)) as repo.CandidateRecord);
  });
}

export async function getCandidate({ db, actor, id }: { db: Database; actor: Actor; id: number }) {
  const candidate = await visibleCandidate(db.pool, actor, id);
  const shown = await toCandidate(db.pool, actor, candidate);
  // As for members: a person reading citizen ID, phone, address or religion leaves a trace.
  if (actor.userId !== null && shown.maskedFields.length === 0) {
    await db.transaction((sql) => recordAudit(sql, actor, {
      action: 'candidate.read_sensitive', targetType: 'candidate', targetId: String(id), unitPath: candidate.unitPath,
    }));
  }
  return shown;
}

/**
 * Edits the profile while the person is a candidate; the values before are kept in the audit
 * trail. Once admitted, the member record is the one to edit.
 */
export async function updateCandidate(
  { db, actor, id, input, ifMatch }: { db: Database; actor: Actor; id: number; input: UpdateCandidateBody; ifMatch: number | null },
) {
  return db.transaction(async (sql) => {
    const candidate = await visibleCandidate(sql, actor, id, true);
    if (ifMatch !== null && ifMatch !== candidate.version) throw preconditionFailed(candidate.version);
    if (candidate.memberId !== null) throw conflict('candidate_admitted_edit_member', { id: String(candidate.memberId) });
    const changes: Partial<Record<repo.CandidateField, string | null>> = {};
    const before: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(input) as [repo.CandidateField, string | null | undefined][]) {
      if (value === undefined || value === candidate[field]) continue;
      changes[field] = value;
      before[field] = candidate[field];
    }
    if (Object.keys(changes).length === 0) return toCandidate(sql, actor, candidate);

    for (const required of ['fullName', 'gender', 'birthDate', 'ethnicity', 'religion'] as const) {
      if (required in changes && !changes[required]) throw invalidFields({ path: required, rule: 'required' });
    }
    if (changes.birthDate) {
      notInFuture(changes.birthDate, 'birthDate');
      const stages = await repo.listStages(sql, id);
      const first = stages[0] as repo.StageRow;
      if (changes.birthDate >= first.since) {
        throw invalidFields({ path: 'birthDate', rule: 'birth_before_development', params: { date: first.since } });
      }
      // An application already recorded must still have been made at an admissible age.
      const applied = stages.find((s) => s.stage === 'applied');
      if (applied) await checkApplicationAge(sql, changes.birthDate, applied.since, applied.ageApprovalRef);
    }
    await checkCitizenId(sql, actor, changes.citizenId, id);

    if (changes.fullName) changes.fullName = normalizeText(changes.fullName);
    await repo.updateCandidate(sql, id, changes, changes.fullName ? { keys: nameKeys(changes.fullName) } : {});
    await recordAudit(sql, actor, {
      action: 'candidate.update', targetType: 'candidate', targetId: String(id), unitPath: candidate.unitPath,
      details: { before, after: changes },
    });
    return toCandidate(sql, actor, (await repo.findCandidate(sql, id)) as repo.CandidateRecord);
  });
}

/** After admission or withdrawal nothing more is recorded: no stage, no admission. */
function refuseIfEnded(c: repo.CandidateRecord) {
  if (c.stage === 'admitted') throw conflict('candidate_already_admitted', { id: String(c.memberId), date: c.since });
  if (c.stage === 'withdrawn') throw conflict('candidate_withdrawn', { date: c.since });
}

/** A date before the current stage began would put the history out of order. */
function refuseBeforeCurrent(c: repo.CandidateRecord, date: string, path: string) {
  if (date < c.since) {
    throw new AppError(409, 'candidate_date_before_stage', { date, latest: c.since, stage: stageName(c.stage) },
      [{ path, rule: 'date_before_stage_since', params: { date: c.since } }]);
  }
}

/**
 * Records the next stage: stages come in order (no skipping, no going back), on or after the
 * day the current one began; the course needs its details (checked by the schema) and the
 * application an admissible age on its date. A withdrawal may end the development at any
 * stage before admission.
 */
export async function recordStage(
  { db, actor, id, input }: { db: Database; actor: Actor; id: number; input: CandidateStageBody },
) {
  return db.transaction(async (sql) => {
    const candidate = await visibleCandidate(sql, actor, id, true);
    refuseIfEnded(candidate);
    if (input.stage !== 'withdrawn') {
      const expected = nextStage(candidate.stage) as CandidateStage;
      if (input.stage !== expected) {
        throw new AppError(409, 'candidate_stage_out_of_order',
          { current: stageName(candidate.stage), expected: stageName(expected), stage: stageName(input.stage) },
          [{ path: 'stage', rule: 'stage_expected', params: { expected: stageName(expected) } }]);
      }
    }
    notInFuture(input.since, 'since');
    refuseBeforeCurrent(candidate, input.since, 'since');
    if (input.stage === 'applied') await checkApplicationAge(sql, candidate.birthDate, input.since, input.ageApprovalRef);

    const details = stageDetails(input);
    const stageId = await repo.insertStage(sql, { candidateId: id, stage: input.stage, since: input.since, ...details, recordedBy: actor.userId });
    await repo.updateCandidate(sql, id, {});
    await recordAudit(sql, actor, {
      action: 'candidate.stage', targetType: 'candidate', targetId: String(id), unitPath: candidate.unitPath,
      details: { stageId, before: { stage: candidate.stage, since: candidate.since }, after: { stage: input.stage, since: input.since, ...details } },
    });
    return toCandidate(sql, actor, (await repo.findCandidate(sql, id)) as repo.CandidateRecord);
  });
}

/**
 * Admits a candidate who has applied: the member is registered by the member registry (its
 * checks, its `member.create` audit row and a probationary span from the decision date), the
 * admission is the candidate's last stage, and the candidate points at the member.
 */
export async function admitCandidate(
  { db, actor, id, input }: { db: Database; actor: Actor; id: number; input: AdmitCandidateBody },
) {
  return db.transaction(async (sql) => {
    const candidate = await visibleCandidate(sql, actor, id, true);
    refuseIfEnded(candidate);
    if (candidate.stage !== 'applied') {
      throw conflict('candidate_admit_not_applied', { current: stageName(candidate.stage), expected: stageName('applied') });
    }
    refuseBeforeCurrent(candidate, input.admissionDecisionDate, 'admissionDecisionDate');
    const application = (await repo.listStages(sql, id)).find((s) => s.stage === 'applied') as repo.StageRow;

    const { id: _id, unitId, unitName: _n, unitCode: _c, unitPath, unitOpen: _o, stage: _s, since: _d, memberId: _m, version: _v, ...profile } = candidate;
    const member = await createMemberIn(sql, {
      actor,
      input: {
        ...profile, unitId,
        admissionDecisionDate: input.admissionDecisionDate, admissionDecisionNo: input.admissionDecisionNo,
        ceremonyDate: input.ceremonyDate ?? null, officialDate: null, ageApprovalRef: application.ageApprovalRef,
      } as CreateMemberBody,
    });
    const stageId = await repo.insertStage(sql, {
      candidateId: id, stage: 'admitted', since: input.admissionDecisionDate, decisionNo: input.admissionDecisionNo,
      ceremonyDate: input.ceremonyDate ?? null, recordedBy: actor.userId,
    });
    await repo.updateCandidate(sql, id, {}, { memberId: member.id });
    await recordAudit(sql, actor, {
      action: 'candidate.admit', targetType: 'candidate', targetId: String(id), unitPath,
      details: { stageId, memberId: member.id, ...input },
    });
    return { candidate: await toCandidate(sql, actor, (await repo.findCandidate(sql, id)) as repo.CandidateRecord), memberId: member.id };
  });
}

export async function listCandidates(
  { db, actor, unitId, subtree, q, stage, cursor, limit }:
  { db: Database; actor: Actor; unitId?: number | undefined; subtree: boolean; q?: string | undefined;
    stage?: CandidateStage | undefined; cursor?: string | undefined; limit: number },
) {
  const after = readRegisterCursor(cursor);
  let unit: { id: number; path: string; subtree: boolean } | null = null;
  if (unitId !== undefined) {
    const found = await units.findUnitLatest(db.pool, unitId);
    if (!found || !inScope(actor, found.path)) throw notFound('unit');
    unit = { id: found.id, path: found.path, subtree };
  }
  const trimmed = (q ?? '').trim();
  const digits = /^[0-9]{3,12}$/.test(trimmed) ? trimmed : null;
  const search = !digits && trimmed ? foldForSearch(trimmed) : null;
  const scopeParams: unknown[] = [];
  const scope = scopeCondition('v.path', actor, scopeParams);
  const rows = await repo.listCandidates(db.pool, {
    unit, scope, scopeParams, search, digits, sensitiveScope: actor.sensitiveScope, stage,
    after, limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(({ sortKey: _s, ...item }) => item),
    nextCursor: rows.length > limit && last ? encodeCursor([last.sortKey, last.id]) : null,
  };
}

/** Candidates per stage in a unit and below, as the tree and the stages stood on a date. */
export async function getPipeline(
  { db, actor, unitId, asOf }: { db: Database; actor: Actor; unitId: number; asOf?: string | undefined },
): Promise<CandidatePipeline> {
  const date = asOf ?? today();
  const unit = await units.findUnitAsOf(db.pool, unitId, date);
  if (!unit || !inScope(actor, unit.path)) throw notFound('unit');
  const [path, pathEnd] = subtreeRange(unit.path);
  const scopeParams: unknown[] = [];
  const scope = scopeCondition('v.path', actor, scopeParams);
  const rows = await repo.countByStage(db.pool, { date, path, pathEnd, scope, scopeParams });
  const byStage = new Map(rows.map((r) => [r.stage, r]));
  const stages = CANDIDATE_STAGES.map((stage) => ({
    stage, count: byStage.get(stage)?.count ?? 0, oldestSince: byStage.get(stage)?.oldestSince ?? null,
  }));
  return {
    unitId: unit.id, asOf: date, stages,
    inDevelopment: stages.filter((s) => !FINAL_STAGES.has(s.stage)).reduce((n, s) => n + s.count, 0),
  };
}

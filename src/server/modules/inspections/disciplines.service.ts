import type { Database, Sql } from '../../db/client.ts';
import { inScope, scopeCondition, subtreeRange } from '../../db/paths.ts';
import { today } from '../../db/rows.ts';
import { AppError, conflict, invalidFields, notFound } from '../../http/app-error.ts';
import { translate } from '../../../shared/i18n/translate.ts';
import type { Locale } from '../../../shared/reference.ts';
import type { DecideDisciplineBody, DisciplineAppeal, DisciplineDecision } from '../../../shared/schemas/inspections.ts';
import type { Actor } from '../access/actor.ts';
import { attachmentsOf, attachmentsOfMany } from '../attachments/attachments.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { lastSpan } from '../members/members.repository.ts';
import { applyMemberEvent } from '../members/membership.service.ts';
import { ruleValue } from '../rules/rules.repository.ts';
import * as units from '../units/units.repository.ts';
import { caseInReach } from './cases.service.ts';
import { coversSubject } from './cases.repository.ts';
import * as repo from './disciplines.repository.ts';
import { resolveSubject, type Subject } from './subjects.ts';

type Context = { db: Database; actor: Actor };
type FormRules = { official: string[]; probationary: string[]; unit: string[] };

/** The first day the rules know: the Party's founding. */
const PARTY_FOUNDED = '1930-02-03';

async function withParts(sql: Sql, row: repo.DecisionRow): Promise<DisciplineDecision> {
  const { subjectPath: _path, ...decision } = row;
  return { ...decision, appeals: await repo.appealsOf(sql, row.id), attachments: await attachmentsOf(sql, 'discipline_decision', row.id) };
}

/**
 * The decision in the caller's reach: where its subject stood when it was made, or where the
 * subject stands now (the member's cell, the organization's place), so a decision follows the
 * member it concerns. Not found otherwise.
 */
export async function decisionInReach(sql: Sql, actor: Actor, id: number): Promise<repo.DecisionRow> {
  const row = await repo.findDecision(sql, id);
  if (!row) throw notFound('discipline_decision');
  if (inScope(actor, row.subjectPath)) return row;
  const now = row.memberId !== null ? (await lastSpan(sql, row.memberId))?.unitPath : (await units.findUnitLatest(sql, row.unitId as number))?.path;
  if (!now || !inScope(actor, now)) throw notFound('discipline_decision');
  return row;
}

/**
 * The forms the regulation in force on the decision's day allows the subject: an organization,
 * an official member, or a probationary member (reprimand or warning only).
 */
async function checkForm(sql: Sql, locale: Locale, subject: Subject, form: string, day: string): Promise<void> {
  const rules = await ruleValue<FormRules>(sql, 'discipline.forms', day);
  const kind = subject.type === 'unit' ? 'unit' : (subject.status ?? 'official');
  const allowed = rules[kind];
  if (allowed.includes(form)) return;
  const label = (f: string) => translate(locale, `enums.disciplineForm.${f}`);
  throw invalidFields({
    path: 'form', rule: `discipline_form_${kind}`,
    params: { form: label(form), forms: new Intl.ListFormat(locale, { type: 'disjunction' }).format(allowed.map(label)) },
  });
}

/**
 * Records a discipline decision. The deciding unit stands at or above the subject; the form is
 * one the regulation allows the subject; an expulsion closes the membership through the
 * lifecycle in the same transaction, so a refused exit leaves no decision behind.
 */
export async function decideDiscipline(
  { db, actor, locale, input }: Context & { locale: Locale; input: DecideDisciplineBody },
): Promise<DisciplineDecision> {
  if (input.decidedOn > today()) throw invalidFields({ path: 'decidedOn', rule: 'date_not_future' });
  if (input.decidedOn < PARTY_FOUNDED) throw invalidFields({ path: 'decidedOn', rule: 'date_not_before_day', params: { date: PARTY_FOUNDED } });
  if (input.effectiveOn > today()) throw invalidFields({ path: 'effectiveOn', rule: 'date_not_future' });
  if (input.effectiveOn < input.decidedOn) throw invalidFields({ path: 'effectiveOn', rule: 'date_not_before', params: { other: 'decidedOn' } });
  return db.transaction(async (sql) => {
    const subject = await resolveSubject(sql, actor, input.subject, input.effectiveOn, 'subject.id');
    await checkForm(sql, locale, subject, input.form, input.decidedOn);
    const deciding = await units.findUnitAsOf(sql, input.decidingUnitId, input.decidedOn);
    // The deciding level is recorded by those who reach it: a lower commission does not speak for a higher one.
    if (!deciding || !inScope(actor, deciding.path)) {
      throw invalidFields({ path: 'decidingUnitId', rule: 'discipline_deciding_unit_unknown', params: { date: input.decidedOn } });
    }
    if (!subject.path.startsWith(deciding.path)) {
      throw invalidFields({ path: 'decidingUnitId', rule: 'discipline_deciding_unit_not_above', params: { unit: deciding.name, subject: subject.name } });
    }
    if (input.caseId) {
      const found = await caseInReach(sql, actor, input.caseId).catch((err: unknown) => {
        throw err instanceof AppError ? invalidFields({ path: 'caseId', rule: 'inspection_case_unknown' }) : err;
      });
      if (!(await coversSubject(sql, found.id, subject))) throw invalidFields({ path: 'caseId', rule: 'discipline_case_other_subject', params: { subject: subject.name } });
    }

    let memberEventId: number | null = null;
    if (input.form === 'expulsion' && subject.memberId !== null) {
      await applyMemberEvent(sql, actor, subject.memberId, {
        kind: 'expelled', effectiveOn: input.effectiveOn, decisionNo: input.decisionNo,
        // The record itself is kept in Vietnamese, the language of the decision.
        issuer: `${translate('vi', `enums.decidingBody.${input.decidingBody}`)}, ${deciding.name}`, note: null,
      });
      memberEventId = await repo.latestExpulsion(sql, subject.memberId);
    }
    const id = await repo.insertDecision(sql, { ...input, subject, memberEventId, recordedBy: actor.userId });
    await recordAudit(sql, actor, {
      action: 'discipline.decide', targetType: subject.type === 'member' ? 'member' : 'unit',
      targetId: String(subject.memberId ?? subject.unitId), unitPath: subject.path, details: { decisionId: id, ...input },
    });
    return withParts(sql, await decisionInReach(sql, actor, id));
  });
}

export async function getDiscipline({ db, actor, id }: Context & { id: number }): Promise<DisciplineDecision> {
  return db.transaction(async (sql) => withParts(sql, await decisionInReach(sql, actor, id)));
}

export async function listDisciplines(
  { db, actor, unitId, from, to, limit }: Context & { unitId: number; from?: string | undefined; to?: string | undefined; limit: number },
) {
  const unit = await units.findUnitLatest(db.pool, unitId);
  if (!unit || !inScope(actor, unit.path)) throw notFound('unit');
  const [path, pathEnd] = subtreeRange(unit.path);
  const scopeParams: unknown[] = [];
  const scope = scopeCondition('d.subject_path', actor, scopeParams);
  return db.transaction(async (sql) => {
    const rows = await repo.listDecisions(sql, { path, pathEnd, from: from ?? null, to: to ?? null, limit: limit + 1, scope, scopeParams });
    const items = rows.slice(0, limit);
    const ids = items.map((d) => d.id);
    const appeals = await repo.appealsOfMany(sql, ids);
    const files = await attachmentsOfMany(sql, 'discipline_decision', ids);
    return {
      items: items.map(({ subjectPath: _p, ...d }) => ({
        ...d,
        appeals: appeals.filter((a) => a.decisionId === d.id),
        attachments: files.filter((f) => f.ownerId === d.id).map(({ ownerId: _o, ...f }) => f),
      })),
      truncated: rows.length > limit,
    };
  });
}

/** An appeal against a decision: filed on or after it, one pending at a time. */
export async function fileAppeal(
  { db, actor, id, input }: Context & { id: number; input: { filedOn: string; grounds: string } },
): Promise<DisciplineDecision> {
  if (input.filedOn > today()) throw invalidFields({ path: 'filedOn', rule: 'date_not_future' });
  return db.transaction(async (sql) => {
    const decision = await decisionInReach(sql, actor, id);
    // Two appeals filed at once meet here, not at the index that allows one pending.
    await sql.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`discipline_appeals:${id}`]);
    if (input.filedOn < decision.decidedOn) throw invalidFields({ path: 'filedOn', rule: 'date_not_before_day', params: { date: decision.decidedOn } });
    const pending = (await repo.appealsOf(sql, id)).find((a) => a.outcome === 'pending');
    if (pending) throw conflict('discipline_appeal_pending', { date: pending.filedOn });
    const appealId = await repo.insertAppeal(sql, { decisionId: id, ...input, recordedBy: actor.userId });
    await recordAudit(sql, actor, {
      action: 'discipline.appeal', targetType: 'discipline_decision', targetId: String(id), unitPath: decision.subjectPath, details: { appealId, ...input },
    });
    return withParts(sql, decision);
  });
}

/**
 * The outcome of an appeal. An annulled expulsion does not restore the membership by itself:
 * the member is reinstated through the lifecycle, into the cell the decision names.
 */
export async function decideAppeal(
  { db, actor, id, input }: Context & { id: number; input: { outcome: string; outcomeOn: string; decisionNo: string; note?: string | null | undefined } },
): Promise<DisciplineAppeal> {
  if (input.outcomeOn > today()) throw invalidFields({ path: 'outcomeOn', rule: 'date_not_future' });
  return db.transaction(async (sql) => {
    const appeal = await repo.findAppeal(sql, id);
    if (!appeal) throw notFound('discipline_appeal');
    const decision = await decisionInReach(sql, actor, appeal.decisionId).catch((err: unknown) => {
      throw err instanceof AppError ? notFound('discipline_appeal') : err;
    });
    if (appeal.outcome !== 'pending') throw conflict('discipline_appeal_decided', { date: appeal.outcomeOn ?? '' });
    if (input.outcomeOn < appeal.filedOn) throw invalidFields({ path: 'outcomeOn', rule: 'date_not_before_day', params: { date: appeal.filedOn } });
    await repo.decideAppeal(sql, id, { ...input, note: input.note ?? null });
    await recordAudit(sql, actor, {
      action: 'discipline.appeal_outcome', targetType: 'discipline_decision', targetId: String(decision.id), unitPath: decision.subjectPath,
      details: { appealId: id, ...input },
    });
    return (await repo.findAppeal(sql, id)) as DisciplineAppeal;
  });
}

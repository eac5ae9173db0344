import type { Database, Sql } from '../../db/client.ts';
import { inScope, scopeCondition, subtreeRange } from '../../db/paths.ts';
import { today } from '../../db/rows.ts';
import { conflict, invalidFields, notFound } from '../../http/app-error.ts';
import type { Exemption, StartExemptionBody } from '../../../shared/schemas/exemptions.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as members from '../members/members.repository.ts';
import * as units from '../units/units.repository.ts';
import * as repo from './exemptions.repository.ts';

/** The member where the actor reaches them now (their newest span), or 404. */
async function reachableMember(sql: Sql, actor: Actor, memberId: number, lock = false) {
  const member = await members.findMember(sql, memberId, lock);
  const span = member ? await members.lastSpan(sql, memberId) : null;
  if (!member || !span || !inScope(actor, span.unitPath)) throw notFound('member');
  return span;
}

export async function listMemberExemptions({ db, actor, memberId }: { db: Database; actor: Actor; memberId: number }): Promise<Exemption[]> {
  await reachableMember(db.pool, actor, memberId);
  return repo.exemptionsOf(db.pool, memberId);
}

/**
 * Exempts a member from work and meetings from a date, by the cell's resolution. The member must
 * be active that day, and exemptions of one member never overlap.
 */
export async function startExemption(
  { db, actor, memberId, input }: { db: Database; actor: Actor; memberId: number; input: StartExemptionBody },
): Promise<Exemption> {
  if (input.validFrom > today()) throw invalidFields({ path: 'validFrom', rule: 'date_not_future' });
  return db.transaction(async (sql) => {
    const span = await reachableMember(sql, actor, memberId, true);
    const then = await members.membershipAsOf(sql, memberId, input.validFrom);
    if (!then) throw conflict('member_not_active', { date: input.validFrom });
    const end = input.validTo ?? 'infinity';
    const overlap = (await repo.exemptionsOf(sql, memberId))
      .find((x) => x.validFrom < end && (x.validTo === null || x.validTo > input.validFrom));
    if (overlap) throw conflict('exemption_overlaps', { date: overlap.validFrom });
    const unit = await units.findUnitAsOf(sql, then.unitId, input.validFrom);
    const exemption = await repo.insertExemption(sql, {
      memberId, reason: input.reason, resolutionNo: input.resolutionNo, validFrom: input.validFrom, validTo: input.validTo ?? null,
      unitId: then.unitId, unitPath: unit?.path ?? span.unitPath, note: input.note ?? null, recordedBy: actor.userId,
    });
    await recordAudit(sql, actor, {
      action: 'member.exemption_start', targetType: 'member', targetId: String(memberId), unitPath: span.unitPath, details: { exemption },
    });
    return exemption;
  });
}

/** Ends an open exemption: the member works and meets again from `validTo`. */
export async function endExemption(
  { db, actor, memberId, exemptionId, validTo, resolutionNo }:
  { db: Database; actor: Actor; memberId: number; exemptionId: number; validTo: string; resolutionNo?: string | null | undefined },
): Promise<Exemption> {
  return db.transaction(async (sql) => {
    const span = await reachableMember(sql, actor, memberId, true);
    const exemption = (await repo.exemptionsOf(sql, memberId)).find((x) => x.id === exemptionId);
    if (!exemption) throw notFound('exemption');
    if (exemption.validTo !== null) throw conflict('exemption_already_ended', { date: exemption.validTo });
    if (validTo <= exemption.validFrom) throw invalidFields({ path: 'validTo', rule: 'date_after_day', params: { date: exemption.validFrom } });
    const ended = await repo.endExemption(sql, exemptionId, validTo, resolutionNo ?? null);
    await recordAudit(sql, actor, {
      action: 'member.exemption_end', targetType: 'member', targetId: String(memberId), unitPath: span.unitPath,
      details: { before: { validTo: null }, after: { validTo, resolutionNo: resolutionNo ?? null }, exemptionId },
    });
    return ended;
  });
}

/** Members of a unit and below who are exempt on a date. */
export async function listExempt({ db, actor, unitId, asOf }: { db: Database; actor: Actor; unitId: number; asOf?: string | undefined }) {
  const date = asOf ?? today();
  const unit = await units.findUnitAsOf(db.pool, unitId, date);
  if (!unit || !inScope(actor, unit.path)) throw notFound('unit');
  const [path, pathEnd] = subtreeRange(unit.path);
  const scopeParams: unknown[] = [];
  const scope = scopeCondition('s.unit_path', actor, scopeParams);
  return { unitId, asOf: date, items: await repo.listExempt(db.pool, { path, pathEnd, asOf: date, scope, scopeParams }) };
}

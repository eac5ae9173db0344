import type { Database, Sql } from '../../db/client.ts';
import { inScope, scopeCondition, subtreeRange } from '../../db/paths.ts';
import { today } from '../../db/rows.ts';
import { conflict, invalidFields, notFound } from '../../http/app-error.ts';
import { addMonths } from '../../../shared/dates.ts';
import type { AwardBadgeBody, Badge, EligibleBadges } from '../../../shared/schemas/badges.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as members from '../members/members.repository.ts';
import { ruleValue } from '../rules/rules.repository.ts';
import * as units from '../units/units.repository.ts';
import * as repo from './badges.repository.ts';

type BadgeRules = { milestones: number[]; awardDays: string[]; earlyMonths: (years: number) => number };

/** The badge rules in force on a day: the milestones, the award days (MM-DD) and the early-award months. */
async function badgeRules(sql: Sql, day: string): Promise<BadgeRules> {
  const [milestones, awardDays, early] = await Promise.all([
    ruleValue<number[]>(sql, 'badge.years', day),
    ruleValue<string[]>(sql, 'badge.award_days', day),
    ruleValue<{ upTo: number; months: number }[]>(sql, 'badge.early_months', day),
  ]);
  return {
    milestones, awardDays,
    earlyMonths: (years) => early.find((e) => years <= e.upTo)?.months ?? 0,
  };
}

/** A day that is not an award day is refused, naming that year's award days. */
function checkAwardDay(rules: BadgeRules, day: string, path: string): void {
  if (rules.awardDays.includes(day.slice(5))) return;
  const year = day.slice(0, 4);
  throw invalidFields({ path, rule: 'badge_award_day', params: { days: rules.awardDays.map((d) => `${year}-${d}`) } });
}

/**
 * Who in a unit and below is due a badge on an award day: the highest milestone of party age
 * reached in the twelve months up to that day and not yet honoured, and (with `early`) those who
 * reach one within the early-award months, for a seriously ill member.
 */
export async function listEligible(
  { db, actor, unitId, awardDate, early, limit }:
  { db: Database; actor: Actor; unitId: number; awardDate: string; early: boolean; limit: number },
): Promise<EligibleBadges> {
  const rules = await badgeRules(db.pool, awardDate);
  checkAwardDay(rules, awardDate, 'awardDate');
  const unit = await units.findUnitAsOf(db.pool, unitId, awardDate);
  if (!unit || !inScope(actor, unit.path)) throw notFound('unit');
  const [path, pathEnd] = subtreeRange(unit.path);
  const scopeParams: unknown[] = [];
  const scope = scopeCondition('s.unit_path', actor, scopeParams);
  const rows = await repo.listEligible(db.pool, {
    path, pathEnd, day: awardDate, since: addMonths(awardDate, -12), milestones: rules.milestones,
    earlyMonths: rules.milestones.map((y) => (early ? rules.earlyMonths(y) : 0)), limit: limit + 1, scope, scopeParams,
  });
  return {
    unitId, awardDate,
    items: rows.slice(0, limit).map((r) => ({ ...r, early: r.reachedOn > awardDate })),
    truncated: rows.length > limit,
  };
}

export async function listBadges({ db, actor, memberId }: { db: Database; actor: Actor; memberId: number }): Promise<Badge[]> {
  const span = await members.lastSpan(db.pool, memberId);
  if (!span || !inScope(actor, span.unitPath)) throw notFound('member');
  return repo.badgesOf(db.pool, memberId);
}

/**
 * Records a badge awarded on an award day by a decision. The party age must have reached the
 * milestone by then, or, with the reason for an early award, be within the early-award months.
 * A milestone is awarded once, and never after a higher one.
 */
export async function awardBadge(
  { db, actor, memberId, input }: { db: Database; actor: Actor; memberId: number; input: AwardBadgeBody },
): Promise<Badge> {
  if (input.awardedOn > today()) throw invalidFields({ path: 'awardedOn', rule: 'date_not_future' });
  return db.transaction(async (sql) => {
    const member = await members.findMember(sql, memberId, true);
    const span = member ? await members.lastSpan(sql, memberId) : null;
    if (!member || !span || !inScope(actor, span.unitPath)) throw notFound('member');

    const rules = await badgeRules(sql, input.awardedOn);
    checkAwardDay(rules, input.awardedOn, 'awardedOn');
    if (!rules.milestones.includes(input.years)) {
      throw invalidFields({ path: 'years', rule: 'badge_years', params: { years: rules.milestones.map(String) } });
    }
    const then = await members.membershipAsOf(sql, memberId, input.awardedOn);
    if (!then) throw conflict('member_not_active', { date: input.awardedOn });
    const higher = (await repo.badgesOf(sql, memberId)).find((b) => b.years >= input.years);
    if (higher) throw conflict('badge_already_awarded', { years: higher.years, date: higher.awardedOn });

    const reachedOn = addMonths(member.admissionDecisionDate, 12 * input.years);
    if (reachedOn > input.awardedOn) {
      if (!input.earlyReason) throw conflict('badge_not_reached', { years: input.years, date: reachedOn });
      const months = rules.earlyMonths(input.years);
      const earliest = addMonths(reachedOn, -months);
      if (input.awardedOn < earliest) throw conflict('badge_too_early', { years: input.years, date: reachedOn, months, earliest });
    }
    const unit = await units.findUnitAsOf(sql, then.unitId, input.awardedOn);
    const badge = await repo.insertBadge(sql, {
      memberId, years: input.years, awardedOn: input.awardedOn, unitId: then.unitId, unitPath: unit?.path ?? span.unitPath,
      decisionNo: input.decisionNo, earlyReason: reachedOn > input.awardedOn ? input.earlyReason ?? null : null, recordedBy: actor.userId,
    });
    await recordAudit(sql, actor, {
      action: 'member.badge_awarded', targetType: 'member', targetId: String(memberId), unitPath: span.unitPath, details: { badge },
    });
    return badge;
  });
}

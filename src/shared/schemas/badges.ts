import { z } from 'zod';
import { booleanQuery, isoDate, optionalText, text } from './common.ts';

export const awardBadgeBody = z
  .object({
    years: z.number().int().min(1).max(120).describe('The party age the badge honours: 30, 40, 45, … 90'),
    awardedOn: isoDate.describe('One of the award days: 3 February, 19 May, 2 September, 7 November'),
    decisionNo: text(60),
    earlyReason: optionalText(300).describe('Given for an early award to a seriously ill member; required when the party age is not yet reached'),
  })
  .strict();

export const eligibleBadgesQuery = z
  .object({
    awardDate: isoDate,
    early: booleanQuery.default(true).describe('Also list members who could receive the badge early if seriously ill'),
    limit: z.coerce.number().int().min(1).max(2000).default(500),
  })
  .strict();

export const badgeSchema = z
  .object({
    id: z.number(),
    memberId: z.number(),
    years: z.number(),
    awardedOn: z.string(),
    unitId: z.number(),
    decisionNo: z.string(),
    early: z.boolean(),
    earlyReason: z.string().nullable(),
  })
  .meta({ id: 'PartyBadge' });

export const eligibleBadgeSchema = z.object({
  memberId: z.number(),
  fullName: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  admissionDecisionDate: z.string(),
  years: z.number().describe('The badge due: the highest milestone reached (or, early, about to be) not yet awarded'),
  reachedOn: z.string().describe('The day the party age reaches it'),
  early: z.boolean().describe('Reached only after the award day: an early award if the member is seriously ill'),
});

export const eligibleBadgesSchema = z
  .object({
    unitId: z.number(),
    awardDate: z.string(),
    items: z.array(eligibleBadgeSchema),
    truncated: z.boolean(),
  })
  .meta({ id: 'EligibleBadges' });

export type AwardBadgeBody = z.output<typeof awardBadgeBody>;
export type Badge = z.output<typeof badgeSchema>;
export type EligibleBadges = z.output<typeof eligibleBadgesSchema>;

import { z } from 'zod';
import { id, isoDate, optionalText } from './common.ts';

/** The Party was founded on 3 February 1930: no unit had a target before. */
export const FIRST_TARGET_YEAR = 1930;
/** Targets are planned at most one congress term (five years) ahead. */
export const TARGET_YEARS_AHEAD = 5;

/** The calendar year in Vietnam (UTC+7), where the legal dates of the platform are kept. */
function currentYear(): number {
  return new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();
}

/** A calendar year from the Party's founding to one term ahead of this year. */
export const targetYear = z.coerce
  .number({ error: 'integer' })
  .int({ error: 'integer' })
  .superRefine((year, ctx) => {
    if (!Number.isInteger(year)) return;
    const maxYear = currentYear() + TARGET_YEARS_AHEAD;
    if (year < FIRST_TARGET_YEAR || year > maxYear) {
      ctx.addIssue({ code: 'custom', message: 'year_range', params: { minYear: FIRST_TARGET_YEAR, maxYear } });
    }
  })
  .meta({ description: `A calendar year from ${FIRST_TARGET_YEAR} to ${TARGET_YEARS_AHEAD} years after the current one` });

export const targetParams = z.object({ id, year: targetYear });

export const setTargetBody = z
  .object({
    target: z.number().int().min(0).max(1_000_000).describe('New members to admit in the year'),
    decisionRef: optionalText(200).describe('The resolution or decision that sets the target, e.g. 12-NQ/TU'),
    note: optionalText(1000),
  })
  .strict();

export const listTargetsQuery = z.object({ year: targetYear.optional() }).strict();

export const developmentQuery = z
  .object({
    year: targetYear.optional().describe('Default: the year of asOf, or this year'),
    asOf: isoDate.optional().describe('Default: today, or the end of the year for a past year'),
  })
  .strict();

export const targetRevisionSchema = z
  .object({
    id: z.number(),
    unitId: z.number(),
    year: z.number(),
    revision: z.number().describe('1 for the first target of the unit and year, then 2, 3, …; the ETag of the latest'),
    target: z.number(),
    decisionRef: z.string().nullable(),
    note: z.string().nullable(),
    recordedOn: z.string().describe('The legal day the revision was recorded, from which it is in force'),
    recordedAt: z.string(),
    recordedBy: z.object({ userId: z.number().nullable(), label: z.string() }),
    supersededOn: z.string().nullable().describe('The day the next revision of the same year was recorded'),
  })
  .meta({ id: 'TargetRevision' });

const developmentRow = z
  .object({
    unitId: z.number(),
    code: z.string(),
    name: z.string(),
    typeCode: z.string(),
    target: z.number().nullable().describe('The target in force on asOf; null when none was set'),
    targetRecordedOn: z.string().nullable(),
    decisionRef: z.string().nullable(),
    admitted: z.number().describe('Admissions from 1 January to `to` in the unit and below, as the tree stood on each day'),
    achievement: z.number().nullable().describe('admitted / target; null without a target or with a target of 0'),
  })
  .meta({ id: 'DevelopmentRow' });

export const developmentSchema = z
  .object({
    year: z.number(),
    asOf: z.string(),
    from: z.string(),
    to: z.string().describe('The last day counted: asOf, or the end of the year when asOf is later'),
    unit: developmentRow,
    childrenTargetSum: z.number().describe('The sum of the targets of the units listed in `children`'),
    childrenWithoutTarget: z.number(),
    children: z.array(developmentRow).describe('The units directly below on `to` (or the unit’s last day) within the caller’s reach'),
  })
  .meta({ id: 'Development' });

export type SetTargetBody = z.output<typeof setTargetBody>;
export type TargetRevision = z.output<typeof targetRevisionSchema>;
export type DevelopmentRow = z.output<typeof developmentRow>;
export type Development = z.output<typeof developmentSchema>;

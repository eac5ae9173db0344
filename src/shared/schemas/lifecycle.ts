import { z } from 'zod';
import { isoDate, oneOfError } from './common.ts';

const periodShape = {
  from: isoDate.describe('First day of the period'),
  to: isoDate.describe('Last day of the period (default: today)').optional(),
};

export const movementsQuery = z
  .object(periodShape)
  .strict()
  .superRefine((q, ctx) => {
    if (q.to && isoDate.safeParse(q.from).success && q.to < q.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'date_not_before', params: { other: 'from' } });
    }
  });

const counts = <K extends string>(keys: readonly K[]) => z.object(Object.fromEntries(keys.map((k) => [k, z.number()])) as Record<K, z.ZodNumber>);

export const MOVEMENT_IN = ['admitted', 'transferred', 'reinstated', 'restructured'] as const;
export const MOVEMENT_OUT = ['died', 'deleted', 'expelled', 'probation_removed', 'transferred', 'restructured'] as const;

export const movementsSchema = z
  .object({
    unitId: z.number(),
    from: z.string(),
    to: z.string(),
    start: z.number().describe('Members active on the day before `from`'),
    end: z.number().describe('Members active on `to`'),
    in: counts(MOVEMENT_IN).describe('Members who came into the unit or below it, by the event that brought them'),
    out: counts(MOVEMENT_OUT).describe('Members who left it, by the event that took them out'),
    recognizedOfficial: z.number().describe('Probationary members recognized as official in the period (not a movement in or out)'),
    badgesAwarded: z.number().describe('Party badges awarded in the period to members of the unit and below'),
  })
  .describe('start + sum(in) − sum(out) = end, for any unit and period')
  .meta({ id: 'Movements' });

export const PROBATION_STATES = ['due', 'overdue', 'no_ceremony', 'all'] as const;

export const probationQuery = z
  .object({
    asOf: isoDate.optional(),
    state: z.enum(PROBATION_STATES, { error: oneOfError }).default('due'),
    within: z.coerce.number().int().min(0).max(366).default(30)
      .describe('`due`: recognition due within this many days after the date, or already overdue'),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();

export const probationItemSchema = z.object({
  memberId: z.number(),
  fullName: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  admissionDecisionDate: z.string().nullable(),
  ceremonyDate: z.string().nullable(),
  dueOn: z.string().nullable().describe('Probation ends: the ceremony date plus the probation months in force then'),
  overdue: z.boolean(),
});

export const probationListSchema = z
  .object({
    unitId: z.number(),
    asOf: z.string(),
    counts: z.object({ all: z.number(), due: z.number(), overdue: z.number(), noCeremony: z.number() }),
    items: z.array(probationItemSchema),
    truncated: z.boolean(),
  })
  .meta({ id: 'ProbationList' });

export type Movements = z.output<typeof movementsSchema>;
export type ProbationList = z.output<typeof probationListSchema>;

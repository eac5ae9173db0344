import { z } from 'zod';
import { id, isoDate, localizedNames, text } from './common.ts';
import { unitCode } from './units.ts';

/**
 * A restructure plan: operations on the organization tree with one effective date, applied
 * in order as one change. Units are named by code, so a plan reads like the decision it
 * records and a unit created by one operation can be used by the next ones.
 */

export const RESTRUCTURE_KINDS = ['create', 'merge', 'split', 'move', 'abolish_level', 'rename', 'close'] as const;
export type RestructureKind = (typeof RESTRUCTURE_KINDS)[number];

export const PLAN_STATES = ['draft', 'applied', 'cancelled'] as const;
export type PlanState = (typeof PLAN_STATES)[number];

/** Most operations a plan may hold: a national reform is some thousands. */
export const MAX_OPERATIONS = 20_000;

const codes = (max: number) => z.array(unitCode).min(1).max(max);

export const restructureOperation = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('create'), code: unitCode, name: text(300), names: localizedNames.optional(),
    typeCode: z.string().max(40), parent: unitCode,
  }).strict().describe('A new unit from the effective date (a merge or split target)'),
  z.object({ kind: z.literal('merge'), units: codes(1_000), into: unitCode }).strict()
    .describe('The units close; their children and members go to `into`, their successor'),
  z.object({
    kind: z.literal('split'), unit: unitCode,
    parts: z.array(z.object({
      into: unitCode,
      children: z.array(unitCode).max(10_000).default([]),
      members: z.array(id).max(100_000).default([]),
    }).strict()).min(1).max(100),
  }).strict().describe('The unit closes; every child goes to the part that names it; members not named go to the first part'),
  z.object({ kind: z.literal('move'), unit: unitCode, parent: unitCode }).strict()
    .describe('The unit and everything below it go under another parent'),
  z.object({
    kind: z.literal('abolish_level'), typeCode: z.string().max(40),
    successors: z.record(unitCode, unitCode).default({}),
  }).strict().describe('Every open unit of the type below the plan’s unit closes; its children go to its named successor, or else to its parent'),
  z.object({ kind: z.literal('rename'), unit: unitCode, name: text(300), names: localizedNames.optional() }).strict(),
  z.object({ kind: z.literal('close'), unit: unitCode }).strict().describe('A unit with nothing left in it closes'),
]);
export type RestructureOperation = z.output<typeof restructureOperation>;

export const planBody = z
  .object({
    unitId: id,
    title: text(300),
    effectiveOn: isoDate,
    operations: z.array(restructureOperation).max(MAX_OPERATIONS).default([]),
  })
  .strict();
export type PlanBody = z.output<typeof planBody>;

export const planParams = z.object({ id });

export const listPlansQuery = z.object({ unit: id.optional(), state: z.enum(PLAN_STATES).optional() }).strict();

const unitFigure = z.object({ members: z.number(), children: z.number(), open: z.boolean(), name: z.string(), parentId: z.number().nullable() });

export const restructureConflictSchema = z.object({
  operation: z.number().nullable().describe('Index of the operation (0-based), or null for the plan as a whole'),
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
});
export type RestructureConflict = z.output<typeof restructureConflictSchema>;

export const affectedUnitSchema = z.object({
  id: z.number(), code: z.string(), typeCode: z.string(),
  before: unitFigure.nullable().describe('The day before the effective date; null for a unit the plan creates'),
  after: unitFigure.describe('On the effective date'),
});

export const restructureTotalsSchema = z.object({
  unitsCreated: z.number(), unitsClosed: z.number(), unitsRenamed: z.number(),
  unitVersions: z.number().describe('Unit versions opened on the date (units below a moved unit included)'),
  spansMoved: z.number().describe('Open membership spans continued in another unit or place'),
  membersMoved: z.number(),
  grantsCarried: z.number().describe('Grants at a closed unit given to its successor'),
  grantsLapsed: z.number().describe('Grants at a closed unit with no single successor: they reach nothing from the date'),
  recordsFollowing: z.number().describe('Records of closed units (targets, candidates, transfers, exemptions, badges) reached through their successors'),
});
export type RestructureTotals = z.output<typeof restructureTotalsSchema>;

export const previewSchema = z.object({
  planId: z.number(),
  effectiveOn: z.string(),
  canApply: z.boolean(),
  conflicts: z.array(restructureConflictSchema),
  operations: z.array(z.object({ index: z.number(), kind: z.enum(RESTRUCTURE_KINDS), units: z.array(affectedUnitSchema) })),
  totals: restructureTotalsSchema,
  tree: z.array(z.object({
    id: z.number(), code: z.string(), name: z.string(), typeCode: z.string(), parentId: z.number().nullable(),
    depth: z.number(), members: z.number(),
    change: z.enum(['created', 'moved', 'renamed', 'kept']),
  })).describe('The plan’s unit and, below it, the units the plan touches and their parents, on the effective date'),
});
export type RestructurePreview = z.output<typeof previewSchema>;

export const planSchema = z.object({
  id: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  title: z.string(),
  effectiveOn: z.string(),
  operations: z.array(z.any()),
  state: z.enum(PLAN_STATES),
  outcome: restructureTotalsSchema.nullable(),
  version: z.number(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  appliedBy: z.string().nullable(),
  appliedAt: z.string().nullable(),
});
export type RestructurePlan = z.output<typeof planSchema>;

export const lineageSchema = z.object({
  predecessors: z.array(z.object({ id: z.number(), code: z.string(), name: z.string(), kind: z.string(), effectiveOn: z.string(), depth: z.number() })),
  successors: z.array(z.object({ id: z.number(), code: z.string(), name: z.string(), kind: z.string(), effectiveOn: z.string(), main: z.boolean() })),
});

export const REGROUP_MEASURES = ['admitted', 'recognized_official', 'died'] as const;

export const regroupQuery = z
  .object({ measure: z.enum(REGROUP_MEASURES).default('admitted'), from: isoDate, to: isoDate })
  .strict()
  .refine((q) => q.from <= q.to, { path: ['to'], error: 'date_range_order' });

export const regroupSchema = z.object({
  unitId: z.number(),
  measure: z.enum(REGROUP_MEASURES),
  from: z.string(),
  to: z.string(),
  total: z.number(),
  rows: z.array(z.object({ id: z.number(), code: z.string(), name: z.string(), count: z.number() })),
  elsewhere: z.number().describe('Events of units whose successors today lie outside this unit'),
});

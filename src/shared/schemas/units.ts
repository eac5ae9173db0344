import { z } from 'zod';
import { booleanQuery, cursor, id, isoDate, limit, localizedNames, text } from './common.ts';

export const unitCode = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, { error: 'unit_code_format' }));

export const createUnitBody = z
  .object({
    code: unitCode,
    name: text(300),
    names: localizedNames.optional(),
    typeCode: z.string().max(40),
    parentId: id.nullable().optional(),
    validFrom: isoDate,
  })
  .strict();

export const renameUnitBody = z
  .object({ name: text(300), names: localizedNames.optional(), effectiveOn: isoDate })
  .strict();

export const moveUnitBody = z.object({ parentId: id, effectiveOn: isoDate }).strict();

export const closeUnitBody = z.object({ effectiveOn: isoDate }).strict();

export const unitParams = z.object({ id });

export const unitQuery = z.object({ asOf: isoDate.optional() }).strict();

export const listUnitsQuery = z
  .object({
    parent: id.optional(),
    q: z.string().max(200).optional(),
    type: z.string().max(40).optional(),
    asOf: isoDate.optional(),
    cursor: cursor.optional(),
    limit,
  })
  .strict();

export const unitStatsQuery = z
  .object({ asOf: isoDate.optional(), subtree: booleanQuery.default(true) })
  .strict();

export const unitSchema = z
  .object({
    id: z.number(),
    code: z.string(),
    typeCode: z.string(),
    name: z.string(),
    names: z.record(z.string(), z.string()),
    parentId: z.number().nullable(),
    path: z.string(),
    depth: z.number(),
    validFrom: z.string(),
    validTo: z.string().nullable(),
    versionFrom: z.string().describe('First day of the name and place shown'),
    childCount: z.number(),
    version: z.number(),
  })
  .meta({ id: 'Unit' });

export const unitDetailSchema = unitSchema
  .extend({
    ancestors: z.array(z.object({ id: z.number(), code: z.string(), name: z.string(), typeCode: z.string() })),
  })
  .meta({ id: 'UnitDetail' });

export const unitVersionSchema = z
  .object({
    name: z.string(),
    names: z.record(z.string(), z.string()),
    parentId: z.number().nullable(),
    path: z.string(),
    validFrom: z.string(),
    validTo: z.string().nullable(),
    reason: z.string(),
  })
  .meta({ id: 'UnitVersion' });

export const unitPageSchema = z.object({ items: z.array(unitSchema), nextCursor: z.string().nullable() });

const countRows = z.array(z.object({ key: z.string(), count: z.number() }));

export const unitStatsSchema = z
  .object({
    unitId: z.number(),
    asOf: z.string(),
    subtree: z.boolean(),
    total: z.number(),
    women: z.number(),
    ethnicMinority: z.number(),
    religious: z.number(),
    byStatus: countRows,
    byGender: countRows,
    byAgeBand: countRows,
    byEthnicity: countRows,
    byReligion: countRows,
    byEducation: countRows,
    byQualification: countRows,
    byTheoryLevel: countRows,
    unitsByType: countRows,
    yearToDate: z.object({
      from: z.string(),
      admitted: z.number(),
      recognizedOfficial: z.number(),
      died: z.number(),
    }),
    byYear: z
      .array(z.object({ year: z.number(), admitted: z.number(), recognizedOfficial: z.number(), died: z.number() }))
      .describe('The ten calendar years up to the as-of date (the last one up to that date)'),
  })
  .meta({ id: 'UnitStats' });

export type CreateUnitBody = z.output<typeof createUnitBody>;
export type Unit = z.output<typeof unitSchema>;
export type UnitStats = z.output<typeof unitStatsSchema>;

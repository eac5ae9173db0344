import { z } from 'zod';
import { isoDate } from './common.ts';

const code = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, { error: 'type_code_format' });

const names = z
  .object({
    vi: z.string().min(1).max(200),
    en: z.string().min(1).max(200),
    ru: z.string().min(1).max(200),
    ar: z.string().min(1).max(200),
    fa: z.string().min(1).max(200),
  })
  .strict();

export const unitTypeBody = z
  .object({
    names,
    allowedChildTypes: z.array(code).max(50).default([]),
    hasCommittee: z.boolean(),
    holdsMembers: z.boolean(),
    rootAllowed: z.boolean().default(false),
    rank: z.number().int().min(0).max(100),
    validFrom: isoDate.default('1930-02-03'),
    validTo: isoDate.nullable().default(null),
  })
  .strict();

export const createUnitTypeBody = unitTypeBody.extend({ code }).strict();

export const unitTypeSchema = z
  .object({
    code: z.string(),
    names: z.record(z.string(), z.string()),
    allowedChildTypes: z.array(z.string()),
    hasCommittee: z.boolean(),
    holdsMembers: z.boolean(),
    rootAllowed: z.boolean(),
    rank: z.number(),
    validFrom: z.string(),
    validTo: z.string().nullable(),
    version: z.number(),
  })
  .meta({ id: 'UnitType' });

export const unitTypeParams = z.object({ code });

export type UnitTypeBody = z.output<typeof unitTypeBody>;
export type UnitType = z.output<typeof unitTypeSchema>;

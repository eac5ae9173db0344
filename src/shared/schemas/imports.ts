import { z } from 'zod';
import { LOCALES } from '../reference.ts';
import { id, oneOfError, text } from './common.ts';

/**
 * Imports of members and units from CSV or XLSX. A file is uploaded once; the user maps its
 * columns to fields (a mapping is suggested from the header), checks it (a dry run) and applies
 * it. A mapping names, for each header cell, the field it fills; columns not named are ignored.
 */

export const IMPORT_KINDS = ['members', 'units'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Member fields a column can fill: the profile of form 2-HSĐV, the admission dates, and the cell. */
export const MEMBER_IMPORT_FIELDS = [
  'fullName', 'otherNames', 'gender', 'birthDate', 'birthPlace', 'hometown', 'residence', 'ethnicity', 'religion',
  'citizenId', 'phone', 'education', 'qualification', 'academicTitle', 'theoryLevel', 'occupation', 'position',
  'cardNumber', 'ageApprovalRef', 'admissionDecisionDate', 'admissionDecisionNo', 'ceremonyDate', 'officialDate',
  'unitCode', 'unitPath',
] as const;
export type MemberImportField = (typeof MEMBER_IMPORT_FIELDS)[number];

/** Fields a new member's row must fill (a row matching a member on record may fill only some). */
export const MEMBER_IMPORT_REQUIRED = ['fullName', 'gender', 'birthDate', 'ethnicity', 'religion', 'admissionDecisionDate'] as const;

export const UNIT_IMPORT_FIELDS = ['code', 'name', 'typeCode', 'parentCode', 'parentPath', 'validFrom'] as const;
export type UnitImportField = (typeof UNIT_IMPORT_FIELDS)[number];

export const IMPORT_MODES = ['all_or_nothing', 'valid_rows'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const IMPORT_STATES = ['uploaded', 'checking', 'applying', 'checked', 'applied', 'rejected', 'cancelled', 'failed'] as const;
export type ImportState = (typeof IMPORT_STATES)[number];

/** Header cell → field. */
export const importMapping = z
  .record(z.string().max(300), z.string().max(40))
  .describe('For each header cell to read, the field it fills; other columns are ignored');
export type ImportMapping = z.output<typeof importMapping>;

export const uploadImportQuery = z
  .object({
    unit: id.describe('The unit the file belongs to: unit paths are read from it, and rows naming no unit go to it (then it must be a cell)'),
    fileName: z.string().max(255).optional().describe('The file’s name, for the list of imports (else Content-Disposition’s)'),
  })
  .strict();

export const runImportBody = z
  .object({
    mapping: importMapping,
    mode: z.enum(IMPORT_MODES, { error: oneOfError }).default('all_or_nothing')
      .describe('`all_or_nothing`: any refused row and nothing is written; `valid_rows`: the valid rows are written, the others come back in the error file'),
  })
  .strict();

export const importParams = z.object({ id });

export const importErrorsQuery = z
  .object({
    format: z.enum(['csv', 'xlsx'], { error: oneOfError }).default('csv'),
    lang: z.enum(LOCALES, { error: oneOfError }).optional()
      .describe('The language of the file; default Accept-Language, else the user’s (a link in a page sends the browser’s language, not the page’s)'),
  })
  .strict();

export const importRowIssue = z.object({ row: z.number().int(), path: z.string(), code: z.string(), message: z.string() });

export const importJobSchema = z
  .object({
    id: z.number(),
    kind: z.enum(IMPORT_KINDS),
    unitId: z.number(),
    fileName: z.string(),
    fileBytes: z.number(),
    format: z.enum(['csv', 'xlsx']),
    encoding: z.string().nullable(),
    header: z.array(z.string()),
    headerRow: z.number(),
    /** The mapping suggested from the header (and from the caller's saved mappings). */
    suggestedMapping: importMapping,
    fields: z.array(z.object({ field: z.string(), required: z.boolean() })),
    mapping: importMapping.nullable(),
    mode: z.enum(IMPORT_MODES).nullable(),
    dryRun: z.boolean().nullable(),
    state: z.enum(IMPORT_STATES),
    progress: z.object({
      rowsDone: z.number(),
      rowsEstimated: z.number().nullable(),
      rowsPerSecond: z.number(),
      secondsLeft: z.number().nullable(),
    }),
    counts: z.object({ total: z.number(), new: z.number(), updated: z.number(), unchanged: z.number(), rejected: z.number() }),
    firstErrors: z.array(importRowIssue),
    failure: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'ImportJob' });

export type ImportJob = z.output<typeof importJobSchema>;

export const importListSchema = z.object({ items: z.array(importJobSchema) });

export const saveMappingBody = z
  .object({ kind: z.enum(IMPORT_KINDS, { error: oneOfError }), name: text(100), mapping: importMapping })
  .strict();

export const mappingListQuery = z.object({ kind: z.enum(IMPORT_KINDS, { error: oneOfError }) }).strict();

export const savedMappingSchema = z
  .object({ id: z.number(), kind: z.enum(IMPORT_KINDS), name: z.string(), mapping: importMapping, createdAt: z.string() })
  .meta({ id: 'ImportMapping' });

export type SavedMapping = z.output<typeof savedMappingSchema>;

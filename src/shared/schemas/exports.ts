import { z } from 'zod';
import { SENSITIVE_MEMBER_FIELDS } from '../permissions.ts';
import { MEMBER_STATUSES } from '../reference.ts';
import { booleanQuery, id, isoDate, oneOfError } from './common.ts';

/**
 * Export of a filtered member list or of a unit's statistics to CSV or XLSX. The columns of a
 * member export, in the order of form 2-HSĐV; `status`, `since`, `unitId`, `unitCode` and
 * `unitName` describe the membership on the `asOf` date.
 */
export const MEMBER_EXPORT_COLUMNS = [
  'id', 'fullName', 'otherNames', 'gender', 'birthDate', 'birthPlace', 'hometown', 'residence', 'ethnicity', 'religion',
  'citizenId', 'phone', 'education', 'qualification', 'academicTitle', 'theoryLevel', 'occupation', 'position',
  'admissionDecisionDate', 'admissionDecisionNo', 'ceremonyDate', 'officialDate', 'cardNumber',
  'status', 'since', 'unitId', 'unitCode', 'unitName',
] as const;

export type MemberExportColumn = (typeof MEMBER_EXPORT_COLUMNS)[number];

const SENSITIVE = new Set<string>(SENSITIVE_MEMBER_FIELDS);

/** Without `columns`: every column that is not sensitive, so any reader gets a file. */
export const DEFAULT_MEMBER_EXPORT_COLUMNS: readonly MemberExportColumn[] = MEMBER_EXPORT_COLUMNS.filter((c) => !SENSITIVE.has(c));

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** `names`: headers and coded values in the reader's language; `codes`: as stored, for machines. */
export const EXPORT_LABELS = ['names', 'codes'] as const;
export type ExportLabels = (typeof EXPORT_LABELS)[number];

const format = z.enum(EXPORT_FORMATS, { error: oneOfError }).describe('csv (UTF-8 with BOM, CRLF) or xlsx');
const labels = z.enum(EXPORT_LABELS, { error: oneOfError }).default('names')
  .describe('`names`: header and values such as gender or status in the caller’s language; `codes`: column names and stored codes');

/** A comma-separated list of known columns, each once, in the order given. */
const columns = z
  .string()
  .max(2000)
  .transform((s, ctx) => {
    const list = s.split(',').map((c) => c.trim()).filter(Boolean);
    const unknown = list.filter((c) => !(MEMBER_EXPORT_COLUMNS as readonly string[]).includes(c));
    if (list.length === 0 || unknown.length > 0) {
      ctx.addIssue({
        code: 'custom', message: 'export_columns',
        params: { columns: unknown.length > 0 ? unknown : [s], values: [...MEMBER_EXPORT_COLUMNS] },
      });
      return z.NEVER;
    }
    return [...new Set(list)] as MemberExportColumn[];
  })
  .describe(`Comma-separated, in the order wanted: ${MEMBER_EXPORT_COLUMNS.join(', ')}. Default: all but the sensitive ones (${SENSITIVE_MEMBER_FIELDS.join(', ')}).`);

export const memberExportQuery = z
  .object({
    format,
    columns: columns.optional(),
    labels,
    unit: id.optional(),
    subtree: booleanQuery.default(true),
    q: z.string().max(200).refine((s) => !s.includes('\u0000'), { error: 'invalid_format' }).optional(),
    status: z.enum(MEMBER_STATUSES, { error: oneOfError }).optional(),
    asOf: isoDate.optional(),
  })
  .strict();

export const statisticsExportQuery = z
  .object({ format, labels, asOf: isoDate.optional(), subtree: booleanQuery.default(true) })
  .strict();

export type MemberExportQuery = z.output<typeof memberExportQuery>;
export type StatisticsExportQuery = z.output<typeof statisticsExportQuery>;

import { z } from 'zod';
import './zod-setup.ts';

/**
 * Building blocks shared by every schema. A rule that fails carries a message that is a key of
 * the `rules` section of the i18n catalogs; the server turns it into a sentence in the caller's
 * language that names the field.
 */

/** A legal date, YYYY-MM-DD, that exists in the calendar (year 0000 does not; PostgreSQL refuses it). */
// A missing date falls through to the global map (`required`), not "must be a real date".
export const isoDate = z.iso.date({ error: (issue) => (issue.input === undefined ? undefined : 'invalid_date') }).refine((d) => !d.startsWith('0000'), { error: 'invalid_date' });

export const id = z.coerce.number({ error: 'invalid_id' }).int({ error: 'invalid_id' }).positive({ error: 'invalid_id' }).max(Number.MAX_SAFE_INTEGER, { error: 'invalid_id' });

/** Short single-line text: trimmed, composed (NFC), never empty when given. */
export const text = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').replace(/\s+/g, ' ').trim())
    // Control characters (NUL above all, which PostgreSQL cannot store) are never text a person typed.
    .pipe(z.string().min(1, { error: 'required' }).max(max).regex(/^\P{Cc}*$/u, { error: 'invalid_format' }));

export const optionalText = (max: number) => text(max).nullish();

export const booleanQuery = z
  .enum(['true', 'false', '1', '0'], { error: 'boolean' })
  .transform((v) => v === 'true' || v === '1');

// No schema-wide error here: it would replace too_small/too_big/integer with invalid_type.
export const limit = z.coerce.number().int().min(1).max(500).default(50);

export const cursor = z.string().max(512).regex(/^[A-Za-z0-9_-]+$/, { error: 'invalid_cursor' });

export const localizedNames = z
  .object({
    vi: z.string().max(300).optional(),
    en: z.string().max(300).optional(),
    ru: z.string().max(300).optional(),
    ar: z.string().max(300).optional(),
    fa: z.string().max(300).optional(),
  })
  .strict();

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export type FieldError = { path: string; code: string; message: string };

/** The rule of a value outside a fixed list; a value not given at all is missing, not wrong. */
export const oneOfError = (issue: { input?: unknown }) => (issue.input === undefined ? 'required' : 'one_of');

import { z } from 'zod';
import { EXEMPTION_REASONS } from '../reference.ts';
import { id, isoDate, oneOfError, optionalText, text } from './common.ts';

export const startExemptionBody = z
  .object({
    reason: z.enum(EXEMPTION_REASONS, { error: oneOfError }),
    resolutionNo: text(60).describe('The cell resolution that grants it'),
    validFrom: isoDate,
    validTo: isoDate.optional().describe('Last day plus one, when the resolution sets an end'),
    note: optionalText(500),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.validTo && isoDate.safeParse(b.validFrom).success && b.validTo <= b.validFrom) {
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'date_after', params: { other: 'validFrom' } });
    }
  });

export const endExemptionBody = z
  .object({ validTo: isoDate.describe('The first day of work and meetings again'), resolutionNo: optionalText(60) })
  .strict();

export const exemptionParams = z.object({ id, exemptionId: id });

export const exemptionSchema = z
  .object({
    id: z.number(),
    memberId: z.number(),
    reason: z.enum(EXEMPTION_REASONS),
    resolutionNo: z.string(),
    validFrom: z.string(),
    validTo: z.string().nullable(),
    unitId: z.number(),
    note: z.string().nullable(),
    endedByResolution: z.string().nullable(),
  })
  .meta({ id: 'Exemption' });

export const exemptListSchema = z.object({
  unitId: z.number(),
  asOf: z.string(),
  items: z.array(exemptionSchema.extend({ fullName: z.string(), unitName: z.string() })),
});

export type StartExemptionBody = z.output<typeof startExemptionBody>;
export type Exemption = z.output<typeof exemptionSchema>;

import { z } from 'zod';
import {
  ACADEMIC_TITLES, DELETION_REASONS, EDUCATION_LEVELS, ETHNICITY_CODES, GENDERS, MEMBER_STATUSES, QUALIFICATIONS,
  RELIGIONS, THEORY_LEVELS,
} from '../reference.ts';
import { booleanQuery, cursor, id, isoDate, limit, oneOfError, optionalText, text } from './common.ts';

const citizenId = z.string().trim().regex(/^[0-9]{12}$/, { error: 'citizen_id' });
const phone = z.string().trim().regex(/^\+?[0-9][0-9 .-]{7,18}[0-9]$/, { error: 'phone' });
const cardNumber = z.string().trim().regex(/^[0-9A-Za-z.-]{4,20}$/, { error: 'card_number' });
const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: oneOfError });

/** Profile fields of form 2-HSĐV that staff may edit at any time. */
export const profileShape = {
  fullName: text(120),
  otherNames: optionalText(200),
  gender: oneOf(GENDERS),
  birthDate: isoDate,
  birthPlace: optionalText(300),
  hometown: optionalText(300),
  residence: optionalText(300),
  ethnicity: oneOf(ETHNICITY_CODES),
  religion: oneOf(RELIGIONS),
  citizenId: citizenId.nullish(),
  phone: phone.nullish(),
  education: oneOf(EDUCATION_LEVELS).nullish(),
  qualification: oneOf(QUALIFICATIONS).nullish(),
  academicTitle: oneOf(ACADEMIC_TITLES).nullish(),
  theoryLevel: oneOf(THEORY_LEVELS).nullish(),
  occupation: optionalText(200),
  position: optionalText(200),
  cardNumber: cardNumber.nullish(),
  ageApprovalRef: optionalText(100),
};

/** Registering a member: the profile, the unit, and the admission (and official) dates. */
export const createMemberBody = z
  .object({
    ...profileShape,
    unitId: id,
    admissionDecisionDate: isoDate,
    admissionDecisionNo: optionalText(60),
    ceremonyDate: isoDate.nullish(),
    officialDate: isoDate.nullish(),
  })
  .strict()
  .superRefine((m, ctx) => {
    const issue = (path: string, message: string, params: Record<string, string>) =>
      ctx.addIssue({ code: 'custom', path: [path], message, params });
    // A date that failed its own rule is reported already; compare only dates that are dates.
    const real = (d: string | null | undefined) => Boolean(d) && isoDate.safeParse(d).success;
    const admissionOk = real(m.admissionDecisionDate);
    if (admissionOk && real(m.birthDate) && m.birthDate >= m.admissionDecisionDate) {
      issue('admissionDecisionDate', 'date_after', { other: 'birthDate' });
    }
    if (admissionOk && real(m.ceremonyDate) && (m.ceremonyDate as string) < m.admissionDecisionDate) {
      issue('ceremonyDate', 'date_not_before', { other: 'admissionDecisionDate' });
    }
    if (m.officialDate && !m.ceremonyDate) issue('ceremonyDate', 'required_with', { other: 'officialDate' });
    if (m.cardNumber && !m.officialDate) issue('cardNumber', 'card_official_only', {});
  });

export const updateMemberBody = z.object(profileShape).partial().strict();

export const memberParams = z.object({ id });

export const memberQuery = z.object({ asOf: isoDate.optional() }).strict();

export const listMembersQuery = z
  .object({
    unit: id.optional(),
    subtree: booleanQuery.default(true),
    q: z.string().max(200).refine((s) => !s.includes('\u0000'), { error: 'invalid_format' }).optional(),
    status: oneOf(MEMBER_STATUSES).optional(),
    asOf: isoDate.optional(),
    cursor: cursor.optional(),
    limit,
  })
  .strict();

export const memberEventBody = z.discriminatedUnion(
  'kind',
  [
    z
      .object({
        kind: z.literal('recognized_official'),
        effectiveOn: isoDate,
        decisionNo: optionalText(60),
        cardNumber: cardNumber.nullish(),
      })
      .strict(),
    z
      .object({
        kind: z.literal('transferred'),
        effectiveOn: isoDate,
        toUnitId: id,
        letterNo: optionalText(60),
      })
      .strict(),
    z.object({ kind: z.literal('died'), effectiveOn: isoDate }).strict(),
    z
      .object({
        kind: z.literal('deleted'),
        effectiveOn: isoDate,
        reason: oneOf(DELETION_REASONS),
        decisionNo: optionalText(60),
        note: optionalText(500),
      })
      .strict(),
    z
      .object({
        kind: z.literal('expelled'),
        effectiveOn: isoDate,
        decisionNo: text(60),
        issuer: text(200),
        note: optionalText(500),
      })
      .strict(),
    z
      .object({
        kind: z.literal('probation_removed'),
        effectiveOn: isoDate,
        decisionNo: optionalText(60),
        note: optionalText(500),
      })
      .strict(),
    z
      .object({
        kind: z.literal('reinstated'),
        effectiveOn: isoDate,
        unitId: id.describe('The cell the member returns to'),
        decisionNo: text(60).describe('The decision that annuls the exit'),
        issuer: text(200),
        note: optionalText(500),
      })
      .strict(),
  ],
  { error: 'event_kind' },
);

/** Voids the member's latest event, so that it can be recorded again as it should have been. */
export const voidEventBody = z
  .object({ reason: text(300).describe('What was wrong'), decisionNo: optionalText(60) })
  .strict();

export const memberEventParams = z.object({ id, eventId: id });

const membership = z
  .object({
    unitId: z.number(),
    unitName: z.string(),
    unitCode: z.string(),
    status: z.enum(MEMBER_STATUSES),
    since: z.string(),
  })
  .nullable();

export const memberSchema = z
  .object({
    id: z.number(),
    fullName: z.string(),
    otherNames: z.string().nullable(),
    gender: z.string(),
    birthDate: z.string(),
    birthPlace: z.string().nullable(),
    hometown: z.string().nullable(),
    residence: z.string().nullable(),
    ethnicity: z.string(),
    religion: z.string().nullable(),
    citizenId: z.string().nullable(),
    phone: z.string().nullable(),
    education: z.string().nullable(),
    qualification: z.string().nullable(),
    academicTitle: z.string().nullable(),
    theoryLevel: z.string().nullable(),
    occupation: z.string().nullable(),
    position: z.string().nullable(),
    admissionDecisionDate: z.string(),
    admissionDecisionNo: z.string().nullable(),
    ceremonyDate: z.string().nullable(),
    officialDate: z.string().nullable(),
    officialDue: z.string().nullable().describe('When a probationary member is due for official recognition'),
    cardNumber: z.string().nullable(),
    ageApprovalRef: z.string().nullable(),
    membership: membership.describe('Unit and status on the asOf date; null when not an active member then'),
    maskedFields: z.array(z.string()).describe('Sensitive fields hidden from this caller (shown as null)'),
    version: z.number(),
  })
  .meta({ id: 'Member' });

export const memberListItemSchema = z
  .object({
    id: z.number(),
    fullName: z.string(),
    gender: z.string(),
    birthDate: z.string(),
    status: z.enum(MEMBER_STATUSES),
    unitId: z.number(),
    unitName: z.string(),
    since: z.string(),
  })
  .meta({ id: 'MemberListItem' });

export const memberPageSchema = z.object({ items: z.array(memberListItemSchema), nextCursor: z.string().nullable() });

export const timelineSchema = z
  .object({
    spans: z.array(
      z.object({
        unitId: z.number(),
        unitCode: z.string(),
        unitName: z.string(),
        status: z.enum(MEMBER_STATUSES),
        validFrom: z.string(),
        validTo: z.string().nullable(),
        reason: z.string(),
      }),
    ),
    events: z.array(
      z.object({
        id: z.number(),
        kind: z.string(),
        effectiveOn: z.string(),
        unitId: z.number().nullable(),
        details: z.record(z.string(), z.unknown()),
        recordedAt: z.string(),
        voidedBy: z.number().nullable().describe('The correcting event that voided this one'),
      }),
    ),
  })
  .meta({ id: 'MemberTimeline' });

export type CreateMemberBody = z.output<typeof createMemberBody>;
export type UpdateMemberBody = z.output<typeof updateMemberBody>;
export type MemberEventBody = z.output<typeof memberEventBody>;
export type VoidEventBody = z.output<typeof voidEventBody>;
export type Member = z.output<typeof memberSchema>;
export type MemberListItem = z.output<typeof memberListItemSchema>;

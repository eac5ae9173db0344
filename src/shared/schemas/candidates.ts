import { z } from 'zod';
import { GENDERS } from '../reference.ts';
import { booleanQuery, cursor, id, isoDate, limit, oneOfError, optionalText, text } from './common.ts';
import { profileShape } from './members.ts';

/**
 * Candidates for admission (đối tượng phát triển đảng viên) and the stages they go through.
 * The way to admission is one order; `withdrawn` may end it at any stage before admission.
 */
export const CANDIDATE_STAGES = ['outstanding_mass', 'sympathizer', 'course_passed', 'applied', 'admitted', 'withdrawn'] as const;
export type CandidateStage = (typeof CANDIDATE_STAGES)[number];

/** The stages towards admission, in the order they must come. */
export const STAGE_ORDER = ['outstanding_mass', 'sympathizer', 'course_passed', 'applied', 'admitted'] as const;

/** Stages a candidate may be registered at: the development may have begun before the platform. */
export const INITIAL_STAGES = ['outstanding_mass', 'sympathizer', 'course_passed', 'applied'] as const;

/** Stages recorded one by one; admission has its own command, which creates the member. */
export const RECORDED_STAGES = ['outstanding_mass', 'sympathizer', 'course_passed', 'applied', 'withdrawn'] as const;

/** Stages after which nothing more is recorded. */
export const FINAL_STAGES: ReadonlySet<CandidateStage> = new Set(['admitted', 'withdrawn']);

const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: oneOfError });

/** The person's profile, as on form 2-HSĐV; the card and the age approval belong to later steps. */
const candidateProfile = z.object(profileShape).omit({ cardNumber: true, ageApprovalRef: true }).shape;

/** Details a stage carries: which stage needs or allows which is checked by `checkStageDetails`. */
const stageDetails = {
  since: isoDate.describe('The day the stage began: recognized, course passed, application signed, dropped'),
  courseName: optionalText(200).describe('course_passed: the awareness course about the Party'),
  certificateNo: optionalText(60).describe('course_passed: number of the course certificate'),
  ageApprovalRef: optionalText(100).describe('applied: the provincial approval for an applicant over the maximum age'),
  reason: optionalText(500).describe('withdrawn: why the development ended'),
  note: optionalText(1000),
};

type Details = { stage: string; courseName?: string | null | undefined; certificateNo?: string | null | undefined;
  ageApprovalRef?: string | null | undefined; reason?: string | null | undefined };

const DETAILS_OF: Record<string, readonly (keyof Details)[]> = {
  course_passed: ['courseName', 'certificateNo'],
  applied: ['ageApprovalRef'],
  withdrawn: ['reason'],
};
const REQUIRED_OF: Record<string, readonly (keyof Details)[]> = {
  course_passed: ['courseName', 'certificateNo'],
  withdrawn: ['reason'],
};

/** The course stage needs its course and certificate, a withdrawal its reason; other stages take none of them. */
function checkStageDetails(d: Details, ctx: z.RefinementCtx) {
  const allowed = DETAILS_OF[d.stage] ?? [];
  for (const field of ['courseName', 'certificateNo', 'ageApprovalRef', 'reason'] as const) {
    if (d[field] && !allowed.includes(field)) {
      ctx.addIssue({ code: 'custom', path: [field], message: 'stage_detail_not_allowed' });
    }
  }
  for (const field of REQUIRED_OF[d.stage] ?? []) {
    if (!d[field]) ctx.addIssue({ code: 'custom', path: [field], message: 'required' });
  }
}

export const createCandidateBody = z
  .object({
    ...candidateProfile,
    unitId: id,
    stage: oneOf(INITIAL_STAGES).default('outstanding_mass'),
    ...stageDetails,
  })
  .strict()
  .superRefine((c, ctx) => {
    checkStageDetails(c, ctx);
    const real = (d: string | undefined) => Boolean(d) && isoDate.safeParse(d).success;
    if (real(c.birthDate) && real(c.since) && c.since <= c.birthDate) {
      ctx.addIssue({ code: 'custom', path: ['since'], message: 'date_after', params: { other: 'birthDate' } });
    }
  });

export const updateCandidateBody = z.object(candidateProfile).partial().strict();

export const candidateStageBody = z
  .object({ stage: oneOf(RECORDED_STAGES), ...stageDetails })
  .strict()
  .superRefine(checkStageDetails);

export const admitCandidateBody = z
  .object({
    admissionDecisionNo: text(60),
    admissionDecisionDate: isoDate,
    ceremonyDate: isoDate.nullish(),
  })
  .strict()
  .superRefine((a, ctx) => {
    const real = (d: string | null | undefined) => Boolean(d) && isoDate.safeParse(d).success;
    if (real(a.admissionDecisionDate) && real(a.ceremonyDate) && (a.ceremonyDate as string) < a.admissionDecisionDate) {
      ctx.addIssue({ code: 'custom', path: ['ceremonyDate'], message: 'date_not_before', params: { other: 'admissionDecisionDate' } });
    }
  });

export const candidateParams = z.object({ id });

export const listCandidatesQuery = z
  .object({
    unit: id.optional(),
    subtree: booleanQuery.default(true),
    stage: oneOf(CANDIDATE_STAGES).optional()
      .describe('Only candidates now at this stage; without it, those still in development (not admitted, not withdrawn)'),
    q: z.string().max(200).refine((s) => !s.includes('\u0000'), { error: 'invalid_format' }).optional(),
    cursor: cursor.optional(),
    limit,
  })
  .strict();

export const pipelineQuery = z.object({ asOf: isoDate.optional() }).strict();

export const candidateStageSchema = z
  .object({
    id: z.number(),
    stage: z.enum(CANDIDATE_STAGES),
    since: z.string(),
    courseName: z.string().nullable(),
    certificateNo: z.string().nullable(),
    ageApprovalRef: z.string().nullable(),
    decisionNo: z.string().nullable(),
    ceremonyDate: z.string().nullable(),
    reason: z.string().nullable(),
    note: z.string().nullable(),
    recordedBy: z.object({ id: z.number(), name: z.string() }).nullable().describe('null: recorded by the system'),
    recordedAt: z.string(),
  })
  .meta({ id: 'CandidateStage' });

export const candidateSchema = z
  .object({
    id: z.number(),
    unitId: z.number(),
    unitName: z.string(),
    unitCode: z.string(),
    fullName: z.string(),
    otherNames: z.string().nullable(),
    gender: z.enum(GENDERS),
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
    stage: z.enum(CANDIDATE_STAGES).describe('The current stage: the latest of `stages`'),
    since: z.string().describe('When the current stage began'),
    nextStage: z.enum(CANDIDATE_STAGES).nullable().describe('The stage expected next; null once admitted or withdrawn'),
    memberId: z.number().nullable().describe('The member record created by the admission'),
    stages: z.array(candidateStageSchema),
    maskedFields: z.array(z.string()).describe('Sensitive fields hidden from this caller (shown as null)'),
    version: z.number(),
  })
  .meta({ id: 'Candidate' });

export const candidateListItemSchema = z
  .object({
    id: z.number(),
    fullName: z.string(),
    gender: z.enum(GENDERS),
    birthDate: z.string(),
    unitId: z.number(),
    unitName: z.string(),
    stage: z.enum(CANDIDATE_STAGES),
    since: z.string(),
    memberId: z.number().nullable(),
  })
  .meta({ id: 'CandidateListItem' });

export const candidatePageSchema = z.object({ items: z.array(candidateListItemSchema), nextCursor: z.string().nullable() });

export const pipelineSchema = z
  .object({
    unitId: z.number(),
    asOf: z.string(),
    inDevelopment: z.number().describe('Candidates at a stage before admission, not withdrawn'),
    stages: z.array(z.object({
      stage: z.enum(CANDIDATE_STAGES),
      count: z.number(),
      oldestSince: z.string().nullable().describe('Since when the candidate longest at this stage has been there'),
    })),
  })
  .meta({ id: 'CandidatePipeline' });

export type CreateCandidateBody = z.output<typeof createCandidateBody>;
export type UpdateCandidateBody = z.output<typeof updateCandidateBody>;
export type CandidateStageBody = z.output<typeof candidateStageBody>;
export type AdmitCandidateBody = z.output<typeof admitCandidateBody>;
export type Candidate = z.output<typeof candidateSchema>;
export type CandidateListItem = z.output<typeof candidateListItemSchema>;
export type CandidatePipeline = z.output<typeof pipelineSchema>;

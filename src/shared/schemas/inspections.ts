import { z } from 'zod';
import { booleanQuery, id, isoDate, oneOfError, optionalText, text } from './common.ts';

const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: oneOfError });

/** Supervision: regular or thematic. */
export const SUPERVISION_KINDS = ['regular_supervision', 'thematic_supervision'] as const;
/** Inspection: on signs of violation, of a lower level's inspection and discipline work, of party finance, of a resolution's implementation; complaints and denunciations. */
export const INSPECTION_KINDS = [
  'inspection_signs_of_violation', 'inspection_lower_level_duties', 'inspection_party_finance', 'inspection_resolution',
  'complaint_denunciation',
] as const;
export const CASE_KINDS = [...SUPERVISION_KINDS, ...INSPECTION_KINDS] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export const BODIES = ['committee', 'inspection_commission'] as const;
export const SUBJECT_TYPES = ['unit', 'member'] as const;
/** The records of a case in the order they are made; the conclusion notice concludes it. */
export const STEP_KINDS = ['explanatory_report', 'verification_minutes', 'result_report', 'conclusion_notice'] as const;
export const VIOLATION_CATEGORIES = [
  'political_ideology', 'organization_principles', 'working_regulations', 'personnel_work', 'finance_assets',
  'land_construction', 'corruption_waste', 'ethics_lifestyle', 'inspection_duties', 'other',
] as const;
export const MEMBER_DISCIPLINE_FORMS = ['reprimand', 'warning', 'removal_from_post', 'expulsion'] as const;
export const UNIT_DISCIPLINE_FORMS = ['reprimand', 'warning', 'dissolution'] as const;
export const DISCIPLINE_FORMS = ['reprimand', 'warning', 'removal_from_post', 'expulsion', 'dissolution'] as const;
export type DisciplineForm = (typeof DISCIPLINE_FORMS)[number];
export const DECIDING_BODIES = ['cell', 'committee', 'standing_committee', 'inspection_commission'] as const;
export const APPEAL_OUTCOMES = ['upheld', 'reduced', 'annulled'] as const;
export const CASE_STATES = ['open', 'concluded', 'overdue'] as const;

const names = (max: number) => z.array(text(120)).max(max).default([]);
const subject = z.object({ type: oneOf(SUBJECT_TYPES), id }).strict();
const year = z.coerce.number({ error: 'integer' }).int({ error: 'integer' }).min(1930).max(2200);

export const programParams = z.object({ id });
export const caseParams = z.object({ id });

export const createProgramBody = z
  .object({
    year,
    conductedBy: oneOf(BODIES).describe('Whose program: the committee’s (supervision) or its inspection commission’s'),
    title: text(300),
    approvalNo: optionalText(60).describe('The decision approving the program, e.g. 01-CTr/UBKT'),
    approvedOn: isoDate.nullish(),
  })
  .strict();

export const addProgramItemBody = z
  .object({
    kind: oneOf(CASE_KINDS),
    subject,
    plannedFrom: isoDate,
    plannedTo: isoDate,
    lead: text(200).describe('The team lead'),
    team: names(30),
    note: optionalText(1000),
  })
  .strict();

export const listProgramsQuery = z.object({ year: year.optional() }).strict();

export const programItemSchema = z.object({
  id: z.number(),
  kind: z.string(),
  subjectType: z.string(),
  subjectId: z.number(),
  subjectName: z.string(),
  plannedFrom: z.string(),
  plannedTo: z.string(),
  lead: z.string(),
  team: z.array(z.string()),
  note: z.string().nullable(),
  caseId: z.number().nullable().describe('The case opened for this item, if any'),
  caseStatus: z.string().nullable(),
});

export const programProgressSchema = z.object({
  planned: z.number().describe('Items in the program'),
  opened: z.number().describe('Items whose case is open or concluded'),
  concluded: z.number(),
  overdue: z.number().describe('Items whose planned period ended without a concluded case'),
});

export const programSchema = z
  .object({
    id: z.number(),
    unitId: z.number(),
    unitName: z.string(),
    conductedBy: z.string(),
    year: z.number(),
    title: z.string(),
    approvalNo: z.string().nullable(),
    approvedOn: z.string().nullable(),
    progress: programProgressSchema,
    items: z.array(programItemSchema).optional(),
  })
  .meta({ id: 'InspectionProgram' });

export const openCaseBody = z
  .object({
    conductedBy: oneOf(BODIES).describe('The committee or its inspection commission'),
    kind: oneOf(CASE_KINDS),
    title: text(300),
    decisionNo: text(60).describe('The decision that opens the case, e.g. 12-QĐ/UBKT'),
    openedOn: isoDate,
    plan: optionalText(4000),
    lead: text(200),
    team: names(30),
    dueOn: isoDate.describe('When the conclusion is due'),
    programItemId: id.nullish().describe('The program item this case carries out'),
    subjects: z.array(subject).min(1).max(500),
  })
  .strict();

export const addSubjectBody = subject;

export const recordStepBody = z
  .object({
    kind: oneOf(STEP_KINDS),
    doneOn: isoDate,
    documentNo: optionalText(60).describe('Required for the conclusion notice'),
    note: optionalText(2000),
  })
  .strict();

export const recordFindingBody = z
  .object({
    subjectId: id,
    category: oneOf(VIOLATION_CATEGORIES),
    description: text(4000),
    foundOn: isoDate.optional().describe('The day the violation was established (defaults to today); not before the case opened'),
  })
  .strict();

export const recommendationsBody = z.object({ subjectId: id, recommendations: text(4000) }).strict();

export const setRemedyBody = z
  .object({
    subjectId: id,
    description: text(2000),
    owner: text(200).describe('Who must put it right'),
    deadline: isoDate,
  })
  .strict();

export const completeRemedyBody = z
  .object({
    completedOn: isoDate,
    evidence: text(2000).describe('What shows it was done: a report number, minutes'),
  })
  .strict();

export const listCasesQuery = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    state: oneOf(CASE_STATES).optional().describe('overdue: open past the due date'),
    kind: oneOf(CASE_KINDS).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export const stepSchema = z.object({
  id: z.number(), kind: z.string(), doneOn: z.string(), documentNo: z.string().nullable(), note: z.string().nullable(),
});
export const findingSchema = z.object({ id: z.number(), subjectId: z.number(), category: z.string(), description: z.string(), foundOn: z.string() });
export const remedySchema = z
  .object({
    id: z.number(),
    caseId: z.number(),
    subjectId: z.number(),
    description: z.string(),
    owner: z.string(),
    deadline: z.string(),
    completedOn: z.string().nullable(),
    evidence: z.string().nullable(),
    overdue: z.boolean(),
  })
  .meta({ id: 'InspectionRemedy' });
export const subjectSchema = z.object({
  id: z.number(),
  type: z.string(),
  unitId: z.number().nullable(),
  memberId: z.number().nullable(),
  name: z.string(),
  recommendations: z.string().nullable(),
  violations: z.number(),
});
export const attachmentSchema = z
  .object({
    id: z.number(),
    fileName: z.string(),
    contentType: z.string(),
    byteSize: z.number(),
    note: z.string().nullable(),
    uploadedAt: z.string(),
  })
  .meta({ id: 'Attachment' });

export const caseSummarySchema = z.object({
  id: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  conductedBy: z.string(),
  kind: z.string(),
  title: z.string(),
  decisionNo: z.string(),
  openedOn: z.string(),
  dueOn: z.string(),
  status: z.string(),
  concludedOn: z.string().nullable(),
  conclusionNo: z.string().nullable(),
  overdue: z.boolean(),
  subjects: z.number(),
});

export const caseSchema = caseSummarySchema
  .extend({
    plan: z.string().nullable(),
    lead: z.string(),
    team: z.array(z.string()),
    programItemId: z.number().nullable(),
    steps: z.array(stepSchema),
    subjectList: z.array(subjectSchema),
    findings: z.array(findingSchema),
    remedies: z.array(remedySchema),
    attachments: z.array(attachmentSchema),
  })
  .meta({ id: 'InspectionCase' });

export const caseListSchema = z.object({ items: z.array(caseSummarySchema), truncated: z.boolean() }).meta({ id: 'InspectionCaseList' });

export const decideDisciplineBody = z
  .object({
    subject,
    form: oneOf(DISCIPLINE_FORMS),
    decidingUnitId: id.describe('The unit whose committee, standing committee, commission or cell decided'),
    decidingBody: oneOf(DECIDING_BODIES),
    decisionNo: text(60),
    decidedOn: isoDate,
    effectiveOn: isoDate,
    content: text(4000),
    caseId: id.nullish().describe('The case whose conclusion led to it'),
  })
  .strict();

export const fileAppealBody = z.object({ filedOn: isoDate, grounds: text(4000) }).strict();
export const appealOutcomeBody = z
  .object({ outcome: oneOf(APPEAL_OUTCOMES), outcomeOn: isoDate, decisionNo: text(60), note: optionalText(2000) })
  .strict();

export const appealSchema = z.object({
  id: z.number(), decisionId: z.number(), filedOn: z.string(), grounds: z.string(), outcome: z.string(),
  outcomeOn: z.string().nullable(), outcomeDecisionNo: z.string().nullable(), note: z.string().nullable(),
}).meta({ id: 'DisciplineAppeal' });

export const disciplineSchema = z
  .object({
    id: z.number(),
    subjectType: z.string(),
    unitId: z.number().nullable(),
    memberId: z.number().nullable(),
    memberStatus: z.string().nullable(),
    subjectName: z.string(),
    caseId: z.number().nullable(),
    form: z.string(),
    decidingUnitId: z.number(),
    decidingUnitName: z.string(),
    decidingBody: z.string(),
    decisionNo: z.string(),
    decidedOn: z.string(),
    effectiveOn: z.string(),
    content: z.string(),
    memberEventId: z.number().nullable(),
    appeals: z.array(appealSchema),
    attachments: z.array(attachmentSchema),
  })
  .meta({ id: 'DisciplineDecision' });

export const listDisciplinesQuery = z
  .object({ from: isoDate.optional(), to: isoDate.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) })
  .strict();

export const requireDeclarationBody = z
  .object({ year, memberId: id, post: text(60).describe('The post that obliges the member to declare (one of the configured posts)') })
  .strict();
export const updateDeclarationBody = z
  .object({ submittedOn: isoDate.nullish(), verifiedOn: isoDate.nullish(), verifiedBy: optionalText(200), note: optionalText(1000) })
  .strict();
export const listDeclarationsQuery = z
  .object({ year, missing: booleanQuery.default(false).describe('Only those who have not submitted') })
  .strict();

export const declarationSchema = z
  .object({
    id: z.number(),
    year: z.number(),
    memberId: z.number(),
    fullName: z.string(),
    post: z.string(),
    unitId: z.number(),
    unitName: z.string(),
    submittedOn: z.string().nullable(),
    verifiedOn: z.string().nullable(),
    verifiedBy: z.string().nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: 'AssetDeclaration' });

export const declarationListSchema = z
  .object({
    year: z.number(),
    posts: z.array(z.string()).describe('The posts whose holders must declare, under the rules in force'),
    counts: z.object({ required: z.number(), submitted: z.number(), verified: z.number(), missing: z.number() }),
    items: z.array(declarationSchema),
  })
  .meta({ id: 'AssetDeclarationList' });

export const figuresQuery = z.object({ from: isoDate, to: isoDate }).strict();

const countsByKey = z.record(z.string(), z.number());
export const figuresSchema = z
  .object({
    unitId: z.number(),
    from: z.string(),
    to: z.string(),
    cases: z.object({ total: z.number(), supervision: z.number(), inspection: z.number(), byKind: countsByKey, concluded: z.number(), overdue: z.number() }),
    covered: z.object({ units: z.number(), members: z.number() }).describe('Distinct organizations and members the cases opened in the period covered'),
    violations: z.object({ units: z.number(), members: z.number(), byCategory: countsByKey }),
    disciplines: z.object({ members: countsByKey, units: countsByKey, total: z.number() }),
    remedies: z.object({ due: z.number(), completed: z.number(), completedOnTime: z.number(), overdue: z.number() })
      .describe('Remedies with a deadline in the period: done by the end of it, done by their deadline, and late and still open'),
    declarations: z.object({ year: z.number(), required: z.number(), submitted: z.number(), verified: z.number(), missing: z.number() }),
  })
  .meta({ id: 'InspectionFigures' });

export const remedyCompletionQuery = z.object({ year }).strict();
export const remedyCompletionSchema = z
  .object({
    subjectType: z.string(),
    subjectId: z.number(),
    year: z.number(),
    due: z.number().describe('Remedies with a deadline in the year'),
    completed: z.number(),
    completedOnTime: z.number(),
    open: z.number(),
    rate: z.number().nullable().describe('completedOnTime / due, null when nothing was due'),
  })
  .meta({ id: 'RemedyCompletion' });

export const attachmentQuery = z.object({ fileName: text(200), note: optionalText(500) }).strict();

export type CreateProgramBody = z.output<typeof createProgramBody>;
export type AddProgramItemBody = z.output<typeof addProgramItemBody>;
export type InspectionProgram = z.output<typeof programSchema>;
export type OpenCaseBody = z.output<typeof openCaseBody>;
export type RecordStepBody = z.output<typeof recordStepBody>;
export type RecordFindingBody = z.output<typeof recordFindingBody>;
export type SetRemedyBody = z.output<typeof setRemedyBody>;
export type CompleteRemedyBody = z.output<typeof completeRemedyBody>;
export type InspectionCase = z.output<typeof caseSchema>;
export type CaseSummary = z.output<typeof caseSummarySchema>;
export type InspectionRemedy = z.output<typeof remedySchema>;
export type Attachment = z.output<typeof attachmentSchema>;
export type DecideDisciplineBody = z.output<typeof decideDisciplineBody>;
export type DisciplineDecision = z.output<typeof disciplineSchema>;
export type DisciplineAppeal = z.output<typeof appealSchema>;
export type AssetDeclaration = z.output<typeof declarationSchema>;
export type DeclarationList = z.output<typeof declarationListSchema>;
export type InspectionFigures = z.output<typeof figuresSchema>;
export type RemedyCompletion = z.output<typeof remedyCompletionSchema>;
export type SubjectRef = z.output<typeof subject>;

import { useQueries, useQuery, type QueryClient } from '@tanstack/react-query';
import type {
  APPEAL_OUTCOMES as ApiAppealOutcomes, Attachment, AssetDeclaration, BODIES as ApiBodies, CASE_KINDS as ApiCaseKinds,
  CASE_STATES as ApiCaseStates, CaseSummary, DECIDING_BODIES as ApiDecidingBodies, DISCIPLINE_FORMS as ApiDisciplineForms,
  DeclarationList, DisciplineAppeal, DisciplineDecision, InspectionCase, InspectionFigures, InspectionProgram, InspectionRemedy,
  INSPECTION_KINDS as ApiInspectionKinds, MEMBER_DISCIPLINE_FORMS as ApiMemberForms, STEP_KINDS as ApiStepKinds,
  SUBJECT_TYPES as ApiSubjectTypes, SUPERVISION_KINDS as ApiSupervisionKinds, UNIT_DISCIPLINE_FORMS as ApiUnitForms,
  VIOLATION_CATEGORIES as ApiViolationCategories,
} from '../../../shared/schemas/inspections.ts';
import { apiGet, apiUpload, apiUrl } from '../../api/client.ts';

export type {
  Attachment, AssetDeclaration, CaseSummary, DeclarationList, DisciplineAppeal, DisciplineDecision, InspectionCase, InspectionFigures,
  InspectionProgram, InspectionRemedy,
};
export type ProgramItem = NonNullable<InspectionProgram['items']>[number];
export type CaseSubject = InspectionCase['subjectList'][number];
export type CaseStep = InspectionCase['steps'][number];
export type Finding = InspectionCase['findings'][number];

// The API's vocabularies, kept here so that the web bundle does not pull in zod; `satisfies`
// keeps them the same lists, in the same order, as src/shared/schemas/inspections.ts.
export const SUPERVISION_KINDS = ['regular_supervision', 'thematic_supervision'] as const satisfies typeof ApiSupervisionKinds;
export const INSPECTION_KINDS = [
  'inspection_signs_of_violation', 'inspection_lower_level_duties', 'inspection_party_finance', 'inspection_resolution',
  'complaint_denunciation',
] as const satisfies typeof ApiInspectionKinds;
export const CASE_KINDS = [...SUPERVISION_KINDS, ...INSPECTION_KINDS] as const satisfies typeof ApiCaseKinds;
export const BODIES = ['committee', 'inspection_commission'] as const satisfies typeof ApiBodies;
export const SUBJECT_TYPES = ['unit', 'member'] as const satisfies typeof ApiSubjectTypes;
export const STEP_KINDS = ['explanatory_report', 'verification_minutes', 'result_report', 'conclusion_notice'] as const satisfies typeof ApiStepKinds;
export const VIOLATION_CATEGORIES = [
  'political_ideology', 'organization_principles', 'working_regulations', 'personnel_work', 'finance_assets',
  'land_construction', 'corruption_waste', 'ethics_lifestyle', 'inspection_duties', 'other',
] as const satisfies typeof ApiViolationCategories;
export const MEMBER_DISCIPLINE_FORMS = ['reprimand', 'warning', 'removal_from_post', 'expulsion'] as const satisfies typeof ApiMemberForms;
export const UNIT_DISCIPLINE_FORMS = ['reprimand', 'warning', 'dissolution'] as const satisfies typeof ApiUnitForms;
export const DISCIPLINE_FORMS = ['reprimand', 'warning', 'removal_from_post', 'expulsion', 'dissolution'] as const satisfies typeof ApiDisciplineForms;
export const DECIDING_BODIES = ['cell', 'committee', 'standing_committee', 'inspection_commission'] as const satisfies typeof ApiDecidingBodies;
export const APPEAL_OUTCOMES = ['upheld', 'reduced', 'annulled'] as const satisfies typeof ApiAppealOutcomes;
export const CASE_STATES = ['open', 'concluded', 'overdue'] as const satisfies typeof ApiCaseStates;

export type CaseKind = (typeof CASE_KINDS)[number];
export type CaseState = (typeof CASE_STATES)[number];
export type SubjectType = (typeof SUBJECT_TYPES)[number];
export type StepKind = (typeof STEP_KINDS)[number];

export type CaseFilters = { from?: string | undefined; to?: string | undefined; state?: CaseState | undefined; kind?: CaseKind | undefined };

/** The longest lists the screens ask for; the API says when there were more. */
export const LIST_LIMIT = 500;

// Under 'inspections': whatever the screens record refreshes every list, figure and record here.
export const inspectionKeys = {
  figures: (unitId: number, from: string, to: string) => ['inspections', 'figures', unitId, from, to] as const,
  programs: (unitId: number, year: number) => ['inspections', 'programs', unitId, year] as const,
  program: (id: number) => ['inspections', 'program', id] as const,
  cases: (unitId: number, f: CaseFilters) => ['inspections', 'cases', unitId, f] as const,
  case: (id: number) => ['inspections', 'case', id] as const,
  disciplines: (unitId: number, from: string, to: string) => ['inspections', 'disciplines', unitId, from, to] as const,
  discipline: (id: number) => ['inspections', 'discipline', id] as const,
  declarations: (unitId: number, year: number, missing: boolean) => ['inspections', 'declarations', unitId, year, missing] as const,
};

/** The figures a review conference reads out for a unit and below over a period. */
export function useInspectionFigures(unitId: number, from: string, to: string) {
  return useQuery({
    queryKey: inspectionKeys.figures(unitId, from, to),
    queryFn: ({ signal }) => apiGet<InspectionFigures>(`/units/${unitId}/inspection-figures`, { from, to }, signal),
  });
}

/** A unit's programs for a year (its committee's and its commission's), with their progress. */
export function usePrograms(unitId: number, year: number) {
  return useQuery({
    queryKey: inspectionKeys.programs(unitId, year),
    queryFn: ({ signal }) => apiGet<InspectionProgram[]>(`/units/${unitId}/inspection-programs`, { year }, signal),
  });
}

const fetchProgram = (id: number, signal?: AbortSignal) => apiGet<InspectionProgram>(`/inspection-programs/${id}`, undefined, signal);

export function useProgram(id: number) {
  return useQuery({ queryKey: inspectionKeys.program(id), queryFn: ({ signal }) => fetchProgram(id, signal) });
}

/**
 * The items still without a case in a unit's programs of a year (and in one more program, the
 * one a user came from): what a new case may carry out. `pending` while any is being read.
 */
export function useOpenProgramItems(unitId: number, year: number, alsoProgramId: number | null) {
  const programs = usePrograms(unitId, year);
  const ids = [...new Set([...(programs.data ?? []).map((p) => p.id), ...(alsoProgramId ? [alsoProgramId] : [])])];
  const details = useQueries({
    queries: ids.map((id) => ({ queryKey: inspectionKeys.program(id), queryFn: ({ signal }: { signal: AbortSignal }) => fetchProgram(id, signal) })),
  });
  const items = details.flatMap((d) => (d.data?.unitId === unitId ? d.data.items ?? [] : [])).filter((i) => i.caseId === null);
  return { items, pending: programs.isPending || details.some((d) => d.isPending) };
}

/** Cases of a unit and below. Each read of the list is recorded in the audit trail: pickers read it only when opened. */
export function useCases(unitId: number, f: CaseFilters, enabled = true) {
  return useQuery({
    enabled,
    queryKey: inspectionKeys.cases(unitId, f),
    queryFn: ({ signal }) => apiGet<{ items: CaseSummary[]; truncated: boolean }>(
      `/units/${unitId}/inspection-cases`, { ...f, limit: LIST_LIMIT }, signal),
  });
}

/** A case in full. Each read is recorded in the audit trail, so it is not refetched on focus. */
export function useCase(id: number) {
  return useQuery({
    queryKey: inspectionKeys.case(id),
    queryFn: ({ signal }) => apiGet<InspectionCase>(`/inspection-cases/${id}`, undefined, signal),
    refetchOnWindowFocus: false,
  });
}

export function useDisciplines(unitId: number, from: string, to: string) {
  return useQuery({
    queryKey: inspectionKeys.disciplines(unitId, from, to),
    queryFn: ({ signal }) => apiGet<{ items: DisciplineDecision[]; truncated: boolean }>(
      `/units/${unitId}/discipline-decisions`, { from, to, limit: LIST_LIMIT }, signal),
  });
}

export function useDiscipline(id: number) {
  return useQuery({
    queryKey: inspectionKeys.discipline(id),
    queryFn: ({ signal }) => apiGet<DisciplineDecision>(`/discipline-decisions/${id}`, undefined, signal),
  });
}

export function useDeclarations(unitId: number, year: number, missing: boolean) {
  return useQuery({
    queryKey: inspectionKeys.declarations(unitId, year, missing),
    queryFn: ({ signal }) => apiGet<DeclarationList>(`/units/${unitId}/asset-declarations`, { year, missing }, signal),
  });
}

/** After anything is recorded: the case or decision answered is put in place, the lists and figures read again. */
export function afterInspectionChange(queryClient: QueryClient, changed?: { case?: InspectionCase; discipline?: DisciplineDecision }): void {
  if (changed?.case) queryClient.setQueryData(inspectionKeys.case(changed.case.id), changed.case);
  if (changed?.discipline) queryClient.setQueryData(inspectionKeys.discipline(changed.discipline.id), changed.discipline);
  void queryClient.invalidateQueries({
    queryKey: ['inspections'],
    // The record just answered is current; reading a case again would add a needless audit entry.
    predicate: (q) => !(changed?.case && q.queryKey[1] === 'case' && q.queryKey[2] === changed.case.id)
      && !(changed?.discipline && q.queryKey[1] === 'discipline' && q.queryKey[2] === changed.discipline.id),
  });
  void queryClient.invalidateQueries({ queryKey: ['audit'] });
}

/** Where a file attached to a case or a decision is downloaded (the session cookie goes with the link). */
export const attachmentUrl = (id: number) => apiUrl(`/attachments/${id}`);

/** The types the API takes, by the name's ending (a browser may not know a Word file's type). */
const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  tif: 'image/tiff',
  tiff: 'image/tiff',
};
export const ATTACHMENT_ACCEPT = Object.keys(CONTENT_TYPES).map((e) => `.${e}`).join(',');

/** Sends a file as the request's body; the server checks its type by its content. */
export function uploadAttachment(owner: 'inspection-cases' | 'discipline-decisions', ownerId: number, file: File) {
  const type = file.type || CONTENT_TYPES[file.name.split('.').pop()?.toLowerCase() ?? ''] || 'application/octet-stream';
  return apiUpload<Attachment>(`/${owner}/${ownerId}/attachments`, { fileName: file.name }, file, type);
}

/** The year of an ISO date. */
export const yearOf = (isoDate: string) => Number(isoDate.slice(0, 4));

/**
 * A discipline form's tag colour: the lighter forms in dark gold and dark orange (white text on
 * them keeps a 4.5:1 contrast, which antd's light gold and orange tags do not), the severer in red.
 */
export const formColor = (form: string) => (form === 'reprimand' ? '#874d00' : form === 'warning' ? '#ad4e00' : 'red');

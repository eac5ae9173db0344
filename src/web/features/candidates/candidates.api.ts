import { useInfiniteQuery, useQuery, type QueryClient } from '@tanstack/react-query';
import type { Candidate, CandidateListItem, CandidatePipeline, CandidateStage } from '../../../shared/schemas/candidates.ts';
import { apiGet, apiRequest } from '../../api/client.ts';

export type CandidateRecord = { candidate: Candidate; etag: string | null };
export type CandidateFilters = { unit: number | null; stage: CandidateStage | null; q: string };

// The stages as the API names them, kept here so that the web bundle does not pull in zod.
export const STAGES_IN_DEVELOPMENT = ['outstanding_mass', 'sympathizer', 'course_passed', 'applied'] as const satisfies readonly CandidateStage[];
export const FINAL_STAGES = ['admitted', 'withdrawn'] as const satisfies readonly CandidateStage[];
export const ALL_STAGES: readonly CandidateStage[] = [...STAGES_IN_DEVELOPMENT, ...FINAL_STAGES];

export const candidateKeys = {
  list: (f: CandidateFilters) => ['candidates', 'list', f] as const,
  detail: (id: number) => ['candidates', 'detail', id] as const,
  pipeline: (unitId: number, asOf: string) => ['candidates', 'pipeline', unitId, asOf] as const,
};

/** A stage from the address, or null when it names none. */
export function stageParam(value: string | null): CandidateStage | null {
  return (ALL_STAGES as readonly string[]).includes(value ?? '') ? (value as CandidateStage) : null;
}

/** The colour of a stage's tag: the way to admission in blue, the ends apart. */
export const stageColor = (stage: CandidateStage) => (stage === 'admitted' ? 'red' : stage === 'withdrawn' ? 'default' : 'blue');

export const isFinal = (stage: CandidateStage) => (FINAL_STAGES as readonly string[]).includes(stage);

/** Whole days from one legal date to another (both YYYY-MM-DD, so no time zone is involved). */
export function daysBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000));
}

/** Candidates searched and filtered on the server, 50 at a time (keyset paging). */
export function useCandidateList(f: CandidateFilters) {
  return useInfiniteQuery({
    queryKey: candidateKeys.list(f),
    queryFn: ({ pageParam, signal }) =>
      apiGet<{ items: CandidateListItem[]; nextCursor: string | null }>(
        '/candidates', { unit: f.unit, stage: f.stage, q: f.q, cursor: pageParam, limit: 50 }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** A candidate with the stage history and the ETag a later edit sends back as If-Match. */
export function useCandidate(id: number) {
  return useQuery({
    queryKey: candidateKeys.detail(id),
    queryFn: async ({ signal }): Promise<CandidateRecord> => {
      const { data, etag } = await apiRequest<Candidate>(`/candidates/${id}`, { signal });
      return { candidate: data, etag };
    },
  });
}

export function usePipeline(unitId: number, asOf: string) {
  return useQuery({
    queryKey: candidateKeys.pipeline(unitId, asOf),
    queryFn: ({ signal }) => apiGet<CandidatePipeline>(`/units/${unitId}/pipeline`, { asOf }, signal),
  });
}

/** After a command: the candidate as answered, and every list and count that may include it. */
export function afterCandidateChange(queryClient: QueryClient, saved: Candidate, etag: string | null) {
  queryClient.setQueryData(candidateKeys.detail(saved.id), { candidate: saved, etag });
  void queryClient.invalidateQueries({ queryKey: ['candidates', 'list'] });
  void queryClient.invalidateQueries({ queryKey: ['candidates', 'pipeline'] });
  void queryClient.invalidateQueries({ queryKey: ['audit'] });
}

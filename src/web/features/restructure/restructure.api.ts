import { keepPreviousData, useQuery, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  lineageSchema, PlanBody, PlanState, RestructureConflict, RestructureKind, RestructureOperation, RestructurePlan,
  RestructurePreview, RestructureTotals,
} from '../../../shared/schemas/restructure.ts';
import type { Unit } from '../../../shared/schemas/units.ts';
import type { UnitType } from '../../../shared/schemas/unit-types.ts';
import { apiGet, apiRequest, apiSend } from '../../api/client.ts';
import { useLocale } from '../../i18n/useLocale.ts';

export type {
  PlanBody, PlanState, RestructureConflict, RestructureKind, RestructureOperation, RestructurePlan, RestructurePreview, RestructureTotals,
};
export type Lineage = z.output<typeof lineageSchema>;
/** A plan as read, with the ETag a save, an apply or a cancel sends back as If-Match. */
export type PlanRecord = { plan: RestructurePlan; etag: string | null };

// The API's vocabularies, kept here so that the web bundle does not pull in zod.
export const KINDS = ['create', 'merge', 'split', 'move', 'abolish_level', 'rename', 'close'] as const satisfies readonly RestructureKind[];
export const TOTALS = [
  'unitsCreated', 'unitsClosed', 'unitsRenamed', 'unitVersions', 'spansMoved', 'membersMoved', 'grantsCarried', 'grantsLapsed', 'recordsFollowing',
] as const satisfies readonly (keyof RestructureTotals)[];

export const planKeys = {
  list: () => ['restructure', 'list'] as const,
  detail: (id: number) => ['restructure', 'plan', id] as const,
  /** A preview belongs to one version of the plan, and its messages to one language. */
  preview: (id: number, version: number, locale: string) => ['restructure', 'preview', id, version, locale] as const,
};

/** The plans of the units within the user's reach, newest first. */
export function usePlans() {
  return useQuery({
    queryKey: planKeys.list(),
    queryFn: ({ signal }) => apiGet<RestructurePlan[]>('/restructure-plans', undefined, signal),
  });
}

export function usePlan(id: number) {
  return useQuery({
    queryKey: planKeys.detail(id),
    queryFn: async ({ signal }): Promise<PlanRecord> => {
      const { data, etag } = await apiRequest<RestructurePlan>(`/restructure-plans/${id}`, { signal });
      return { plan: data, etag };
    },
  });
}

/**
 * What the plan would do, for the saved version `version` (null: not asked for yet). The
 * conflicts come in the reader's language: a change of language reads them again, showing the
 * previous answer meanwhile.
 */
export function usePreview(id: number, version: number | null) {
  const locale = useLocale();
  return useQuery({
    queryKey: planKeys.preview(id, version ?? 0, locale),
    queryFn: () => apiSend<RestructurePreview>('POST', `/restructure-plans/${id}/preview`),
    enabled: version !== null,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
}

export async function createPlan(body: PlanBody): Promise<PlanRecord> {
  const { data, etag } = await apiRequest<RestructurePlan>('/restructure-plans', { method: 'POST', body });
  return { plan: data, etag };
}

export async function savePlan(id: number, body: PlanBody, etag: string | null): Promise<PlanRecord> {
  const { data, etag: next } = await apiRequest<RestructurePlan>(`/restructure-plans/${id}`, { method: 'PUT', body, ifMatch: etag });
  return { plan: data, etag: next };
}

/** Applies (all or nothing) or cancels the plan as last read; a plan changed meanwhile answers 412. */
export async function decidePlan(id: number, action: 'apply' | 'cancel', etag: string | null): Promise<PlanRecord> {
  const { data, etag: next } = await apiRequest<RestructurePlan>(`/restructure-plans/${id}/${action}`, { method: 'POST', ifMatch: etag });
  return { plan: data, etag: next };
}

/** A plan as the server answered it: shown at once on its page and in the list. */
export function putPlan(queryClient: QueryClient, record: PlanRecord): void {
  queryClient.setQueryData(planKeys.detail(record.plan.id), record);
  void queryClient.invalidateQueries({ queryKey: planKeys.list() });
}

/** After a plan was applied: the tree, every unit's figures and lineage, the members and the audit log. */
export function afterPlanApplied(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: ['units'] });
  void queryClient.invalidateQueries({ queryKey: ['members'] });
  void queryClient.invalidateQueries({ queryKey: ['audit'] });
}

/** The units a unit carries on for, and those that carry on for it (under 'units': a restructure refreshes it). */
export function useLineage(unitId: number) {
  return useQuery({
    queryKey: ['units', 'lineage', unitId],
    queryFn: ({ signal }) => apiGet<Lineage>(`/units/${unitId}/lineage`, undefined, signal),
  });
}

/** Units whose name matches what was typed (two letters at least), for the code fields. */
export function useUnitSearch(q: string) {
  return useQuery({
    queryKey: ['units', 'pick', q],
    queryFn: ({ signal }) => apiGet<{ items: Unit[] }>('/units', { q, limit: 30 }, signal),
    enabled: q.length >= 2,
  });
}

/** Every unit type (reference data), for the type fields; the same query the type names come from. */
export function useUnitTypeList() {
  return useQuery({
    queryKey: ['unit-types'],
    queryFn: ({ signal }) => apiGet<UnitType[]>('/unit-types', undefined, signal),
    staleTime: Infinity,
  });
}

/** The colour of a state's tag (text kept at a 4.5:1 contrast): a draft in indigo, applied in green, cancelled plain. */
export function stateColor(state: PlanState): string {
  switch (state) {
    case 'draft': return 'geekblue';
    case 'applied': return '#237804';
    default: return 'default';
  }
}

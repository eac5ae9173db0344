import { useQuery } from '@tanstack/react-query';
import type { Development, TargetRevision } from '../../../shared/schemas/targets.ts';
import { apiGet } from '../../api/client.ts';

// Under 'units': whatever changes a unit or its members (and invalidates ['units']) refreshes these too.
export const targetKeys = {
  development: (unitId: number, asOf: string) => ['units', 'development', unitId, asOf] as const,
  revisions: (unitId: number, year: number) => ['units', 'targets', unitId, year] as const,
};

/** The target in force on the date against the year's admissions up to it, for the unit and the units directly below. */
export function useDevelopment(unitId: number, asOf: string, enabled = true) {
  return useQuery({
    queryKey: targetKeys.development(unitId, asOf),
    queryFn: ({ signal }) => apiGet<Development>(`/units/${unitId}/development`, { asOf }, signal),
    enabled,
  });
}

/** Every revision of the unit's target for the year, oldest first. */
export function useTargetRevisions(unitId: number, year: number) {
  return useQuery({
    queryKey: targetKeys.revisions(unitId, year),
    queryFn: ({ signal }) => apiGet<TargetRevision[]>(`/units/${unitId}/targets`, { year }, signal),
  });
}

/**
 * The ETag of a unit's target for a year is the number of its latest revision, 0 before the first:
 * sent as If-Match, it refuses a revision someone else recorded after the list was read.
 */
export function targetEtag(revisions: readonly TargetRevision[]): string {
  return `"${revisions.at(-1)?.revision ?? 0}"`;
}

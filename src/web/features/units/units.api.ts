import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { z } from 'zod';
import type { Locale } from '../../../shared/reference.ts';
import type { unitDetailSchema, Unit, UnitStats } from '../../../shared/schemas/units.ts';
import type { UnitType } from '../../../shared/schemas/unit-types.ts';
import { apiGet, apiRequest } from '../../api/client.ts';
import { useLocale } from '../../i18n/useLocale.ts';

export type UnitDetail = z.output<typeof unitDetailSchema>;
type UnitPage = { items: Unit[]; nextCursor: string | null };

/** Every page of a unit listing (children of one unit are few; a search is capped by the caller). */
export async function fetchAllUnits(query: Record<string, string | number | undefined>, max = 2000): Promise<Unit[]> {
  const items: Unit[] = [];
  let cursor: string | null | undefined;
  do {
    const page = await apiGet<UnitPage>('/units', { ...query, limit: 500, cursor: cursor ?? undefined });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return items;
}

export const unitKeys = {
  top: () => ['units', 'top'] as const,
  children: (id: number) => ['units', 'children', id] as const,
  search: (q: string) => ['units', 'search', q] as const,
  detail: (id: number, asOf: string | undefined) => ['units', 'detail', id, asOf ?? 'today'] as const,
  stats: (id: number, asOf: string | undefined) => ['units', 'stats', id, asOf ?? 'today'] as const,
};

export function useUnit(id: number | null, asOf?: string) {
  return useQuery({
    queryKey: unitKeys.detail(id ?? 0, asOf),
    queryFn: ({ signal }) => apiGet<UnitDetail>(`/units/${id}`, { asOf }, signal),
    enabled: id !== null,
  });
}

/** A unit as it stands today with its ETag, which a rename, move or close sends back as If-Match. */
export function useUnitRecord(id: number) {
  return useQuery({
    queryKey: ['units', 'record', id],
    queryFn: async ({ signal }) => {
      const { data, etag } = await apiRequest<UnitDetail>(`/units/${id}`, { signal });
      return { unit: data, etag };
    },
  });
}

export function useUnitStats(id: number, asOf?: string) {
  return useQuery({
    queryKey: unitKeys.stats(id, asOf),
    queryFn: ({ signal }) => apiGet<UnitStats>(`/units/${id}/stats`, { asOf }, signal),
  });
}

/** A unit's name in the reader's language when one was recorded, else its official name. */
export function unitName(unit: { name: string; names?: Record<string, string> }, locale: Locale): string {
  return unit.names?.[locale] || unit.name;
}

/** Unit types (reference data, named in every language): a type's name for the reader, and its rank in the tree. */
export function useUnitTypes(): {
  name: (code: string) => string;
  rank: (code: string) => number;
  get: (code: string) => UnitType | undefined;
} {
  const locale = useLocale();
  const { data } = useQuery({
    queryKey: ['unit-types'],
    queryFn: ({ signal }) => apiGet<UnitType[]>('/unit-types', undefined, signal),
    staleTime: Infinity,
  });
  return useMemo(() => {
    const byCode = new Map((data ?? []).map((t) => [t.code, t]));
    return {
      name: (code: string) => {
        const names = byCode.get(code)?.names;
        return names?.[locale] ?? names?.vi ?? code;
      },
      rank: (code: string) => byCode.get(code)?.rank ?? Number.MAX_SAFE_INTEGER,
      get: (code: string) => byCode.get(code),
    };
  }, [data, locale]);
}

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Exemption } from '../../../shared/schemas/exemptions.ts';
import type { Member, MemberListItem, timelineSchema } from '../../../shared/schemas/members.ts';
import { apiGet, apiRequest } from '../../api/client.ts';

export type Timeline = z.output<typeof timelineSchema>;
export type MemberRecord = { member: Member; etag: string | null };
export type MemberFilters = { unit: number | null; q: string; status: string | null };

export const memberKeys = {
  list: (f: MemberFilters) => ['members', 'list', f] as const,
  detail: (id: number) => ['members', 'detail', id] as const,
  timeline: (id: number) => ['members', 'timeline', id] as const,
  exemptions: (id: number) => ['members', 'exemptions', id] as const,
};

/** Members as of today, searched and filtered on the server, 50 at a time (keyset paging). */
export function useMemberList(f: MemberFilters) {
  return useInfiniteQuery({
    queryKey: memberKeys.list(f),
    queryFn: ({ pageParam, signal }) =>
      apiGet<{ items: MemberListItem[]; nextCursor: string | null }>(
        '/members', { unit: f.unit, q: f.q, status: f.status, cursor: pageParam, limit: 50 }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** A member's profile and its ETag, which a later edit sends back as If-Match. */
export function useMember(id: number) {
  return useQuery({
    queryKey: memberKeys.detail(id),
    queryFn: async ({ signal }): Promise<MemberRecord> => {
      const { data, etag } = await apiRequest<Member>(`/members/${id}`, { signal });
      return { member: data, etag };
    },
  });
}

export function useTimeline(id: number, enabled = true) {
  return useQuery({
    queryKey: memberKeys.timeline(id),
    queryFn: ({ signal }) => apiGet<Timeline>(`/members/${id}/timeline`, undefined, signal),
    enabled,
  });
}

/** A member's periods of exemption from work and meetings. */
export function useExemptions(id: number) {
  return useQuery({
    queryKey: memberKeys.exemptions(id),
    queryFn: ({ signal }) => apiGet<Exemption[]>(`/members/${id}/exemptions`, undefined, signal),
  });
}

import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { Transfer, TransferDirection, TransferListState } from '../../../shared/schemas/transfers.ts';
import { apiGet } from '../../api/client.ts';
import { memberKeys } from '../members/members.api.ts';

export type { Transfer, TransferDirection, TransferListState };
export type Destination = { id: number; code: string; name: string; parentName: string | null; inScope: boolean };
/** What can be done to a transfer under way, each a POST to /transfers/:id/<action>. */
export type TransferAction = 'receive' | 'forward' | 'cancel' | 'end';

// The API's vocabularies, kept here so that the web bundle does not pull in zod.
export const DIRECTIONS = ['incoming', 'outgoing', 'forwarding'] as const satisfies readonly TransferDirection[];
export const LIST_STATES = ['open', 'closed', 'all'] as const satisfies readonly TransferListState[];

// Under 'members' and 'units': whatever changes a member or a unit refreshes these too.
export const transferKeys = {
  member: (memberId: number) => ['members', 'transfers', memberId] as const,
  unit: (unitId: number, direction: TransferDirection, state: TransferListState) => ['units', 'transfers', unitId, direction, state] as const,
  destinations: (q: string) => ['transfers', 'destinations', q] as const,
};

/** A member's transfers, newest first. */
export function useMemberTransfers(memberId: number) {
  return useQuery({
    queryKey: transferKeys.member(memberId),
    queryFn: ({ signal }) => apiGet<Transfer[]>(`/members/${memberId}/transfers`, undefined, signal),
  });
}

/** Transfers coming into a unit (and below), going out of it, or waiting there to be forwarded. */
export function useUnitTransfers(unitId: number, direction: TransferDirection, state: TransferListState, limit = 1000, enabled = true) {
  return useQuery({
    enabled,
    queryKey: [...transferKeys.unit(unitId, direction, state), limit],
    queryFn: ({ signal }) => apiGet<{ unitId: number; direction: TransferDirection; items: Transfer[] }>(
      `/units/${unitId}/transfers`, { direction, state, limit }, signal),
  });
}

/** Open cells of the whole installation whose name or code matches, for the receiving-cell picker. */
export function useTransferDestinations(q: string) {
  return useQuery({
    queryKey: transferKeys.destinations(q),
    queryFn: ({ signal }) => apiGet<Destination[]>('/transfer-destinations', { q }, signal),
    enabled: q.length >= 2,
  });
}

/**
 * After a transfer changes: the member (an official transfer received moves them; one to an
 * organization outside ends their activity here), their timeline, the lists and the counts.
 */
export function afterTransferChange(queryClient: QueryClient, memberId: number): void {
  void queryClient.invalidateQueries({ queryKey: ['members', 'transfers', memberId] });
  void queryClient.invalidateQueries({ queryKey: memberKeys.detail(memberId) });
  void queryClient.invalidateQueries({ queryKey: memberKeys.timeline(memberId) });
  void queryClient.invalidateQueries({ queryKey: ['members', 'list'] });
  void queryClient.invalidateQueries({ queryKey: ['units'] });
  void queryClient.invalidateQueries({ queryKey: ['audit'] });
}

/**
 * A letter number or a Vietnamese name inside a sentence keeps its own direction (first-strong
 * isolate … pop directional isolate), as <bdi> does for an element: "355-CV/ĐU" stays whole in Arabic.
 */
export const isolate = (text: string) => `\u2068${text}\u2069`;

/** A letter under way: waiting to be forwarded or on its way to the receiving cell. */
export const isUnderWay = (t: Transfer) => t.state === 'awaiting_forward' || t.state === 'in_transit';

/**
 * The colour of a state's tag (colours whose text keeps a 4.5:1 contrast): under way in blues,
 * a temporary stay in purple, a completed move in green, a departure in magenta, the ends plain.
 */
export function stateColor(t: Transfer): string {
  if (t.state === 'awaiting_forward') return 'geekblue';
  if (t.state === 'in_transit') return 'blue';
  if (t.state === 'received') return t.kind === 'temporary' ? 'purple' : '#237804';
  if (t.state === 'departed') return 'magenta';
  return 'default';
}

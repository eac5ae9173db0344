import { REINSTATABLE_EXITS } from '../../../shared/reference.ts';
import type { MemberEventBody } from '../../../shared/schemas/members.ts';

export type EventKind = MemberEventBody['kind'];

/**
 * The events a member can have now: recognition and removal only during probation, deletion only
 * after it. The one-step transfer stays for a move already made between two cells the user
 * reaches; the transfer letter (its own form) is the usual way.
 */
export function eventsFor(status: 'probationary' | 'official'): EventKind[] {
  return status === 'probationary'
    ? ['recognized_official', 'transferred', 'probation_removed', 'expelled', 'died']
    : ['transferred', 'deleted', 'expelled', 'died'];
}

export const isExit = (kind: EventKind) => kind === 'died' || kind === 'deleted' || kind === 'expelled' || kind === 'probation_removed';

type TimelineEvent = { id: number; kind: string; effectiveOn: string; voidedBy: number | null };

/** Events a correction may void: those that shaped the member's spans, the admission aside. */
const CORRECTABLE = new Set(['recognized_official', 'transferred', 'died', 'deleted', 'expelled', 'probation_removed', 'reinstated']);

/**
 * The member's latest event that shaped their membership and still stands (profile edits and
 * corrections aside), in the server's order: by date, then as recorded.
 */
export function latestStandingEvent<E extends TimelineEvent>(events: readonly E[]): E | null {
  let latest: E | null = null;
  for (const e of events) {
    if (e.kind === 'profile_updated' || e.kind === 'corrected' || e.voidedBy !== null) continue;
    if (!latest || e.effectiveOn > latest.effectiveOn || (e.effectiveOn === latest.effectiveOn && e.id > latest.id)) latest = e;
  }
  return latest;
}

/** Whether the event can be voided by a correction (the server checks that it is the latest again). */
export const isCorrectable = (e: TimelineEvent | null): boolean => !!e && CORRECTABLE.has(e.kind);

/** Whether the member's latest event is an exit a later decision may annul (death is not one). */
export const isReinstatable = (e: TimelineEvent | null): boolean => !!e && (REINSTATABLE_EXITS as readonly string[]).includes(e.kind);

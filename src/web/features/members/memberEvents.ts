import type { MemberEventBody } from '../../../shared/schemas/members.ts';

export type EventKind = MemberEventBody['kind'];

/** The events a member can have now: recognition and removal only during probation, deletion only after it. */
export function eventsFor(status: 'probationary' | 'official'): EventKind[] {
  return status === 'probationary'
    ? ['recognized_official', 'transferred', 'probation_removed', 'expelled', 'died']
    : ['transferred', 'deleted', 'expelled', 'died'];
}

export const isExit = (kind: EventKind) => kind === 'died' || kind === 'deleted' || kind === 'expelled' || kind === 'probation_removed';

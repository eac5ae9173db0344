import type { Locale } from '../../../shared/reference.ts';

/** One reach of a grant: the unit at `path`, and everything below it when `subtree`. */
export type ScopeEntry = { path: string; subtree: boolean };

/**
 * Who is calling and what they may reach, as services see it. `scopePaths` is the reach of the
 * permission the route declared (null: the whole tree, for the system itself and command-line
 * tools run by the operator); `sensitiveScope` is where the caller may also read sensitive
 * fields.
 */
export type Actor = {
  userId: number | null;
  label: string;
  locale: Locale;
  memberId: number | null;
  scopePaths: ScopeEntry[] | null;
  sensitiveScope: ScopeEntry[] | null;
  /** Where the call came from, for the audit trail; null for the system itself. */
  request: { ip: string; requestId: string } | null;
};

export const SYSTEM_ACTOR: Actor = {
  userId: null, label: 'system', locale: 'vi', memberId: null, scopePaths: null, sensitiveScope: null, request: null,
};

/** A caller on a public route: reaches nothing. */
export const ANONYMOUS_ACTOR: Actor = { ...SYSTEM_ACTOR, label: 'anonymous', scopePaths: [], sensitiveScope: [] };

/**
 * Who is calling and what they may reach. `scopePaths` are the unit paths of the caller's
 * grants, each meaning "this unit and below"; null means the whole tree (the system itself,
 * command-line tools run by the operator).
 */
export type Actor = {
  userId: number | null;
  scopePaths: string[] | null;
};

export const SYSTEM_ACTOR: Actor = { userId: null, scopePaths: null };

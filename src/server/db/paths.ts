import type { Actor, ScopeEntry } from '../modules/access/actor.ts';

/**
 * Materialized paths are unit ids each followed by '.', in the "C" collation: "1.23.456.".
 * Everything at or below a unit is the half-open range [path, path with the final '.' raised
 * to '/'), which a btree index answers directly.
 */
export function subtreeRange(path: string): [string, string] {
  return [path, `${path.slice(0, -1)}/`];
}

export function childPath(parentPath: string | null, id: number): string {
  return `${parentPath ?? ''}${id}.`;
}

/** Unit ids along a path, root first. */
export function pathIds(path: string): number[] {
  return path.split('.').filter(Boolean).map(Number);
}

/**
 * SQL condition limiting `column` to the actor's scope, appending its parameters to `params`.
 * One indexed range per grant (or one equality for a grant on a unit alone); no per-row check
 * outside the database.
 */
export function scopeCondition(column: string, actor: Pick<Actor, 'scopePaths'>, params: unknown[]): string {
  return scopeConditionFor(column, actor.scopePaths, params);
}

export function scopeConditionFor(column: string, scope: ScopeEntry[] | null, params: unknown[]): string {
  if (scope === null) return 'TRUE';
  if (scope.length === 0) return 'FALSE';
  const parts = scope.map(({ path, subtree }) => {
    if (!subtree) {
      params.push(path);
      return `${column} = $${params.length}`;
    }
    const [lo, hi] = subtreeRange(path);
    params.push(lo, hi);
    return `(${column} >= $${params.length - 1} AND ${column} < $${params.length})`;
  });
  return `(${parts.join(' OR ')})`;
}

/** Whether `path` lies inside a scope (null: everywhere). */
export function inScopeOf(scope: ScopeEntry[] | null, path: string): boolean {
  return scope === null || scope.some((e) => (e.subtree ? path.startsWith(e.path) : path === e.path));
}

/** Whether everything at and below `path` lies inside a scope: a grant of a unit alone covers only that unit. */
export function coversSubtreeOf(scope: ScopeEntry[] | null, path: string): boolean {
  return scope === null || scope.some((e) => e.subtree && path.startsWith(e.path));
}

/** Whether `path` lies inside the actor's scope. */
export function inScope(actor: Pick<Actor, 'scopePaths'>, path: string): boolean {
  return inScopeOf(actor.scopePaths, path);
}

/** The deepest unit above (or at) both paths, or null when they share no root. */
export function commonAncestor(a: string, b: string): number | null {
  const [x, y] = [pathIds(a), pathIds(b)];
  let common: number | null = null;
  for (let i = 0; i < Math.min(x.length, y.length) && x[i] === y[i]; i += 1) common = x[i] as number;
  return common;
}

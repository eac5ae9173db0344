import type { Actor } from '../modules/access/actor.ts';

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
 * One indexed range per grant; no per-row check outside the database.
 */
export function scopeCondition(column: string, actor: Actor, params: unknown[]): string {
  if (actor.scopePaths === null) return 'TRUE';
  if (actor.scopePaths.length === 0) return 'FALSE';
  const ranges = actor.scopePaths.map((p) => {
    const [lo, hi] = subtreeRange(p);
    params.push(lo, hi);
    return `(${column} >= $${params.length - 1} AND ${column} < $${params.length})`;
  });
  return `(${ranges.join(' OR ')})`;
}

/** Whether `path` lies inside the actor's scope. */
export function inScope(actor: Actor, path: string): boolean {
  return actor.scopePaths === null || actor.scopePaths.some((p) => path.startsWith(p));
}

import type pg from 'pg';
import type { ScopeEntry } from '../modules/access/actor.ts';
import { inTransaction, type Database, type Sql } from './client.ts';

/**
 * The database as one caller may see it. Every statement runs in a transaction as the role
 * partywork_scoped with the caller's scope in `partywork.scope`, so PostgreSQL's row-level
 * security filters members and their history even if a query forgot its scope condition.
 * The scope is set in the same round trip as BEGIN.
 */
export function scopedDatabase(db: Database, scope: ScopeEntry[] | null): Database {
  // Paths hold only digits and dots, so they are safe inside LIKE patterns.
  const setting = scope === null ? '%' : scope.map((e) => (e.subtree ? `${e.path}%` : e.path)).join(' ');
  const begin = (client: pg.PoolClient) =>
    // JIT off: a request's queries are short, and compiling them cost about a second each on the
    // national dataset (docs/benchmarks.md), more than running them.
    client.query(`BEGIN; SET LOCAL ROLE partywork_scoped; SET LOCAL jit = off; SELECT set_config('partywork.scope', ${client.escapeLiteral(setting)}, true)`);

  const transaction = <T>(fn: (sql: Sql) => Promise<T>): Promise<T> => inTransaction(db.pool, fn, begin);

  // Reads outside a transaction get one of their own, so they are filtered the same way.
  const pool = new Proxy(db.pool, {
    get(target, prop, receiver) {
      if (prop === 'query') {
        return (text: string, values?: unknown[]) => transaction((sql) => sql.query(text, values));
      }
      return Reflect.get(target, prop, receiver);
    },
  });

  return { engine: db.engine, pool, transaction, close: () => db.close() };
}

/**
 * Runs `fn` with the schema owner's rights inside the caller's transaction, then returns to the
 * scoped role. For the one step no single caller's scope covers: receiving an official transfer
 * closes the member's span at home, outside the receiving side's reach, and opens one at the
 * receiving cell. The service has checked the caller's right to receive before it calls this.
 * On an error the transaction rolls back, and SET LOCAL with it.
 */
export async function withOwnerRights<T>(sql: Sql, fn: () => Promise<T>): Promise<T> {
  const { rows } = await sql.query<{ scoped: boolean }>(`SELECT current_user = 'partywork_scoped' AS scoped`);
  if (!rows[0]?.scoped) return fn();
  await sql.query('SET LOCAL ROLE NONE');
  const result = await fn();
  await sql.query('SET LOCAL ROLE partywork_scoped');
  return result;
}

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
    client.query(`BEGIN; SET LOCAL ROLE partywork_scoped; SELECT set_config('partywork.scope', ${client.escapeLiteral(setting)}, true)`);

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

import pg from 'pg';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded.ts';

// Identity keys and counts fit in a JS number far beyond the platform's scale (2^53).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
// A legal date stays the string 'YYYY-MM-DD'; converting it to a JS Date would shift it by
// the time zone. 'infinity' is kept as is and mapped to null at the repository boundary.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type Engine = 'pglite' | 'postgresql';

/** What repositories need: a pool or a client inside a transaction. */
export type Sql = Pick<pg.PoolClient, 'query'>;

export type Database = {
  engine: Engine;
  pool: pg.Pool;
  /** Runs `fn` in one transaction; any throw rolls everything back. */
  transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export type DatabaseOptions = {
  /** A PostgreSQL server; without it the embedded PGlite engine is used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory, or `memory://`. */
  dataDir: string;
  /** Connections to a PostgreSQL server. */
  poolSize?: number;
};

/**
 * Runs `fn` on one connection between `begin` (BEGIN, plus any per-transaction settings in the
 * same round trip) and COMMIT; any throw rolls everything back.
 */
export async function inTransaction<T>(
  pool: pg.Pool, fn: (sql: Sql) => Promise<T>, begin: (client: pg.PoolClient) => Promise<unknown> = (c) => c.query('BEGIN'),
): Promise<T> {
  const client = await pool.connect();
  try {
    await begin(client);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  let embedded: EmbeddedDatabase | undefined;
  let pool: pg.Pool;
  if (options.databaseUrl) {
    pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
  } else {
    embedded = await startEmbeddedDatabase(options.dataDir);
    // PGlite is a single session: one connection keeps every transaction isolated from the next.
    pool = new pg.Pool({ host: embedded.socketDir, user: 'postgres', database: 'postgres', max: 1 });
  }
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => undefined);

  return {
    engine: embedded ? 'pglite' : 'postgresql',
    pool,
    transaction: (fn) => inTransaction(pool, fn),
    async close() {
      await pool.end();
      await embedded?.stop();
    },
  };
}

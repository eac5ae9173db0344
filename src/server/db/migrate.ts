import { fileURLToPath } from 'node:url';
import { readdirSync } from 'node:fs';
import { runner } from 'node-pg-migrate';
import type { Database } from './client.ts';

const migrationsDir = fileURLToPath(new URL('./migrations', import.meta.url));
const migrationsTable = 'schema_migrations';

/** Applies every pending migration; node-pg-migrate holds an advisory lock meanwhile. */
export async function migrate(db: Database, log: (msg: string) => void = () => undefined): Promise<string[]> {
  const client = await db.pool.connect();
  try {
    const applied = await runner({
      dbClient: client,
      dir: migrationsDir,
      migrationsTable,
      direction: 'up',
      count: Infinity,
      checkOrder: true,
      log,
      logger: { debug: () => undefined, info: log, warn: log, error: log },
    });
    return applied.map((m) => m.name);
  } finally {
    client.release();
  }
}

/** The newest applied migration and whether any shipped migration is still pending. */
export async function migrationStatus(db: Database): Promise<{ version: string | null; pending: number }> {
  const shipped = readdirSync(migrationsDir).filter((f) => f.endsWith('.sql'));
  const { rows } = await db.pool
    .query<{ name: string }>(`SELECT name FROM ${migrationsTable} ORDER BY run_on DESC, id DESC`)
    .catch(() => ({ rows: [] as { name: string }[] }));
  return { version: rows[0]?.name ?? null, pending: shipped.length - rows.length };
}

import pg from 'pg';
import type { Database } from '../server/db/client.ts';

/**
 * The PostgreSQL database a bench command drops and makes anew. Only a name starting with
 * partywork_bench is ever dropped: any other name in --database-url or DATABASE_URL is replaced
 * by `fallback`, so a bench can never wipe a working database.
 */
export function benchUrl(given: string | undefined, fallback: string): string {
  const url = new URL(given ?? process.env.DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/${fallback}`);
  if (!/^\/partywork_bench/.test(url.pathname)) url.pathname = `/${fallback}`;
  return url.toString();
}

/** Runs one statement on the server's maintenance database (CREATE / DROP DATABASE). */
export async function adminQuery(url: string, text: string): Promise<void> {
  const u = new URL(url);
  u.pathname = '/postgres';
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The top unit of the bench dataset (the demo province). */
export async function rootUnit(db: Database): Promise<{ id: number; code: string }> {
  const { rows } = await db.pool.query<{ id: number; code: string }>(
    `SELECT u.id, u.code FROM units u JOIN unit_versions v ON v.unit_id = u.id AND v.valid_to = 'infinity'
     WHERE v.parent_id IS NULL ORDER BY u.id LIMIT 1`);
  if (!rows[0]) throw new Error('The bench database has no unit');
  return rows[0];
}

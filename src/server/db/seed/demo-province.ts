import type { Database } from '../client.ts';

export async function isEmpty(db: Database): Promise<boolean> {
  const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM units');
  return rows[0]?.n === 0;
}

export type SeedSummary = { units: number; members: number; events: number };

export async function seedDemoProvince(_o: { db: Database; members: number; seed: number }): Promise<SeedSummary> {
  return { units: 0, members: 0, events: 0 };
}

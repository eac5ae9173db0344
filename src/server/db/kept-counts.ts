import type { Sql } from './client.ts';

/** The triggers that keep the counts of the nation and the provinces (migration 0017), by table. */
const KEPT_COUNT_TRIGGERS: Readonly<Record<string, readonly string[]>> = {
  membership_spans: ['member_counts_insert', 'member_counts_update', 'member_counts_delete'],
  unit_versions: ['unit_counts_insert', 'unit_counts_update', 'unit_counts_delete'],
  member_events: ['event_counts_insert', 'event_counts_update', 'event_counts_delete'],
  members: ['member_counts_members'],
  units: ['unit_counts_units'],
};

/**
 * Runs a bulk load with the count triggers off, as the schema owner in the caller's
 * transaction: statement by statement they would read every loaded row again, where the loader
 * either writes the counts itself (the bench's generator) or rebuilds them once at the end (the
 * demo). The tables stay locked for the transaction; on an error it rolls back, triggers included.
 */
export async function withKeptCountTriggersOff<T>(sql: Sql, load: () => Promise<T>): Promise<T> {
  const toggle = async (action: 'ENABLE' | 'DISABLE') => {
    for (const [table, triggers] of Object.entries(KEPT_COUNT_TRIGGERS)) {
      for (const trigger of triggers) await sql.query(`ALTER TABLE ${table} ${action} TRIGGER ${trigger}`);
    }
  };
  await toggle('DISABLE');
  const result = await load();
  await toggle('ENABLE');
  return result;
}

import type { Sql } from '../../db/client.ts';

/** The value of a regulation-set rule in force on `date` (the newest entry not after it). */
export async function ruleValue<T = number>(sql: Sql, key: string, date: string): Promise<T> {
  const { rows } = await sql.query<{ value: T }>(
    'SELECT value FROM rules WHERE key = $1 AND valid_from <= $2 ORDER BY valid_from DESC LIMIT 1', [key, date]);
  if (!rows[0]) throw new Error(`No rule ${key} in force on ${date}`);
  return rows[0].value;
}

/** Every revision of a rule, to read its value on many dates without a query each. */
export async function ruleHistory<T = number>(sql: Sql, key: string): Promise<(date: string) => T> {
  const { rows } = await sql.query<{ validFrom: string; value: T }>(
    'SELECT valid_from AS "validFrom", value FROM rules WHERE key = $1 ORDER BY valid_from DESC', [key]);
  return (date) => {
    const row = rows.find((r) => r.validFrom <= date);
    if (!row) throw new Error(`No rule ${key} in force on ${date}`);
    return row.value;
  };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/db.ts';
import { toDay, toIso } from '../server/db/seed/days.ts';
import { ageBand, birthday } from './kept-counts.ts';

/**
 * The generator's kept counts follow the database's rules to the day: the bench's test compares
 * them with a recount on generated data, this compares the birthday and age-band rules
 * themselves with the SQL functions the triggers and the recount use, leap days included.
 */

let db: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('kept counts in the generator', () => {
  it('moves a member to the next age band on the same day as member_birthday and member_age_band', async () => {
    const births = ['1996-02-29', '2000-02-29', '1900-03-01', '1999-03-01', '1999-02-28', '1990-12-31', '1985-01-01', '1964-07-15'];
    const years = [31, 41, 51, 61, 71];
    const cases = births.flatMap((birth) => years.map((y) => ({ birth, y })));
    const { rows } = await db.pool.query<{ birth: string; y: number; day: string; before: string; on: string }>(
      `SELECT c.birth::text AS birth, c.y, member_birthday(c.birth, c.y)::text AS day,
              member_age_band(c.birth, member_birthday(c.birth, c.y) - 1) AS before,
              member_age_band(c.birth, member_birthday(c.birth, c.y)) AS on
       FROM unnest($1::date[], $2::int[]) AS c(birth, y) ORDER BY 1, 2`,
      [cases.map((c) => c.birth), cases.map((c) => c.y)]);
    expect(rows).toHaveLength(cases.length);
    for (const r of rows) {
      const b = toDay(r.birth);
      const day = birthday(b, r.y);
      expect(toIso(day), `${r.birth} + ${r.y}`).toBe(r.day);
      expect([ageBand(b, day - 1), ageBand(b, day)], `${r.birth} + ${r.y}`).toEqual([r.before, r.on]);
      expect(r.before).not.toBe(r.on);
    }
    // 29 February 1996: 31 years old on 1 March 2027, not on 28 February.
    expect(toIso(birthday(toDay('1996-02-29'), 31))).toBe('2027-03-01');
  });
});

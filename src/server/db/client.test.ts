import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/db.ts';

let db: Awaited<ReturnType<typeof openTestDatabase>>;

beforeAll(async () => {
  db = await openTestDatabase();
  await db.pool.query('CREATE TABLE probe (n int PRIMARY KEY)');
});
afterAll(async () => {
  await db?.drop();
});

describe('database client', () => {
  it('keeps answering after a statement fails', async () => {
    await expect(db.pool.query('SELECT 1/0')).rejects.toThrow(/division by zero/);
    const { rows } = await db.pool.query<{ ok: number }>('SELECT 1 AS ok');
    expect(rows).toEqual([{ ok: 1 }]);
  });

  it('rolls a failed transaction back entirely', async () => {
    await expect(db.transaction(async (sql) => {
      await sql.query('INSERT INTO probe VALUES (1)');
      await sql.query('INSERT INTO probe VALUES (1)');
    })).rejects.toThrow(/duplicate key/);
    const { rows } = await db.pool.query('SELECT * FROM probe');
    expect(rows).toEqual([]);
  });

  it('keeps concurrent transactions apart', async () => {
    const slow = db.transaction(async (sql) => {
      await sql.query('INSERT INTO probe VALUES (10)');
      await new Promise((r) => setTimeout(r, 50));
      throw new Error('abandon');
    });
    const quick = db.transaction((sql) => sql.query('INSERT INTO probe VALUES (20)'));
    await expect(slow).rejects.toThrow('abandon');
    await quick;
    const { rows } = await db.pool.query<{ n: number }>('SELECT n FROM probe ORDER BY n');
    expect(rows.map((r) => r.n)).toEqual([20]);
  });

  it('parses legal dates as strings and bigint counts as numbers', async () => {
    const { rows } = await db.pool.query<{ d: string; inf: string; n: number }>(
      `SELECT '2024-02-29'::date AS d, 'infinity'::date AS inf, count(*) AS n FROM probe`);
    expect(rows[0]).toEqual({ d: '2024-02-29', inf: 'infinity', n: 1 });
  });
});

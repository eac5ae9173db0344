import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/db.ts';
import { makeMember, makeTree } from '../../../test/factories.ts';
import { scopedDatabase } from './scoped.ts';

let db: Awaited<ReturnType<typeof openTestDatabase>>;

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('row-level security', () => {
  it('hides members, spans and events outside the scope even from unfiltered SQL', async () => {
    const mine = await makeTree(db);
    const theirs = await makeTree(db);
    const inside = await makeMember(db, mine.cellA.id);
    const outside = await makeMember(db, theirs.cellA.id, { fullName: 'Lê Thị Ngoài' });
    const scoped = scopedDatabase(db, [{ path: mine.province.path, subtree: true }]);

    const ids = async (table: string, column = 'id') =>
      (await scoped.pool.query<{ id: number }>(`SELECT DISTINCT ${column} AS id FROM ${table}`)).rows.map((r) => r.id);
    expect(await ids('members')).toEqual([inside.id]);
    expect(await ids('membership_spans', 'member_id')).toEqual([inside.id]);
    expect(await ids('member_events', 'member_id')).toEqual([inside.id]);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM members')).rows[0]).toEqual({ n: 2 });
    expect(outside.id).not.toBe(inside.id);
  });

  it('refuses to write a span outside the scope', async () => {
    const mine = await makeTree(db);
    const theirs = await makeTree(db);
    const member = await makeMember(db, mine.cellA.id);
    const scoped = scopedDatabase(db, [{ path: mine.province.path, subtree: true }]);
    await expect(scoped.transaction((sql) => sql.query(
      `INSERT INTO membership_spans (member_id, unit_id, unit_path, status, valid_from, reason)
       VALUES ($1, $2, $3, 'official', '2026-01-01', 'transferred')`,
      [member.id, theirs.cellA.id, theirs.cellA.path]))).rejects.toThrow(/row-level security/);
  });

  it('limits a grant on a unit alone to that unit', async () => {
    const tree = await makeTree(db);
    const a = await makeMember(db, tree.cellA.id);
    await makeMember(db, tree.cellB.id, { fullName: 'Phạm Văn Khác' });
    const scoped = scopedDatabase(db, [{ path: tree.cellA.path, subtree: false }]);
    const { rows } = await scoped.pool.query<{ id: number }>('SELECT id FROM members');
    expect(rows.map((r) => r.id)).toEqual([a.id]);
  });

  it('sees everything with the whole tree in scope, and nothing with an empty scope', async () => {
    const all = scopedDatabase(db, null);
    const none = scopedDatabase(db, []);
    const total = (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM members')).rows[0]?.n;
    expect((await all.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM members')).rows[0]?.n).toBe(total);
    expect((await none.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM members')).rows[0]?.n).toBe(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openTestDatabase } from '../../../../test/db.ts';
import { testApp } from '../../../../test/app.ts';
import { makeMember, makeTree } from '../../../../test/factories.ts';

let db: Awaited<ReturnType<typeof openTestDatabase>>;
let app: FastifyInstance;

beforeAll(async () => {
  db = await openTestDatabase();
  app = await testApp(db);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('units API', () => {
  it('creates a unit and refuses a child type the parent does not allow', async () => {
    const tree = await makeTree(db);
    const res = await app.inject({
      method: 'POST', url: '/api/v1/units', headers: { 'accept-language': 'en' },
      payload: { code: 'X-1', name: 'Chi bộ 1', typeCode: 'grassroots_cell', parentId: tree.cellA.id, validFrom: '2020-01-01' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'unit_child_type_not_allowed' });
    expect(res.json().detail).toContain('Chi bộ cơ sở');
  });

  it('moves a subtree and keeps the old tree for earlier dates', async () => {
    const tree = await makeTree(db);
    await makeMember(db, tree.cellA.id);
    const before = await app.inject({ url: `/api/v1/units/${tree.bloc.id}/stats?asOf=2024-01-01` });
    expect(before.json().total).toBe(1);
    const moved = await app.inject({
      method: 'POST', url: `/api/v1/units/${tree.cellA.id}/move`,
      payload: { parentId: tree.commune.id, effectiveOn: '2025-08-01' },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().moved).toEqual({ units: 1, spans: 1 });
    const blocThen = await app.inject({ url: `/api/v1/units/${tree.bloc.id}/stats?asOf=2024-01-01` });
    const blocNow = await app.inject({ url: `/api/v1/units/${tree.bloc.id}/stats` });
    const communeNow = await app.inject({ url: `/api/v1/units/${tree.commune.id}/stats` });
    expect(blocThen.json().total).toBe(1);
    expect(blocNow.json().total).toBe(0);
    expect(communeNow.json().total).toBe(1);
  });

  it('refuses to close a unit with active members and says how many', async () => {
    const tree = await makeTree(db);
    await makeMember(db, tree.cellB.id);
    await makeMember(db, tree.cellB.id, { fullName: 'Trần Thị Bình', gender: 'female' });
    const res = await app.inject({
      method: 'POST', url: `/api/v1/units/${tree.cellB.id}/close`, headers: { 'accept-language': 'vi' },
      payload: { effectiveOn: '2026-01-01' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toContain('còn 2 đảng viên');
  });
});

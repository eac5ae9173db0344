import { describe, expect, it } from 'vitest';
import { makeUserWithToken, useTestApp } from '../../../../test/app.ts';
import { makeMember, makeTree } from '../../../../test/factories.ts';

const { db, app } = useTestApp();

const bearer = (token: string) => ({ authorization: `Bearer ${token}`, 'accept-language': 'en' });

async function setting() {
  const tree = await makeTree(db);
  const other = await makeTree(db);
  const member = await makeMember(db, tree.cellA.id, { phone: '0912 000 111' });
  const self = await makeUserWithToken(db, { roleCode: 'member', unitId: tree.cellA.id, includeSubtree: false });
  await db.pool.query('UPDATE users SET member_id = $2 WHERE id = $1', [self.userId, member.id]);
  const secretary = await makeUserWithToken(db, { roleCode: 'cell_secretary', unitId: tree.cellA.id, includeSubtree: false });
  const stranger = await makeUserWithToken(db, { roleCode: 'cell_secretary', unitId: other.cellA.id, includeSubtree: false });
  const observer = await makeUserWithToken(db, { roleCode: 'observer', unitId: tree.province.id });
  return { tree, member, self, secretary, stranger, observer };
}

describe('member self-service', () => {
  it('shows a member their own record in full, and nobody else’s', async () => {
    const s = await setting();
    const own = await app.inject({ url: '/api/v1/me/member', headers: bearer(s.self.token) });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ id: s.member.id, phone: '0912 000 111', maskedFields: [] });
    const list = await app.inject({ url: '/api/v1/members', headers: bearer(s.self.token) });
    expect(list.statusCode).toBe(403);
  });

  it('lets a member ask for a correction that the cell secretary approves', async () => {
    const s = await setting();
    const asked = await app.inject({
      method: 'POST', url: '/api/v1/me/change-requests', headers: bearer(s.self.token),
      payload: { changes: { phone: '0988 777 666' }, note: 'Số mới' },
    });
    expect(asked.statusCode).toBe(201);
    const id = asked.json().id as number;
    const unchanged = await app.inject({ url: `/api/v1/members/${s.member.id}` });
    expect(unchanged.json().phone).toBe('0912 000 111');

    const pending = await app.inject({ url: '/api/v1/change-requests', headers: bearer(s.secretary.token) });
    expect(pending.json().map((r: { id: number }) => r.id)).toContain(id);
    expect((await app.inject({ url: '/api/v1/change-requests', headers: bearer(s.stranger.token) })).json()).toEqual([]);

    const denied = await app.inject({ method: 'POST', url: `/api/v1/change-requests/${id}/approve`, headers: bearer(s.observer.token), payload: {} });
    expect(denied.statusCode).toBe(403);
    const foreign = await app.inject({ method: 'POST', url: `/api/v1/change-requests/${id}/approve`, headers: bearer(s.stranger.token), payload: {} });
    expect(foreign.statusCode).toBe(404);

    const approved = await app.inject({ method: 'POST', url: `/api/v1/change-requests/${id}/approve`, headers: bearer(s.secretary.token), payload: { note: 'Đã kiểm tra' } });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decisionNote: 'Đã kiểm tra' });
    expect((await app.inject({ url: `/api/v1/members/${s.member.id}` })).json().phone).toBe('0988 777 666');
    const again = await app.inject({ method: 'POST', url: `/api/v1/change-requests/${id}/reject`, headers: bearer(s.secretary.token), payload: {} });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('change_request_decided');
  });

  it('refuses an empty or invalid correction', async () => {
    const s = await setting();
    const empty = await app.inject({ method: 'POST', url: '/api/v1/me/change-requests', headers: bearer(s.self.token), payload: { changes: {} } });
    expect(empty.statusCode).toBe(400);
    const bad = await app.inject({ method: 'POST', url: '/api/v1/me/change-requests', headers: bearer(s.self.token), payload: { changes: { citizenId: '123' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('changes.citizenId');
  });
});

import { describe, expect, it } from 'vitest';
import { makeUserWithToken, useTestApp } from '../../../../test/app.ts';
import { expectProblem } from '../../../../test/expect-problem.ts';
import { makeMember, makeTree } from '../../../../test/factories.ts';
import { AUDIT_ACTION_LIST, AUDIT_ACTIONS_BY_TARGET } from '../../../shared/audit-actions.ts';
import { translate } from '../../../shared/i18n/translate.ts';

/** The audit trail over HTTP, filtered by action on its own and together with the record it is about. */

const { db, app } = useTestApp();

type Row = { action: string; targetType: string; targetId: string | null };

async function trail(query: string, authorization?: string): Promise<Row[]> {
  const res = await app.inject({ url: `/api/v1/audit?limit=200&${query}`, headers: authorization ? { authorization } : {} });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Row[];
}

/** Two members of cell A and one of cell B, each created, edited and one of them transferred; cell A renamed. */
async function history() {
  const tree = await makeTree(db);
  const [a1, a2, b1] = [
    await makeMember(db, tree.cellA.id, { fullName: 'Trần Thị Bình' }),
    await makeMember(db, tree.cellA.id, { fullName: 'Lê Văn Cường' }),
    await makeMember(db, tree.cellB.id, { fullName: 'Phạm Văn Dũng' }),
  ];
  for (const [m, occupation] of [[a1, 'Giáo viên'], [a1, 'Kỹ sư'], [a2, 'Bác sĩ'], [b1, 'Nông dân']] as const) {
    const res = await app.inject({ method: 'PATCH', url: `/api/v1/members/${m.id}`, payload: { occupation } });
    expect(res.statusCode, res.body).toBe(200);
  }
  const moved = await app.inject({
    method: 'POST', url: `/api/v1/members/${a2.id}/events`,
    payload: { kind: 'transferred', toUnitId: tree.cellB.id, effectiveOn: '2024-05-02' },
  });
  expect(moved.statusCode, moved.body).toBe(201);
  const renamed = await app.inject({
    method: 'POST', url: `/api/v1/units/${tree.cellA.id}/rename`, payload: { name: 'Chi bộ Sở Tư pháp và Nội vụ', effectiveOn: '2024-06-01' },
  });
  expect(renamed.statusCode, renamed.body).toBe(200);
  return { tree, a1, a2, b1 };
}

describe('GET /audit?action=', () => {
  it('keeps only the rows of the given action, for one record and across records', async () => {
    const { tree, a1, a2, b1 } = await history();

    // One member: both edits, newest first, and neither the creation nor other members' edits.
    const edits = await trail(`targetType=member&targetId=${a1.id}&action=member.update`);
    expect(edits.map((r) => [r.action, r.targetId])).toEqual([['member.update', String(a1.id)], ['member.update', String(a1.id)]]);
    expect((await trail(`targetType=member&targetId=${a1.id}`)).map((r) => r.action)).toEqual(['member.update', 'member.update', 'member.create']);

    // Several actions at once.
    expect((await trail(`targetType=member&targetId=${a2.id}&action=member.transferred,member.update`)).map((r) => r.action))
      .toEqual(['member.transferred', 'member.update']);
    // An action the record never had: nothing, not everything.
    expect(await trail(`targetType=member&targetId=${a1.id}&action=member.transferred`)).toEqual([]);
    // A member's action asked of a unit's trail finds nothing either: the target still applies.
    expect(await trail(`targetType=unit&targetId=${tree.cellA.id}&action=member.update`)).toEqual([]);
    expect((await trail(`targetType=unit&targetId=${tree.cellA.id}&action=unit.rename`)).map((r) => r.action)).toEqual(['unit.rename']);

    // Without a target: every edit of the three members, and only edits.
    const everywhere = await trail('action=member.update');
    expect(everywhere.every((r) => r.action === 'member.update')).toBe(true);
    for (const m of [a1, a2, b1]) expect(everywhere.some((r) => r.targetId === String(m.id))).toBe(true);
  });

  it('filters within the caller’s reach only', async () => {
    const { tree, a1, b1 } = await history();
    const commission = await makeUserWithToken(db, { roleCode: 'inspection_commission', unitId: tree.cellB.id });
    const rows = await trail('action=member.update', `Bearer ${commission.token}`);
    expect(rows.every((r) => r.action === 'member.update')).toBe(true);
    expect(rows.some((r) => r.targetId === String(b1.id))).toBe(true);
    expect(rows.some((r) => r.targetId === String(a1.id))).toBe(false);
  });

  it('refuses anything but action codes with a 400 that names the field, in the reader’s language', async () => {
    const bad = ['member', 'Member.Update', 'member.update,', 'member.update, unit.rename', 'member.update;drop', '.update', 'a.b,,c.d', '', 'x'.repeat(401)];
    for (const value of bad) {
      const res = await app.inject({ url: `/api/v1/audit?action=${encodeURIComponent(value)}`, headers: { 'accept-language': 'en' } });
      const body = expectProblem(res, 400, 'validation_failed');
      expect(body.errors?.map((e) => e.path), value).toContain('action');
      expect(body.errors?.find((e) => e.path === 'action')?.message, value).toContain('“Action”');
    }
    const vi = expectProblem(await app.inject({ url: '/api/v1/audit?action=member', headers: { 'accept-language': 'vi' } }), 400, 'validation_failed');
    expect(vi.errors).toEqual([{
      path: 'action', code: 'action_codes', message: translate('vi', 'rules.action_codes', { field: translate('vi', 'fields.action') }),
    }]);
    // The list is one parameter; repeating it is refused rather than half applied.
    const repeated = await app.inject({ url: '/api/v1/audit?action=member.update&action=member.create' });
    expect(expectProblem(repeated, 400, 'validation_failed').errors?.map((e) => e.path)).toEqual(['action']);
  });

  it('accepts every action the web app offers', () => {
    for (const codes of Object.values(AUDIT_ACTIONS_BY_TARGET)) expect(codes.join(',')).toMatch(AUDIT_ACTION_LIST);
  });
});

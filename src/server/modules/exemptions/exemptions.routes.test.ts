import { describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { expectProblem } from '../../../../test/expect-problem.ts';
import { makeUserWithToken, useTestApp } from '../../../../test/app.ts';
import { makeMember, makeTree } from '../../../../test/factories.ts';

/**
 * Exemption from work and meetings over HTTP: granted by the cell's resolution from a date,
 * listed for a unit on a date, ended later; overlapping, inactive and out-of-reach cases refused.
 */

const { db, app } = useTestApp();

const post = (url: string, payload: unknown, lang = 'vi', headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, headers: { 'accept-language': lang, ...headers }, payload: payload as InjectOptions['payload'] });

const exemptOn = async (unitId: number, asOf: string, headers: Record<string, string> = {}) => {
  const res = await app.inject({ url: `/api/v1/units/${unitId}/exemptions?asOf=${asOf}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { memberId: number; reason: string }[]).map((i) => [i.memberId, i.reason]);
};

describe('exemption from work and meetings', () => {
  it('is granted from a date, listed for the unit on the days it covers, and ended later', async () => {
    const tree = await makeTree(db);
    const member = await makeMember(db, tree.cellA.id, { birthDate: '1958-05-05' });
    const start = await post(`/api/v1/members/${member.id}/exemptions`, { reason: 'age', resolutionNo: '12-NQ/CB', validFrom: '2024-03-01' });
    expect(start.statusCode, start.body).toBe(201);
    const exemption = start.json() as { id: number; validTo: string | null };
    expect(exemption).toMatchObject({ reason: 'age', validFrom: '2024-03-01', validTo: null, unitId: tree.cellA.id });

    expect(await exemptOn(tree.bloc.id, '2024-02-29')).toEqual([]);
    expect(await exemptOn(tree.bloc.id, '2024-03-01')).toEqual([[member.id, 'age']]);

    const end = await post(`/api/v1/members/${member.id}/exemptions/${exemption.id}/end`, { validTo: '2025-01-01', resolutionNo: '3-NQ/CB' });
    expect(end.statusCode, end.body).toBe(200);
    expect(end.json()).toMatchObject({ validTo: '2025-01-01', endedByResolution: '3-NQ/CB' });
    expect(await exemptOn(tree.bloc.id, '2024-12-31')).toEqual([[member.id, 'age']]);
    expect(await exemptOn(tree.bloc.id, '2025-01-01')).toEqual([]);

    const list = await app.inject({ url: `/api/v1/members/${member.id}/exemptions` });
    expect(list.json()).toHaveLength(1);
    const { rows } = await db.pool.query(`SELECT action FROM audit_log WHERE target_id = $1 AND action LIKE 'member.exemption%' ORDER BY id`, [String(member.id)]);
    expect(rows.map((r: { action: string }) => r.action)).toEqual(['member.exemption_start', 'member.exemption_end']);

    // A new exemption may follow the ended one, not overlap it.
    const overlap = expectProblem(await post(`/api/v1/members/${member.id}/exemptions`, { reason: 'health', resolutionNo: '4', validFrom: '2024-06-01' }), 409, 'exemption_overlaps');
    expect(overlap.detail).toContain('01/03/2024');
    expect((await post(`/api/v1/members/${member.id}/exemptions`, { reason: 'health', resolutionNo: '5', validFrom: '2025-02-01' })).statusCode).toBe(201);
  });

  it('refuses what does not fit, naming the field or the reason, and writes nothing', async () => {
    const tree = await makeTree(db);
    const member = await makeMember(db, tree.cellA.id);
    const url = `/api/v1/members/${member.id}/exemptions`;
    const before = await db.pool.query('SELECT count(*)::int AS n FROM member_exemptions');
    const bad = expectProblem(await post(url, { reason: 'bored', resolutionNo: '', validFrom: '2024-01-01' }), 400, 'validation_failed');
    expect(bad.errors?.map((e) => e.path).sort()).toEqual(['reason', 'resolutionNo']);
    const backwards = expectProblem(await post(url, { reason: 'age', resolutionNo: '1', validFrom: '2024-01-01', validTo: '2023-01-01' }), 400, 'validation_failed');
    expect(backwards.errors?.map((e) => [e.path, e.code])).toEqual([['validTo', 'date_after']]);
    expectProblem(await post(url, { reason: 'age', resolutionNo: '1', validFrom: '2010-01-01' }), 409, 'member_not_active');
    expectProblem(await post(url, { reason: 'age', resolutionNo: '1', validFrom: '2099-01-01' }), 400, 'validation_failed');
    expect((await db.pool.query('SELECT count(*)::int AS n FROM member_exemptions')).rows).toEqual(before.rows);

    const ok = (await post(url, { reason: 'health', resolutionNo: '1', validFrom: '2024-01-01' })).json() as { id: number };
    const early = expectProblem(await post(`${url}/${ok.id}/end`, { validTo: '2023-12-01' }), 400, 'validation_failed');
    expect(early.errors?.map((e) => e.path)).toEqual(['validTo']);
    expect((await post(`${url}/${ok.id}/end`, { validTo: '2024-06-01' })).statusCode).toBe(200);
    expectProblem(await post(`${url}/${ok.id}/end`, { validTo: '2024-07-01' }), 409, 'exemption_already_ended');
    expectProblem(await post(`${url}/999999/end`, { validTo: '2024-07-01' }), 404, 'not_found');
  });

  it('is limited to the caller’s reach', async () => {
    const tree = await makeTree(db);
    const other = await makeTree(db);
    const outside = await makeMember(db, other.cellA.id);
    const user = await makeUserWithToken(db, { roleCode: 'cell_secretary', unitId: tree.cellA.id });
    const auth = { authorization: `Bearer ${user.token}` };
    expectProblem(await post(`/api/v1/members/${outside.id}/exemptions`, { reason: 'age', resolutionNo: '1', validFrom: '2024-01-01' }, 'vi', auth), 404, 'not_found');
    expectProblem(await app.inject({ url: `/api/v1/units/${other.cellA.id}/exemptions`, headers: auth }), 404, 'not_found');
    expectProblem(await app.inject({ url: `/api/v1/members/${outside.id}/exemptions`, headers: auth }), 404, 'not_found');
  });
});

import { describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { expectProblem } from '../../../../test/expect-problem.ts';
import { makeUserWithToken, useTestApp } from '../../../../test/app.ts';
import { makeMember, makeTree } from '../../../../test/factories.ts';

/**
 * Party badges over HTTP: who is due one on an award day (with the early-award window), the
 * award and every refusal (not an award day, an unknown milestone, not reached, too early,
 * awarded already, not a member then), scope, and the count in a unit's movements.
 */

const { db, app } = useTestApp();

const award = (memberId: number, payload: unknown, lang = 'vi', headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST', url: `/api/v1/members/${memberId}/badges`, headers: { 'accept-language': lang, ...headers },
    payload: payload as InjectOptions['payload'],
  });

type Eligible = { items: { memberId: number; years: number; reachedOn: string; early: boolean }[]; truncated: boolean };
const eligible = async (unitId: number, query: string, headers: Record<string, string> = {}): Promise<Eligible> => {
  const res = await app.inject({ url: `/api/v1/units/${unitId}/badges/eligible?${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('party badges', () => {
  it('lists who is due a badge on an award day, the early ones marked, and records the award', async () => {
    const tree = await makeTree(db, '1950-01-01');
    // Thirty years of party age on 1995-01-10 + 30 y = 2025-01-10: due on 2025-02-03.
    const thirty = await makeMember(db, tree.cellA.id, { birthDate: '1970-01-01', admissionDecisionDate: '1995-01-10', ceremonyDate: '1995-01-20', officialDate: '1996-01-20' });
    // Forty years on 2025-08-01: on 2025-02-03 only early (up to 12 months for 40 years); thirty long past.
    const forty = await makeMember(db, tree.cellA.id, { birthDate: '1960-01-01', admissionDecisionDate: '1985-08-01', ceremonyDate: '1985-08-10', officialDate: '1986-08-10' });
    // Seventy years on 2026-05-01: early by up to 24 months, so on 2025-02-03 already a candidate.
    const seventy = await makeMember(db, tree.cellB.id, { birthDate: '1935-01-01', admissionDecisionDate: '1956-05-01', ceremonyDate: '1956-05-10', officialDate: '1957-05-10' });
    // Twenty years: no milestone yet.
    await makeMember(db, tree.cellB.id, { admissionDecisionDate: '2005-01-01', ceremonyDate: '2005-01-10', officialDate: '2006-01-10' });

    const list = await eligible(tree.province.id, 'awardDate=2025-02-03');
    expect(list.items.map((i) => [i.memberId, i.years, i.reachedOn, i.early])).toEqual([
      [thirty.id, 30, '2025-01-10', false],
      [forty.id, 40, '2025-08-01', true],
      [seventy.id, 70, '2026-05-01', true],
    ]);
    const regular = await eligible(tree.province.id, 'awardDate=2025-02-03&early=false');
    expect(regular.items.map((i) => i.memberId), JSON.stringify(regular)).toEqual([thirty.id]);

    const res = await award(thirty.id, { years: 30, awardedOn: '2025-02-03', decisionNo: '125-QĐ/TU' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ memberId: thirty.id, years: 30, awardedOn: '2025-02-03', unitId: tree.cellA.id, early: false, earlyReason: null });
    const early = await award(seventy.id, { years: 70, awardedOn: '2025-02-03', decisionNo: '126-QĐ/TU', earlyReason: 'Bệnh nặng' });
    expect(early.statusCode, early.body).toBe(201);
    expect(early.json()).toMatchObject({ early: true, earlyReason: 'Bệnh nặng' });

    const after = await eligible(tree.province.id, 'awardDate=2025-02-03');
    expect(after.items.map((i) => i.memberId), JSON.stringify(after.items)).toEqual([forty.id]);
    const badges = await app.inject({ url: `/api/v1/members/${thirty.id}/badges` });
    expect(badges.json()).toHaveLength(1);
    const audit = await db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'member.badge_awarded' AND target_id = $1`, [String(thirty.id)]);
    expect(audit.rows[0]).toEqual({ n: 1 });

    // Counted in the movements of the period, where the member was on the award day.
    const m = await app.inject({ url: `/api/v1/units/${tree.bloc.id}/movements?from=2025-01-01&to=2025-12-31` });
    expect(m.json()).toMatchObject({ badgesAwarded: 2 });
    const cellA = await app.inject({ url: `/api/v1/units/${tree.cellA.id}/movements?from=2025-01-01&to=2025-12-31` });
    expect(cellA.json()).toMatchObject({ badgesAwarded: 1 });
  });

  it('refuses what the rules do not allow, saying why in the reader’s language, and writes nothing', async () => {
    const tree = await makeTree(db, '1950-01-01');
    const member = await makeMember(db, tree.cellA.id, { birthDate: '1960-01-01', admissionDecisionDate: '1985-08-01', ceremonyDate: '1985-08-10', officialDate: '1986-08-10' });
    const before = await db.pool.query('SELECT count(*)::int AS n FROM party_badges');

    const day = expectProblem(await award(member.id, { years: 40, awardedOn: '2025-03-01', decisionNo: '1' }), 400, 'validation_failed');
    expect(day.errors?.map((e) => [e.path, e.code])).toEqual([['awardedOn', 'badge_award_day']]);
    expect(day.errors?.[0]?.message).toContain('03/02/2025, 19/05/2025, 02/09/2025, 07/11/2025');
    const years = expectProblem(await award(member.id, { years: 35, awardedOn: '2025-02-03', decisionNo: '1' }, 'en'), 400, 'validation_failed');
    expect(years.errors?.map((e) => [e.path, e.code])).toEqual([['years', 'badge_years']]);
    expect(years.errors?.[0]?.message).toContain('30, 40, 45');
    const arabic = expectProblem(await award(member.id, { years: 35, awardedOn: '2025-02-03', decisionNo: '1' }, 'ar'), 400, 'validation_failed');
    expect(arabic.errors?.[0]?.message).toContain('٣٠، ٤٠');

    const notReached = expectProblem(await award(member.id, { years: 40, awardedOn: '2025-02-03', decisionNo: '1' }), 409, 'badge_not_reached');
    expect(notReached.detail).toContain('01/08/2025');
    // Forty years allow 12 months early: 2024-09-02 is 11 months before, 2024-05-19 is 14.
    const tooEarly = expectProblem(await award(member.id, { years: 40, awardedOn: '2024-05-19', decisionNo: '1', earlyReason: 'Bệnh nặng' }), 409, 'badge_too_early');
    expect(tooEarly.detail).toContain('01/08/2024');
    expectProblem(await award(member.id, { years: 30, awardedOn: '1984-02-03', decisionNo: '1' }), 409, 'member_not_active');
    expectProblem(await award(member.id, { years: 40, awardedOn: '2099-02-03', decisionNo: '1' }), 400, 'validation_failed');
    expect((await db.pool.query('SELECT count(*)::int AS n FROM party_badges')).rows).toEqual(before.rows);

    expect((await award(member.id, { years: 40, awardedOn: '2024-09-02', decisionNo: '9', earlyReason: 'Bệnh nặng' })).statusCode).toBe(201);
    const again = expectProblem(await award(member.id, { years: 30, awardedOn: '2025-02-03', decisionNo: '10' }), 409, 'badge_already_awarded');
    expect(again.detail).toContain('02/09/2024');
  });

  it('is limited to the caller’s reach', async () => {
    const tree = await makeTree(db, '1950-01-01');
    const other = await makeTree(db, '1950-01-01');
    const outside = await makeMember(db, other.cellA.id, { birthDate: '1970-01-01', admissionDecisionDate: '1995-01-10', ceremonyDate: '1995-01-20', officialDate: '1996-01-20' });
    const user = await makeUserWithToken(db, { roleCode: 'cell_secretary', unitId: tree.cellA.id });
    const auth = { authorization: `Bearer ${user.token}` };
    expectProblem(await award(outside.id, { years: 30, awardedOn: '2025-02-03', decisionNo: '1' }, 'vi', auth), 404, 'not_found');
    expectProblem(await app.inject({ url: `/api/v1/units/${other.province.id}/badges/eligible?awardDate=2025-02-03`, headers: auth }), 404, 'not_found');
    expect((await eligible(tree.cellA.id, 'awardDate=2025-02-03', auth)).items).toEqual([]);
    const bad = expectProblem(await app.inject({ url: `/api/v1/units/${tree.cellA.id}/badges/eligible?awardDate=2025-02-04`, headers: auth }), 400, 'validation_failed');
    expect(bad.errors?.map((e) => e.path)).toEqual(['awardDate']);
  });
});

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openTestDatabase } from '../../../../test/db.ts';
import { testApp } from '../../../../test/app.ts';
import { today } from '../rows.ts';
import { addDays, addMonths, monthsBetween } from '../../../shared/dates.ts';
import { foldForSearch } from '../../../shared/text/names.ts';
import { arrayLiteral } from './bulk-insert.ts';
import { addMonthsTo, monthsFrom, toDay, toIso } from './days.ts';
import { generateDemoProvince, isEmpty, seedDemoProvince, type SeedSummary } from './demo-province.ts';
import { Random } from './random.ts';
import { compareKeptCounts, compareKeptEventCounts, keptRollupsOffTheirParts } from '../../modules/statistics/statistics.repository.ts';

const MEMBERS = 1_500;
const SEED = 7;
const REFORM = '2025-07-01';

let db: Awaited<ReturnType<typeof openTestDatabase>>;
let app: FastifyInstance;
let summary: SeedSummary;

beforeAll(async () => {
  db = await openTestDatabase();
  expect(await isEmpty(db)).toBe(true);
  summary = await seedDemoProvince({ db, members: MEMBERS, seed: SEED });
  app = await testApp(db);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

async function rows<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await db.pool.query(text, params)).rows as T[];
}

async function unitByName(name: string): Promise<number> {
  const [row] = await rows<{ id: number }>(
    `SELECT DISTINCT u.id FROM units u JOIN unit_versions v ON v.unit_id = u.id WHERE v.name = $1 AND u.code LIKE 'QN%'`, [name]);
  if (!row) throw new Error(`no unit ${name}`);
  return row.id;
}

/**
 * What the services guarantee, each as a query for the rows that break it: every query must
 * come back empty. (The first five offending rows are shown when one does not.)
 */
const INVARIANTS: Record<string, string> = {
  'every member has membership from the admission decision date, spans contiguous': `
    SELECT m.id, s.valid_from, s.prev_to FROM members m
    LEFT JOIN LATERAL (
      SELECT valid_from, lag(valid_to) OVER w AS prev_to, row_number() OVER w AS n
      FROM membership_spans WHERE member_id = m.id WINDOW w AS (ORDER BY valid_from)) s ON true
    WHERE s.n IS NULL OR (s.n = 1 AND s.valid_from <> m.admission_decision_date) OR (s.n > 1 AND s.valid_from <> s.prev_to)`,
  'at most one open span per member': `
    SELECT member_id FROM membership_spans WHERE valid_to = 'infinity' GROUP BY member_id HAVING count(*) > 1`,
  'membership ends only by an exit (death, deletion, expulsion, removal), which closes the last span': `
    SELECT s.member_id, s.valid_to FROM membership_spans s
    WHERE s.valid_to <> 'infinity'
      AND NOT EXISTS (SELECT 1 FROM membership_spans n WHERE n.member_id = s.member_id AND n.valid_from = s.valid_to)
      AND NOT EXISTS (SELECT 1 FROM member_events e WHERE e.id = s.closed_by AND e.kind IN ('died', 'deleted', 'expelled', 'probation_removed')
                      AND e.effective_on = s.valid_to)
    UNION ALL
    SELECT e.member_id, e.effective_on FROM member_events e
    WHERE e.kind IN ('died', 'deleted', 'expelled', 'probation_removed')
      AND EXISTS (SELECT 1 FROM membership_spans s WHERE s.member_id = e.member_id AND s.valid_to > e.effective_on)`,
  'a span lies within its unit’s life and carries its path on every day': `
    SELECT s.id, s.unit_path FROM membership_spans s JOIN units u ON u.id = s.unit_id
    WHERE s.valid_from < u.valid_from OR s.valid_to > u.valid_to
       OR EXISTS (SELECT 1 FROM unit_versions v WHERE v.unit_id = s.unit_id AND v.valid_from < s.valid_to
                  AND v.valid_to > s.valid_from AND v.path <> s.unit_path)`,
  'members are only in cells': `
    SELECT s.id FROM membership_spans s JOIN units u ON u.id = s.unit_id JOIN unit_types t ON t.code = u.type_code
    WHERE NOT t.holds_members`,
  'spans are opened and closed by this member’s events on their dates, in the unit concerned': `
    SELECT s.id, s.reason FROM membership_spans s
    LEFT JOIN member_events o ON o.id = s.opened_by
    LEFT JOIN member_events c ON c.id = s.closed_by
    WHERE (s.reason = 'restructured') <> (s.opened_by IS NULL)
       OR (o.id IS NOT NULL AND (o.member_id <> s.member_id OR o.effective_on <> s.valid_from OR o.kind <> s.reason
                                 OR o.unit_id <> s.unit_id))
       OR (c.id IS NOT NULL AND (c.member_id <> s.member_id OR c.effective_on <> s.valid_to))
       OR (s.closed_by IS NULL AND s.valid_to <> 'infinity' AND NOT EXISTS (
             SELECT 1 FROM membership_spans n WHERE n.member_id = s.member_id AND n.valid_from = s.valid_to
             AND n.reason = 'restructured'))`,
  'a restructure continues the status: in the same unit under a new path on a day it changed place, or in its successor': `
    SELECT n.id FROM membership_spans n
    JOIN membership_spans p ON p.member_id = n.member_id AND p.valid_to = n.valid_from
    WHERE n.reason = 'restructured'
      AND (p.status <> n.status OR p.closed_by IS NOT NULL
           OR (p.unit_id = n.unit_id AND (p.unit_path = n.unit_path
               OR NOT EXISTS (SELECT 1 FROM unit_versions v WHERE v.unit_id = n.unit_id AND v.valid_from = n.valid_from)))
           OR (p.unit_id <> n.unit_id AND NOT EXISTS (
               SELECT 1 FROM unit_successors s WHERE s.predecessor_id = p.unit_id AND s.effective_on = n.valid_from
                 AND (s.successor_id = n.unit_id OR EXISTS (SELECT 1 FROM unit_successors s2
                      WHERE s2.predecessor_id = s.successor_id AND s2.successor_id = n.unit_id AND s2.effective_on = n.valid_from)))))`,
  'every event but an exit opens one span; every event but an admission closes one': `
    SELECT e.id, e.kind FROM member_events e
    LEFT JOIN (SELECT opened_by AS id, count(*) AS n FROM membership_spans GROUP BY opened_by) o ON o.id = e.id
    LEFT JOIN (SELECT closed_by AS id, count(*) AS n FROM membership_spans GROUP BY closed_by) c ON c.id = e.id
    WHERE (e.kind NOT IN ('died', 'deleted', 'expelled', 'probation_removed') AND coalesce(o.n, 0) <> 1)
       OR (e.kind <> 'admitted' AND coalesce(c.n, 0) <> 1)`,
  'events name their unit: the target of a transfer, the cell left in its details': `
    SELECT e.id, e.kind FROM member_events e JOIN membership_spans c ON c.closed_by = e.id
    WHERE (e.kind IN ('died', 'deleted', 'expelled') AND c.unit_id <> e.unit_id)
       OR (e.kind = 'probation_removed' AND (c.unit_id <> e.unit_id OR c.status <> 'probationary'))
       OR (e.kind = 'deleted' AND c.status <> 'official')
       OR (e.kind = 'recognized_official' AND (c.unit_id <> e.unit_id OR c.status <> 'probationary'))
       OR (e.kind = 'transferred' AND ((e.details->>'fromUnitId')::bigint <> c.unit_id OR e.unit_id = c.unit_id))`,
  'events are filed under their unit’s path on their day': `
    SELECT e.id FROM member_events e
    LEFT JOIN unit_versions v ON v.unit_id = e.unit_id AND v.valid_from <= e.effective_on AND v.valid_to > e.effective_on
    WHERE e.unit_id IS NOT NULL AND e.unit_path IS DISTINCT FROM v.path`,
  'one lifecycle event per member and day, none in the future, one admission on the decision date': `
    SELECT member_id::text AS id FROM member_events GROUP BY member_id, effective_on HAVING count(*) > 1
    UNION ALL SELECT member_id::text FROM member_events WHERE effective_on > $1::date
    UNION ALL SELECT m.id::text FROM members m WHERE (SELECT count(*) FROM member_events e
      WHERE e.member_id = m.id AND e.kind = 'admitted' AND e.effective_on = m.admission_decision_date) <> 1`,
  'transfers come after the oath': `
    SELECT e.id FROM member_events e JOIN members m ON m.id = e.member_id
    WHERE e.kind = 'transferred' AND (m.ceremony_date IS NULL OR e.effective_on <= m.ceremony_date)`,
  'admission age between 18 and 60 (in months)': `
    SELECT id, birth_date, admission_decision_date FROM members
    WHERE extract(year FROM age(admission_decision_date, birth_date)) * 12
          + extract(month FROM age(admission_decision_date, birth_date)) NOT BETWEEN 216 AND 720`,
  'official 12 months after the oath, matching its event; cards only for official members': `
    SELECT m.id FROM members m
    LEFT JOIN member_events e ON e.member_id = m.id AND e.kind = 'recognized_official'
    WHERE m.official_date IS DISTINCT FROM e.effective_on
       OR (m.official_date IS NOT NULL AND (m.ceremony_date IS NULL OR m.official_date < m.ceremony_date + interval '12 months'))
       OR ((m.card_number IS NULL) <> (m.official_date IS NULL))
       OR m.ceremony_date <= m.admission_decision_date
       OR e.details->>'cardNumber' IS DISTINCT FROM m.card_number`,
  'status follows the official date': `
    SELECT s.id FROM membership_spans s JOIN members m ON m.id = s.member_id
    WHERE (s.status = 'official' AND (m.official_date IS NULL OR s.valid_from < m.official_date))
       OR (s.status = 'probationary' AND m.official_date IS NOT NULL AND s.valid_to > m.official_date)`,
  'unit versions are contiguous over the unit’s life': `
    SELECT u.code FROM units u
    LEFT JOIN LATERAL (
      SELECT valid_from, valid_to, lag(valid_to) OVER w AS prev_to, row_number() OVER w AS n, count(*) OVER () AS total
      FROM unit_versions WHERE unit_id = u.id WINDOW w AS (ORDER BY valid_from)) v ON true
    WHERE v.n IS NULL OR (v.n = 1 AND v.valid_from <> u.valid_from) OR (v.n > 1 AND v.valid_from <> v.prev_to)
       OR (v.n = v.total AND v.valid_to <> u.valid_to)`,
  'a unit’s parent is open and of an allowing type whenever the unit is; paths and depths agree': `
    SELECT u.code, v.valid_from FROM unit_versions v
    JOIN units u ON u.id = v.unit_id
    JOIN unit_types t ON t.code = u.type_code
    LEFT JOIN units pu ON pu.id = v.parent_id
    LEFT JOIN unit_types pt ON pt.code = pu.type_code
    LEFT JOIN unit_versions p ON p.unit_id = v.parent_id AND p.valid_from <= v.valid_from AND p.valid_to >= v.valid_to
    WHERE (v.parent_id IS NULL AND v.path <> v.unit_id || '.')
       OR (v.parent_id IS NOT NULL AND (p.id IS NULL OR v.path <> p.path || v.unit_id || '.'
                                        OR NOT u.type_code = ANY (pt.allowed_child_types)))
       OR v.depth <> cardinality(string_to_array(rtrim(v.path, '.'), '.')) - 1
       OR u.valid_from < t.valid_from OR u.valid_to > t.valid_to`,
  'spans open across the reform in a moved cell were closed and continued that day': `
    SELECT s.id FROM membership_spans s
    WHERE s.valid_from < '${REFORM}' AND s.valid_to > '${REFORM}'
      AND EXISTS (SELECT 1 FROM unit_versions v WHERE v.unit_id = s.unit_id AND v.valid_from = '${REFORM}')`,
  'citizen IDs are 12 digits from Quảng Ninh (022)': `
    SELECT id, citizen_id FROM members WHERE citizen_id !~ '^022[0-9]{9}$'`,
  'development targets are recorded within their year, while the unit existed, never in the future': `
    SELECT t.id, t.year, t.recorded_on FROM development_targets t JOIN units u ON u.id = t.unit_id
    WHERE t.recorded_on < u.valid_from OR t.recorded_on >= u.valid_to OR t.recorded_on > $1::date
       OR extract(year FROM t.recorded_on) <> t.year OR t.target < 1`,
};

describe('demo province', () => {
  it('loads a province of the requested size', async () => {
    expect(summary.members).toBe(MEMBERS);
    const [counts] = await rows<{ units: number; members: number; events: number }>(
      `SELECT (SELECT count(*)::int FROM units) AS units, (SELECT count(*)::int FROM members) AS members,
              (SELECT count(*)::int FROM member_events) AS events`);
    expect(counts).toEqual({ units: summary.units, members: summary.members, events: summary.events });
    // About 28 active members per cell.
    const [cells] = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM units WHERE type_code IN ('subordinate_cell', 'grassroots_cell')`);
    expect(cells?.n).toBeGreaterThan(MEMBERS / 40);
    expect(cells?.n).toBeLessThan(MEMBERS / 15);
  });

  it.each(Object.entries(INVARIANTS))('holds: %s', async (_name, query) => {
    const params = query.includes('$1') ? [today()] : [];
    expect(await rows(`SELECT * FROM (${query}) x LIMIT 5`, params)).toEqual([]);
  });

  it('keeps the member counts of the province and the units right below it equal to a recount', async () => {
    const dates = ['2006-01-01', '2019-12-31', '2020-01-01', '2023-12-31', '2025-06-30', REFORM, today()];
    const { compared, differences } = await compareKeptCounts(db.pool, dates, null);
    expect(differences).toEqual([]);
    expect(compared).toBeGreaterThan(1_000);
    expect(await keptRollupsOffTheirParts(db.pool)).toEqual([]);
    const events = await compareKeptEventCounts(db.pool, null);
    expect(events.differences).toEqual([]);
    expect(events.compared).toBeGreaterThan(5);
  });

  it('abolishes the district level on 1 July 2025 and keeps the old tree for earlier dates', async () => {
    const [province] = await rows<{ id: number }>(`SELECT id FROM units WHERE code = 'QN'`);
    const tree = async (asOf: string) => {
      const res = await app.inject({ url: `/api/v1/units?parent=${province?.id}&asOf=${asOf}&limit=200` });
      expect(res.statusCode).toBe(200);
      return new Set((res.json().items as { typeCode: string }[]).map((u) => u.typeCode));
    };
    expect(await tree('2023-12-31')).toEqual(new Set(['district', 'bloc']));
    expect(await tree(today())).toEqual(new Set(['commune', 'bloc']));
    const closed = await rows(`SELECT code, valid_to FROM units WHERE type_code = 'district' AND valid_to NOT IN ('2020-01-01', '${REFORM}')`);
    expect(closed).toEqual([]);
    const communes = await rows(`SELECT code FROM units WHERE type_code = 'commune' AND valid_from <> '${REFORM}'`);
    expect(communes).toEqual([]);
  });

  it('counts today’s members of the province as its open spans', async () => {
    const [province] = await rows<{ id: number }>(`SELECT id FROM units WHERE code = 'QN'`);
    const [open] = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM membership_spans WHERE valid_to = 'infinity'`);
    const res = await app.inject({ url: `/api/v1/units/${province?.id}/stats` });
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(open?.n);
    // Plausible shares: women 35-40%, probationary 2-4% (wider bounds for a small sample).
    const stats = res.json();
    expect(stats.women / stats.total).toBeGreaterThan(0.28);
    expect(stats.women / stats.total).toBeLessThan(0.47);
    const probationary = stats.byStatus.find((r: { key: string }) => r.key === 'probationary').count / stats.total;
    expect(probationary).toBeGreaterThan(0.01);
    expect(probationary).toBeLessThan(0.07);
    expect(stats.ethnicMinority).toBeGreaterThan(0);
  });

  it('reports a former district for 2023 but not today, and its new commune the other way round', async () => {
    const district = await unitByName('Đảng bộ huyện Bình Liêu');
    const then = await app.inject({ url: `/api/v1/units/${district}/stats?asOf=2023-12-31` });
    expect(then.statusCode).toBe(200);
    expect(then.json().total).toBeGreaterThan(0);
    expect(then.json().unitsByType).toContainEqual(expect.objectContaining({ key: 'grassroots_committee' }));
    // The district no longer exists today: no report for it, and nobody is counted under it.
    const now = await app.inject({ url: `/api/v1/units/${district}/stats` });
    expect(now.statusCode).toBe(404);
    const [below] = await rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM membership_spans WHERE valid_to = 'infinity' AND unit_path LIKE '%.' || $1 || '.%'`, [district]);
    expect(below?.n).toBe(0);

    const commune = await unitByName('Đảng bộ xã Bình Liêu');
    expect((await app.inject({ url: `/api/v1/units/${commune}/stats` })).json().total).toBeGreaterThan(0);
    expect((await app.inject({ url: `/api/v1/units/${commune}/stats?asOf=2023-12-31` })).statusCode).toBe(404);
  });

  it('sets each year’s development targets near the admissions, and revises some during the year', async () => {
    const [province] = await rows<{ id: number }>(`SELECT id FROM units WHERE code = 'QN'`);
    const id = province?.id as number;
    const lastYear = Number(today().slice(0, 4)) - 1;
    const revisions = await rows<{ year: number; n: number }>(
      `SELECT year, count(*)::int AS n FROM development_targets WHERE unit_id = $1 GROUP BY year ORDER BY year`, [id]);
    expect(revisions.map((r) => r.year).filter((y) => y <= lastYear)).toEqual(Array.from({ length: lastYear - 2015 }, (_, i) => 2016 + i));
    // The province revises its target in July of every year.
    expect(revisions.filter((r) => r.year <= lastYear).every((r) => r.n === 2)).toBe(true);
    const [others] = await rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM development_targets WHERE unit_id <> $1 GROUP BY unit_id, year HAVING count(*) > 1) x`, [id]);
    expect(others?.n).toBeGreaterThan(0);

    const stats = await app.inject({ url: `/api/v1/units/${id}/stats?asOf=${lastYear}-12-31` });
    const admittedIn = new Map((stats.json().byYear as { year: number; admitted: number }[]).map((y) => [y.year, y.admitted]));
    const achievements: number[] = [];
    for (let year = lastYear - 4; year <= lastYear; year++) {
      const res = await app.inject({ url: `/api/v1/units/${id}/development?year=${year}` });
      expect(res.statusCode, res.body).toBe(200);
      const { unit, children } = res.json();
      const [latest] = await rows<{ target: number }>(
        `SELECT target FROM development_targets WHERE unit_id = $1 AND year = $2 ORDER BY recorded_on DESC, id DESC LIMIT 1`, [id, year]);
      expect(unit.target).toBe(latest?.target);
      expect(unit.admitted).toBe(admittedIn.get(year));
      expect(unit.achievement).toBeCloseTo(unit.admitted / unit.target, 10);
      expect(unit.achievement).toBeGreaterThan(0.75);
      expect(unit.achievement).toBeLessThan(1.3);
      // Before the July revision, the target first set is the one in force.
      const [first] = await rows<{ target: number }>(
        `SELECT target FROM development_targets WHERE unit_id = $1 AND year = $2 ORDER BY recorded_on, id LIMIT 1`, [id, year]);
      const june = await app.inject({ url: `/api/v1/units/${id}/development?year=${year}&asOf=${year}-06-30` });
      expect(june.json().unit.target).toBe(first?.target);
      achievements.push(...(children as { achievement: number | null }[]).flatMap((c) => (c.achievement === null ? [] : [c.achievement])));
    }
    expect(achievements.some((a) => a > 1)).toBe(true);
    expect(achievements.some((a) => a < 1)).toBe(true);
  });

  it('finds members by name without diacritics', async () => {
    const res = await app.inject({ url: '/api/v1/members?q=nguyen&limit=50' });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { fullName: string }[];
    expect(items.length).toBe(50);
    for (const m of items) expect(foldForSearch(m.fullName)).toContain('nguyen');
    const [share] = await rows<{ s: number }>(`SELECT avg((full_name LIKE 'Nguyễn %')::int)::float AS s FROM members`);
    expect(share?.s).toBeGreaterThan(0.28);
    expect(share?.s).toBeLessThan(0.48);
  });

  it('puts back the indexes and foreign keys it set aside while loading', async () => {
    const [counts] = await rows<{ fks: number; indexes: number }>(
      `SELECT (SELECT count(*)::int FROM pg_constraint WHERE contype = 'f' AND conrelid = 'membership_spans'::regclass) AS fks,
              (SELECT count(*)::int FROM pg_indexes WHERE tablename = 'membership_spans') AS indexes`);
    expect(counts).toEqual({ fks: 4, indexes: 5 });
  });
});

/** What the candidates service guarantees, each as a query for the candidates that break it. */
const CANDIDATE_INVARIANTS: Record<string, string> = {
  'stages come in order, once each, dated never backwards, nothing after an admission or a withdrawal': `
    SELECT candidate_id FROM (
      SELECT candidate_id, stage, since, lag(stage) OVER w AS prev, lag(since) OVER w AS prev_since,
             array_position(ARRAY['outstanding_mass', 'sympathizer', 'course_passed', 'applied', 'admitted'], stage) AS pos,
             lag(array_position(ARRAY['outstanding_mass', 'sympathizer', 'course_passed', 'applied', 'admitted'], stage)) OVER w AS prev_pos
      FROM candidate_stages WINDOW w AS (PARTITION BY candidate_id ORDER BY id)) x
    WHERE prev IN ('admitted', 'withdrawn') OR since < prev_since OR (pos IS NOT NULL AND prev_pos IS NOT NULL AND pos <> prev_pos + 1)
       OR since > $1::date`,
  'every application is made between 18 and 60 years of age, in months': `
    SELECT c.id FROM candidates c JOIN candidate_stages s ON s.candidate_id = c.id AND s.stage = 'applied'
    WHERE extract(year FROM age(s.since, c.birth_date)) * 12 + extract(month FROM age(s.since, c.birth_date)) NOT BETWEEN 216 AND 720`,
  'candidates belong to cells, those in development to cells open today': `
    SELECT c.id FROM candidates c JOIN units u ON u.id = c.unit_id JOIN unit_types t ON t.code = u.type_code
    JOIN LATERAL (SELECT stage FROM candidate_stages WHERE candidate_id = c.id ORDER BY id DESC LIMIT 1) s ON true
    WHERE NOT t.holds_members OR (s.stage NOT IN ('admitted', 'withdrawn') AND u.valid_to <> 'infinity')`,
  'an admitted candidate is the member admitted by that decision in that cell; nobody else links a member': `
    SELECT c.id FROM candidates c
    JOIN LATERAL (SELECT stage, since FROM candidate_stages WHERE candidate_id = c.id ORDER BY id DESC LIMIT 1) s ON true
    LEFT JOIN members m ON m.id = c.member_id
    LEFT JOIN member_events e ON e.member_id = m.id AND e.kind = 'admitted'
    WHERE (s.stage = 'admitted') <> (c.member_id IS NOT NULL)
       OR (s.stage = 'admitted' AND (m.citizen_id <> c.citizen_id OR m.full_name <> c.full_name
                                     OR m.admission_decision_date <> s.since OR e.unit_id <> c.unit_id))`,
  'a person in development is neither a member nor developed twice': `
    SELECT c.id FROM candidates c WHERE c.member_id IS NULL
      AND (EXISTS (SELECT 1 FROM members m WHERE m.citizen_id = c.citizen_id)
           OR EXISTS (SELECT 1 FROM candidates o WHERE o.citizen_id = c.citizen_id AND o.id <> c.id))`,
};

describe('demo candidates', () => {
  it.each(Object.entries(CANDIDATE_INVARIANTS))('holds: %s', async (_name, query) => {
    const params = query.includes('$1') ? [today()] : [];
    expect(await rows(`SELECT * FROM (${query}) x LIMIT 5`, params)).toEqual([]);
  });

  it('develops a few in every hundred members, at every stage, some waiting for years', async () => {
    const [province] = await rows<{ id: number }>(`SELECT id FROM units WHERE code = 'QN'`);
    const res = await app.inject({ url: `/api/v1/units/${province?.id}/pipeline` });
    expect(res.statusCode, res.body).toBe(200);
    const pipeline = res.json() as { inDevelopment: number; stages: { stage: string; count: number; oldestSince: string | null }[] };
    for (const s of pipeline.stages) expect(s.count, s.stage).toBeGreaterThan(0);
    expect(pipeline.inDevelopment).toBeGreaterThan(MEMBERS / 100);
    expect(pipeline.inDevelopment).toBeLessThan(MEMBERS / 40);
    const twoYearsAgo = addMonths(today(), -24);
    const waiting = pipeline.stages.filter((s) => s.stage !== 'admitted' && s.stage !== 'withdrawn' && (s.oldestSince ?? '9') < twoYearsAgo);
    expect(waiting.length).toBeGreaterThan(0);
    // Members admitted in the last months came through the development recorded for them.
    const [recent] = await rows<{ members: number; linked: number }>(
      `SELECT count(*)::int AS members, count(c.id)::int AS linked FROM members m LEFT JOIN candidates c ON c.member_id = m.id
       WHERE m.admission_decision_date >= $1::date - interval '5 months'`, [today()]);
    expect(recent?.members).toBeGreaterThan(0);
    expect(recent?.linked).toBe(recent?.members);
  });
});

describe('demo transfers', () => {
  it('leave every member with an open transfer active in the sending cell, and fill each list', async () => {
    // Letters under way, stays away, and their sender: the member is active where the letter left.
    expect(await rows(
      `SELECT t.id FROM member_transfers t
       LEFT JOIN membership_spans s ON s.member_id = t.member_id AND s.valid_to = 'infinity' AND s.unit_id = t.from_unit_id
       WHERE (t.state IN ('awaiting_forward', 'in_transit') OR (t.state = 'received' AND t.kind = 'temporary')) AND s.id IS NULL`)).toEqual([]);
    const states = await rows<{ state: string; n: number }>('SELECT state, count(*)::int AS n FROM member_transfers GROUP BY state ORDER BY state');
    expect(states.map((r) => r.state)).toEqual(['awaiting_forward', 'cancelled', 'ended', 'in_transit', 'received']);
    // The province's staff see each letter waiting to be forwarded by a unit below them.
    const [province] = await rows<{ id: number }>(`SELECT id FROM units WHERE code = 'QN'`);
    const res = await app.inject({ url: `/api/v1/units/${province?.id}/transfers?direction=forwarding` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.length).toBe(states.find((r) => r.state === 'awaiting_forward')?.n);
  });
});

describe('inspection work', () => {
  type Figures = {
    cases: { total: number; supervision: number; inspection: number; byKind: Record<string, number>; concluded: number; overdue: number };
    covered: { units: number; members: number };
    violations: { units: number; members: number; byCategory: Record<string, number> };
    disciplines: { members: Record<string, number>; units: Record<string, number>; total: number };
    remedies: { due: number; completed: number; completedOnTime: number; overdue: number };
    declarations: { year: number; required: number; submitted: number; verified: number; missing: number };
  };
  const count = <T>(items: T[], key: (t: T) => string) =>
    items.reduce<Record<string, number>>((acc, t) => ({ ...acc, [key(t)]: (acc[key(t)] ?? 0) + 1 }), {});
  const nonZero = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).filter(([, n]) => n > 0));

  it('records a year of inspection work whose figures the API gives as a recount from the raw records', async () => {
    const [province] = await rows<{ id: number; path: string }>(
      `SELECT u.id, v.path FROM units u JOIN unit_versions v ON v.unit_id = u.id AND v.valid_to = 'infinity' WHERE u.code = 'QN'`);
    const to = today();
    const from = addDays(to, -364);
    const res = await app.inject({ url: `/api/v1/units/${province?.id}/inspection-figures?from=${from}&to=${to}` });
    expect(res.statusCode, res.body).toBe(200);
    const f = res.json<Figures>();

    const under = (path: string) => path.startsWith(province?.path as string);
    type Case = { id: number; kind: string; opened: string; due: string; concluded: string | null; path: string };
    const cases = (await rows<Case>(`SELECT id, kind, opened_on::text AS opened, due_on::text AS due, concluded_on::text AS concluded,
      unit_path AS path FROM inspection_cases`)).filter((c) => under(c.path) && c.opened >= from && c.opened <= to);
    const ids = new Set(cases.map((c) => c.id));
    const subjects = (await rows<{ id: number; caseId: number; unitId: number | null; memberId: number | null }>(
      `SELECT id, case_id AS "caseId", unit_id AS "unitId", member_id AS "memberId" FROM inspection_subjects`)).filter((s) => ids.has(s.caseId));
    const findings = (await rows<{ subjectId: number; caseId: number; category: string }>(
      `SELECT subject_id AS "subjectId", case_id AS "caseId", category FROM inspection_findings`)).filter((x) => ids.has(x.caseId));
    const violated = subjects.filter((s) => findings.some((x) => x.subjectId === s.id));
    const distinct = (values: (number | null)[]) => new Set(values.filter((v) => v !== null)).size;

    expect(cases.length).toBeGreaterThan(15);
    expect(f.cases.total).toBe(cases.length);
    expect(nonZero(f.cases.byKind)).toEqual(count(cases, (c) => c.kind));
    expect(f.cases.supervision + f.cases.inspection).toBe(cases.length);
    expect(f.cases.concluded).toBe(cases.filter((c) => c.concluded !== null && c.concluded <= to).length);
    expect(f.cases.overdue).toBe(cases.filter((c) => c.due < to && (c.concluded === null || c.concluded > to)).length);
    expect(f.covered).toEqual({ units: distinct(subjects.map((s) => s.unitId)), members: distinct(subjects.map((s) => s.memberId)) });
    expect(f.violations.units).toBe(distinct(violated.map((s) => s.unitId)));
    expect(f.violations.members).toBe(distinct(violated.map((s) => s.memberId)));
    expect(nonZero(f.violations.byCategory)).toEqual(count(findings, (x) => x.category));

    type Decision = { type: string; form: string; decided: string; path: string; eventId: number | null; memberId: number | null };
    const decisions = (await rows<Decision>(`SELECT subject_type AS type, form, decided_on::text AS decided, subject_path AS path,
      member_event_id AS "eventId", member_id AS "memberId" FROM discipline_decisions`)).filter((d) => under(d.path) && d.decided >= from && d.decided <= to);
    expect(decisions.length).toBeGreaterThan(0);
    expect(f.disciplines.total).toBe(decisions.length);
    expect(nonZero(f.disciplines.members)).toEqual(count(decisions.filter((d) => d.type === 'member'), (d) => d.form));
    expect(nonZero(f.disciplines.units)).toEqual(count(decisions.filter((d) => d.type === 'unit'), (d) => d.form));
    // Each expulsion closed its member's membership on its day, through an `expelled` event.
    for (const d of decisions.filter((x) => x.form === 'expulsion')) {
      expect(await rows(`SELECT kind, effective_on::text AS day FROM member_events WHERE id = $1`, [d.eventId])).toEqual([{ kind: 'expelled', day: d.decided }]);
    }

    type Remedy = { deadline: string; completed: string | null; path: string };
    const remedies = (await rows<Remedy>(`SELECT r.deadline::text AS deadline, r.completed_on::text AS completed, c.unit_path AS path
      FROM inspection_remedies r JOIN inspection_cases c ON c.id = r.case_id`)).filter((r) => under(r.path) && r.deadline >= from && r.deadline <= to);
    expect(f.remedies).toEqual({
      due: remedies.length,
      completed: remedies.filter((r) => r.completed !== null && r.completed <= to).length,
      completedOnTime: remedies.filter((r) => r.completed !== null && r.completed <= r.deadline && r.completed <= to).length,
      overdue: remedies.filter((r) => r.deadline < to && (r.completed === null || r.completed > to)).length,
    });

    const year = Number(to.slice(0, 4));
    const declared = (await rows<{ submitted: string | null; verified: string | null; path: string }>(
      `SELECT submitted_on::text AS submitted, verified_on::text AS verified, unit_path AS path FROM asset_declarations WHERE year = $1`, [year]))
      .filter((d) => under(d.path));
    expect(declared.length).toBeGreaterThan(0);
    const submitted = declared.filter((d) => d.submitted !== null).length;
    expect(f.declarations).toEqual({ year, required: declared.length, submitted, verified: declared.filter((d) => d.verified !== null).length, missing: declared.length - submitted });
  });
});

describe('determinism', () => {
  const digest = (seed: number, day = '2026-06-15') => {
    const { people } = generateDemoProvince({ members: 400, seed, today: day });
    return createHash('md5').update(JSON.stringify(people)).digest('hex');
  };

  it('shows a year of movements that add up for every unit and match the raw events', async () => {
    const year = Number(today().slice(0, 4)) - 1;
    const [from, to] = [`${year}-01-01`, `${year}-12-31`];
    type M = { start: number; end: number; in: Record<string, number>; out: Record<string, number>; recognizedOfficial: number };
    const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
    const units = await rows<{ id: number }>(`SELECT id FROM units WHERE code LIKE 'QN%' ORDER BY id`);
    let province: M | undefined;
    for (const { id } of units) {
      const res = await app.inject({ url: `/api/v1/units/${id}/movements?from=${from}&to=${to}` });
      expect(res.statusCode, res.body).toBe(200);
      const m = res.json() as M;
      expect(m.start + sum(m.in) - sum(m.out), `unit ${id}`).toBe(m.end);
      province ??= m;
    }
    // The province (the first unit) against its members' events of the year, and its counts on the two days.
    const raw = Object.fromEntries((await rows<{ kind: string; n: number }>(
      `SELECT kind, count(*)::int AS n FROM member_events WHERE effective_on BETWEEN $1 AND $2 GROUP BY kind`, [from, to]))
      .map((r) => [r.kind, r.n]));
    const p = province as M;
    expect(p.in.admitted).toBe(raw.admitted ?? 0);
    expect(p.recognizedOfficial).toBe(raw.recognized_official ?? 0);
    for (const kind of ['died', 'deleted', 'expelled', 'probation_removed']) expect(p.out[kind], kind).toBe(raw[kind] ?? 0);
    expect([p.in.transferred, p.out.transferred, p.in.restructured, p.out.restructured]).toEqual([0, 0, 0, 0]);
    const active = async (day: string) => (await rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM membership_spans WHERE valid_from <= $1 AND valid_to > $1`, [day]))[0]?.n;
    expect(p.start).toBe(await active(`${year - 1}-12-31`));
    expect(p.end).toBe(await active(to));
    // Over the ten years, members leave in each of the ways the rules know.
    const exits = await rows<{ kind: string }>(
      `SELECT DISTINCT kind FROM member_events WHERE kind IN ('died', 'deleted', 'probation_removed') ORDER BY kind`);
    expect(exits.map((e) => e.kind)).toEqual(['deleted', 'died', 'probation_removed']);
  });

  it('generates the same province for the same seed and day, another for another seed', () => {
    expect(digest(3)).toBe(digest(3));
    expect(digest(3)).not.toBe(digest(4));
  });

  it('loads the same data into another database, and a second province beside it without clashes', async () => {
    const other = await openTestDatabase();
    try {
      await seedDemoProvince({ db: other, members: MEMBERS, seed: SEED });
      const fingerprint = `SELECT md5(string_agg(concat_ws('|', full_name, birth_date, admission_decision_date, official_date,
        citizen_id, card_number, ethnicity), ',' ORDER BY citizen_id)) AS h FROM members`;
      const [mine] = await rows<{ h: string }>(fingerprint);
      const { rows: [theirs] } = await other.pool.query<{ h: string }>(fingerprint);
      expect(theirs?.h).toBe(mine?.h);

      const second = await seedDemoProvince({ db: other, members: 300, seed: SEED });
      const { rows: [check] } = await other.pool.query<{ roots: string[]; members: number }>(
        `SELECT (SELECT array_agg(code ORDER BY code) FROM units WHERE type_code = 'province') AS roots,
                (SELECT count(*)::int FROM members) AS members`);
      expect(check).toEqual({ roots: ['QN', 'QN2'], members: MEMBERS + second.members });
    } finally {
      await other.drop();
    }
  });
});

describe('the demo province’s restructures', () => {
  const provinceId = async () => (await rows<{ id: number }>(`SELECT id FROM units WHERE code = 'QN'`))[0]?.id as number;

  it('records the 2025 reform as an applied plan with its successor map', async () => {
    const plans = await rows<{ effective_on: string; state: string; operations: { kind: string }[]; outcome: { spansMoved: number; unitsClosed: number } }>(
      `SELECT effective_on, state, operations, outcome FROM restructure_plans WHERE state = 'applied' ORDER BY effective_on`);
    const reform = plans.find((p) => p.effective_on === REFORM);
    expect(reform).toBeDefined();
    expect(new Set(reform?.operations.map((op) => op.kind))).toEqual(new Set(['create', 'merge', 'move', 'abolish_level']));
    const [moved] = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM membership_spans WHERE valid_from = $1 AND reason = 'restructured'`, [REFORM]);
    expect(reform?.outcome.spansMoved).toBe(moved?.n);
    expect(reform?.outcome.spansMoved).toBeGreaterThan(0);
    // Every unit closed on the reform day has one main successor, open today, which holds
    // today every cell that sat directly under the closed unit the day before.
    const broken = await rows(`
      SELECT u.code FROM units u
      WHERE u.valid_to = $1 AND u.code LIKE 'QN.%'
        AND NOT EXISTS (SELECT 1 FROM unit_successors s JOIN units t ON t.id = s.successor_id
                        WHERE s.predecessor_id = u.id AND s.main AND t.valid_to = 'infinity')
      UNION ALL
      SELECT c.code FROM unit_successors s
      JOIN unit_versions old ON old.parent_id = s.predecessor_id AND old.valid_to = $1
      JOIN units c ON c.id = old.unit_id AND c.valid_to = 'infinity'
      JOIN unit_versions now ON now.unit_id = c.id AND now.valid_to = 'infinity'
      JOIN unit_versions succ ON succ.unit_id = s.successor_id AND succ.valid_to = 'infinity'
      WHERE s.effective_on = $1 AND s.kind = 'merged' AND NOT starts_with(now.path, succ.path)`, [REFORM]);
    expect(broken).toEqual([]);
    const commune = await unitByName('Đảng bộ xã Bình Liêu');
    const lineage = (await app.inject({ url: `/api/v1/units/${commune}/lineage` })).json();
    expect(lineage.predecessors.length).toBeGreaterThan(0);
    expect(lineage.predecessors.every((p: { kind: string; effectiveOn: string }) => p.kind === 'merged' && p.effectiveOn === REFORM)).toBe(true);
  });

  it('regroups 2023 admissions under today’s communes and blocs, as a recount from the raw events gives them', async () => {
    const province = await provinceId();
    const res = await app.inject({ url: `/api/v1/units/${province}/regrouped?measure=admitted&from=2023-01-01&to=2023-12-31` });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { total: number; elsewhere: number; rows: { id: number; count: number }[] };
    // The recount: each admission's cell, where it sits today, under which child of the province.
    const recount = await rows<{ child: number; n: number }>(`
      SELECT split_part(v.path, '.', 2)::bigint AS child, count(*)::int AS n FROM member_events e
      JOIN unit_versions v ON v.unit_id = e.unit_id AND v.valid_to = 'infinity'
      WHERE e.kind = 'admitted' AND e.effective_on BETWEEN '2023-01-01' AND '2023-12-31' AND v.path LIKE $1 || '.%'
      GROUP BY 1`, [province]);
    expect(body.total).toBeGreaterThan(0);
    expect(body.elsewhere).toBe(0);
    expect(new Map(body.rows.map((r) => [r.id, r.count]))).toEqual(new Map(recount.map((r) => [Number(r.child), r.n])));
    const types = await rows<{ type_code: string }>('SELECT DISTINCT type_code FROM units WHERE id = ANY($1)', [body.rows.map((r) => r.id)]);
    expect(new Set(types.map((t) => t.type_code))).toEqual(new Set(['commune', 'bloc']));
  });

  it('ships a draft that previews clean and applies: the absorbed cell’s members join the kept one', async () => {
    const [draft] = await rows<{ id: number; operations: { units: string[]; into: string }[] }>(
      `SELECT id, operations FROM restructure_plans WHERE state = 'draft'`);
    expect(draft).toBeDefined();
    const op = draft?.operations[0] as { units: string[]; into: string };
    const ids = await rows<{ id: number; code: string }>('SELECT id, code FROM units WHERE code = ANY($1)', [[...op.units, op.into]]);
    const idOf = (code: string) => ids.find((u) => u.code === code)?.id as number;
    const count = async (id: number) => (await app.inject({ url: `/api/v1/units/${id}/stats` })).json().total as number;
    const [absorbed, kept] = [await count(idOf(op.units[0] as string)), await count(idOf(op.into))];
    expect(absorbed).toBeGreaterThan(0);
    const preview = await app.inject({ method: 'POST', url: `/api/v1/restructure-plans/${draft?.id}/preview` });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().conflicts.filter((c: { severity: string }) => c.severity === 'error')).toEqual([]);
    const applied = await app.inject({ method: 'POST', url: `/api/v1/restructure-plans/${draft?.id}/apply` });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(await count(idOf(op.into))).toBe(kept + absorbed);
    expect((await compareKeptCounts(db.pool, [today()], null)).differences).toEqual([]);
    expect((await compareKeptEventCounts(db.pool, null)).differences).toEqual([]);
    for (const [name, query] of Object.entries(INVARIANTS)) {
      const params = query.includes('$1') ? [today()] : [];
      expect(await rows(`SELECT * FROM (${query}) x LIMIT 5`, params), name).toEqual([]);
    }
  });
});

describe('building blocks', () => {
  it('does day arithmetic exactly as shared/dates.ts does on strings', () => {
    const rng = new Random(11);
    for (let i = 0; i < 2_000; i++) {
      const a = rng.int(toDay('1920-01-01'), toDay('2030-12-31'));
      const b = rng.int(a, a + 30_000);
      const months = rng.int(-800, 800);
      expect(toIso(toDay(toIso(a)))).toBe(toIso(a));
      expect(toIso(addMonthsTo(a, months))).toBe(addMonths(toIso(a), months));
      expect(monthsFrom(a, b)).toBe(monthsBetween(toIso(a), toIso(b)));
    }
    expect(toIso(toDay('2024-02-29'))).toBe('2024-02-29');
  });

  it('writes array literals that the database reads back unchanged', async () => {
    const values = ['plain', '', 'NULL', 'with "quotes"', 'back\\slash', 'a,b', '{braces}', ' spaced ', 'Nguyễn Thị Ánh',
      '{"vi":"Chi bộ \\"A\\""}', null];
    const { rows: [row] } = await db.pool.query<{ v: (string | null)[] }>('SELECT $1::text[] AS v', [arrayLiteral(values)]);
    expect(row?.v).toEqual(values);
    const { rows: [n] } = await db.pool.query<{ v: number[] }>('SELECT $1::bigint[] AS v', [arrayLiteral([1, 22, 9_007_199_254])]);
    expect(n?.v.map(Number)).toEqual([1, 22, 9_007_199_254]);
  });
});

import type { Database, Sql } from '../client.ts';
import { today } from '../rows.ts';
import { foldForSearch, vietnameseSortKey } from '../../../shared/text/names.ts';
import { DELETION_REASONS } from '../../../shared/reference.ts';
import { insertRows, reserveIds, withDeferredChecks, type Column } from './bulk-insert.ts';
import { withKeptCountTriggersOff } from '../kept-counts.ts';
import { rebuildKeptCounts } from '../../modules/statistics/statistics.repository.ts';
import { toIso } from './days.ts';
import { seedDemoCandidates } from './demo-candidates.ts';
import { seedDemoInspections } from './demo-inspections.ts';
import { generateMembers, type DemoEvent, type DemoMember, type DemoMembers, type DemoSpan, type TakenValues } from './demo-members.ts';
import { writeDemoTargets } from './demo-targets.ts';
import { writeDemoRestructures } from './demo-restructure.ts';
import { seedDemoTransfers } from './demo-transfers.ts';
import { buildDemoTree, type CellInfo, type DemoTree } from './demo-tree.ts';
import { Random } from './random.ts';
import type { TreeUnit, TreeVersion } from './unit-tree.ts';

/**
 * The demo province (Đảng bộ tỉnh Quảng Ninh) loaded into an empty database on first start
 * and by `partywork seed`: the tree with ten years of history and the 2025 reform, and the
 * members with their events and membership spans. Everything is generated in memory from
 * the seed, then written in one transaction with bulk inserts. The same seed and the same
 * day give the same data.
 */

export async function isEmpty(db: Database): Promise<boolean> {
  const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM units');
  return rows[0]?.n === 0;
}

export type SeedSummary = { units: number; members: number; events: number };

export type DemoProvince = { tree: DemoTree; people: DemoMembers };

/** The whole province in memory, without touching a database. */
export function generateDemoProvince(o: {
  members: number; seed: number; today: string; prefix?: string; taken?: TakenValues;
}): DemoProvince {
  // Separate streams: the tree's shape does not shift the members drawn after it.
  const tree = buildDemoTree(new Random(o.seed, 1), { members: o.members, prefix: o.prefix ?? 'QN' });
  const taken = o.taken ?? { citizenIds: new Set<string>(), cardNumbers: new Set<string>() };
  const people = generateMembers(new Random(o.seed, 2), tree, { count: o.members, today: o.today, taken });
  return { tree, people };
}

export async function seedDemoProvince({ db, members, seed }: { db: Database; members: number; seed: number }): Promise<SeedSummary> {
  // The counts of the province and the units below it are rebuilt once at the end, not added
  // statement by statement while a whole province is written (kept-counts.ts).
  const summary = await db.transaction(async (sql) => {
    const written = await withKeptCountTriggersOff(sql, () => writeDemo(sql, members, seed));
    await rebuildKeptCounts(sql);
    return written;
  });
  // Fresh planner statistics, or queries guess over thousands of new rows (PGlite has no autovacuum).
  await db.pool.query('ANALYZE units, unit_versions, members, member_events, membership_spans');
  return summary;
}

/** The demo province, its targets, candidates, transfers and restructures, in the caller's transaction. */
async function writeDemo(sql: Sql, members: number, seed: number): Promise<SeedSummary> {
  const prefix = await freePrefix(sql);
  const taken = await takenValues(sql);
  const demo = generateDemoProvince({ members, seed, today: today(), prefix, taken });
  await writeDemoProvince(sql, demo);
  await writeDemoTargets(sql, demo, { seed, today: today() });
  await seedDemoCandidates(sql, { demo, seed, today: today() });
  // Each member record points at the unit of its newest span, as every membership change keeps it.
  await sql.query(
    `UPDATE members m SET unit_path = s.unit_path
     FROM (SELECT DISTINCT ON (member_id) member_id, unit_path FROM membership_spans
           ORDER BY member_id, valid_from DESC) s
     WHERE s.member_id = m.id AND m.unit_path IS NULL`);
  await seedDemoTransfers(sql, { seed, today: today(), prefix });
  await writeDemoRestructures(sql, demo.tree, { today: today() });
  const inspections = await seedDemoInspections(sql, { seed, today: today(), prefix });
  return { units: demo.tree.tree.units.length, members: demo.people.members.length, events: demo.people.events.length + inspections.expulsions };
}

/** "QN", or "QN2", "QN3", … when a demo province is already there (seed --force). */
async function freePrefix(sql: Sql): Promise<string> {
  const { rows } = await sql.query<{ head: string }>(
    `SELECT DISTINCT split_part(code, '.', 1) AS head FROM units WHERE code LIKE 'QN%'`);
  const used = new Set(rows.map((r) => r.head));
  for (let n = 1; ; n++) {
    const prefix = n === 1 ? 'QN' : `QN${n}`;
    if (!used.has(prefix)) return prefix;
  }
}

/** Citizen IDs and card numbers already in the database, which new members must not repeat. */
async function takenValues(sql: Sql): Promise<TakenValues> {
  const ids = await sql.query<{ v: string }>(`SELECT citizen_id AS v FROM members WHERE citizen_id LIKE '022%'`);
  const cards = await sql.query<{ v: string }>('SELECT card_number AS v FROM members WHERE card_number IS NOT NULL');
  return { citizenIds: new Set(ids.rows.map((r) => r.v)), cardNumbers: new Set(cards.rows.map((r) => r.v)) };
}

async function writeDemoProvince(sql: Sql, demo: DemoProvince): Promise<void> {
  const { tree, people } = demo;
  const firstUnit = await reserveIds(sql, 'units', tree.tree.units.length);
  const firstMember = await reserveIds(sql, 'members', people.members.length);
  const firstEvent = await reserveIds(sql, 'member_events', people.events.length);
  const ids: Ids = {
    unit: (i) => firstUnit + i, member: (i) => firstMember + i, event: (i) => (i === null ? null : firstEvent + i),
    path: (units) => `${units.map((i) => firstUnit + i).join('.')}.`,
  };
  await writeUnits(sql, tree, ids);
  await withDeferredChecks(sql, ['members', 'member_events', 'membership_spans'], async () => {
    await insertRows(sql, 'members', memberColumns(ids), people.members.map((m, i) => [m, i] as const), { overridingIds: true });
    await insertRows(sql, 'member_events', eventColumns(demo, ids), people.events.map((e, i) => [e, i] as const),
      { overridingIds: true });
    await insertRows(sql, 'membership_spans', spanColumns(demo, ids), people.spans);
  });
}

/** Database ids of generated units, members and events (reserved ranges), and paths from unit numbers. */
type Ids = {
  unit: (i: number) => number;
  member: (i: number) => number;
  event: (i: number | null) => number | null;
  path: (units: readonly number[]) => string;
};

async function writeUnits(sql: Sql, demo: DemoTree, ids: Ids) {
  const units = demo.tree.units.map((u, i) => [u, i] as const);
  await insertRows<readonly [TreeUnit, number]>(sql, 'units', [
    ['id', 'bigint', ([, i]) => ids.unit(i)],
    ['code', 'text', ([u]) => u.code],
    ['type_code', 'text', ([u]) => u.typeCode],
    ['valid_from', 'date', ([u]) => toIso(u.from)],
    ['valid_to', 'date', ([u]) => toIso(u.to)],
    ['version', 'integer', ([u]) => u.version],
  ], units, { overridingIds: true });
  const versions = demo.tree.units.flatMap((u, i) => u.versions.map((v) => [v, i] as const));
  await insertRows<readonly [TreeVersion, number]>(sql, 'unit_versions', [
    ['unit_id', 'bigint', ([, i]) => ids.unit(i)],
    ['name', 'text', ([v]) => v.name],
    ['names', 'jsonb', ([v]) => JSON.stringify({ vi: v.name })],
    ['name_key', 'text', ([v]) => foldForSearch(v.name)],
    ['parent_id', 'bigint', ([v]) => (v.parent === null ? null : ids.unit(v.parent))],
    ['path', 'text', ([v]) => ids.path(v.pathUnits)],
    ['depth', 'integer', ([v]) => v.pathUnits.length - 1],
    ['valid_from', 'date', ([v]) => toIso(v.from)],
    ['valid_to', 'date', ([v]) => toIso(v.to)],
    ['reason', 'text', ([v]) => v.reason],
  ], versions);
}

type MemberRow = readonly [DemoMember, number];

function memberColumns(ids: Ids): Column<MemberRow>[] {
  const text = (name: string, read: (m: DemoMember) => string | null): Column<MemberRow> => [name, 'text', ([m]) => read(m)];
  const date = (name: string, read: (m: DemoMember) => string | null): Column<MemberRow> => [name, 'date', ([m]) => read(m)];
  return [
    ['id', 'bigint', ([, i]) => ids.member(i)],
    text('full_name', (m) => m.fullName), text('gender', (m) => m.gender), date('birth_date', (m) => m.birthDate),
    text('birth_place', (m) => m.birthPlace), text('hometown', (m) => m.hometown), text('residence', (m) => m.residence),
    text('ethnicity', (m) => m.ethnicity), text('religion', (m) => m.religion), text('citizen_id', (m) => m.citizenId),
    text('phone', (m) => m.phone), text('education', (m) => m.education), text('qualification', (m) => m.qualification),
    text('academic_title', (m) => m.academicTitle), text('theory_level', (m) => m.theoryLevel),
    text('occupation', (m) => m.occupation), text('position', (m) => m.position),
    date('admission_decision_date', (m) => m.admissionDecisionDate), text('admission_decision_no', (m) => m.admissionDecisionNo),
    date('ceremony_date', (m) => m.ceremonyDate), date('official_date', (m) => m.officialDate),
    text('card_number', (m) => m.cardNumber),
    text('search_key', (m) => foldForSearch(m.fullName)), text('sort_key', (m) => vietnameseSortKey(m.fullName)),
  ];
}

const cellUnit = (demo: DemoProvince, cell: number) => (demo.tree.cells[cell] as CellInfo).unit;

/** Event details as the membership service writes them. */
function eventDetails(demo: DemoProvince, e: DemoEvent, ids: Ids): object {
  const member = demo.people.members[e.member] as DemoMember;
  switch (e.kind) {
    case 'admitted': return { decisionNo: e.reference, ceremonyDate: member.ceremonyDate };
    case 'recognized_official': return { decisionNo: e.reference, cardNumber: member.cardNumber };
    case 'transferred': return { fromUnitId: ids.unit(cellUnit(demo, e.fromCell as number)), letterNo: e.reference };
    case 'died': return {};
    // Reasons and issuers follow from the member's number, so the same seed gives the same records.
    case 'deleted': return { reason: DELETION_REASONS[e.member % 4], decisionNo: e.reference };
    case 'expelled': return { decisionNo: e.reference, issuer: 'Ủy ban Kiểm tra Tỉnh ủy' };
    case 'probation_removed': return { decisionNo: e.reference };
  }
}

function eventColumns(demo: DemoProvince, ids: Ids): Column<readonly [DemoEvent, number]>[] {
  return [
    ['id', 'bigint', ([, i]) => ids.event(i)],
    ['member_id', 'bigint', ([e]) => ids.member(e.member)],
    ['kind', 'text', ([e]) => e.kind],
    ['effective_on', 'date', ([e]) => toIso(e.day)],
    ['unit_id', 'bigint', ([e]) => ids.unit(cellUnit(demo, e.cell))],
    ['details', 'jsonb', ([e]) => JSON.stringify(eventDetails(demo, e, ids))],
  ];
}

function spanColumns(demo: DemoProvince, ids: Ids): Column<DemoSpan>[] {
  // Paths of each cell's places, made once per place rather than once per span.
  const paths = demo.tree.cells.map((c) => c.places.map((p) => ids.path(p.pathUnits)));
  return [
    ['member_id', 'bigint', (s) => ids.member(s.member)],
    ['unit_id', 'bigint', (s) => ids.unit(cellUnit(demo, s.cell))],
    ['unit_path', 'text', (s) => (paths[s.cell] as string[])[s.place]],
    ['status', 'text', (s) => s.status],
    ['valid_from', 'date', (s) => toIso(s.from)],
    ['valid_to', 'date', (s) => toIso(s.to)],
    ['reason', 'text', (s) => s.reason],
    ['opened_by', 'bigint', (s) => ids.event(s.openedBy)],
    ['closed_by', 'bigint', (s) => ids.event(s.closedBy)],
  ];
}

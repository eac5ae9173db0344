import type { Sql } from '../client.ts';
import { toDay, toIso } from './days.ts';
import type { DemoTree } from './demo-tree.ts';
import type { TreeUnit } from './unit-tree.ts';
import type { RestructureOperation } from '../../../shared/schemas/restructure.ts';
import { countRecordsOf } from '../../modules/restructure/restructure.repository.ts';

/**
 * The demo's restructures as the platform records them: each dated change of the generated
 * tree (the 2020 merger of two districts, the 2025 reform) becomes an applied plan whose
 * operations say what happened, with the successor map; and one draft plan for the reader to
 * preview and apply: two village cells of a new commune merged today.
 */

const TITLES: Record<string, string> = {
  '2020-01-01': 'Nhập huyện Hoành Bồ vào thành phố Hạ Long (Nghị quyết 837/NQ-UBTVQH14)',
  '2025-07-01': 'Sắp xếp tổ chức đảng theo mô hình chính quyền địa phương hai cấp (Kết luận 137-KL/TW)',
};

type Version = TreeUnit['versions'][number];

/** The operations that turn the tree of the day before `day` into the tree of `day`. */
export function operationsOn(demo: DemoTree, day: number): RestructureOperation[] {
  const { units, successors } = demo.tree;
  const code = (i: number) => (units[i] as TreeUnit).code;
  const today = successors.filter((s) => s.on === day);
  const merged = new Set(today.filter((s) => s.kind === 'merged').map((s) => s.from));
  const creates: RestructureOperation[] = [];
  const moves: RestructureOperation[] = [];
  const renames: RestructureOperation[] = [];
  for (const unit of units) {
    const first = unit.versions[0] as Version;
    if (unit.from === day && first.parent !== null) {
      creates.push({ kind: 'create', code: unit.code, name: first.name, typeCode: unit.typeCode, parent: code(first.parent) });
      continue;
    }
    const at = unit.versions.findIndex((v) => v.from === day && v.reason === 'restructured');
    const before = unit.versions[at - 1];
    const after = unit.versions[at];
    if (at <= 0 || !before || !after) continue;
    if (before.parent !== after.parent && before.parent !== null && !merged.has(before.parent)) {
      moves.push({ kind: 'move', unit: unit.code, parent: code(after.parent as number) });
    }
    if (before.name !== after.name) renames.push({ kind: 'rename', unit: unit.code, name: after.name });
  }
  const merges = new Map<number, number[]>();
  for (const s of today.filter((x) => x.kind === 'merged')) merges.set(s.to, [...(merges.get(s.to) ?? []), s.from]);
  const abolished = [...new Set(today.filter((s) => s.kind === 'abolished').map((s) => (units[s.from] as TreeUnit).typeCode))];
  return [
    ...creates,
    ...[...merges].map(([to, from]): RestructureOperation => ({ kind: 'merge', units: from.map(code), into: code(to) })),
    ...moves,
    ...renames,
    ...abolished.map((typeCode): RestructureOperation => ({ kind: 'abolish_level', typeCode, successors: {} })),
  ];
}

export async function writeDemoRestructures(sql: Sql, demo: DemoTree, o: { today: string }): Promise<void> {
  const { units, successors } = demo.tree;
  const idOf = new Map<string, number>();
  const { rows } = await sql.query<{ id: number; code: string }>(
    'SELECT id, code FROM units WHERE code = ANY($1)', [units.map((u) => u.code)]);
  for (const r of rows) idOf.set(r.code, Number(r.id));
  const id = (i: number) => idOf.get((units[i] as TreeUnit).code) as number;
  const province = id(demo.province);

  for (const day of [...new Set(successors.map((s) => s.on))].sort((a, b) => a - b)) {
    const date = toIso(day);
    const operations = operationsOn(demo, day);
    const closed = successors.filter((s) => s.on === day).map((s) => id(s.from));
    const { rows: moved } = await sql.query<{ spans: number; members: number }>(
      `SELECT count(*)::int AS spans, count(DISTINCT member_id)::int AS members FROM membership_spans
       WHERE valid_from = $1 AND reason = 'restructured'`, [date]);
    const { rows: versions } = await sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM unit_versions WHERE valid_from = $1`, [date]);
    const outcome = {
      unitsCreated: operations.filter((op) => op.kind === 'create').length,
      unitsClosed: closed.length,
      unitsRenamed: operations.filter((op) => op.kind === 'rename').length,
      unitVersions: versions[0]?.n ?? 0,
      spansMoved: moved[0]?.spans ?? 0,
      membersMoved: moved[0]?.members ?? 0,
      grantsCarried: 0,
      grantsLapsed: 0,
      recordsFollowing: await countRecordsOf(sql, closed),
    };
    const { rows: plan } = await sql.query<{ id: number }>(
      `INSERT INTO restructure_plans (unit_id, title, effective_on, operations, state, outcome, applied_at)
       VALUES ($1, $2, $3, $4, 'applied', $5, $3::date + time '08:00') RETURNING id`,
      [province, TITLES[date] ?? `Sắp xếp tổ chức ngày ${date}`, date, JSON.stringify(operations), JSON.stringify(outcome)]);
    const planId = (plan[0] as { id: number }).id;
    for (const s of successors.filter((x) => x.on === day)) {
      await sql.query(
        `INSERT INTO unit_successors (predecessor_id, successor_id, effective_on, kind, main, plan_id) VALUES ($1, $2, $3, $4, true, $5)`,
        [id(s.from), id(s.to), date, s.kind, planId]);
    }
  }
  await writeDraft(sql, demo, { today: o.today, id });
}

/** A draft for the reader: the first two village or quarter cells of the first new commune become one. */
async function writeDraft(sql: Sql, demo: DemoTree, o: { today: string; id: (i: number) => number }) {
  const commune = demo.offices[0]?.commune;
  if (commune === undefined) return;
  const cells = [...demo.tree.unit(commune).children]
    .filter((c) => demo.tree.unit(c).from < toDay(o.today) && demo.tree.unit(c).typeCode === 'subordinate_cell')
    .filter((c) => !demo.offices.some((x) => (demo.cells[x.cell]?.unit) === c));
  const [keep, absorb] = cells;
  if (keep === undefined || absorb === undefined) return;
  const name = (i: number) => demo.tree.current(i).name;
  await sql.query(
    `INSERT INTO restructure_plans (unit_id, title, effective_on, operations) VALUES ($1, $2, $3, $4)`,
    [o.id(commune), `Hợp nhất ${name(absorb)} vào ${name(keep)}`, o.today,
      JSON.stringify([{ kind: 'merge', units: [demo.tree.unit(absorb).code], into: demo.tree.unit(keep).code }])]);
}

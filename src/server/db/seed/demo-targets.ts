import type { Sql } from '../client.ts';
import { insertRows } from './bulk-insert.ts';
import { dayOf, toDay, toIso, yearOf } from './days.ts';
import type { DemoProvince } from './demo-province.ts';
import type { CellInfo } from './demo-tree.ts';
import { HISTORY_START } from './demo-members.ts';
import { Random } from './random.ts';

/**
 * Member development targets of the demo province: for every year of its history, each unit
 * from the grassroots level up that admitted members gets a target close to what it then
 * admitted (some a little above it, some below), set early in the year by the committee above.
 * The province and some units revise theirs in July. A year's target for the current year is
 * drawn from the year before, since the year is not over.
 */

/** Units that receive targets: grassroots organizations and the committees above them. */
const TARGETED_TYPES = new Set(['province', 'district', 'commune', 'bloc', 'grassroots_committee', 'grassroots_cell']);
/** The issuer code of the committee that sets a target for a unit directly below it. */
const ISSUER: Record<string, string> = { province: 'TU', district: 'HU', bloc: 'ĐUK', commune: 'ĐU', grassroots_committee: 'ĐU' };
const REVISED_SHARE = 0.12;

export type DemoTarget = {
  /** Unit number in the demo tree. */
  unit: number; year: number; target: number; decisionRef: string | null; note: string | null; day: number;
};

/** Admissions per unit number and year, in each unit's subtree as it stood on the day of each. */
function admissionsByUnit(demo: DemoProvince, fromYear: number): Map<number, Map<number, number>> {
  const counts = new Map<number, Map<number, number>>();
  for (const e of demo.people.events) {
    if (e.kind !== 'admitted') continue;
    const year = yearOf(e.day);
    if (year < fromYear) continue;
    const place = (demo.tree.cells[e.cell] as CellInfo).places.find((p) => p.from <= e.day && p.to > e.day);
    for (const unit of place?.pathUnits ?? []) {
      const byYear = counts.get(unit) ?? new Map<number, number>();
      byYear.set(year, (byYear.get(year) ?? 0) + 1);
      counts.set(unit, byYear);
    }
  }
  return counts;
}

/** Every revision of every target, in memory. The same seed and the same day give the same targets. */
export function generateDemoTargets(demo: DemoProvince, o: { seed: number; today: string }): DemoTarget[] {
  const rng = new Random(o.seed, 3);
  const today = toDay(o.today);
  const thisYear = yearOf(today);
  const firstYear = yearOf(toDay(HISTORY_START));
  const admissions = admissionsByUnit(demo, firstYear);
  const tree = demo.tree.tree;
  const targets: DemoTarget[] = [];
  const reference = (unit: number, day: number) => {
    if (unit === demo.tree.province) return `${rng.int(1, 60)}-NQ/TU`;
    const version = tree.unit(unit).versions.find((v) => v.from <= day && v.to > day);
    const parent = version?.parent ?? null;
    const issuer = parent === null ? undefined : ISSUER[tree.unit(parent).typeCode];
    return issuer && rng.chance(0.8) ? `${rng.int(1, 300)}-KH/${issuer}` : null;
  };

  tree.units.forEach((unit, index) => {
    if (!TARGETED_TYPES.has(unit.typeCode)) return;
    const byYear = admissions.get(index);
    for (let year = firstYear; year <= thisYear; year++) {
      const start = dayOf(year, 1, 1);
      const end = dayOf(year + 1, 1, 1);
      if (unit.from >= end || unit.to <= start) continue;
      const admitted = byYear?.get(year) ?? 0;
      // The year under way is planned from the year before.
      const expected = year === thisYear ? Math.max(admitted, byYear?.get(year - 1) ?? 0) : admitted;
      if (expected === 0) continue;
      const target = Math.max(1, Math.round(expected * (0.82 + rng.next() * 0.38)));
      const first = Math.max(unit.from, start) + rng.int(4, 24);
      if (first >= end || first >= unit.to || first > today) continue;
      const july = dayOf(year, 7, 1) + rng.int(0, 19);
      const revised = (index === demo.tree.province || rng.chance(REVISED_SHARE)) && july > first && july < unit.to && july <= today;
      if (revised) {
        let initial = Math.max(1, Math.round(target * (0.85 + rng.next() * 0.3)));
        if (initial === target) initial = target + 1;
        targets.push({ unit: index, year, target: initial, decisionRef: reference(index, first), note: null, day: first });
        targets.push({ unit: index, year, target, decisionRef: reference(index, july), note: 'Điều chỉnh chỉ tiêu giữa năm', day: july });
      } else {
        targets.push({ unit: index, year, target, decisionRef: reference(index, first), note: null, day: first });
      }
    }
  });
  return targets;
}

/** Writes the demo province's targets, after its units, in bulk. */
export async function writeDemoTargets(sql: Sql, demo: DemoProvince, o: { seed: number; today: string }): Promise<number> {
  const targets = generateDemoTargets(demo, o);
  const codes = demo.tree.tree.units.map((u) => u.code);
  const { rows } = await sql.query<{ id: number; code: string }>('SELECT id, code FROM units WHERE code = ANY($1)', [codes]);
  const idOf = new Map(rows.map((r) => [r.code, r.id]));
  await insertRows<DemoTarget>(sql, 'development_targets', [
    ['unit_id', 'bigint', (t) => idOf.get(codes[t.unit] as string)],
    ['year', 'integer', (t) => t.year],
    ['target', 'integer', (t) => t.target],
    ['decision_ref', 'text', (t) => t.decisionRef],
    ['note', 'text', (t) => t.note],
    ['recorded_on', 'date', (t) => toIso(t.day)],
    // 9 o'clock in the morning in Vietnam.
    ['recorded_at', 'timestamptz', (t) => `${toIso(t.day)}T02:00:00Z`],
    ['recorded_by_label', 'text', () => 'system'],
  ], targets);
  return targets.length;
}

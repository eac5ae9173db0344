import { toDay } from '../server/db/seed/days.ts';
import { HIGHLAND_VILLAGES, LOWLAND_VILLAGES, type CellKind } from '../server/db/seed/quang-ninh.ts';
import type { Random } from '../server/db/seed/random.ts';
import { UnitTree } from '../server/db/seed/unit-tree.ts';
import { PLACE_WORDS, type NewProvince, type OldProvince, type Region } from './provinces.ts';
import { SHAPE, type Scale } from './scales.ts';

/**
 * The national tree with twenty years of history, built with the demo's in-memory UnitTree
 * (the units service's history rules): until 30 June 2025 the Central Committee → 63 provinces →
 * district committees and blocs → commune committees (grassroots committees) and the
 * grassroots organizations of agencies, schools, hospitals and enterprises → cells. On 1 July
 * 2025 provinces merge into 34 (the first of each group continues, the others' blocs move to it
 * and they close), the new communes open under the provinces, the village and quarter cells
 * and the district's grassroots organizations move under them, and the old communes and the
 * districts close. Every cell exists from 1960; members join cells only.
 */

export const ROOT_FOUNDED = '1930-02-03';
export const UNITS_FOUNDED = '1960-01-01';
export const REFORM_DATE = '2025-07-01';

/** A cell that takes members: where it is, what it is, and its paths over time. */
export type BenchCell = {
  unit: number;
  kind: CellKind;
  /** Relative size: how often the cell receives new and transferred members. */
  weight: number;
  /** District or bloc number within the province: most transfers stay in it. */
  area: number;
  region: Region;
  old: OldProvince;
  /** Address of the cell's place before 2025 (birth places), and today (residences). */
  oldPlace: string;
  newPlace: string;
  /** Issuer of decisions before the reform (district or bloc committee notation). */
  issuer: string;
  places: { from: number; to: number; pathUnits: readonly number[] }[];
};

export type ProvinceCells = { province: NewProvince; unit: number; activeMembers: number; cells: BenchCell[]; areas: number };

export type NationalTree = {
  tree: UnitTree;
  root: number;
  provinces: ProvinceCells[];
  reformDay: number;
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const shortName = (name: string) => name.replace(/^(tỉnh|thành phố|Thành phố) /, '');

type Committee = { unit: number; area: number; old: OldProvince; name: string; urban: boolean; code: string };
type NewCommune = { old: OldProvince; district: Committee; name: string; urban: boolean; olds: Committee[]; unit: number };

/** Distributes `total` items over weights by largest remainder; each gets at least `min`. */
function apportion(total: number, weights: readonly number[], min = 0): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map((x) => Math.max(min, Math.floor(x)));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0 && k < order.length; k++, left--) out[(order[k] as readonly [number, number])[1]]! += 1;
  return out;
}

const GRASSROOTS_KINDS: readonly CellKind[] = ['school', 'school', 'health', 'agency', 'agency', 'enterprise', 'enterprise'];

function grassrootsName(rng: Random, kind: CellKind, place: string, committee: boolean): string {
  const head = committee ? 'Đảng bộ' : 'Chi bộ';
  switch (kind) {
    case 'school': return `${head} ${rng.pick(['Trường THPT', 'Trường THCS', 'Trường Tiểu học', 'Trường Mầm non', 'Trường Cao đẳng'])} ${place}`;
    case 'health': return `${head} ${rng.pick(['Trung tâm Y tế', 'Bệnh viện Đa khoa', 'Bệnh viện Y học cổ truyền'])} ${place}`;
    case 'agency': return `${head} ${rng.pick(['Chi cục Thuế', 'Kho bạc Nhà nước', 'Cơ quan Ủy ban nhân dân', 'Viện Kiểm sát nhân dân', 'Tòa án nhân dân', 'Ngân hàng Chính sách xã hội'])} ${place}`;
    default: return `${head} ${rng.pick(['Công ty Cổ phần', 'Công ty TNHH', 'Hợp tác xã', 'Tổng Công ty'])} ${place} ${rng.int(1, 99)}`;
  }
}

const BLOC_NAMES = ['Khối các cơ quan tỉnh', 'Khối doanh nghiệp tỉnh', 'Quân sự tỉnh', 'Công an tỉnh', 'Bộ đội Biên phòng tỉnh',
  'Khối Dân chính Đảng', 'Các khu công nghiệp', 'Trường Đại học', 'Bệnh viện tỉnh', 'Tổng Công ty'];

class TreeBuilder {
  readonly tree = new UnitTree();
  readonly root: number;
  private readonly founded = toDay(UNITS_FOUNDED);
  readonly reformDay = toDay(REFORM_DATE);
  private usedPlaceNames = new Set<string>();

  constructor(private readonly rng: Random) {
    this.root = this.tree.create({ code: 'TW', typeCode: 'central', name: 'Đảng Cộng sản Việt Nam', parent: null, from: toDay(ROOT_FOUNDED) });
  }

  private placeName(): string {
    for (let attempt = 0; ; attempt++) {
      const a = this.rng.pick(PLACE_WORDS);
      let b: string = this.rng.pick(PLACE_WORDS);
      if (b === a) b = 'Lập';
      const name = attempt > 20 ? `${a} ${b} ${attempt}` : `${a} ${b}`;
      if (!this.usedPlaceNames.has(name) || attempt > 40) {
        this.usedPlaceNames.add(name);
        return name;
      }
    }
  }

  province(p: NewProvince, activeMembers: number): ProvinceCells {
    const { rng, tree } = this;
    this.usedPlaceNames = new Set();
    const cellsTotal = Math.max(12, Math.round(activeMembers / SHAPE.membersPerCell));
    const communes = Math.max(1, Math.round(cellsTotal / SHAPE.cellsPerCommune));
    const blocs = Math.max(1, Math.round(cellsTotal / SHAPE.cellsPerOtherCommittee));
    const grassroots = Math.max(2, Math.round(cellsTotal / SHAPE.cellsPerGrassroots));
    const weights = p.from.map((o) => o.weight);

    // Before the reform: each old province with its districts and blocs.
    const oldUnits = p.from.map((o) => tree.create({
      code: `T${o.code}`, typeCode: 'province', name: `Đảng bộ ${o.name}`, parent: this.root, from: this.founded,
    }));
    const districtsPerOld = apportion(Math.max(p.from.length, Math.round(cellsTotal / SHAPE.cellsPerDistrict)), weights, 1);
    let area = 0;
    const districts: Committee[][] = p.from.map((o, i) => Array.from({ length: districtsPerOld[i] as number }, (_, d) => {
      const urban = o.region === 'city' ? d < (districtsPerOld[i] as number) * 0.6 : d === 0;
      const place = this.placeName();
      const code = `T${o.code}.H${pad(d + 1, 2)}`;
      const name = `${urban ? (o.region === 'city' ? 'quận' : 'thành phố') : 'huyện'} ${place}`;
      const unit = tree.create({ code, typeCode: 'district', name: `Đảng bộ ${name}`, parent: oldUnits[i] as number, from: this.founded });
      return { unit, area: area++, old: o, name, urban, code };
    }));
    const blocsPerOld = apportion(blocs, weights, 0);
    const blocUnits: Committee[] = p.from.flatMap((o, i) => Array.from({ length: blocsPerOld[i] as number }, (_, b) => {
      const code = `T${o.code}.K${pad(b + 1, 2)}`;
      const name = `${BLOC_NAMES[b % BLOC_NAMES.length]} ${shortName(o.name)}${b >= BLOC_NAMES.length ? ` ${b + 1}` : ''}`;
      const unit = tree.create({ code, typeCode: 'bloc', name: `Đảng bộ ${name}`, parent: oldUnits[i] as number, from: this.founded });
      return { unit, area: area++, old: o, name, urban: true, code };
    }));

    // The new communes to come, each formed from two to four old communes of one district.
    const communesPerOld = apportion(communes, weights, 0);
    const plans: NewCommune[] = [];
    p.from.forEach((o, i) => {
      const ds = districts[i] as Committee[];
      for (let c = 0; c < (communesPerOld[i] as number); c++) {
        const district = ds[c % ds.length] as Committee;
        const urban = district.urban && rng.chance(0.7);
        plans.push({ old: o, district, name: `${urban ? 'phường' : 'xã'} ${this.placeName()}`, urban, olds: [], unit: -1 });
      }
    });
    if (plans.length === 0) {
      const district = (districts[0] as Committee[])[0] as Committee;
      plans.push({ old: p.from[0] as OldProvince, district, name: `xã ${this.placeName()}`, urban: false, olds: [], unit: -1 });
    }
    const oldCounters = new Map<Committee, number>();
    for (const plan of plans) {
      for (let k = rng.int(2, 4); k > 0; k--) {
        const n = (oldCounters.get(plan.district) ?? 0) + 1;
        oldCounters.set(plan.district, n);
        const name = `${plan.urban ? 'phường' : 'xã'} ${this.placeName()}`;
        const code = `${plan.district.code}.X${pad(n, 2)}`;
        const unit = tree.create({ code, typeCode: 'grassroots_committee', name: `Đảng bộ ${name}`, parent: plan.district.unit, from: this.founded });
        plan.olds.push({ unit, area: plan.district.area, old: plan.old, name, urban: plan.urban, code });
      }
    }

    const cells: BenchCell[] = [];
    const cellOf = (unit: number, kind: CellKind, at: Committee, oldPlace: string, plan: NewCommune | null, weight: number) => {
      cells.push({
        unit, kind, weight: weight * Math.exp(0.35 * rng.normal()), area: at.area, region: at.old.region, old: at.old,
        oldPlace, newPlace: plan ? `${plan.name}, ${p.name}` : `${p.name}`,
        issuer: at.code.includes('.K') ? 'ĐU' : at.name.startsWith('huyện') ? 'HU' : 'TU', places: [],
      });
    };

    // Grassroots organizations: of a district (moved under a new commune in 2025) or of a bloc.
    const moves: { unit: number; to: NewCommune }[] = [];
    const inBlocs = Math.round(grassroots * 0.35);
    let grassrootsCells = 0;
    for (let g = 0; g < grassroots; g++) {
      const inBloc = g < inBlocs;
      const plan = inBloc ? null : plans[rng.int(0, plans.length - 1)] as NewCommune;
      const at = plan ? plan.district : blocUnits[g % blocUnits.length] as Committee;
      const kind = rng.pick(GRASSROOTS_KINDS);
      const committee = rng.chance(0.45);
      const place = plan ? plan.name.replace(/^(xã|phường) /, '') : shortName(p.name);
      const code = `${at.code}.D${pad(g + 1, 4)}`;
      const unit = tree.create({
        code, typeCode: committee ? 'grassroots_committee' : 'grassroots_cell', name: grassrootsName(rng, kind, place, committee),
        parent: at.unit, from: this.founded,
      });
      const oldPlace = `${at.name}, ${at.old.name}`;
      if (plan) moves.push({ unit, to: plan });
      if (!committee) {
        cellOf(unit, kind, at, oldPlace, plan, 1.1);
        grassrootsCells++;
        continue;
      }
      for (let s = rng.int(2, 8); s > 0; s--) {
        const cell = tree.create({
          code: `${code}.C${pad(s, 2)}`, typeCode: 'subordinate_cell', name: `Chi bộ số ${s}`, parent: unit, from: this.founded,
        });
        cellOf(cell, kind, at, oldPlace, plan, 0.9);
        grassrootsCells++;
      }
    }

    // Village and quarter cells of the old communes, with what is left of the cell budget.
    const olds = plans.flatMap((plan) => plan.olds.map((c) => ({ plan, c })));
    const perOld = apportion(Math.max(olds.length, cellsTotal - grassrootsCells), olds.map(() => 0.5 + rng.next()), 1);
    olds.forEach(({ plan, c }, i) => {
      const highland = c.old.region === 'mountain' || c.old.region === 'highland' || c.old.region === 'muong';
      const pool = rng.shuffle([...(highland ? HIGHLAND_VILLAGES : LOWLAND_VILLAGES)]);
      for (let v = 0; v < (perOld[i] as number); v++) {
        const name = c.urban ? `Chi bộ khu phố ${v + 1}` : `Chi bộ thôn ${pool[v] ?? v + 1}`;
        const unit = tree.create({ code: `${c.code}.C${pad(v + 1, 3)}`, typeCode: 'subordinate_cell', name, parent: c.unit, from: this.founded });
        cellOf(unit, c.urban ? 'quarter' : 'village', c, `${c.name}, ${c.old.name.startsWith('tỉnh') ? `${plan.district.name}, ` : ''}${c.old.name}`, plan, 1);
      }
    });

    // 1 July 2025.
    const day = this.reformDay;
    const survivor = oldUnits[0] as number;
    plans.forEach((plan, i) => {
      plan.unit = tree.create({
        code: `T${(p.from[0] as OldProvince).code}.X${pad(i + 1, 3)}`, typeCode: 'commune', name: `Đảng bộ ${plan.name}`,
        parent: survivor, from: day,
      });
      for (const c of plan.olds) {
        for (const cell of [...tree.unit(c.unit).children]) tree.move(cell, plan.unit, day, 'restructured');
        tree.close(c.unit, day);
      }
    });
    for (const m of moves) tree.move(m.unit, m.to.unit, day, 'restructured');
    for (const d of districts.flat()) tree.close(d.unit, day);
    for (const b of blocUnits) if (tree.current(b.unit).parent !== survivor) tree.move(b.unit, survivor, day, 'restructured');
    for (const u of oldUnits.slice(1)) tree.close(u, day);

    for (const cell of cells) cell.places = tree.places(cell.unit);
    return { province: p, unit: survivor, activeMembers, cells, areas: area };
  }
}

/** The tree of a scale; each province's share of the members follows its weight. */
export function buildNationalTree(rng: Random, scale: Scale): NationalTree {
  const b = new TreeBuilder(rng);
  const weightOf = (p: NewProvince) => p.from.reduce((n, o) => n + o.weight, 0);
  const members = apportion(scale.activeMembers, scale.provinces.map(weightOf), 1);
  const provinces = scale.provinces.map((p, i) => b.province(p, members[i] as number));
  return { tree: b.tree, root: b.root, provinces, reformDay: b.reformDay };
}

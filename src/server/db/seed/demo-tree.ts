import { toDay } from './days.ts';
import {
  BLOCS, DISTRICT_MERGERS, DISTRICT_PRIORITY, DISTRICTS, HIGHLAND_VILLAGES, LOWLAND_VILLAGES,
  type BlocData, type CellKind, type DistrictData, type EthnicProfile, type NewCommuneData,
} from './quang-ninh.ts';
import type { Random } from './random.ts';
import { UnitTree } from './unit-tree.ts';

/**
 * The demo province's tree and its history: the province with its district-level committees
 * and, under them, the commune-level grassroots committees and their village and quarter
 * cells; the 2020 merger of Hoành Bồ into Hạ Long; and the reform of 1 July 2025, when the
 * district level was abolished, new communes were created directly under the province, the
 * old cells moved under them and the old committees were closed. Blocs are unaffected.
 * The size follows the number of members: about 28 active members per cell.
 */

export const PROVINCE_FOUNDED = '1963-10-30';
export const REFORM_DATE = '2025-07-01';
const MEMBERS_PER_CELL = 28;
/** Share of generated members still active today (the others died over the ten years). */
const ACTIVE_SHARE = 0.92;
const BLOC_SHARE = 0.2;

export type CellInfo = {
  unit: number;
  kind: CellKind;
  /** Relative size: how often the cell receives new and transferred members. */
  weight: number;
  from: number;
  /** District key or bloc code: transfers mostly stay in the same area. */
  area: string;
  inBloc: boolean;
  profile: EthnicProfile;
  /** Issuer of admission decisions before the reform (district committee, or the bloc). */
  issuer: string;
  /** Address of the cell's place as written before 2025, for members born there. */
  birthPlace: string | null;
  /** Address of the cell's place today. */
  residence: string | null;
  /** The new commune the cell belongs to since the reform, for staffing its office cell. */
  commune: number | null;
  places: { from: number; to: number; pathUnits: readonly number[] }[];
};

export type DemoTree = {
  tree: UnitTree;
  province: number;
  cells: CellInfo[];
  /** New communes (unit numbers) and their office cells (indexes into `cells`), created on the reform date. */
  offices: { commune: number; cell: number }[];
  reformDay: number;
};

type OldCommunePlan = { name: string; cells: number };
type CommunePlan = { data: NewCommuneData; number: number; olds: OldCommunePlan[] };
type DistrictPlan = { data: DistrictData; number: number; communes: CommunePlan[]; agencies: number };

const oldWeight = (name: string) => (name.startsWith('xã') ? 1 : 1.6);
const isUrban = (name: string) => !name.startsWith('xã');
const shortName = (name: string) => name.replace(/^(xã|phường|thị trấn|đặc khu) /, '');
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Cells for communes and for blocs, from the number of members to generate. */
function cellBudget(members: number) {
  const total = Math.max(10, Math.round((members * ACTIVE_SHARE) / MEMBERS_PER_CELL));
  const blocs = Math.max(4, Math.round(total * BLOC_SHARE));
  return { communes: Math.max(4, total - blocs), blocs };
}

/** Which new communes to include (by district priority) and how many cells each former commune gets. */
function planCommunes(budget: number): DistrictPlan[] {
  const chosen: { district: DistrictData; commune: NewCommuneData }[] = [];
  let minimum = 0;
  const byKey = new Map(DISTRICTS.map((d) => [d.key, d]));
  const deepest = Math.max(...DISTRICTS.map((d) => d.communes.length));
  outer: for (let round = 0; round < deepest; round++) {
    for (const key of DISTRICT_PRIORITY) {
      const district = byKey.get(key) as DistrictData;
      const commune = district.communes[round];
      if (!commune) continue;
      // Every former commune needs at least two cells to be a believable committee.
      const need = 2 * commune.formedFrom.length;
      if (chosen.length > 0 && minimum + need > budget) break outer;
      minimum += need;
      chosen.push({ district, commune });
    }
  }
  const totalWeight = chosen.reduce((n, c) => n + c.commune.formedFrom.reduce((m, o) => m + oldWeight(o), 0), 0);
  const plans: DistrictPlan[] = [];
  let communeNumber = 0;
  for (const [i, district] of DISTRICTS.entries()) {
    const communes = district.communes.filter((c) => chosen.some((x) => x.commune === c)).map((data): CommunePlan => ({
      data, number: ++communeNumber,
      olds: data.formedFrom.map((name) => ({
        name, cells: Math.max(2, Math.round((budget * oldWeight(name)) / totalWeight)),
      })),
    }));
    if (communes.length === 0) continue;
    const cells = communes.reduce((n, c) => n + c.olds.reduce((m, o) => m + o.cells, 0), 0);
    plans.push({ data: district, number: i + 1, communes, agencies: Math.min(district.agencies.length, Math.floor(cells / 12)) });
  }
  return plans;
}

/** Institution cells a former commune of this size has besides its village or quarter cells. */
function institutionCells(oldName: string, cells: number): { name: string; kind: CellKind }[] {
  const s = shortName(oldName);
  const rural = [
    { name: `Chi bộ Trường Tiểu học ${s}`, kind: 'school' as const },
    { name: `Chi bộ Trạm Y tế ${oldName}`, kind: 'health' as const },
    { name: `Chi bộ Trường THCS ${s}`, kind: 'school' as const },
    { name: `Chi bộ Trường Mầm non ${s}`, kind: 'school' as const },
  ];
  const urban = [
    { name: `Chi bộ Trường THCS ${s}`, kind: 'school' as const },
    { name: `Chi bộ Trường Tiểu học ${s}`, kind: 'school' as const },
    { name: `Chi bộ Trạm Y tế ${oldName}`, kind: 'health' as const },
    { name: `Chi bộ Trường Mầm non ${s}`, kind: 'school' as const },
  ];
  const count = cells >= 16 ? 4 : cells >= 11 ? 3 : cells >= 7 ? 2 : cells >= 4 ? 1 : 0;
  return (isUrban(oldName) ? urban : rural).slice(0, count);
}

const KIND_WEIGHT: Record<CellKind, number> = {
  village: 1, quarter: 1.2, school: 0.7, health: 0.7, agency: 0.9, enterprise: 1.1, commune_office: 0.5,
};

/** Names village cells of one new commune: distinct names from a pool, then numbers. */
function villageNamer(rng: Random, highland: boolean) {
  const pool = rng.shuffle([...(highland ? HIGHLAND_VILLAGES : LOWLAND_VILLAGES)]);
  let quarter = 0;
  let village = 0;
  return (urban: boolean) => {
    if (urban) return `Chi bộ khu phố ${++quarter}`;
    const name = pool.pop();
    return name ? `Chi bộ thôn ${name}` : `Chi bộ thôn ${++village}`;
  };
}

const HIGHLAND: ReadonlySet<EthnicProfile> = new Set(['binh_lieu', 'ba_che', 'tien_yen', 'dao_highland', 'coast_highland', 'hoanh_bo']);

class DemoTreeBuilder {
  readonly tree = new UnitTree();
  readonly cells: CellInfo[] = [];
  private readonly founded = toDay(PROVINCE_FOUNDED);
  readonly reformDay = toDay(REFORM_DATE);
  readonly province: number;
  private readonly districtUnits = new Map<string, number>();
  /** Former commune committee → the plan of the new commune it went into. */
  private readonly oldCommunes: { unit: number; commune: CommunePlan }[] = [];
  private readonly agencyCells: { unit: number; commune: CommunePlan }[] = [];
  private readonly cellCounters = new Map<number, number>();
  private readonly communeUnits = new Map<CommunePlan, number>();

  constructor(private readonly rng: Random, private readonly prefix: string) {
    this.province = this.tree.create({
      code: prefix, typeCode: 'province', name: 'Đảng bộ tỉnh Quảng Ninh', parent: null, from: this.founded,
    });
  }

  private cellCode(commune: CommunePlan): string {
    const n = (this.cellCounters.get(commune.number) ?? 0) + 1;
    this.cellCounters.set(commune.number, n);
    return `${this.communeCode(commune)}.C${pad(n, 3)}`;
  }

  private communeCode(commune: CommunePlan): string {
    return `${this.prefix}.X${pad(commune.number, 2)}`;
  }

  private addCell(
    unit: number,
    info: Omit<CellInfo, 'unit' | 'weight' | 'places' | 'from' | 'commune' | 'inBloc'> & { from?: number; inBloc?: boolean },
  ) {
    const weight = KIND_WEIGHT[info.kind] * Math.exp(0.3 * this.rng.normal());
    this.cells.push({
      ...info, unit, weight, inBloc: info.inBloc ?? false, from: info.from ?? this.founded, commune: null, places: [],
    });
  }

  /** The old tree: a district committee, its commune-level committees and their cells. */
  addDistrict(plan: DistrictPlan) {
    const { data } = plan;
    const code = `${this.prefix}.H${pad(plan.number, 2)}`;
    const district = this.tree.create({ code, typeCode: 'district', name: `Đảng bộ ${data.name}`, parent: this.province, from: this.founded });
    this.districtUnits.set(data.key, district);
    let oldNumber = 0;
    for (const commune of plan.communes) {
      const profile = commune.data.profile ?? data.profile;
      const nameCell = villageNamer(this.rng, HIGHLAND.has(profile));
      const residence = `${commune.data.name}, tỉnh Quảng Ninh`;
      for (const old of commune.olds) {
        const committee = this.tree.create({
          code: `${code}.X${pad(++oldNumber, 2)}`, typeCode: 'grassroots_committee', name: `Đảng bộ ${old.name}`,
          parent: district, from: this.founded,
        });
        this.oldCommunes.push({ unit: committee, commune });
        const birthPlace = `${old.name}, ${data.name}, tỉnh Quảng Ninh`;
        const institutions = institutionCells(old.name, old.cells);
        for (let i = 0; i < old.cells; i++) {
          const institution = institutions[i];
          const kind: CellKind = institution?.kind ?? (isUrban(old.name) ? 'quarter' : 'village');
          const name = institution?.name ?? nameCell(isUrban(old.name));
          const cell = this.tree.create({ code: this.cellCode(commune), typeCode: 'subordinate_cell', name, parent: committee, from: this.founded });
          this.addCell(cell, { kind, area: data.key, profile, issuer: data.issuer, birthPlace, residence });
        }
      }
    }
    const seat = plan.communes[0] as CommunePlan;
    for (const agency of data.agencies.slice(0, plan.agencies)) {
      const cell = this.tree.create({ code: this.cellCode(seat), typeCode: 'grassroots_cell', name: agency.name, parent: district, from: this.founded });
      this.agencyCells.push({ unit: cell, commune: seat });
      this.addCell(cell, {
        kind: agency.kind, area: data.key, profile: data.profile, issuer: data.issuer, birthPlace: null,
        residence: `${seat.data.name}, tỉnh Quảng Ninh`,
      });
    }
  }

  /** A bloc with grassroots cells and grassroots committees with subordinate cells, within `budget` cells. */
  addBloc(bloc: BlocData, number: number, budget: number) {
    const code = `${this.prefix}.K${number}`;
    const unit = this.tree.create({ code, typeCode: 'bloc', name: bloc.name, parent: this.province, from: this.founded });
    const committees: { unit: number; code: string; kind: CellKind; names: readonly string[]; count: number }[] = [];
    let left = budget;
    let cellNumber = 0;
    for (const item of bloc.items) {
      const cost = item.type === 'cell' ? 1 : 2;
      if (left < cost && committees.length + cellNumber > 0) break;
      left -= cost;
      if (item.type === 'cell') {
        const from = item.from ? toDay(item.from) : this.founded;
        const cell = this.tree.create({ code: `${code}.C${pad(++cellNumber, 2)}`, typeCode: 'grassroots_cell', name: item.name, parent: unit, from });
        this.addCell(cell, { kind: item.kind, area: code, profile: 'province', issuer: 'ĐU', birthPlace: null, residence: null, from, inBloc: true });
      } else {
        const committeeCode = `${code}.D${pad(committees.length + 1, 2)}`;
        const committee = this.tree.create({ code: committeeCode, typeCode: 'grassroots_committee', name: item.name, parent: unit, from: this.founded });
        committees.push({ unit: committee, code: committeeCode, kind: item.kind, names: item.cells, count: 2 });
      }
    }
    // What is left of the budget goes round the committees as more subordinate cells.
    for (let i = 0; left > 0 && committees.length > 0; i++, left--) (committees[i % committees.length] as { count: number }).count += 1;
    for (const c of committees) {
      for (let i = 0; i < c.count; i++) {
        const name = c.names[i] ? `Chi bộ ${c.names[i]}` : `Chi bộ số ${i + 1}`;
        const cell = this.tree.create({ code: `${c.code}.C${pad(i + 1, 2)}`, typeCode: 'subordinate_cell', name, parent: c.unit, from: this.founded });
        this.addCell(cell, { kind: c.kind, area: code, profile: 'province', issuer: 'ĐU', birthPlace: null, residence: null, inBloc: true });
      }
    }
  }

  /** A district merged into another: its committees and cells move under it, and it closes. */
  mergeDistrict(from: string, into: string, on: string, renames: Readonly<Record<string, string>>) {
    const source = this.districtUnits.get(from);
    const target = this.districtUnits.get(into);
    if (source === undefined || target === undefined) return;
    const day = toDay(on);
    for (const child of [...this.tree.unit(source).children]) {
      const name = this.tree.current(child).name.replace(/^Đảng bộ /, '');
      const renamed = renames[name];
      this.tree.move(child, target, day, 'restructured', renamed ? `Đảng bộ ${renamed}` : undefined);
    }
    this.tree.close(source, day, { to: target, kind: 'merged' });
  }

  /** 1 July 2025: communes under the province take the old cells; the district level closes. */
  reform(plans: DistrictPlan[]): { commune: number; cell: number }[] {
    const day = this.reformDay;
    for (const plan of plans) {
      for (const commune of plan.communes) {
        this.communeUnits.set(commune, this.tree.create({
          code: this.communeCode(commune), typeCode: 'commune', name: `Đảng bộ ${commune.data.name}`, parent: this.province, from: day,
        }));
      }
    }
    for (const { unit, commune } of this.oldCommunes) {
      const target = this.communeUnits.get(commune) as number;
      for (const cell of [...this.tree.unit(unit).children]) this.tree.move(cell, target, day, 'restructured');
      this.tree.close(unit, day, { to: target, kind: 'merged' });
    }
    for (const { unit, commune } of this.agencyCells) this.tree.move(unit, this.communeUnits.get(commune) as number, day, 'restructured');
    for (const district of this.districtUnits.values()) {
      if (this.tree.unit(district).to > day) this.tree.close(district, day, { to: this.province, kind: 'abolished' });
    }
    // Each new commune set up a cell for its own offices, staffed by transfers after the reform.
    const offices: { commune: number; cell: number }[] = [];
    for (const [plan, commune] of this.communeUnits) {
      const cell = this.tree.create({
        code: this.cellCode(plan), typeCode: 'subordinate_cell', name: `Chi bộ Cơ quan Ủy ban nhân dân ${plan.data.name}`,
        parent: commune, from: day,
      });
      offices.push({ commune, cell: this.cells.length });
      this.addCell(cell, {
        kind: 'commune_office', area: this.districtOf(plan, plans), profile: plan.data.profile ?? this.profileOf(plan, plans),
        issuer: 'ĐU', birthPlace: null, residence: `${plan.data.name}, tỉnh Quảng Ninh`, from: day,
      });
    }
    return offices;
  }

  /** Fills in what is known only once the history is complete: places and communes of cells. */
  finish() {
    const communes = new Set(this.communeUnits.values());
    for (const cell of this.cells) {
      cell.places = this.tree.places(cell.unit);
      const parent = this.tree.current(cell.unit).parent;
      cell.commune = parent !== null && communes.has(parent) ? parent : null;
    }
  }

  private districtOf(commune: CommunePlan, plans: DistrictPlan[]) {
    return (plans.find((p) => p.communes.includes(commune)) as DistrictPlan).data.key;
  }

  private profileOf(commune: CommunePlan, plans: DistrictPlan[]) {
    return (plans.find((p) => p.communes.includes(commune)) as DistrictPlan).data.profile;
  }
}

/** Builds the demo tree and its history for about `members` members; `prefix` starts every unit code. */
export function buildDemoTree(rng: Random, o: { members: number; prefix: string }): DemoTree {
  const budget = cellBudget(o.members);
  const plans = planCommunes(budget.communes);
  const b = new DemoTreeBuilder(rng, o.prefix);
  for (const plan of plans) b.addDistrict(plan);
  for (const [i, bloc] of BLOCS.entries()) b.addBloc(bloc, i + 1, Math.max(1, Math.round(budget.blocs * bloc.share)));
  for (const m of DISTRICT_MERGERS) b.mergeDistrict(m.from, m.into, m.on, m.renames);
  const offices = b.reform(plans);
  b.finish();
  return { tree: b.tree, province: b.province, cells: b.cells, offices, reformDay: b.reformDay };
}

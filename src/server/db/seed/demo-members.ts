import type { Gender, MemberStatus } from '../../../shared/reference.ts';
import { addMonthsTo, FOREVER, monthsFrom, toDay, toIso, yearOf, yearStart } from './days.ts';
import type { CellInfo, DemoTree } from './demo-tree.ts';
import * as profile from './member-profile.ts';
import { vietnameseName } from './names.ts';
import { OTHER_PROVINCE_PLACES } from './quang-ninh.ts';
import { Weighted, type Random } from './random.ts';

/**
 * The demo members and their history: admission, official recognition twelve months after
 * the oath, transfers between cells and deaths over the ten years, and the staffing of the
 * communes' new office cells after the 2025 reform. Each member's events are then turned
 * into membership spans exactly as the services would have written them, event by event,
 * with the tree's restructures splitting spans where a cell changed place.
 */

export const HISTORY_START = '2016-01-01';
/**
 * Share of members who were already members on 1 Jan 2016 (admitted since 1965). With the
 * yearly weights below it makes admissions per year about the same just before and after
 * 2016 (some 2.7% of the membership a year), as in a party of steady size.
 */
const ADMITTED_BEFORE_HISTORY = 0.74;
/** Members transferred to each new commune's office cell in the weeks after the reform. */
const OFFICE_STAFF = 12;

/** Events that end membership (EXIT_EVENTS in shared/reference.ts). */
export type ExitKind = 'died' | 'deleted' | 'expelled' | 'probation_removed';
export type EventKind = 'admitted' | 'recognized_official' | 'transferred' | ExitKind;
const isExit = (kind: string): kind is ExitKind => kind === 'died' || kind === 'deleted' || kind === 'expelled' || kind === 'probation_removed';
export type SpanReason = 'admitted' | 'recognized_official' | 'transferred' | 'restructured';

export type DemoMember = {
  fullName: string; gender: Gender; birthDate: string; birthPlace: string; hometown: string; residence: string;
  ethnicity: string; religion: string; citizenId: string; phone: string | null; education: string;
  qualification: string; academicTitle: string; theoryLevel: string; occupation: string; position: string | null;
  admissionDecisionDate: string; admissionDecisionNo: string; ceremonyDate: string | null; officialDate: string | null;
  cardNumber: string | null;
};

/** `cell` is the unit concerned: the target cell of a transfer. */
export type DemoEvent = {
  member: number; kind: EventKind; day: number; cell: number; fromCell: number | null; reference: string | null;
};

/** `place` indexes the cell's places (its paths over time); events by index into the event list. */
export type DemoSpan = {
  member: number; cell: number; place: number; status: MemberStatus; from: number; to: number; reason: SpanReason;
  openedBy: number | null; closedBy: number | null;
};

export type DemoMembers = { members: DemoMember[]; events: DemoEvent[]; spans: DemoSpan[] };

/** Values that must stay unique across the whole database (other provinces loaded with --force). */
export type TakenValues = { citizenIds: Set<string>; cardNumbers: Set<string> };

type Move = { kind: 'transferred' | ExitKind; day: number; cell: number };

/** A member being generated; the fields known only once the history is written are filled in then. */
type Plan = {
  member: DemoMember;
  gender: Gender; birthDay: number; admissionDay: number; ceremonyDay: number | null; cell: number;
  officialDay: number | null; moves: Move[];
};

/** Admission age in months: mostly 22-40, never under 18 or over 60 (rules admission.*_age_months). */
const ADMISSION_AGE_MONTHS = new Weighted<[number, number]>([
  [[216, 263], 10], [[264, 311], 25], [[312, 371], 27], [[372, 431], 17], [[432, 491], 10], [[492, 611], 8], [[612, 720], 3],
]);

/** Admission years of members admitted before 2016: even since 1995, fewer before (the older have died). */
const EARLY_ADMISSION_YEARS = new Weighted(
  Array.from({ length: 2015 - 1965 + 1 }, (_, i) => [1965 + i, Math.min(1, Math.exp((1965 + i - 1995) / 10))] as const),
);

/** Yearly death rates by age; 90 and over rise steeply so that nobody grows implausibly old. */
const deathRate = (age: number) =>
  age < 50 ? 0.0008 : age < 60 ? 0.003 : age < 70 ? 0.009 : age < 80 ? 0.025 : age < 90 ? 0.07 : age < 95 ? 0.2 : 0.4;
/** Nobody in the registry was born before this: the oldest members of 2016 were about 90. */
const EARLIEST_BIRTH = toDay('1926-01-01');
const transferRate = (age: number) => (age < 35 ? 0.045 : age < 60 ? 0.025 : 0.008);

/** Draws cells open on a date, by weight: anywhere, in an area, among commune or bloc cells. */
class CellPicker {
  private readonly all: Weighted<number>;
  private readonly communes: Weighted<number>;
  private readonly blocs: Weighted<number>;
  private readonly byArea = new Map<string, Weighted<number>>();

  constructor(private readonly rng: Random, private readonly cells: readonly CellInfo[]) {
    const table = (filter: (c: CellInfo) => boolean) =>
      new Weighted(cells.flatMap((c, i) => (filter(c) ? [[i, c.weight] as const] : [])));
    this.all = table(() => true);
    this.communes = table((c) => !c.inBloc);
    this.blocs = table((c) => c.inBloc);
    for (const area of new Set(cells.map((c) => c.area))) this.byArea.set(area, table((c) => c.area === area));
  }

  forAdmission(day: number): number {
    return this.draw(this.all, day, -1) ?? this.cells.findIndex((c) => c.from <= day);
  }

  /** Most moves stay in the area (a new job or home nearby); some cross the province. */
  forTransfer(from: number, day: number): number | null {
    const r = this.rng.next();
    const area = (this.cells[from] as CellInfo).area;
    const table = r < 0.55 ? (this.byArea.get(area) as Weighted<number>) : r < 0.85 ? this.communes : this.blocs;
    return this.draw(table, day, from);
  }

  private draw(table: Weighted<number>, day: number, except: number): number | null {
    for (let attempt = 0; attempt < 30; attempt++) {
      const i = table.draw(this.rng);
      if (i !== except && (this.cells[i] as CellInfo).from <= day) return i;
    }
    return null;
  }
}

/** A birth date giving an admission age within the rules on `admissionDay`, not before EARLIEST_BIRTH. */
function birthDayFor(rng: Random, admissionDay: number): number {
  for (let attempt = 0; attempt < 10; attempt++) {
    const [lo, hi] = ADMISSION_AGE_MONTHS.draw(rng);
    const birthDay = addMonthsTo(admissionDay, -rng.int(lo, hi)) - rng.int(0, 27);
    const months = monthsFrom(birthDay, admissionDay);
    if (months >= 216 && months <= 720 && birthDay >= EARLIEST_BIRTH) return birthDay;
  }
  return addMonthsTo(admissionDay, -240);
}

class MemberGenerator {
  private readonly picker: CellPicker;
  private readonly todayDay: number;
  private readonly historyDay = toDay(HISTORY_START);
  /** Birth places of the province's own communes, for members of bloc cells born locally. */
  private readonly localPlaces: string[];
  readonly plans: Plan[] = [];

  constructor(private readonly rng: Random, private readonly demo: DemoTree, today: string, private readonly taken: TakenValues) {
    this.picker = new CellPicker(rng, demo.cells);
    this.todayDay = toDay(today);
    this.localPlaces = [...new Set(demo.cells.flatMap((c) => (c.birthPlace ? [c.birthPlace] : [])))];
  }

  private cell(i: number): CellInfo {
    return this.demo.cells[i] as CellInfo;
  }

  /** One member: profile, admission and official dates, and what happened to them since 2016. */
  plan(): void {
    const { rng } = this;
    const admissionDay = this.admissionDay();
    const cellIndex = this.picker.forAdmission(admissionDay);
    const cell = this.cell(cellIndex);
    const gender: Gender = rng.chance(profile.FEMALE_SHARE[cell.kind]) ? 'female' : 'male';
    const birthDay = birthDayFor(rng, admissionDay);
    const { ceremonyDay, officialDay: due } = this.probation(admissionDay);
    const moves = this.lifeAfter(ceremonyDay ?? admissionDay, cellIndex, yearOf(birthDay), due);
    const exit = moves.find((m) => isExit(m.kind));
    // A member who left before the recognition was due was never recognized.
    const officialDay = due !== null && (!exit || due < exit.day) ? due : null;
    const member = this.profile(cell, gender, birthDay, admissionDay, ceremonyDay);
    this.plans.push({ gender, birthDay, admissionDay, ceremonyDay, cell: cellIndex, officialDay, moves, member });
  }

  private admissionDay(): number {
    if (!this.rng.chance(ADMITTED_BEFORE_HISTORY)) return this.rng.int(this.historyDay, this.todayDay);
    const year = EARLY_ADMISSION_YEARS.draw(this.rng);
    return this.rng.int(yearStart(year), yearStart(year + 1) - 1);
  }

  /** The oath days to weeks after the decision; official status 12 months (and some days) after it; null while ahead. */
  private probation(admissionDay: number): { ceremonyDay: number | null; officialDay: number | null } {
    const ceremony = admissionDay + this.rng.int(7, 40);
    if (ceremony > this.todayDay) return { ceremonyDay: null, officialDay: null };
    const official = addMonthsTo(ceremony, 12) + this.rng.int(0, 25);
    return { ceremonyDay: ceremony, officialDay: official <= this.todayDay ? official : null };
  }

  /** The member record as known at admission; what depends on the later history is filled in by the writer. */
  private profile(cell: CellInfo, gender: Gender, birthDay: number, admissionDay: number, ceremonyDay: number | null): DemoMember {
    const { rng } = this;
    const birthYear = yearOf(birthDay);
    const ethnicity = profile.ethnicity(rng, cell.profile);
    const birthPlace = rng.chance(0.7) ? (cell.birthPlace ?? this.anyBirthPlace()) : rng.pick(OTHER_PROVINCE_PLACES);
    const fullName = vietnameseName(rng, gender, ethnicity, birthYear);
    const hometown = rng.chance(0.75) ? birthPlace : rng.pick(OTHER_PROVINCE_PLACES);
    const religion = profile.religion(rng);
    const citizenId = profile.citizenId(rng, gender, birthYear, this.taken.citizenIds);
    const phone = profile.phone(rng);
    const { education, qualification, academicTitle, theoryLevel } =
      profile.schooling(rng, cell.kind, admissionDay > this.todayDay - 3 * 365);
    return {
      fullName, gender, birthDate: toIso(birthDay), birthPlace, hometown, residence: '', ethnicity, religion, citizenId,
      phone, education, qualification, academicTitle, theoryLevel, occupation: '', position: null,
      admissionDecisionDate: toIso(admissionDay), admissionDecisionNo: '',
      ceremonyDate: ceremonyDay === null ? null : toIso(ceremonyDay), officialDate: null, cardNumber: null,
    };
  }

  /** Transfers and death, year by year from 2016 (or the oath), each after the one before. */
  private lifeAfter(start: number, cell: number, birthYear: number, officialDay: number | null): Move[] {
    const { rng } = this;
    const moves: Move[] = [];
    let last = start;
    let current = cell;
    for (let y = Math.max(yearOf(this.historyDay), yearOf(start)); y <= yearOf(this.todayDay); y++) {
      const lo = Math.max(yearStart(y), last + 1);
      const hi = Math.min(yearStart(y + 1) - 1, this.todayDay);
      if (lo > hi) continue;
      const age = y - birthYear;
      const death = rng.chance(deathRate(age)) ? rng.int(lo, hi) : FOREVER;
      if (rng.chance(transferRate(age))) {
        const day = rng.int(lo, hi);
        const target = day < death && day !== officialDay ? this.picker.forTransfer(current, day) : null;
        if (target !== null) {
          moves.push({ kind: 'transferred', day, cell: target });
          current = target;
          last = day;
        }
      }
      if (death !== FOREVER) {
        moves.push({ kind: 'died', day: death, cell: current });
        break;
      }
      const exit = this.otherExit(lo, hi, officialDay);
      if (exit && exit.day > last) {
        moves.push({ ...exit, cell: current });
        break;
      }
    }
    return moves;
  }

  /**
   * Leaving other than by death, in a year from `lo` to `hi`: a probationary member found unfit
   * is removed (about 1 in 100 over the probation); an official one is rarely deleted from the
   * list (missed meetings or dues) and more rarely expelled.
   */
  private otherExit(lo: number, hi: number, officialDay: number | null): { kind: ExitKind; day: number } | null {
    const { rng } = this;
    const day = rng.int(lo, hi);
    const probationary = officialDay === null || day < officialDay;
    if (probationary) return rng.chance(0.008) && day !== officialDay ? { kind: 'probation_removed', day } : null;
    if (rng.chance(0.0015)) return { kind: 'deleted', day };
    return rng.chance(0.0003) ? { kind: 'expelled', day } : null;
  }

  /**
   * After the reform each new commune staffed its office cell by transfer from its other
   * cells: members who were there on the reform date and had no later move planned.
   */
  staffOffices(): void {
    const { rng } = this;
    const reform = this.demo.reformDay;
    const candidates = new Map<number, number[]>();
    for (const [i, p] of this.plans.entries()) {
      if (p.admissionDay >= reform || p.moves.some((m) => m.day >= reform && m.kind === 'transferred')) continue;
      const atReform = p.moves.filter((m) => m.kind === 'transferred' && m.day <= reform).at(-1)?.cell ?? p.cell;
      const commune = this.cell(atReform).commune;
      if (commune === null) continue;
      const list = candidates.get(commune) ?? [];
      list.push(i);
      candidates.set(commune, list);
    }
    for (const office of this.demo.offices) {
      const chosen = rng.shuffle(candidates.get(office.commune) ?? []).slice(0, OFFICE_STAFF);
      for (const i of chosen) {
        const p = this.plans[i] as Plan;
        const day = reform + rng.int(1, 45);
        const death = p.moves.find((m) => isExit(m.kind))?.day ?? FOREVER;
        // Moves come after the oath, as in lifeAfter, and on a day of their own.
        const sworn = p.ceremonyDay !== null && p.ceremonyDay < day;
        if (!sworn || day > this.todayDay || day >= death || day === p.officialDay) continue;
        p.moves.push({ kind: 'transferred', day, cell: office.cell });
        p.moves.sort((a, b) => a.day - b.day);
      }
    }
  }

  private anyBirthPlace(): string {
    return this.localPlaces.length > 0 ? this.rng.pick(this.localPlaces) : 'tỉnh Quảng Ninh';
  }

  get today() {
    return this.todayDay;
  }
}

const CITY_RESIDENCES = ['phường Hồng Gai', 'phường Hạ Long', 'phường Bãi Cháy', 'phường Cao Xanh', 'phường Hà Lầm',
  'phường Việt Hưng', 'phường Tuần Châu', 'phường Hà Tu'].map((w) => `${w}, tỉnh Quảng Ninh`);

/**
 * Writes one member's events and spans in date order, as the services do: every event closes
 * the open span and opens the next; a span that outlives its cell's place in the tree is
 * closed on the day of the restructure and continued under the new path ('restructured').
 */
class HistoryWriter {
  readonly members: DemoMember[] = [];
  readonly events: DemoEvent[] = [];
  readonly spans: DemoSpan[] = [];

  constructor(private readonly rng: Random, private readonly demo: DemoTree, private readonly todayDay: number,
    private readonly taken: TakenValues) {}

  write(p: Plan): void {
    const { rng } = this;
    const member = this.members.length;
    const timeline: (Move | { kind: 'recognized_official'; day: number; cell: number })[] = [...p.moves];
    if (p.officialDay !== null) timeline.push({ kind: 'recognized_official', day: p.officialDay, cell: -1 });
    timeline.sort((a, b) => a.day - b.day);

    const admissionNo = this.reference('QĐ', p.cell, p.admissionDay);
    let cell = p.cell;
    let status: MemberStatus = 'probationary';
    let from = p.admissionDay;
    let reason: SpanReason = 'admitted';
    let openedBy = this.event({ member, kind: 'admitted', day: p.admissionDay, cell, fromCell: null, reference: admissionNo });
    let officialDate: string | null = null;
    let cardNumber: string | null = null;
    let open = true;
    for (const e of timeline) {
      if (e.kind === 'transferred' && e.cell === cell) continue;
      const target = e.kind === 'transferred' ? e.cell : cell;
      let reference: string | null = null;
      if (e.kind === 'recognized_official') {
        reference = this.reference('QĐ', cell, e.day);
        officialDate = toIso(e.day);
        cardNumber = profile.cardNumber(rng, this.taken.cardNumbers);
      } else if (e.kind === 'transferred') {
        reference = this.reference('GGT', cell, e.day);
      } else if (e.kind !== 'died') {
        reference = this.reference('QĐ', cell, e.day);
      }
      const id = this.event({ member, kind: e.kind, day: e.day, cell: target, fromCell: e.kind === 'transferred' ? cell : null, reference });
      this.spanPieces({ member, cell, status, from, to: e.day, reason, openedBy, closedBy: id });
      if (isExit(e.kind)) { open = false; break; }
      if (e.kind === 'recognized_official') { status = 'official'; reason = 'recognized_official'; }
      else { cell = target; reason = 'transferred'; }
      from = e.day;
      openedBy = id;
    }
    if (open) this.spanPieces({ member, cell, status, from, to: FOREVER, reason, openedBy, closedBy: null });

    const end = p.moves.find((m) => isExit(m.kind))?.day ?? this.todayDay;
    const age = Math.floor((end - p.birthDay) / 365.25);
    const last = this.demo.cells[cell] as CellInfo;
    const { occupation, position } = profile.work(rng, last.kind, age);
    const m = p.member;
    m.occupation = occupation;
    m.position = position;
    m.admissionDecisionNo = admissionNo;
    m.officialDate = officialDate;
    m.cardNumber = cardNumber;
    m.residence = last.residence ?? rng.pick(CITY_RESIDENCES);
    this.members.push(m);
  }

  private event(e: DemoEvent): number {
    return this.events.push(e) - 1;
  }

  /** Decision or letter number of the committee deciding for the cell on that day. */
  private reference(type: 'QĐ' | 'GGT', cell: number, day: number): string {
    const issuer = day < this.demo.reformDay ? (this.demo.cells[cell] as CellInfo).issuer : 'ĐU';
    return `${this.rng.int(1, type === 'QĐ' ? 650 : 400)}-${type}/${issuer}`;
  }

  /** One span per place of the cell in the tree over [from, to), as openMembership writes them. */
  private spanPieces(s: Omit<DemoSpan, 'place'>): void {
    const places = (this.demo.cells[s.cell] as CellInfo).places;
    let last: DemoSpan | null = null;
    for (let place = 0; place < places.length; place++) {
      const p = places[place] as CellInfo['places'][number];
      if (p.to <= s.from || p.from >= s.to) continue;
      const first: boolean = last === null;
      last = {
        member: s.member, cell: s.cell, place, status: s.status, from: Math.max(p.from, s.from), to: Math.min(p.to, s.to),
        reason: first ? s.reason : 'restructured', openedBy: first ? s.openedBy : null, closedBy: null,
      };
      this.spans.push(last);
    }
    if (last === null) throw new Error(`Demo members: no place of cell ${s.cell} on ${toIso(s.from)}`);
    last.closedBy = s.closedBy;
  }
}

export function generateMembers(
  rng: Random, demo: DemoTree, o: { count: number; today: string; taken: TakenValues },
): DemoMembers {
  const generator = new MemberGenerator(rng, demo, o.today, o.taken);
  for (let i = 0; i < o.count; i++) generator.plan();
  generator.staffOffices();
  const writer = new HistoryWriter(rng, demo, generator.today, o.taken);
  for (const p of generator.plans) writer.write(p);
  return { members: writer.members, events: writer.events, spans: writer.spans };
}

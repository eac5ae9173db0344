import type { Gender, MemberStatus } from '../shared/reference.ts';
import { DELETION_REASONS } from '../shared/reference.ts';
import { foldForSearch, vietnameseSortKey } from '../shared/text/names.ts';
import { addMonthsTo, FOREVER, monthsFrom, toDay, toIso, yearOf, yearStart } from '../server/db/seed/days.ts';
import type { EventKind, ExitKind, SpanReason } from '../server/db/seed/demo-members.ts';
import * as profile from '../server/db/seed/member-profile.ts';
import { vietnameseName } from '../server/db/seed/names.ts';
import { OTHER_PROVINCE_PLACES } from '../server/db/seed/quang-ninh.ts';
import { Weighted, type Random } from '../server/db/seed/random.ts';
import type { DatasetFiles } from './copy-files.ts';
import type { CountedSpan, KeptCounts } from './kept-counts.ts';
import type { BenchCell, NationalTree, ProvinceCells } from './national-tree.ts';
import { OTHER_FAMILY_NAMES, REGION_ETHNICITY, type Region } from './provinces.ts';

/**
 * Members of one province and twenty years of their history, written row by row to the
 * dataset files: admission (before 2006 for about half of them, since 1960), the oath and
 * official recognition twelve months later, transfers between cells, deaths by age, and the
 * rare deletions, expulsions and removals of probationary members. Each member's events become
 * membership spans exactly as the services write them: every event closes the open span and
 * opens the next, and a span that outlives its cell's place in the tree (the 2025 reform) is
 * closed on that day and continued under the new path ('restructured').
 */

export const HISTORY_START = '2006-01-01';
/** Share of generated members already admitted on 1 Jan 2006; about 3% of the party is admitted each year. */
const ADMITTED_BEFORE_HISTORY = 0.55;
/** Share of generated member records still active today (tuned so that `activeMembers` come out). */
export const ACTIVE_SHARE = 0.865;

/** Admission age in months: mostly 22-40, never under 18 or over 60 (rules admission.*_age_months). */
const ADMISSION_AGE_MONTHS = new Weighted<[number, number]>([
  [[216, 263], 10], [[264, 311], 25], [[312, 371], 27], [[372, 431], 17], [[432, 491], 10], [[492, 611], 8], [[612, 719], 3],
]);
const EARLY_ADMISSION_YEARS = new Weighted(
  Array.from({ length: 2005 - 1960 + 1 }, (_, i) => [1960 + i, Math.min(1, Math.exp((1960 + i - 1990) / 10))] as const),
);
const deathRate = (age: number) =>
  age < 50 ? 0.0008 : age < 60 ? 0.003 : age < 70 ? 0.009 : age < 80 ? 0.025 : age < 90 ? 0.07 : age < 95 ? 0.2 : 0.4;
const transferRate = (age: number) => (age < 35 ? 0.045 : age < 60 ? 0.025 : 0.008);
const EARLIEST_BIRTH = toDay('1920-01-01');

const ETHNICITY: Readonly<Record<Region, Weighted<string>>> = Object.fromEntries(
  Object.entries(REGION_ETHNICITY).map(([region, w]) => [region, new Weighted(Object.entries(w))]),
) as Record<Region, Weighted<string>>;

const isExit = (kind: string): kind is ExitKind =>
  kind === 'died' || kind === 'deleted' || kind === 'expelled' || kind === 'probation_removed';

type Move = { kind: 'transferred' | ExitKind | 'recognized_official'; day: number; cell: number };

export type Ids = { member: number; event: number; span: number };

export type MemberCounts = {
  members: number;
  active: number;
  events: number;
  spans: number;
  byKind: Record<string, number>;
};

export const emptyCounts = (): MemberCounts => ({ members: 0, active: 0, events: 0, spans: 0, byKind: {} });

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Serial numbers unique within a key without remembering the ones given: a counter through a bijection. */
class Serials {
  private readonly next = new Map<string, number>();

  constructor(private readonly modulus: number) {}

  take(key: string): number {
    const n = this.next.get(key) ?? 0;
    this.next.set(key, n + 1);
    let offset = 0;
    for (let i = 0; i < key.length; i++) offset = (offset * 31 + key.charCodeAt(i)) % this.modulus;
    // 7919 is prime and coprime to 10^k: n → 7919n + offset is a permutation of the residues.
    return (n * 7919 + offset) % this.modulus;
  }
}

export class MemberWriter {
  private readonly citizenSerials = new Serials(1_000_000);
  private readonly cardSerials = new Serials(10_000_000);
  private readonly nameKeys = new Map<string, [string, string]>();
  private readonly todayDay: number;
  private readonly historyDay = toDay(HISTORY_START);

  /** Where rows go: each province gets files of its own. */
  files: Pick<DatasetFiles, 'members' | 'member_events' | 'membership_spans'> | null = null;
  /** The spans of the member being written, for the kept counts. */
  private readonly memberSpans: CountedSpan[] = [];

  constructor(private readonly ids: Ids, readonly counts: MemberCounts, today: string, private readonly kept: KeptCounts | null = null) {
    this.todayDay = toDay(today);
  }

  /**
   * `count` member records in the province's cells. Every few thousand members the event
   * loop gets a turn, so that a COPY of the previous province streams on meanwhile.
   */
  async province(rng: Random, national: NationalTree, pc: ProvinceCells, count: number): Promise<void> {
    const { cells } = pc;
    const all = new Weighted(cells.map((c, i) => [i, c.weight] as const));
    const byArea = new Map<number, Weighted<number>>();
    const areaCells = new Map<number, [number, number][]>();
    cells.forEach((c, i) => {
      const list = areaCells.get(c.area) ?? [];
      list.push([i, c.weight]);
      areaCells.set(c.area, list);
    });
    for (const [area, list] of areaCells) byArea.set(area, new Weighted(list));
    // Paths of each cell's places, made once per place rather than once per span.
    const paths = cells.map((c) => c.places.map((p) => `${p.pathUnits.map((u) => u + 1).join('.')}.`));
    for (let i = 0; i < count; i++) {
      if (i % 2_000 === 1_999) await new Promise((resolve) => setImmediate(resolve));
      this.member(rng, national, cells, paths, all, byArea);
    }
  }

  private member(
    rng: Random, national: NationalTree, cells: readonly BenchCell[], paths: readonly string[][],
    all: Weighted<number>, byArea: ReadonlyMap<number, Weighted<number>>,
  ): void {
    const today = this.todayDay;
    let admissionDay = rng.int(this.historyDay, today);
    if (rng.chance(ADMITTED_BEFORE_HISTORY)) {
      const y = EARLY_ADMISSION_YEARS.draw(rng);
      admissionDay = rng.int(yearStart(y), yearStart(y + 1) - 1);
    }
    const firstCell = all.draw(rng);
    const cell = cells[firstCell] as BenchCell;
    const gender: Gender = rng.chance(profile.FEMALE_SHARE[cell.kind]) ? 'female' : 'male';
    const birthDay = birthDayFor(rng, admissionDay);
    const birthYear = yearOf(birthDay);

    const ceremony = admissionDay + rng.int(7, 40);
    const ceremonyDay = ceremony <= today ? ceremony : null;
    const official = ceremonyDay === null ? null : addMonthsTo(ceremonyDay, 12) + rng.int(0, 25);
    const dueDay = official !== null && official <= today ? official : null;

    // What happened since 2006 (or the oath), year by year, each move after the one before.
    const moves: Move[] = [];
    let last = Math.max(ceremonyDay ?? admissionDay, admissionDay);
    let current = firstCell;
    let exitDay = FOREVER;
    for (let y = Math.max(yearOf(this.historyDay), yearOf(last)); y <= yearOf(today); y++) {
      const lo = Math.max(yearStart(y), last + 1);
      const hi = Math.min(yearStart(y + 1) - 1, today);
      if (lo > hi) continue;
      const age = y - birthYear;
      const death = rng.chance(deathRate(age)) ? rng.int(lo, hi) : FOREVER;
      if (rng.chance(transferRate(age))) {
        const day = rng.int(lo, hi);
        if (day < death && day !== dueDay) {
          const area = byArea.get(cell.area) as Weighted<number>;
          for (let attempt = 0; attempt < 10; attempt++) {
            const target = (rng.chance(0.55) ? area : all).draw(rng);
            if (target === current) continue;
            moves.push({ kind: 'transferred', day, cell: target });
            current = target;
            last = day;
            break;
          }
        }
      }
      if (death !== FOREVER) {
        if (death > last) { moves.push({ kind: 'died', day: death, cell: current }); exitDay = death; }
        break;
      }
      const day = rng.int(lo, hi);
      const probationary = dueDay === null || day < dueDay;
      const exit: ExitKind | null = probationary
        ? (rng.chance(0.008) && day !== dueDay ? 'probation_removed' : null)
        : rng.chance(0.0015) ? 'deleted' : rng.chance(0.0003) ? 'expelled' : null;
      if (exit && day > last && day !== dueDay) {
        moves.push({ kind: exit, day, cell: current });
        exitDay = day;
        break;
      }
    }
    const officialDay = dueDay !== null && dueDay < exitDay ? dueDay : null;
    if (officialDay !== null) moves.push({ kind: 'recognized_official', day: officialDay, cell: -1 });
    moves.sort((a, b) => a.day - b.day);

    // Events and spans in date order.
    const memberId = this.ids.member++;
    const reform = national.reformDay;
    const ref = (type: string, c: number, day: number) => reference(rng, type, (cells[c] as BenchCell).issuer, day < reform);
    const admissionNo = ref('QĐ', firstCell, admissionDay);
    const ceremonyDate = ceremonyDay === null ? null : toIso(ceremonyDay);
    let cardNumber: string | null = null;
    const place = (c: number, day: number) => ({ cell: cells[c] as BenchCell, paths: paths[c] as string[], day });
    let openedBy = this.event(memberId, 'admitted', place(firstCell, admissionDay), JSON.stringify({ decisionNo: admissionNo, ceremonyDate }));
    let at = firstCell;
    let status: MemberStatus = 'probationary';
    let from = admissionDay;
    let reason: SpanReason = 'admitted';
    let open = true;
    let lastPath = '';
    for (const m of moves) {
      if (m.kind === 'transferred' && m.cell === at) continue;
      const target = m.kind === 'transferred' ? m.cell : at;
      let details: string;
      if (m.kind === 'recognized_official') {
        cardNumber = `${cell.old.code.slice(1)}${pad(this.cardSerials.take(cell.old.code), 7)}`;
        details = JSON.stringify({ decisionNo: ref('QĐ', at, m.day), cardNumber });
      } else if (m.kind === 'transferred') {
        details = JSON.stringify({ fromUnitId: (cells[at] as BenchCell).unit + 1, letterNo: ref('GGT', at, m.day) });
      } else if (m.kind === 'died') {
        details = '{}';
      } else if (m.kind === 'deleted') {
        details = JSON.stringify({ reason: DELETION_REASONS[memberId % 4], decisionNo: ref('QĐ', at, m.day) });
      } else if (m.kind === 'expelled') {
        details = JSON.stringify({ decisionNo: ref('QĐ', at, m.day), issuer: 'Ủy ban Kiểm tra Tỉnh ủy' });
      } else {
        details = JSON.stringify({ decisionNo: ref('QĐ', at, m.day) });
      }
      const id = this.event(memberId, m.kind, place(target, m.day), details);
      lastPath = this.spans(memberId, cells[at] as BenchCell, paths[at] as string[], status, from, m.day, reason, openedBy, id);
      if (isExit(m.kind)) { open = false; break; }
      if (m.kind === 'recognized_official') { status = 'official'; reason = 'recognized_official'; }
      else { at = target; reason = 'transferred'; }
      from = m.day;
      openedBy = id;
    }
    if (open) {
      lastPath = this.spans(memberId, cells[at] as BenchCell, paths[at] as string[], status, from, FOREVER, reason, openedBy, null);
      this.counts.active++;
    }

    // The record as it stands today.
    const ethnicity = ETHNICITY[cell.region].draw(rng);
    let fullName = vietnameseName(rng, gender, ethnicity, birthYear);
    const families = OTHER_FAMILY_NAMES[ethnicity];
    if (families) fullName = `${rng.pick(families)} ${fullName.slice(fullName.indexOf(' ') + 1)}`;
    let keys = this.nameKeys.get(fullName);
    if (!keys) {
      keys = [foldForSearch(fullName), vietnameseSortKey(fullName)];
      if (this.nameKeys.size < 2_000_000) this.nameKeys.set(fullName, keys);
    }
    const r = rng.next();
    const birthPlace = r < 0.7 ? cell.oldPlace : r < 0.9 ? (cells[rng.int(0, cells.length - 1)] as BenchCell).oldPlace : rng.pick(OTHER_PROVINCE_PLACES);
    const hometown = rng.chance(0.75) ? birthPlace : (cells[rng.int(0, cells.length - 1)] as BenchCell).oldPlace;
    const centuryAndGender = (birthYear >= 2000 ? 2 : 0) + (gender === 'female' ? 1 : 0);
    const idKey = `${cell.old.code}${centuryAndGender}${pad(birthYear % 100, 2)}`;
    const citizenId = `${idKey}${pad(this.citizenSerials.take(idKey), 6)}`;
    const schooling = profile.schooling(rng, cell.kind, admissionDay > today - 3 * 365);
    const lastCell = cells[at] as BenchCell;
    const end = exitDay === FOREVER ? today : exitDay;
    const job = profile.work(rng, lastCell.kind, Math.floor((end - birthDay) / 365.25));
    const religion = profile.religion(rng);
    const phone = profile.phone(rng);
    this.kept?.member({
      gender, birth: birthDay, ethnicity, religion,
      education: schooling.education, qualification: schooling.qualification, theoryLevel: schooling.theoryLevel,
    }, this.memberSpans);
    this.memberSpans.length = 0;
    this.out.members.row([
      memberId, fullName, gender, toIso(birthDay), birthPlace, hometown, lastCell.newPlace, ethnicity, religion,
      citizenId, phone, schooling.education, schooling.qualification, schooling.academicTitle,
      schooling.theoryLevel, job.occupation, job.position, toIso(admissionDay), admissionNo, ceremonyDate,
      officialDay === null ? null : toIso(officialDay), cardNumber, lastPath, keys[0], keys[1],
    ]);
    this.counts.members++;
  }

  private get out() {
    if (!this.files) throw new Error('Bench members: no files to write to');
    return this.files;
  }

  /** An event in a cell on a day, filed under the cell's path of that day. */
  private event(memberId: number, kind: EventKind, at: { cell: BenchCell; paths: readonly string[]; day: number }, details: string): number {
    const id = this.ids.event++;
    const placeIndex = at.cell.places.findIndex((p) => p.from <= at.day && at.day < p.to);
    const path = at.paths[placeIndex === -1 ? at.cell.places.length - 1 : placeIndex] as string;
    this.out.member_events.row([id, memberId, kind, toIso(at.day), at.cell.unit + 1, path, details]);
    this.kept?.event(path, at.day, kind);
    this.counts.events++;
    this.counts.byKind[kind] = (this.counts.byKind[kind] ?? 0) + 1;
    return id;
  }

  /** One span per place of the cell over [from, to), as openMembership writes them; the last one's path. */
  private spans(
    memberId: number, cell: BenchCell, paths: readonly string[], status: MemberStatus, from: number, to: number,
    reason: SpanReason, openedBy: number, closedBy: number | null,
  ): string {
    let first = true;
    let lastPath = '';
    const pieces = cell.places.filter((p) => p.to > from && p.from < to);
    pieces.forEach((p, k) => {
      const path = paths[cell.places.indexOf(p)] as string;
      const isLast = k === pieces.length - 1;
      const span = { path, status, from: Math.max(p.from, from), to: Math.min(p.to, to) };
      this.memberSpans.push(span);
      this.out.membership_spans.row([
        this.ids.span++, memberId, cell.unit + 1, path, status, toIso(span.from), toIso(span.to),
        first ? reason : 'restructured', first ? openedBy : null, isLast ? closedBy : null,
      ]);
      this.counts.spans++;
      first = false;
      lastPath = path;
    });
    if (pieces.length === 0) throw new Error(`Bench members: no place of unit ${cell.unit} on ${toIso(from)}`);
    return lastPath;
  }
}

/** Decision or letter number: of the district or bloc committee before the reform, of the commune's after. */
function reference(rng: Random, type: string, issuer: string, beforeReform: boolean): string {
  return `${rng.int(1, type === 'QĐ' ? 650 : 400)}-${type}/${beforeReform ? issuer : 'ĐU'}`;
}

/** A birth date giving an admission age within the rules on `admissionDay`. */
function birthDayFor(rng: Random, admissionDay: number): number {
  for (let attempt = 0; attempt < 10; attempt++) {
    const [lo, hi] = ADMISSION_AGE_MONTHS.draw(rng);
    const birthDay = addMonthsTo(admissionDay, -rng.int(lo, hi)) - rng.int(0, 27);
    const months = monthsFrom(birthDay, admissionDay);
    if (months >= 216 && months <= 720 && birthDay >= EARLIEST_BIRTH) return birthDay;
  }
  return addMonthsTo(admissionDay, -240);
}

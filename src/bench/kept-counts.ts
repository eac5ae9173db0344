import { civil, dayOf, FOREVER, toIso } from '../server/db/seed/days.ts';
import type { TableFile } from './copy-files.ts';

/**
 * The kept counts of the generated spans, unit versions and events (migration 0017), worked
 * out while generating:
 * the bulk load bypasses the triggers that keep them, and recomputing them in the database
 * afterwards would read 20 million spans again. The rules are those of
 * `member_count_contributions`, on day numbers: each span adds +1 on the day it opens and -1
 * on the day it closes to the nation and to its province under every breakdown, and moves
 * its member's age band on the 31st, 41st, 51st, 61st and 71st birthdays while it lasts; each
 * unit version does the same under its unit's type, each event adds 1 on its day.
 * `partywork bench` checks them against a recount after the load.
 */

/** Days covered: spans open from 1960, the last band changes come some 71 years after a birth. */
const FIRST_DAY = dayOf(1950, 1, 1);
const LAST_DAY = dayOf(2100, 1, 1);
const DAYS = LAST_DAY - FIRST_DAY;
/** Room for every breakdown key (about 90: 54 ethnicities and the reference lists). */
const MAX_KEYS = 160;
/** Room for every kind of event. */
const MAX_KINDS = 24;
const BIRTHDAYS = [31, 41, 51, 61, 71] as const;
const BANDS = ['up_to_30', '31_40', '41_50', '51_60', '61_70', 'over_70'] as const;

/** Whole years from `birth` to `day`, as age() counts them. */
export function ageYears(birth: number, day: number): number {
  const b = civil(birth);
  const d = civil(day);
  return d.year - b.year - (d.month < b.month || (d.month === b.month && d.day < b.day) ? 1 : 0);
}

export function ageBand(birth: number, day: number): string {
  const y = ageYears(birth, day);
  return y <= 30 ? BANDS[0] : y <= 40 ? BANDS[1] : y <= 50 ? BANDS[2] : y <= 60 ? BANDS[3] : y <= 70 ? BANDS[4] : BANDS[5];
}

/** The first day the member is `years` old (29 February comes on 1 March in other years). */
export function birthday(birth: number, years: number): number {
  const b = civil(birth);
  const y = b.year + years;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return b.month === 2 && b.day === 29 && !leap ? dayOf(y, 3, 1) : dayOf(y, b.month, b.day);
}

/** The counted units above (or at) a path: its first one and two ids (member_count_nodes). */
function countedNodes(path: string): string[] {
  const at = path.indexOf('.');
  const second = path.indexOf('.', at + 1);
  return second === -1 ? [path.slice(0, at + 1)] : [path.slice(0, at + 1), path.slice(0, second + 1)];
}

export type CountedMember = {
  gender: string; birth: number; ethnicity: string; religion: string;
  education: string | null; qualification: string | null; theoryLevel: string | null;
};

export type CountedSpan = { path: string; status: string; from: number; to: number };

export class KeptCounts {
  private readonly keys = new Map<string, number>();
  private readonly keyNames: [string, string][] = [];
  private readonly nodes = new Map<string, Int32Array>();
  private readonly kinds = new Map<string, number>();
  private readonly kindNames: string[] = [];
  private readonly eventNodes = new Map<string, Int32Array>();

  /** Units by type: few rows (a version opens and closes once), kept apart from the dense arrays. */
  private readonly unitNodes = new Map<string, Map<number, number>>();

  /** Adds a unit version of a unit of type `type` at `path` over [from, to). */
  unit(path: string, from: number, to: number, type: string): void {
    const k = this.key('unit_type', type);
    for (const node of countedNodes(path)) {
      let counts = this.unitNodes.get(node);
      if (!counts) {
        counts = new Map();
        this.unitNodes.set(node, counts);
      }
      counts.set(from * MAX_KEYS + k, (counts.get(from * MAX_KEYS + k) ?? 0) + 1);
      if (to !== FOREVER) counts.set(to * MAX_KEYS + k, (counts.get(to * MAX_KEYS + k) ?? 0) - 1);
    }
  }

  /** Adds an event filed under `path` on `day`. */
  event(path: string, day: number, kind: string): void {
    let k = this.kinds.get(kind);
    if (k === undefined) {
      k = this.kindNames.length;
      if (k >= MAX_KINDS) throw new Error(`Kept counts: more than ${MAX_KINDS} kinds of event`);
      this.kinds.set(kind, k);
      this.kindNames.push(kind);
    }
    if (day < FIRST_DAY || day >= LAST_DAY) throw new Error(`Kept counts: day ${toIso(day)} outside the range kept`);
    for (const node of countedNodes(path)) {
      let counts = this.eventNodes.get(node);
      if (!counts) {
        counts = new Int32Array(DAYS * MAX_KINDS);
        this.eventNodes.set(node, counts);
      }
      const i = (day - FIRST_DAY) * MAX_KINDS + k;
      counts[i] = (counts[i] as number) + 1;
    }
  }

  /** Adds a member's spans (their fields as the member row holds them). */
  member(m: CountedMember, spans: readonly CountedSpan[]): void {
    const fixed = [
      this.key('gender', m.gender), this.key('ethnicity', m.ethnicity), this.key('religion', m.religion),
      this.key('education', m.education ?? 'unknown'), this.key('qualification', m.qualification ?? 'unknown'),
      this.key('theory_level', m.theoryLevel ?? 'unknown'),
    ];
    const crossings = BIRTHDAYS.map((y) => birthday(m.birth, y));
    for (const s of spans) {
      const status = this.key('status', s.status);
      for (const node of countedNodes(s.path)) {
        const counts = this.counts(node);
        const add = (day: number, key: number, delta: number) => {
          if (day < FIRST_DAY || day >= LAST_DAY) throw new Error(`Kept counts: day ${toIso(day)} outside the range kept`);
          const i = (day - FIRST_DAY) * MAX_KEYS + key;
          counts[i] = (counts[i] as number) + delta;
        };
        for (const key of [status, ...fixed]) {
          add(s.from, key, 1);
          if (s.to !== FOREVER) add(s.to, key, -1);
        }
        add(s.from, this.key('age_band', ageBand(m.birth, s.from)), 1);
        if (s.to !== FOREVER) add(s.to, this.key('age_band', ageBand(m.birth, s.to - 1)), -1);
        for (const c of crossings) {
          if (c > s.from && c < s.to) {
            add(c, this.key('age_band', ageBand(m.birth, c - 1)), -1);
            add(c, this.key('age_band', ageBand(m.birth, c)), 1);
          }
        }
      }
    }
  }

  /**
   * Writes the rows of the nodes `which` chooses (all when omitted) and forgets them: a
   * province's when it is done, the nation's at the end.
   */
  write(
    { days, months, years, events }: { days: TableFile; months: TableFile; years: TableFile; events: TableFile },
    which: (node: string) => boolean = () => true,
  ): void {
    for (const [node, counts] of this.eventNodes) {
      if (!which(node)) continue;
      for (let d = 0; d < DAYS; d++) {
        for (let k = 0; k < this.kindNames.length; k++) {
          const count = counts[d * MAX_KINDS + k] as number;
          if (count !== 0) events.row([node, toIso(FIRST_DAY + d), this.kindNames[k], count]);
        }
      }
      this.eventNodes.delete(node);
    }
    for (const [node, counts] of this.unitNodes) {
      if (!which(node)) continue;
      const monthly = new Map<string, number>();
      for (const [at, delta] of [...counts].sort((a, b) => a[0] - b[0])) {
        if (delta === 0) continue;
        const k = ((at % MAX_KEYS) + MAX_KEYS) % MAX_KEYS;
        const iso = toIso((at - k) / MAX_KEYS);
        const [dimension, key] = this.keyNames[k] as [string, string];
        days.row([node, iso, dimension, key, delta]);
        const mk = `${iso.slice(0, 8)}01\t${k}`;
        monthly.set(mk, (monthly.get(mk) ?? 0) + delta);
      }
      this.writeRollups(months, years, node, monthly);
      this.unitNodes.delete(node);
    }
    for (const [node, counts] of this.nodes) {
      if (!which(node)) continue;
      const monthly = new Map<string, number>();
      for (let d = 0; d < DAYS; d++) {
        const base = d * MAX_KEYS;
        let iso: string | null = null;
        let month: string | null = null;
        for (let k = 0; k < this.keyNames.length; k++) {
          const delta = counts[base + k] as number;
          if (delta === 0) continue;
          iso ??= toIso(FIRST_DAY + d);
          month ??= `${iso.slice(0, 8)}01`;
          const [dimension, key] = this.keyNames[k] as [string, string];
          days.row([node, iso, dimension, key, delta]);
          const mk = `${month}\t${k}`;
          monthly.set(mk, (monthly.get(mk) ?? 0) + delta);
        }
      }
      this.writeRollups(months, years, node, monthly);
      this.nodes.delete(node);
    }
  }

  /** A node's sums per month ('YYYY-MM-01\tkey index') and per year. */
  private writeRollups(months: TableFile, years: TableFile, node: string, monthly: ReadonlyMap<string, number>): void {
    const yearly = new Map<string, number>();
    for (const [mk, delta] of monthly) {
      const yk = `${mk.slice(0, 4)}-01-01${mk.slice(10)}`;
      yearly.set(yk, (yearly.get(yk) ?? 0) + delta);
      if (delta === 0) continue;
      const [month, k] = mk.split('\t') as [string, string];
      const [dimension, key] = this.keyNames[Number(k)] as [string, string];
      months.row([node, month, dimension, key, delta]);
    }
    for (const [yk, delta] of yearly) {
      if (delta === 0) continue;
      const [year, k] = yk.split('\t') as [string, string];
      const [dimension, key] = this.keyNames[Number(k)] as [string, string];
      years.row([node, year, dimension, key, delta]);
    }
  }

  private key(dimension: string, key: string): number {
    const name = `${dimension}\t${key}`;
    let k = this.keys.get(name);
    if (k === undefined) {
      k = this.keyNames.length;
      if (k >= MAX_KEYS) throw new Error(`Kept counts: more than ${MAX_KEYS} breakdown keys`);
      this.keys.set(name, k);
      this.keyNames.push([dimension, key]);
    }
    return k;
  }

  private counts(node: string): Int32Array {
    let counts = this.nodes.get(node);
    if (!counts) {
      counts = new Int32Array(DAYS * MAX_KEYS);
      this.nodes.set(node, counts);
    }
    return counts;
  }
}

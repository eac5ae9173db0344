/**
 * A seeded pseudo-random generator (sfc32). Math.random cannot be seeded, and the demo data
 * must come out the same for the same seed on every machine, so the generator is our own.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `stream` gives independent sequences from one seed (the tree, the members, …). */
  constructor(seed: number, stream = 0) {
    this.a = 0x9e3779b9 ^ stream;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162 ^ Math.floor(seed / 0x1_0000_0000);
    this.d = seed >>> 0;
    // The first outputs of sfc32 still show the seed; discard them.
    for (let i = 0; i < 20; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 0x1_0000_0000;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }

  /** Fisher-Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }
}

/** A discrete distribution; draws in O(log n) by binary search over cumulative weights. */
export class Weighted<T> {
  private readonly values: T[] = [];
  private readonly cumulative: number[] = [];
  private total = 0;

  constructor(entries: Iterable<readonly [T, number]>) {
    for (const [value, weight] of entries) {
      if (weight <= 0) continue;
      this.total += weight;
      this.values.push(value);
      this.cumulative.push(this.total);
    }
    if (this.values.length === 0) throw new Error('A weighted table needs at least one positive weight');
  }

  /** From a record of value → weight, for string vocabularies. */
  static of<K extends string>(weights: Readonly<Partial<Record<K, number>>>): Weighted<K> {
    return new Weighted(Object.entries(weights) as [K, number][]);
  }

  draw(rng: Random): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo] as T;
  }
}

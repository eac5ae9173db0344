/**
 * Legal dates as whole day numbers (days since 1970-01-01) while generating: the generator
 * compares and shifts dates millions of times, and integer arithmetic without Date objects
 * or strings keeps a 200,000-member province fast. ISO strings are made only when rows are
 * written. `FOREVER` stands for the open end 'infinity'. Month arithmetic follows
 * shared/dates.ts exactly (the services' rules), on the proleptic Gregorian calendar.
 */

export const FOREVER = Number.POSITIVE_INFINITY;

/** Day number of a calendar date (H. Hinnant's days_from_civil). */
export function dayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Calendar date of a day number (H. Hinnant's civil_from_days). */
export function civil(n: number): { year: number; month: number; day: number } {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day: dayOfYear - Math.floor((153 * mp + 2) / 5) + 1 };
}

export function toDay(iso: string): number {
  return dayOf(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

/** Formatted days, kept: a province's rows hold millions of dates but only some 40,000 distinct days. */
const isoCache = new Map<number, string>();
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function toIso(n: number): string {
  let iso = isoCache.get(n);
  if (iso === undefined) {
    if (n === FOREVER) return 'infinity';
    const { year, month, day } = civil(n);
    iso = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
    isoCache.set(n, iso);
  }
  return iso;
}

export function yearOf(n: number): number {
  return civil(n).year;
}

export function yearStart(year: number): number {
  return dayOf(year, 1, 1);
}

/** Adds whole months; a day missing in the target month becomes its last day (as addMonths). */
export function addMonthsTo(n: number, months: number): number {
  const { year, month, day } = civil(n);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const last = dayOf(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - dayOf(y, m, 1);
  return dayOf(y, m, Math.min(day, last));
}

/** Whole months from `from` to `to` (as monthsBetween: age in months from a birth date). */
export function monthsFrom(from: number, to: number): number {
  const f = civil(from);
  const t = civil(to);
  return (t.year - f.year) * 12 + (t.month - f.month) - (t.day < f.day ? 1 : 0);
}

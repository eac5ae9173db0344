import type { Locale } from '../reference.ts';

/**
 * Intl's defaults differ from what users read: plain `ar` prints Latin digits and `fa`
 * switches to the Solar Hijri calendar. Committees in these languages read Arabic-Indic
 * (ar) or Persian (fa) digits on Gregorian dates, so both are asked for explicitly.
 */
const INTL_LOCALE: Record<Locale, string> = {
  vi: 'vi-VN',
  en: 'en-GB',
  ru: 'ru-RU',
  ar: 'ar-EG-u-nu-arab-ca-gregory',
  fa: 'fa-IR-u-nu-arabext-ca-gregory',
};

export function intlLocale(locale: Locale): string {
  return INTL_LOCALE[locale];
}

export function formatNumber(locale: Locale, value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale], options).format(value);
}

/** A YYYY-MM-DD legal date as the reader writes it (dd/mm/yyyy in Vietnamese). */
export function formatDate(locale: Locale, isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  if (!y || !m || !d) return isoDate;
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

import i18next, { type i18n } from 'i18next';
import { DEFAULT_LOCALE, LOCALES, RTL_LOCALES, type Locale } from '../reference.ts';
import type { Catalog } from './catalog.ts';
import { formatDate, formatNumber } from './format.ts';
import { ar } from './locales/ar.ts';
import { en } from './locales/en.ts';
import { fa } from './locales/fa.ts';
import { ru } from './locales/ru.ts';
import { vi } from './locales/vi.ts';

export const catalogs: Record<Locale, Catalog> = { vi, en, ru, ar, fa };

// i18next for interpolation and plural rules (Russian and Arabic have several plural forms).
const instance: i18n = i18next.createInstance();
void instance.init({
  initAsync: false,
  lng: DEFAULT_LOCALE,
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...LOCALES],
  resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: catalogs[l] }])),
  interpolation: { escapeValue: false },
  returnNull: false,
});

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A name kept in several languages (unit type names, ...): the reader's language is shown. */
export type LocalizedName = Readonly<Partial<Record<Locale, string>>>;

export type Params = Record<string, string | number | boolean | null | undefined | readonly string[] | LocalizedName>;

/** Numbers and legal dates in parameters are written the way the reader writes them. */
function localizeParams(locale: Locale, params: Params): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined) continue;
    if (key === 'count' && typeof value === 'number') {
      out.count = value; // i18next picks the plural form from the raw number
      out.countText = formatNumber(locale, value);
    } else if (typeof value === 'number') {
      // A year names a time, it is no quantity: 2025 in every language, never 2.025 or 2,025.
      out[key] = formatNumber(locale, value, /year$/i.test(key) ? { useGrouping: false } : undefined);
    }
    else if (typeof value === 'string' && ISO_DATE.test(value)) out[key] = formatDate(locale, value);
    else if (Array.isArray(value)) {
      // Arabic script separates a list with its own comma.
      const separator = RTL_LOCALES.has(locale) ? '، ' : ', ';
      out[key] = value.map((v) => (ISO_DATE.test(v) ? formatDate(locale, v) : /^\d+$/.test(v) ? formatNumber(locale, Number(v)) : v)).join(separator);
    }
    else if (typeof value === 'object') {
      const names = value as LocalizedName;
      out[key] = names[locale] ?? names.vi ?? Object.values(names)[0] ?? '';
    }
    else out[key] = String(value);
  }
  return out;
}

/**
 * `key` is a dotted path into the catalog, e.g. `errors.not_found`. A numeric `count` selects
 * the plural form; catalogs show it as {{countText}}, written in the reader's digits.
 */
export function translate(locale: Locale, key: string, params: Params = {}): string {
  const localized = localizeParams(locale, params);
  return instance.t(key, { lng: locale, ...localized });
}

export function hasKey(key: string): boolean {
  return instance.exists(key, { lng: DEFAULT_LOCALE });
}

/**
 * The best supported language for an Accept-Language header (q-values honoured),
 * Vietnamese when none matches.
 */
export function pickLocale(header: string | undefined | null): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...attrs] = part.trim().split(';');
      const q = attrs.map((a) => a.trim()).find((a) => a.startsWith('q='));
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((r) => r.lang && Number.isFinite(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const r of ranked) {
    if ((LOCALES as readonly string[]).includes(r.lang)) return r.lang as Locale;
  }
  return DEFAULT_LOCALE;
}

import type { Locale as AntdLocale } from 'antd/es/locale';
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import preParsePostFormat from 'dayjs/plugin/preParsePostFormat';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LOCALE, LOCALES, RTL_LOCALES, type Locale } from '../../shared/reference.ts';
import { setApiLanguage } from '../api/client.ts';

/**
 * Languages of the web app. Each language is one lazily loaded pack: the shared catalog (field
 * and enum labels, the messages the server also uses), the screens' own strings (`ui`), Ant
 * Design's locale and day.js's. Only the language in use is downloaded.
 */

// The date pickers write digits as the language does (Arabic-Indic in ar, Persian in fa) and
// read them back. customParseFormat first, so that preparse runs before it parses.
dayjs.extend(customParseFormat);
dayjs.extend(preParsePostFormat);

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
const toPersianDigits = (s: string) => s.replace(/[0-9]/g, (d) => PERSIAN_DIGITS[Number(d)] ?? d);
const fromPersianDigits = (s: string) => s.replace(/[۰-۹]/g, (d) => String(PERSIAN_DIGITS.indexOf(d)));

type Pack = { catalog: object; ui: object; antd: AntdLocale };

const PACKS: Record<Locale, () => Promise<Pack>> = {
  vi: async () => {
    const [c, u, a] = await Promise.all([
      import('../../shared/i18n/locales/vi.ts'), import('./ui/vi.ts'), import('antd/es/locale/vi_VN'), import('dayjs/locale/vi'),
    ]);
    return { catalog: c.vi, ui: u.viUi, antd: a.default };
  },
  en: async () => {
    const [c, u, a] = await Promise.all([
      import('../../shared/i18n/locales/en.ts'), import('./ui/en.ts'), import('antd/es/locale/en_US'),
    ]);
    return { catalog: c.en, ui: u.enUi, antd: a.default };
  },
  ru: async () => {
    const [c, u, a] = await Promise.all([
      import('../../shared/i18n/locales/ru.ts'), import('./ui/ru.ts'), import('antd/es/locale/ru_RU'), import('dayjs/locale/ru'),
    ]);
    return { catalog: c.ru, ui: u.ruUi, antd: a.default };
  },
  ar: async () => {
    const [c, u, a] = await Promise.all([
      import('../../shared/i18n/locales/ar.ts'), import('./ui/ar.ts'), import('antd/es/locale/ar_EG'), import('dayjs/locale/ar'),
    ]);
    return { catalog: c.ar, ui: u.arUi, antd: a.default };
  },
  fa: async () => {
    const [c, u, a, d] = await Promise.all([
      import('../../shared/i18n/locales/fa.ts'), import('./ui/fa.ts'), import('antd/es/locale/fa_IR'), import('dayjs/locale/fa'),
    ]);
    // day.js's Persian locale keeps Latin digits; the rest of the app writes Persian ones.
    dayjs.locale({ ...d.default, postformat: toPersianDigits, preparse: fromPersianDigits } as ILocale, undefined, true);
    return { catalog: c.fa, ui: u.faUi, antd: a.default };
  },
};

/** How a date is typed into a date picker in each language (the order format.ts prints). */
export const DATE_INPUT_FORMAT: Record<Locale, string> = {
  vi: 'DD/MM/YYYY', en: 'DD/MM/YYYY', ru: 'DD.MM.YYYY', ar: 'DD/MM/YYYY', fa: 'YYYY/MM/DD',
};

const DAYJS_LOCALE: Record<Locale, string> = { vi: 'vi', en: 'en', ru: 'ru', ar: 'ar', fa: 'fa' };
const STORAGE_KEY = 'partywork.locale';

const antdLocales = new Map<Locale, AntdLocale>();

export const i18n = i18next.createInstance();

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The language to start with: the last one chosen in this browser, else the browser's, else Vietnamese. */
export function initialLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isLocale(stored)) return stored;
  const browser = navigator.languages.map((l) => l.toLowerCase().split('-')[0]).find(isLocale);
  return browser ?? DEFAULT_LOCALE;
}

export function antdLocale(locale: Locale): AntdLocale | undefined {
  return antdLocales.get(locale);
}

async function ensurePack(locale: Locale): Promise<void> {
  if (antdLocales.has(locale)) return;
  const pack = await PACKS[locale]();
  i18n.addResourceBundle(locale, 'translation', { ...pack.catalog, ui: pack.ui }, true, true);
  antdLocales.set(locale, pack.antd);
}

/** Loads a language if needed and switches everything to it: texts, digits, direction, API messages. */
export async function applyLocale(locale: Locale): Promise<void> {
  await ensurePack(locale);
  dayjs.locale(DAYJS_LOCALE[locale]);
  setApiLanguage(locale);
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
  document.documentElement.dir = RTL_LOCALES.has(locale) ? 'rtl' : 'ltr';
  await i18n.changeLanguage(locale);
}

export async function initI18n(): Promise<Locale> {
  const locale = initialLocale();
  await i18n.use(initReactI18next).init({
    lng: locale,
    fallbackLng: false,
    supportedLngs: [...LOCALES],
    resources: {},
    partialBundledLanguages: true,
    interpolation: { escapeValue: false },
    returnNull: false,
    react: { useSuspense: false },
  });
  await applyLocale(locale);
  return locale;
}

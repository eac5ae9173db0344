import { describe, expect, it } from 'vitest';
import { flatten, placeholders, type Tree } from '../../shared/i18n/catalog-tree.ts';
import { LOCALES, type Locale } from '../../shared/reference.ts';
import { arUi } from './ui/ar.ts';
import { enUi } from './ui/en.ts';
import { faUi } from './ui/fa.ts';
import { ruUi } from './ui/ru.ts';
import { viUi } from './ui/vi.ts';

/**
 * The web app's own strings, checked as the shared catalogs are (src/shared/i18n/catalogs.test.ts):
 * the same keys and {{placeholders}} in every language (plus the plural forms a language needs
 * for a counted message), nothing empty, each language in its own script and digits, and no
 * sentence left in English.
 */

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

const catalogs: Record<Locale, Tree> = { vi: viUi, en: enUi, ru: ruUi, ar: arUi, fa: faUi };
const flat = Object.fromEntries(LOCALES.map((l) => [l, flatten(catalogs[l])])) as Record<Locale, Map<string, string>>;
const entriesOf = (locale: Locale) => [...flat[locale].entries()];
const withoutPlaceholders = (text: string) => text.replace(/\{\{[^}]*\}\}/g, '');
const baseKey = (key: string) => key.replace(PLURAL_SUFFIX, '');
const isPluralVariant = (key: string) => PLURAL_SUFFIX.test(key) && flat.vi.has(baseKey(key)) && !flat.vi.has(key);
/** Messages that count something: i18next picks their form from `count`, the text shows {{countText}} in the reader's digits. */
const counted = [...flat.vi.entries()].filter(([, text]) => text.includes('{{countText}}')).map(([key]) => key);

describe('web UI catalogs', () => {
  it('the reference catalog has the screens’ strings', () => {
    expect(flat.vi.size).toBeGreaterThan(100);
  });

  describe.each(LOCALES)('%s', (locale) => {
    it('has exactly the keys of the Vietnamese catalog, plus plural forms of its counted messages', () => {
      expect([...flat[locale].keys()].filter((key) => !isPluralVariant(key)).sort()).toEqual([...flat.vi.keys()].sort());
    });

    it('uses only plural forms the language has, and only on counted messages', () => {
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];
      const wrong = [...flat[locale].keys()].filter(isPluralVariant)
        .filter((key) => !categories.includes(PLURAL_SUFFIX.exec(key)?.[1] ?? '') || !counted.includes(baseKey(key)));
      expect(wrong).toEqual([]);
    });

    it('gives a counted message either no plural forms or one for every category but "other"', () => {
      const needed = (new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[]).filter((c) => c !== 'other');
      const incomplete = counted.filter((key) => {
        const present = needed.filter((c) => flat[locale].has(`${key}_${c}`));
        return present.length > 0 && present.length < needed.length;
      });
      expect(incomplete).toEqual([]);
    });

    it('has no empty strings', () => {
      expect(entriesOf(locale).filter(([, text]) => text.trim() === '').map(([key]) => key)).toEqual([]);
    });

    it('uses the same {{placeholders}} as the Vietnamese string, plural forms included', () => {
      const wrong = entriesOf(locale)
        .filter(([key, text]) => placeholders(text).join() !== placeholders(flat.vi.get(baseKey(key)) ?? flat.vi.get(key) ?? '').join())
        .map(([key]) => key);
      expect(wrong).toEqual([]);
    });

    it('counts only through {{countText}} (a bare {{count}} would print Latin digits in Arabic and Persian)', () => {
      expect(entriesOf(locale).filter(([, text]) => /\{\{\s*count\s*\}\}/.test(text)).map(([key]) => key)).toEqual([]);
    });
  });

  it.each(['ar', 'fa'] as const)('%s strings are written in Arabic script, with the reader’s digits', (locale) => {
    expect(entriesOf(locale).filter(([, text]) => !/(?=\p{Script=Arabic})\p{L}/u.test(withoutPlaceholders(text)))).toEqual([]);
    expect(entriesOf(locale).filter(([, text]) => /[0-9]/.test(withoutPlaceholders(text)))).toEqual([]);
  });

  it('needs the plural forms where the noun changes with the number (en, ru, ar)', () => {
    expect(counted.length).toBeGreaterThan(0);
    for (const key of counted) {
      expect(flat.en.has(`${key}_one`), `en ${key}_one`).toBe(true);
      for (const c of ['one', 'few', 'many']) expect(flat.ru.has(`${key}_${c}`), `ru ${key}_${c}`).toBe(true);
      for (const c of ['zero', 'one', 'two', 'few', 'many']) expect(flat.ar.has(`${key}_${c}`), `ar ${key}_${c}`).toBe(true);
    }
  });

  it('Arabic strings use Arabic-Indic digits and Persian strings Persian ones', () => {
    expect(entriesOf('ar').filter(([, text]) => /[\u06F0-\u06F9]/.test(text))).toEqual([]);
    expect(entriesOf('fa').filter(([, text]) => /[\u0660-\u0669]/.test(text))).toEqual([]);
  });

  it('Persian strings use the Persian yeh and keheh, not the Arabic letters', () => {
    expect(entriesOf('fa').filter(([, text]) => /[\u064A\u0643]/.test(text))).toEqual([]);
  });

  it('Russian strings are written in Cyrillic', () => {
    expect(entriesOf('ru').filter(([, text]) => !/\p{Script=Cyrillic}/u.test(withoutPlaceholders(text)))).toEqual([]);
  });

  it.each(['ru', 'ar', 'fa'] as const)('%s is its own translation, not a copy of English', (locale) => {
    expect(entriesOf(locale).filter(([key, text]) => flat.en.get(key) === text).map(([key]) => key)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { flatten, placeholders, type Tree } from './catalog-tree.ts';
import { LOCALES, type Locale } from '../reference.ts';
import { catalogs } from './translate.ts';

/**
 * The catalogs as people read them: every language has exactly the Vietnamese keys (plus the
 * plural forms its grammar needs), nothing is left empty or untranslated, and every sentence
 * takes the same {{placeholders}} as the Vietnamese one.
 */

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

const flat = Object.fromEntries(LOCALES.map((l) => [l, flatten(catalogs[l] as unknown as Tree)])) as Record<
  Locale,
  Map<string, string>
>;
const reference = flat.vi;
const baseKey = (key: string) => key.replace(PLURAL_SUFFIX, '');
const isPluralVariant = (key: string) => PLURAL_SUFFIX.test(key) && reference.has(baseKey(key)) && !reference.has(key);
const entriesOf = (locale: Locale) => [...flat[locale].entries()];

describe('i18n catalogs', () => {
  it('the Vietnamese reference catalog is not trivially small', () => {
    expect(reference.size).toBeGreaterThan(100);
  });

  describe.each(LOCALES)('%s', (locale) => {
    const catalog = flat[locale];

    it('has every key of the Vietnamese catalog', () => {
      const missing = [...reference.keys()].filter((key) => !catalog.has(key));
      expect(missing).toEqual([]);
    });

    it('has no key beyond them except plural forms of an existing key', () => {
      const extra = [...catalog.keys()].filter((key) => !reference.has(key) && !isPluralVariant(key));
      expect(extra).toEqual([]);
    });

    it('has no empty strings', () => {
      const empty = entriesOf(locale).filter(([, text]) => text.trim() === '').map(([key]) => key);
      expect(empty).toEqual([]);
    });

    it('uses the same {{placeholders}} as the Vietnamese string, plural forms included', () => {
      const wrong = entriesOf(locale)
        .filter(([key]) => reference.has(baseKey(key)))
        .filter(([key, text]) => placeholders(text).join() !== placeholders(reference.get(baseKey(key)) ?? '').join())
        .map(([key, text]) => `${key}: ${text}`);
      expect(wrong).toEqual([]);
    });

    it('uses only plural forms the language has, and only on counted messages', () => {
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];
      const wrong = [...catalog.keys()]
        .filter(isPluralVariant)
        .filter((key) => {
          const suffix = PLURAL_SUFFIX.exec(key)?.[1] ?? '';
          return !categories.includes(suffix) || !placeholders(reference.get(baseKey(key)) ?? '').includes('countText');
        });
      expect(wrong).toEqual([]);
    });

    it('gives a counted message either no plural forms or one for every category but "other"', () => {
      const needed = (new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[]).filter((c) => c !== 'other');
      const counted = [...reference.entries()].filter(([, text]) => text.includes('{{countText}}')).map(([key]) => key);
      expect(counted.length).toBeGreaterThan(0);
      const incomplete = counted.filter((key) => {
        const present = needed.filter((c) => catalog.has(`${key}_${c}`));
        return present.length > 0 && present.length < needed.length;
      });
      expect(incomplete).toEqual([]);
    });
  });

  it('needs the plural forms where the noun changes with the number (en, ru, ar)', () => {
    const counted = [...reference.keys()].filter((key) => reference.get(key)?.includes('{{countText}}'));
    for (const key of counted) {
      expect(flat.en.has(`${key}_one`), `en ${key}_one`).toBe(true);
      for (const c of ['one', 'few', 'many']) expect(flat.ru.has(`${key}_${c}`), `ru ${key}_${c}`).toBe(true);
      for (const c of ['zero', 'one', 'two', 'few', 'many']) expect(flat.ar.has(`${key}_${c}`), `ar ${key}_${c}`).toBe(true);
    }
  });

  it.each(['ar', 'fa'] as const)('%s strings are written in Arabic script', (locale) => {
    const untranslated = entriesOf(locale).filter(([, text]) => !/(?=\p{Script=Arabic})\p{L}/u.test(text));
    expect(untranslated).toEqual([]);
  });

  it.each(['ar', 'fa'] as const)('%s strings write numbers in the reader’s digits, not Latin ones', (locale) => {
    const latinDigits = entriesOf(locale).filter(([, text]) => /[0-9]/.test(text.replace(/\{\{[^}]*\}\}/g, '')));
    expect(latinDigits).toEqual([]);
  });

  it('Persian strings use the Persian yeh and keheh, not the Arabic letters', () => {
    const arabicLetters = entriesOf('fa').filter(([, text]) => /[\u064A\u0643]/.test(text));
    expect(arabicLetters).toEqual([]);
  });

  it('Russian strings are written in Cyrillic', () => {
    const untranslated = entriesOf('ru').filter(([, text]) => !/\p{Script=Cyrillic}/u.test(text));
    expect(untranslated).toEqual([]);
  });

  it.each(['ru', 'ar', 'fa'] as const)('%s is its own translation, not a copy of English', (locale) => {
    const copied = entriesOf(locale).filter(([key, text]) => flat.en.get(key) === text).map(([key]) => key);
    expect(copied).toEqual([]);
  });
});

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
 * the same keys and {{placeholders}} in every language, nothing empty, each language in its own
 * script and digits, and no sentence left in English.
 */

const catalogs: Record<Locale, Tree> = { vi: viUi, en: enUi, ru: ruUi, ar: arUi, fa: faUi };
const flat = Object.fromEntries(LOCALES.map((l) => [l, flatten(catalogs[l])])) as Record<Locale, Map<string, string>>;
const entriesOf = (locale: Locale) => [...flat[locale].entries()];
const withoutPlaceholders = (text: string) => text.replace(/\{\{[^}]*\}\}/g, '');

describe('web UI catalogs', () => {
  it('the reference catalog has the screens’ strings', () => {
    expect(flat.vi.size).toBeGreaterThan(100);
  });

  describe.each(LOCALES)('%s', (locale) => {
    it('has exactly the keys of the Vietnamese catalog', () => {
      expect([...flat[locale].keys()].sort()).toEqual([...flat.vi.keys()].sort());
    });

    it('has no empty strings', () => {
      expect(entriesOf(locale).filter(([, text]) => text.trim() === '').map(([key]) => key)).toEqual([]);
    });

    it('uses the same {{placeholders}} as the Vietnamese string', () => {
      const wrong = entriesOf(locale)
        .filter(([key, text]) => placeholders(text).join() !== placeholders(flat.vi.get(key) ?? '').join())
        .map(([key]) => key);
      expect(wrong).toEqual([]);
    });

    it('counts nothing in a sentence (numbers are shown as values, so no plural forms are needed)', () => {
      expect(entriesOf(locale).filter(([, text]) => text.includes('{{count')).map(([key]) => key)).toEqual([]);
    });
  });

  it.each(['ar', 'fa'] as const)('%s strings are written in Arabic script, with the reader’s digits', (locale) => {
    expect(entriesOf(locale).filter(([, text]) => !/(?=\p{Script=Arabic})\p{L}/u.test(withoutPlaceholders(text)))).toEqual([]);
    expect(entriesOf(locale).filter(([, text]) => /[0-9]/.test(withoutPlaceholders(text)))).toEqual([]);
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

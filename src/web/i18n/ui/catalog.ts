import type { viUi } from './vi.ts';

type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> } & {
  // Plural forms a language needs beyond the base key of a counted message (i18next's `key_one`, `key_few`, ...).
  [plural: `${string}_${PluralSuffix}`]: string;
};

/** The shape every language's UI catalog must have: the Vietnamese catalog's keys, any strings. */
export type UiCatalog = Strings<typeof viUi>;

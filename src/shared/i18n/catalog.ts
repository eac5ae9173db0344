import type { vi } from './locales/vi.ts';

type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> } & {
  // Plural forms a language needs beyond the base key (i18next's `key_one`, `key_few`, ...).
  [plural: `${string}_${PluralSuffix}`]: string;
};

/** The shape every language's catalog must have: the Vietnamese catalog's keys, any strings. */
export type Catalog = Strings<typeof vi>;

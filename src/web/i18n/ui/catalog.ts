import type { viUi } from './vi.ts';

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/** The shape every language's UI catalog must have: the Vietnamese catalog's keys, any strings. */
export type UiCatalog = Strings<typeof viUi>;

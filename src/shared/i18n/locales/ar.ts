import type { Catalog } from '../catalog.ts';
import { en } from './en.ts';

// Placeholder until translated.
export const ar: Catalog = en;

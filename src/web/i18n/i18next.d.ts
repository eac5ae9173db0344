import type { vi } from '../../shared/i18n/locales/vi.ts';
import type { viUi } from './ui/vi.ts';

// Keys passed to t() are checked against the Vietnamese catalogs at compile time.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof vi & { ui: typeof viUi } };
    returnNull: false;
  }
}

import { useTranslation } from 'react-i18next';
import { DEFAULT_LOCALE, type Locale } from '../../shared/reference.ts';
import { isLocale } from './i18n.ts';

/** The language in use; components re-render when it changes. */
export function useLocale(): Locale {
  const { i18n } = useTranslation();
  return isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE;
}

import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { vi } from '../../shared/i18n/locales/vi.ts';
import { ETHNICITIES } from '../../shared/reference.ts';

export type EnumGroup = keyof typeof vi.enums;

/**
 * Labels from the shared catalogs for values that come from the API: field names, enum codes,
 * ethnic groups (proper nouns, written in Vietnamese in every language). An unknown code is
 * shown as it is rather than hidden.
 */
export function useLabels() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => {
    const lookup = (key: string): string | null => (i18n.exists(key, { lng: language }) ? t(key as never) : null);
    return {
      field: (name: string) => lookup(`fields.${name}`) ?? name,
      enumValue: (group: EnumGroup, code: string | null | undefined): string => {
        if (code === null || code === undefined) return t('ui.app.notRecorded');
        if (code === 'unknown') return t('ui.app.unknown');
        return lookup(`enums.${group}.${code}`) ?? code;
      },
      ethnicity: (code: string | null | undefined): string => (code ? ETHNICITIES[code] ?? code : t('ui.app.notRecorded')),
      auditAction: (action: string) => lookup(`ui.audit.actions.${action.replace(/\./g, '_')}`) ?? action,
    };
  }, [t, i18n, language]);
}

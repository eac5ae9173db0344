import { useMemo } from 'react';
import { formatDate, formatNumber, intlLocale } from '../../shared/i18n/format.ts';
import { useLocale } from './useLocale.ts';

/** Numbers, legal dates and instants written the way the reader writes them (src/shared/i18n/format.ts). */
export function useFormat() {
  const locale = useLocale();
  return useMemo(() => {
    const instant = new Intl.DateTimeFormat(intlLocale(locale), {
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'Asia/Ho_Chi_Minh',
    });
    return {
      number: (value: number) => formatNumber(locale, value),
      /** `part` of `whole` as a percentage, computed, with at most two decimals. */
      percent: (part: number, whole: number) =>
        formatNumber(locale, whole === 0 ? 0 : part / whole, { style: 'percent', maximumFractionDigits: 2 }),
      /** A calendar year, in the reader's digits and without a thousands separator. */
      year: (value: number) => formatNumber(locale, value, { useGrouping: false }),
      date: (isoDate: string) => formatDate(locale, isoDate),
      instant: (iso: string) => instant.format(new Date(iso)),
    };
  }, [locale]);
}

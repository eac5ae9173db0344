import { formatNumber } from '../../../shared/i18n/format.ts';
import type { Locale } from '../../../shared/reference.ts';

/**
 * Admitted / target as review conferences print it: a percentage with exactly two decimals
 * (113,39% in Vietnamese, ١١٣٫٣٩٪ in Arabic), so that figures read out side by side line up.
 */
export function formatAchievement(locale: Locale, ratio: number): string {
  return formatNumber(locale, ratio, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

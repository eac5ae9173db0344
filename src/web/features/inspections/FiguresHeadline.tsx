import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/useFormat.ts';
import type { InspectionFigures } from './inspections.api.ts';

/**
 * The sentence a review conference reads out: how many inspections and supervisions, covering
 * how many party organizations and members. Each count agrees with its noun in the reader's
 * language (Russian and Arabic have several plural forms) and is written in the reader's digits.
 */
export function FiguresHeadline({ figures }: { figures: InspectionFigures }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const counted = (n: number) => ({ count: n, countText: fmt.number(n) });
  const line = t('ui.inspections.dashboard.headline', {
    cases: t('ui.inspections.dashboard.casesCount', counted(figures.cases.total)),
    units: t('ui.inspections.dashboard.unitsCount', counted(figures.covered.units)),
    members: t('ui.inspections.dashboard.membersCount', counted(figures.covered.members)),
  });
  return (
    <Typography.Paragraph data-testid="inspection-headline" style={{ fontSize: 20, fontWeight: 600, marginBlockEnd: 16 }}>
      {line}
    </Typography.Paragraph>
  );
}

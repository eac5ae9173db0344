import { Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/useFormat.ts';
import { TOTALS, type RestructureTotals } from './restructure.api.ts';

/** What a plan does (or did) in figures: units created, closed and renamed, members moved, grants carried. */
export function TotalsList({ totals, testId }: { totals: RestructureTotals; testId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, sm: 2, lg: 3 }}
      data-testid={testId}
      items={TOTALS.map((key) => ({
        key,
        label: t(`ui.restructure.totals.${key}`),
        children: <span data-testid={`${testId}-${key}`}>{fmt.number(totals[key])}</span>,
      }))}
    />
  );
}

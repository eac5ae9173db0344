import { Flex } from 'antd';
import { useLabels } from '../../i18n/useLabels.ts';
import { DateField } from '../../ui/DateField.tsx';
import type { usePeriod } from './usePeriod.ts';

/** The first and last day of the period a screen counts over, each a date field of its own. */
export function PeriodFields({ period, idPrefix }: { period: ReturnType<typeof usePeriod>; idPrefix: string }) {
  const labels = useLabels();
  return (
    <Flex wrap gap={12} align="end">
      <Flex vertical gap={4}>
        <label htmlFor={`${idPrefix}-from`}>{labels.field('from')}</label>
        <DateField id={`${idPrefix}-from`} value={period.from} max={period.to} allowClear={false} onChange={period.setFrom} />
      </Flex>
      <Flex vertical gap={4}>
        <label htmlFor={`${idPrefix}-to`}>{labels.field('to')}</label>
        <DateField id={`${idPrefix}-to`} value={period.to} max={period.today} allowClear={false} onChange={period.setTo} />
      </Flex>
    </Flex>
  );
}

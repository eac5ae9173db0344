import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import { DATE_INPUT_FORMAT } from '../i18n/i18n.ts';
import { useLocale } from '../i18n/useLocale.ts';

type Props = {
  id?: string;
  value?: string | null;
  onChange?: (value: string | null) => void;
  max?: string;
  allowClear?: boolean;
  'aria-label'?: string;
};

/**
 * A legal date (YYYY-MM-DD) typed or picked in the reader's order and digits
 * (dd/mm/yyyy in Vietnamese, Persian digits year first in Persian).
 */
export function DateField({ id, value, onChange, max, allowClear = true, ...aria }: Props) {
  const locale = useLocale();
  return (
    <DatePicker
      id={id}
      aria-label={aria['aria-label']}
      value={value ? dayjs(value, 'YYYY-MM-DD') : null}
      format={DATE_INPUT_FORMAT[locale]}
      allowClear={allowClear}
      disabledDate={max ? (d) => d.locale('en').format('YYYY-MM-DD') > max : undefined}
      onChange={(d) => onChange?.(d ? d.locale('en').format('YYYY-MM-DD') : null)}
      style={{ minWidth: 160 }}
    />
  );
}

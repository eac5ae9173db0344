import { Select } from 'antd';
import { useFormat } from '../../i18n/useFormat.ts';
import { todayInVietnam } from '../../ui/today.ts';

/** A year among the recent ones and the next (a program is drawn up before its year starts). */
export function YearSelect({ id, value, onChange }: { id: string; value: number; onChange: (year: number) => void }) {
  const fmt = useFormat();
  const current = Number(todayInVietnam().slice(0, 4));
  const years = Array.from({ length: 8 }, (_, i) => current + 1 - i);
  if (!years.includes(value)) years.push(value);
  return (
    <Select<number> id={id} value={value} onChange={onChange} style={{ minWidth: 120 }}
      options={years.sort((a, b) => b - a).map((y) => ({ value: y, label: fmt.year(y) }))} />
  );
}

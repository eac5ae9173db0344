import { useQuery } from '@tanstack/react-query';
import { Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { apiGet } from '../../api/client.ts';
import type { Unit } from '../../../shared/schemas/units.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { useTypedQuery } from '../../ui/useTypedQuery.ts';
import { unitName, useUnitTypes } from './units.api.ts';

type Props = {
  id?: string;
  value?: number | null;
  onChange?: (value: number | null) => void;
  /** The unit chosen before the user typed anything, so that it shows by name. */
  initial?: { id: number; name: string; typeCode: string } | null;
  /** The unit chosen, as listed (its name for whoever shows the choice elsewhere). */
  onPick?: (unit: { id: number; name: string; typeCode: string } | null) => void;
  'aria-describedby'?: string;
};

/** Chooses a unit by typing part of its name (case and diacritics ignored), among the units in the user's reach. */
export function UnitPicker({ id, value, onChange, initial, onPick, ...aria }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const unitTypes = useUnitTypes();
  const { q, onType } = useTypedQuery();
  const found = useQuery({
    queryKey: ['units', 'pick', q],
    queryFn: ({ signal }) => apiGet<{ items: Unit[] }>('/units', { q, limit: 30 }, signal),
    enabled: q.length >= 2,
  });

  const label = (u: { name: string; names?: Record<string, string>; typeCode: string }) => (
    <span><bdi>{unitName(u, locale)}</bdi> <Typography.Text type="secondary">· {unitTypes.name(u.typeCode)}</Typography.Text></span>
  );
  const options = (found.data?.items ?? []).map((u) => ({ value: u.id, label: label(u) }));
  if (initial && !options.some((o) => o.value === initial.id)) options.unshift({ value: initial.id, label: label(initial) });

  return (
    <Select<number>
      id={id}
      aria-describedby={aria['aria-describedby']}
      value={value ?? undefined}
      onChange={(v) => {
        const unit = found.data?.items.find((u) => u.id === v) ?? (initial?.id === v ? initial : null);
        onPick?.(unit ? { id: unit.id, name: unitName(unit, locale), typeCode: unit.typeCode } : null);
        onChange?.(v ?? null);
      }}
      showSearch={{ filterOption: false, onSearch: onType }}
      options={options}
      loading={found.isFetching}
      placeholder={t('ui.unitForm.pickPlaceholder')}
      notFoundContent={q.length < 2 ? t('ui.unitForm.pickHint') : found.isFetching ? t('ui.app.loading') : t('ui.tree.noResults')}
    />
  );
}

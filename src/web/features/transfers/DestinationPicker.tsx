import { Select, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTransferDestinations, type Destination } from './transfers.api.ts';

type Props = {
  id?: string;
  value?: number | null;
  onChange?: (value: number | null) => void;
  /** The cell chosen, with whether the user reaches it (the letter then goes straight there). */
  onPick?: (destination: Destination | null) => void;
  'aria-describedby'?: string;
};

/**
 * Chooses the receiving cell among the open cells of the whole installation, by typing part of
 * its name or code: each with the unit above it, and those outside the user's reach marked, since
 * a letter to them waits at the unit above both ends to be forwarded.
 */
export function DestinationPicker({ id, value, onChange, onPick, ...aria }: Props) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [chosen, setChosen] = useState<Destination | null>(null);
  // One request when the typing pauses, not one per key.
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const found = useTransferDestinations(q);
  const items = found.data ?? [];
  const all = chosen && !items.some((d) => d.id === chosen.id) ? [chosen, ...items] : items;

  return (
    <Select<number>
      id={id}
      aria-describedby={aria['aria-describedby']}
      value={value ?? undefined}
      onChange={(v) => {
        const picked = all.find((d) => d.id === v) ?? null;
        setChosen(picked);
        onPick?.(picked);
        onChange?.(v ?? null);
      }}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      options={all.map((d) => ({
        value: d.id,
        label: (
          <span>
            <bdi>{d.name}</bdi>
            <Typography.Text type="secondary">{d.parentName && <> · <bdi>{d.parentName}</bdi></>} · <bdi>{d.code}</bdi></Typography.Text>
            {!d.inScope && <Tag style={{ marginInlineStart: 8 }}>{t('ui.transfers.form.viaAbove')}</Tag>}
          </span>
        ),
      }))}
      loading={found.isFetching}
      placeholder={t('ui.unitForm.pickPlaceholder')}
      notFoundContent={q.length < 2 ? t('ui.unitForm.pickHint') : found.isFetching ? t('ui.app.loading') : t('ui.tree.noResults')}
    />
  );
}

import { useQuery } from '@tanstack/react-query';
import { Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberListItem } from '../../../shared/schemas/members.ts';
import { apiGet } from '../../api/client.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { useTypedQuery } from '../../ui/useTypedQuery.ts';

export type PickedMember = { id: number; fullName: string; unitName: string; status: string };

type Props = {
  id?: string;
  value?: number | null;
  onChange?: (value: number | null) => void;
  /** Members of this unit and below only (else anyone in the user's reach). */
  unitId?: number;
  /** The member chosen, as listed (name, cell and status for whoever shows the choice elsewhere). */
  onPick?: (member: PickedMember | null) => void;
  'aria-describedby'?: string;
};

/**
 * Chooses an active member by typing part of their name (case and diacritics ignored): each
 * with their cell and whether they are probationary or official, since names repeat.
 */
export function MemberPicker({ id, value, onChange, unitId, onPick, ...aria }: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { q, onType } = useTypedQuery();
  const found = useQuery({
    queryKey: ['members', 'pick', unitId ?? null, q],
    queryFn: ({ signal }) => apiGet<{ items: MemberListItem[] }>('/members', { q, unit: unitId, limit: 30 }, signal),
    enabled: q.length >= 2,
  });
  // The member chosen stays listed (and shown by name) when a later search no longer finds them.
  const [chosen, setChosen] = useState<MemberListItem | null>(null);
  const listed = found.data?.items ?? [];
  const items = chosen && chosen.id === value && !listed.some((m) => m.id === chosen.id) ? [chosen, ...listed] : listed;

  return (
    <Select<number>
      id={id}
      aria-describedby={aria['aria-describedby']}
      value={value ?? undefined}
      onChange={(v) => {
        const m = items.find((i) => i.id === v) ?? null;
        setChosen(m);
        onPick?.(m ? { id: m.id, fullName: m.fullName, unitName: m.unitName, status: m.status } : null);
        onChange?.(v ?? null);
      }}
      showSearch={{ filterOption: false, onSearch: onType }}
      options={items.map((m) => ({
        value: m.id,
        label: (
          <span>
            <bdi>{m.fullName}</bdi>{' '}
            <Typography.Text type="secondary">· <bdi>{m.unitName}</bdi> · {labels.enumValue('status', m.status)}</Typography.Text>
          </span>
        ),
      }))}
      loading={found.isFetching}
      placeholder={t('ui.inspections.subjects.memberPlaceholder')}
      notFoundContent={q.length < 2 ? t('ui.inspections.subjects.memberHint') : found.isFetching ? t('ui.app.loading') : t('ui.inspections.subjects.noMembers')}
    />
  );
}

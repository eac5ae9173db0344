import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../i18n/useLabels.ts';
import type { SubjectType } from './inspections.api.ts';
import { SubjectPicker, type PickedSubject, type SubjectValue } from './SubjectPicker.tsx';

type Ref = { type: SubjectType; id: number };

type Props = {
  id?: string;
  value?: Ref[];
  onChange?: (value: Ref[]) => void;
  unitId: number;
  /** Subjects whose names are known elsewhere (a program item's), shown by name when chosen. */
  known?: PickedSubject[];
  'aria-describedby'?: string;
};

/** The organizations and members a case covers: each found by name and added to the list, or taken off it. */
export function SubjectsField({ id, value = [], onChange, unitId, known = [], ...aria }: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [draft, setDraft] = useState<SubjectValue>({ type: 'unit', id: null });
  const [picked, setPicked] = useState<PickedSubject | null>(null);
  const [names, setNames] = useState<PickedSubject[]>([]);
  const nameOf = (r: Ref) => [...names, ...known].find((n) => n.type === r.type && n.id === r.id);
  const same = (a: Ref, b: Ref) => a.type === b.type && a.id === b.id;

  const add = () => {
    if (draft.id === null) return;
    const ref = { type: draft.type, id: draft.id };
    if (!value.some((r) => same(r, ref))) onChange?.([...value, ref]);
    if (picked) setNames((old) => [...old.filter((n) => !same(n, picked)), picked]);
    setDraft({ type: draft.type, id: null });
    setPicked(null);
  };

  return (
    <Flex vertical gap={8}>
      <Flex wrap gap={8} align="end">
        <div style={{ flex: '1 1 260px', minWidth: 0 }}>
          <SubjectPicker id={id} aria-describedby={aria['aria-describedby']} value={draft} onChange={setDraft} onPick={setPicked} unitId={unitId} />
        </div>
        <Button icon={<PlusOutlined aria-hidden />} onClick={add} disabled={draft.id === null} data-testid="add-subject">
          {t('ui.inspections.subjects.add')}
        </Button>
      </Flex>
      {value.length === 0 ? (
        <Typography.Text type="secondary">{t('ui.inspections.subjects.noneChosen')}</Typography.Text>
      ) : (
        <ul data-testid="chosen-subjects" style={{ listStyle: 'none', margin: 0, padding: 0, border: '1px solid #f0f0f0', borderRadius: 6 }}>
          {value.map((r) => {
            const n = nameOf(r);
            return (
              <li key={`${r.type}-${r.id}`} style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '4px 8px', borderBlockEnd: '1px solid #f0f0f0' }}>
                <span style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>
                  <Typography.Text type="secondary">{labels.enumValue('subjectType', r.type)}:</Typography.Text>{' '}
                  <bdi>{n?.name ?? r.id}</bdi>
                  {n?.detail && <Typography.Text type="secondary"> · <bdi>{n.detail}</bdi></Typography.Text>}
                </span>
                <Button type="text" size="small" icon={<CloseOutlined aria-hidden />}
                  aria-label={t('ui.inspections.subjects.remove', { name: n?.name ?? '' })}
                  onClick={() => onChange?.(value.filter((x) => !same(x, r)))} />
              </li>
            );
          })}
        </ul>
      )}
    </Flex>
  );
}

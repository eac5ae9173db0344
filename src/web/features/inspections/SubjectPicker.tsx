import { Flex, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../i18n/useLabels.ts';
import { MemberPicker, type PickedMember } from '../members/MemberPicker.tsx';
import { UnitPicker } from '../units/UnitPicker.tsx';
import { SUBJECT_TYPES, type SubjectType } from './inspections.api.ts';

export type SubjectValue = { type: SubjectType; id: number | null };
export type PickedSubject = { type: SubjectType; id: number; name: string; detail: string | null; status: string | null };

type Props = {
  id?: string;
  value?: SubjectValue;
  onChange?: (value: SubjectValue) => void;
  /** Members are looked for in this unit and below. */
  unitId?: number;
  onPick?: (subject: PickedSubject | null) => void;
  /** Only one kind of subject (the type choice is then not offered). */
  only?: SubjectType;
  'aria-describedby'?: string;
};

/**
 * A party organization or a member, the subject of an inspection, a supervision or a discipline:
 * which of the two, then the one itself, found by typing part of its name.
 */
export function SubjectPicker({ id, value, onChange, unitId, onPick, only, ...aria }: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const type = only ?? value?.type ?? 'unit';
  const pickMember = (m: PickedMember | null) => onPick?.(m && { type: 'member', id: m.id, name: m.fullName, detail: m.unitName, status: m.status });
  return (
    <Flex vertical gap={8}>
      {!only && (
        <Radio.Group
          aria-label={t('ui.inspections.fields.subjectType')}
          value={type}
          onChange={(e) => {
            onPick?.(null);
            onChange?.({ type: e.target.value as SubjectType, id: null });
          }}
          options={SUBJECT_TYPES.map((s) => ({ value: s, label: labels.enumValue('subjectType', s) }))}
        />
      )}
      {type === 'unit' ? (
        <UnitPicker key="unit" id={id} aria-describedby={aria['aria-describedby']} value={value?.type === 'unit' ? value.id : null}
          onChange={(v) => onChange?.({ type: 'unit', id: v })}
          onPick={(u) => onPick?.(u && { type: 'unit', id: u.id, name: u.name, detail: null, status: null })} />
      ) : (
        <MemberPicker key="member" id={id} aria-describedby={aria['aria-describedby']} unitId={unitId}
          value={value?.type === 'member' ? value.id : null} onChange={(v) => onChange?.({ type: 'member', id: v })} onPick={pickMember} />
      )}
    </Flex>
  );
}

import { Col, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  ACADEMIC_TITLES, EDUCATION_LEVELS, ETHNICITIES, GENDERS, QUALIFICATIONS, RELIGIONS, THEORY_LEVELS,
} from '../../../shared/reference.ts';
import type { UpdateMemberBody } from '../../../shared/schemas/members.ts';
import { useLabels, type EnumGroup } from '../../i18n/useLabels.ts';
import { DateField } from '../../ui/DateField.tsx';
import { todayInVietnam } from '../../ui/today.ts';

export type ProfileField = keyof UpdateMemberBody;
export type FieldSpec<N extends string = ProfileField> =
  | { name: N; kind: 'text' | 'date' | 'ethnicity'; required?: boolean }
  | { name: N; kind: 'enum'; group: EnumGroup; values: readonly string[]; required?: boolean };

/** The profile of form 2-HSĐV as the create and edit forms offer it, in the form's order. */
export const PROFILE_FIELDS: FieldSpec[] = [
  { name: 'fullName', kind: 'text', required: true },
  { name: 'otherNames', kind: 'text' },
  { name: 'gender', kind: 'enum', group: 'gender', values: GENDERS, required: true },
  { name: 'birthDate', kind: 'date', required: true },
  { name: 'birthPlace', kind: 'text' },
  { name: 'hometown', kind: 'text' },
  { name: 'residence', kind: 'text' },
  { name: 'ethnicity', kind: 'ethnicity', required: true },
  { name: 'religion', kind: 'enum', group: 'religion', values: RELIGIONS, required: true },
  { name: 'citizenId', kind: 'text' },
  { name: 'phone', kind: 'text' },
  { name: 'education', kind: 'enum', group: 'education', values: EDUCATION_LEVELS },
  { name: 'qualification', kind: 'enum', group: 'qualification', values: QUALIFICATIONS },
  { name: 'academicTitle', kind: 'enum', group: 'academicTitle', values: ACADEMIC_TITLES },
  { name: 'theoryLevel', kind: 'enum', group: 'theoryLevel', values: THEORY_LEVELS },
  { name: 'occupation', kind: 'text' },
  { name: 'position', kind: 'text' },
  { name: 'cardNumber', kind: 'text' },
  { name: 'ageApprovalRef', kind: 'text' },
];

/** An emptied field and an untouched one are the same: nothing recorded. */
export const normalize = (value: string | null | undefined): string | null => {
  if (value === undefined || value === null) return null;
  return value.trim() === '' ? null : value;
};

type ControlProps = { spec: FieldSpec<string>; id?: string; value?: string | null; onChange?: (value: string | null) => void };

/** The input for one profile field; Form.Item passes id, value and onChange. */
export function ProfileControl({ spec, ...props }: ControlProps) {
  const { t } = useTranslation();
  const labels = useLabels();
  if (spec.kind === 'date') return <DateField {...props} max={todayInVietnam()} allowClear={!spec.required} />;
  if (spec.kind === 'ethnicity') {
    return (
      <Select {...props} showSearch={{ optionFilterProp: 'label' }}
        options={Object.entries(ETHNICITIES).map(([code, name]) => ({ value: code, label: name }))} />
    );
  }
  if (spec.kind === 'enum') {
    return (
      <Select {...props} allowClear={!spec.required} placeholder={t('ui.member.clear')}
        options={spec.values.map((v) => ({ value: v, label: labels.enumValue(spec.group, v) }))} />
    );
  }
  // Names and places are Vietnamese (left to right) even on a right-to-left screen.
  return <Input id={props.id} value={props.value ?? ''} onChange={(e) => props.onChange?.(e.target.value)} autoComplete="off" dir="auto" />;
}

/** Profile fields laid out in columns (three on a wide screen, one on a phone), each with its label. */
export function ProfileFieldsGrid({ fields }: { fields: readonly FieldSpec<string>[] }) {
  const labels = useLabels();
  return (
    <Row gutter={16}>
      {fields.map((f) => (
        <Col key={f.name} xs={24} md={12} xl={8}>
          <Form.Item name={f.name} label={labels.field(f.name)} required={f.required}>
            <ProfileControl spec={f} />
          </Form.Item>
        </Col>
      ))}
    </Row>
  );
}

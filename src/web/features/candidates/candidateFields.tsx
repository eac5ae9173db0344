import { Col, Form, Input, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CandidateStage } from '../../../shared/schemas/candidates.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { DateField } from '../../ui/DateField.tsx';
import { todayInVietnam } from '../../ui/today.ts';
import { PROFILE_FIELDS } from '../members/memberFields.tsx';

/** The member profile fields a candidate has: the card and the age approval belong to later steps. */
export const CANDIDATE_FIELDS = PROFILE_FIELDS.filter((f) => f.name !== 'cardNumber' && f.name !== 'ageApprovalRef');

type Detail = { name: 'courseName' | 'certificateNo' | 'ageApprovalRef' | 'reason'; required?: boolean; long?: boolean };

/** What each stage records besides its date, as the API takes it. */
const DETAILS: Partial<Record<CandidateStage, Detail[]>> = {
  course_passed: [{ name: 'courseName', required: true }, { name: 'certificateNo', required: true }],
  applied: [{ name: 'ageApprovalRef' }],
  withdrawn: [{ name: 'reason', required: true, long: true }],
};

/** Every field a stage may send, for the form's error placement. */
export const STAGE_FIELD_NAMES = ['since', 'courseName', 'certificateNo', 'ageApprovalRef', 'reason', 'note'];

/** The values of a stage's own fields only: a detail typed for another stage chosen before is not sent. */
export function stageBody(stage: CandidateStage, values: Record<string, unknown>): Record<string, unknown> {
  const names = ['since', 'note', ...(DETAILS[stage] ?? []).map((d) => d.name)];
  const body: Record<string, unknown> = {};
  for (const name of names) {
    const value = values[name];
    if (typeof value === 'string' ? value.trim() !== '' : value !== null && value !== undefined) body[name] = value;
  }
  return body;
}

/** The day a stage began (named as that stage names it) and the details it needs. */
export function StageFields({ stage }: { stage: CandidateStage }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const details = DETAILS[stage] ?? [];
  return (
    <Row gutter={16}>
      <Col xs={24} md={12} xl={8}>
        <Form.Item name="since" label={stage === 'admitted' ? labels.field('since') : t(`ui.development.sinceOf.${stage}`)} required>
          <DateField allowClear={false} max={todayInVietnam()} />
        </Form.Item>
      </Col>
      {details.map((d) => (
        <Col key={d.name} xs={24} md={12} xl={d.long ? 16 : 8}>
          <Form.Item name={d.name} label={labels.field(d.name)} required={d.required}>
            {d.long ? <Input.TextArea rows={2} dir="auto" /> : <Input autoComplete="off" dir="auto" />}
          </Form.Item>
        </Col>
      ))}
      <Col xs={24}>
        <Form.Item name="note" label={labels.field('note')}>
          <Input.TextArea rows={2} dir="auto" />
        </Form.Item>
      </Col>
    </Row>
  );
}

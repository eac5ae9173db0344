import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Flex, Form, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { Candidate, CandidateStage } from '../../../shared/schemas/candidates.ts';
import { apiRequest } from '../../api/client.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { todayInVietnam } from '../../ui/today.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { normalize, ProfileFieldsGrid } from '../members/memberFields.tsx';
import { UnitPicker } from '../units/UnitPicker.tsx';
import { unitName, useUnit } from '../units/units.api.ts';
import { afterCandidateChange, STAGES_IN_DEVELOPMENT } from './candidates.api.ts';
import { CANDIDATE_FIELDS, STAGE_FIELD_NAMES, stageBody, StageFields } from './candidateFields.tsx';
import { clearFieldErrors } from '../../ui/formErrors.ts';

type Values = Record<string, string | number | null | undefined>;
const NAMES = ['unitId', 'stage', ...STAGE_FIELD_NAMES, ...CANDIDATE_FIELDS.map((f) => f.name)];

/**
 * Registers a candidate developed by a cell, with the member profile's fields. Most begin as an
 * outstanding mass member; one whose development began before it was recorded here starts at
 * the stage reached, with that stage's details. The API checks the rest and its answers appear
 * under the fields, keeping what was typed.
 */
export function CandidateCreateForm() {
  const { t } = useTranslation();
  const labels = useLabels();
  const locale = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [search] = useSearchParams();
  const unitParam = Number(search.get('unit'));
  const startUnit = useUnit(Number.isInteger(unitParam) && unitParam > 0 ? unitParam : null);
  const [form] = Form.useForm<Values>();
  const stage = (Form.useWatch('stage', form) ?? 'outstanding_mass') as CandidateStage;
  const { busy, error, extra, run } = useFormSubmit(form, NAMES);
  usePageTitle(t('ui.development.register'));

  const submit = (values: Values) => run(async () => {
    const body: Record<string, unknown> = { unitId: values.unitId ?? null, stage, ...stageBody(stage, values) };
    for (const f of CANDIDATE_FIELDS) {
      const value = values[f.name];
      const kept = typeof value === 'string' ? normalize(value) : value ?? null;
      if (kept !== null) body[f.name] = kept;
    }
    const { data, etag } = await apiRequest<Candidate>('/candidates', { method: 'POST', body });
    afterCandidateChange(queryClient, data, etag);
    void message.success(t('ui.development.registered', { name: data.fullName }));
    void navigate(`/candidates/${data.id}`);
  });

  if (startUnit.isPending && startUnit.fetchStatus !== 'idle') return null;
  const initialUnit = startUnit.data ? { id: startUnit.data.id, name: unitName(startUnit.data, locale), typeCode: startUnit.data.typeCode } : null;
  const back = initialUnit ? `/candidates?unit=${initialUnit.id}` : '/candidates';

  return (
    <article aria-labelledby="candidate-create-title">
      <Typography.Title level={1} id="candidate-create-title" style={{ fontSize: 24, marginBlockStart: 0 }}>
        {t('ui.development.register')}
      </Typography.Title>
      <ErrorAlert error={error} extra={extra} />
      <Form<Values> form={form} onValuesChange={clearFieldErrors(form)} layout="vertical" name="candidate-create" scrollToFirstError
        initialValues={{ unitId: initialUnit?.id ?? null, stage: 'outstanding_mass', since: todayInVietnam(), ethnicity: '01', religion: 'none' }}
        onFinish={(v) => void submit(v)}>
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.development.start')}</h2>} style={{ marginBlockEnd: 16 }}>
          <Row gutter={16}>
            <Col xs={24} xl={12}>
              <Form.Item name="unitId" label={labels.field('unitId')} required extra={t('ui.development.unitHint')}>
                <UnitPicker initial={initialUnit} />
              </Form.Item>
            </Col>
            <Col xs={24} xl={12}>
              <Form.Item name="stage" label={labels.field('stage')} required extra={t('ui.development.startHint')}>
                <Select options={STAGES_IN_DEVELOPMENT.map((s) => ({ value: s, label: labels.enumValue('candidateStage', s) }))} />
              </Form.Item>
            </Col>
          </Row>
          <StageFields stage={stage} />
        </Card>
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.member.identity')}</h2>}>
          <ProfileFieldsGrid fields={CANDIDATE_FIELDS} />
        </Card>
        <Flex gap={8} style={{ marginBlockStart: 16 }}>
          <Button type="primary" htmlType="submit" loading={busy}>{t('ui.development.submitRegister')}</Button>
          <ButtonLink to={back}>{t('ui.member.cancel')}</ButtonLink>
        </Flex>
      </Form>
    </article>
  );
}

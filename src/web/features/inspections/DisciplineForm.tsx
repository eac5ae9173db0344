import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Flex, Form, Input, Row, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { apiSend } from '../../api/client.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { DateField } from '../../ui/DateField.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { clearFieldErrors } from '../../ui/formErrors.ts';
import { filledValues } from '../../ui/formValues.ts';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { todayInVietnam } from '../../ui/today.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { unitName, useUnit } from '../units/units.api.ts';
import { UnitPicker } from '../units/UnitPicker.tsx';
import {
  afterInspectionChange, DECIDING_BODIES, MEMBER_DISCIPLINE_FORMS, UNIT_DISCIPLINE_FORMS, useCases, type DisciplineDecision,
} from './inspections.api.ts';
import { SubjectPicker, type PickedSubject, type SubjectValue } from './SubjectPicker.tsx';

type Values = {
  subject: SubjectValue; form?: string; decidingUnitId?: number | null; decidingBody?: string; decisionNo?: string;
  decidedOn?: string | null; effectiveOn?: string | null; content?: string; caseId?: number | null;
};
const FIELDS = ['subject', 'form', 'decidingUnitId', 'decidingBody', 'decisionNo', 'decidedOn', 'effectiveOn', 'content', 'caseId'];

/**
 * Records a discipline decision on a member or a party organization: the form, who decided it
 * (the unit and its body), the decision's number and dates, what it is for, and the case whose
 * conclusion led to it if any. The forms offered are those for a member or for an organization;
 * which of them the regulation allows this subject (a probationary member only a reprimand or
 * a warning) the server decides, and says so under the form. An expulsion ends the membership.
 */
export function DisciplineForm() {
  const { t } = useTranslation();
  const labels = useLabels();
  const locale = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const unitId = Number(useParams().unitId);
  const [search] = useSearchParams();
  const caseParam = Number(search.get('case')) || null;
  const unit = useUnit(unitId);
  // The cases are read when the user opens their list, or at once when coming from a case (to name it).
  const [casesWanted, setCasesWanted] = useState(caseParam !== null);
  const cases = useCases(unitId, {}, casesWanted);
  const [form] = Form.useForm<Values>();
  const state = useFormSubmit(form, FIELDS);
  const [picked, setPicked] = useState<PickedSubject | null>(null);
  const subjectType = Form.useWatch(['subject', 'type'], form) ?? 'member';
  const chosenForm = Form.useWatch('form', form);
  const today = todayInVietnam();
  const title = t('ui.inspections.disciplines.form.title', { unit: unit.data ? unitName(unit.data, locale) : '' });
  usePageTitle(unit.data ? title : null);

  if (unit.isError) return <ErrorAlert error={unit.error} onRetry={() => void unit.refetch()} />;
  if (!unit.data) return <PageSpinner />;
  const forms = subjectType === 'unit' ? UNIT_DISCIPLINE_FORMS : MEMBER_DISCIPLINE_FORMS;
  const initialUnit = { id: unit.data.id, name: unitName(unit.data, locale), typeCode: unit.data.typeCode };

  const onFinish = (v: Values) => void state.run(async () => {
    const subject = v.subject.id ? { type: v.subject.type, id: v.subject.id } : undefined;
    const decided = await apiSend<DisciplineDecision>('POST', '/discipline-decisions', filledValues({ ...v, subject }));
    afterInspectionChange(queryClient, { discipline: decided });
    // An expulsion ends a membership: the member's record, the lists and the counts change.
    void queryClient.invalidateQueries({ queryKey: ['members'] });
    void queryClient.invalidateQueries({ queryKey: ['units'] });
    void message.success(t('ui.inspections.disciplines.form.done', { name: decided.subjectName }));
    void navigate(`/discipline-decisions/${decided.id}`);
  });

  return (
    <article aria-labelledby="discipline-title" style={{ maxWidth: 960 }}>
      <Typography.Title level={1} id="discipline-title" style={{ fontSize: 24, marginBlockStart: 0 }}><bdi>{title}</bdi></Typography.Title>
      <Typography.Paragraph>{t('ui.inspections.disciplines.form.intro')}</Typography.Paragraph>
      {chosenForm === 'expulsion' && <Alert type="warning" showIcon title={t('ui.inspections.disciplines.form.expulsionWarning')} style={{ marginBlockEnd: 16 }} />}
      <ErrorAlert error={state.error} extra={state.extra} />
      <Form<Values> form={form} layout="vertical" name="discipline" onFinish={onFinish} scrollToFirstError
        onValuesChange={(changed: Partial<Values>) => {
          clearFieldErrors(form)(changed);
          // Forms differ for members and organizations: a form of the other kind is cleared.
          if (changed.subject && !(changed.subject.type === 'unit' ? UNIT_DISCIPLINE_FORMS : MEMBER_DISCIPLINE_FORMS).includes(form.getFieldValue('form'))) {
            form.setFieldValue('form', undefined);
          }
        }}
        initialValues={{
          subject: { type: 'member', id: null }, decidingUnitId: unit.data.id, decidedOn: today, effectiveOn: today, caseId: caseParam,
        }}>
        <Card size="small" style={{ marginBlockEnd: 16 }}>
          <Form.Item name="subject" label={labels.field('subject')} required
            extra={picked?.status === 'probationary' ? t('ui.inspections.disciplines.form.probationaryHint') : t('ui.inspections.subjects.belowHint')}>
            <SubjectPicker unitId={unitId} onPick={setPicked} />
          </Form.Item>
          <Form.Item name="form" label={labels.field('form')} required>
            <Select options={forms.map((f) => ({ value: f, label: labels.enumValue('disciplineForm', f) }))} />
          </Form.Item>
        </Card>
        <Card size="small" style={{ marginBlockEnd: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="decidingUnitId" label={labels.field('decidingUnitId')} required>
                <UnitPicker initial={initialUnit} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="decidingBody" label={labels.field('decidingBody')} required>
                <Select options={DECIDING_BODIES.map((b) => ({ value: b, label: labels.enumValue('decidingBody', b) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="decisionNo" label={labels.field('decisionNo')} required>
                <Input autoComplete="off" maxLength={60} dir="auto" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="decidedOn" label={labels.field('decidedOn')} required>
                <DateField allowClear={false} max={today} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="effectiveOn" label={labels.field('effectiveOn')} required>
                <DateField allowClear={false} max={today} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="content" label={labels.field('content')} required>
            <Input.TextArea rows={3} maxLength={4000} dir="auto" />
          </Form.Item>
          <Form.Item name="caseId" label={labels.field('caseId')} extra={t('ui.inspections.disciplines.form.caseHint')}>
            <Select<number> allowClear showSearch={{ optionFilterProp: 'label' }} loading={casesWanted && cases.isPending}
              onOpenChange={(open) => { if (open) setCasesWanted(true); }}
              options={(cases.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.decisionNo} · ${c.title}` }))} />
          </Form.Item>
        </Card>
        <Flex gap={8}>
          <Button type="primary" danger={chosenForm === 'expulsion' || chosenForm === 'dissolution'} htmlType="submit" loading={state.busy}>
            {t('ui.inspections.disciplines.form.submit')}
          </Button>
          <ButtonLink to={`/units/${unitId}/disciplines`}>{t('ui.member.cancel')}</ButtonLink>
        </Flex>
      </Form>
    </article>
  );
}

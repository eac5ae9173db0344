import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Flex, Form, Input, Radio, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { apiSend } from '../../api/client.ts';
import { useFormat } from '../../i18n/useFormat.ts';
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
import {
  afterInspectionChange, BODIES, CASE_KINDS, SUPERVISION_KINDS, useOpenProgramItems, yearOf, type CaseKind, type InspectionCase, type SubjectType,
} from './inspections.api.ts';
import { SubjectsField } from './SubjectsField.tsx';
import { TeamField } from './TeamField.tsx';

type Values = {
  conductedBy: (typeof BODIES)[number]; kind?: CaseKind; title?: string; decisionNo?: string; openedOn?: string | null; plan?: string;
  lead?: string; team?: string[]; dueOn?: string | null; programItemId?: number | null; subjects: { type: SubjectType; id: number }[];
};
const FIELDS = ['conductedBy', 'kind', 'title', 'decisionNo', 'openedOn', 'plan', 'lead', 'team', 'dueOn', 'programItemId', 'subjects'];

/**
 * Opens an inspection or a supervision by its decision: who conducts it (the committee or its
 * inspection commission), of what kind, its plan, team and due date, and the organizations and
 * members below the unit it covers. Opened from a program's item, it carries that item out and
 * starts from what the item planned.
 */
export function OpenCaseForm() {
  const { t } = useTranslation();
  const labels = useLabels();
  const fmt = useFormat();
  const locale = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const unitId = Number(useParams().unitId);
  const [search] = useSearchParams();
  const programId = Number(search.get('program')) || null;
  // The program item the user came from, if any.
  const itemId = Number(search.get('item')) || null;
  const unit = useUnit(unitId);
  const [form] = Form.useForm<Values>();
  const state = useFormSubmit(form, FIELDS);
  const today = todayInVietnam();
  // This year's programs, and the one the user came from (a case opened early in a year may carry out last year's item).
  const open = useOpenProgramItems(unitId, yearOf(today), programId);
  const name = unit.data ? unitName(unit.data, locale) : '';
  const title = t('ui.inspections.cases.form.title', { unit: name });
  usePageTitle(unit.data ? title : null);
  const known = open.items.map((i) => ({ type: i.subjectType as SubjectType, id: i.subjectId, name: i.subjectName, detail: null, status: null }));

  if (unit.isError) return <ErrorAlert error={unit.error} onRetry={() => void unit.refetch()} />;
  // Opened from a program's item, the form starts from it: wait for it.
  if (!unit.data || (itemId !== null && open.pending)) return <PageSpinner />;
  const item = open.items.find((i) => i.id === itemId) ?? null;

  /** A case carrying out an item is of the item's kind; its subject and team are where it starts. */
  const takeItem = (id: number | null) => {
    const chosen = open.items.find((i) => i.id === id);
    if (!chosen) return;
    const subjects = form.getFieldValue('subjects') as Values['subjects'];
    const ref = { type: chosen.subjectType as SubjectType, id: chosen.subjectId };
    form.setFieldsValue({
      kind: chosen.kind as CaseKind,
      lead: form.getFieldValue('lead') || chosen.lead,
      team: (form.getFieldValue('team') as string[] | undefined)?.length ? form.getFieldValue('team') : chosen.team,
      subjects: subjects.some((r) => r.type === ref.type && r.id === ref.id) ? subjects : [...subjects, ref],
    });
  };

  const onFinish = (v: Values) => void state.run(async () => {
    const opened = await apiSend<InspectionCase>('POST', `/units/${unitId}/inspection-cases`, filledValues(v));
    afterInspectionChange(queryClient, { case: opened });
    void message.success(t('ui.inspections.cases.form.done', { title: opened.title }));
    void navigate(`/inspection-cases/${opened.id}`);
  });

  const initialValues: Partial<Values> = {
    conductedBy: item && (SUPERVISION_KINDS as readonly string[]).includes(item.kind) ? 'committee' : 'inspection_commission',
    openedOn: today,
    team: item?.team ?? [],
    subjects: item ? [{ type: item.subjectType as SubjectType, id: item.subjectId }] : [],
    ...(item ? { kind: item.kind as CaseKind, lead: item.lead, programItemId: item.id } : {}),
  };

  return (
    <article aria-labelledby="open-case-title" style={{ maxWidth: 960 }}>
      <Typography.Title level={1} id="open-case-title" style={{ fontSize: 24, marginBlockStart: 0 }}><bdi>{title}</bdi></Typography.Title>
      <Typography.Paragraph>{t('ui.inspections.cases.form.intro')}</Typography.Paragraph>
      <ErrorAlert error={state.error} extra={state.extra} />
      <Form<Values> form={form} onValuesChange={clearFieldErrors(form)} layout="vertical" name="open-case" onFinish={onFinish} scrollToFirstError
        initialValues={initialValues}>
        <Card size="small" style={{ marginBlockEnd: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="conductedBy" label={labels.field('conductedBy')} required>
                <Radio.Group options={BODIES.map((b) => ({ value: b, label: labels.enumValue('inspectionBody', b) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="kind" label={labels.field('kind')} required>
                <Select options={CASE_KINDS.map((k) => ({ value: k, label: labels.enumValue('caseKind', k) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="title" label={labels.field('title')} required>
            <Input autoComplete="off" maxLength={300} dir="auto" />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="decisionNo" label={labels.field('decisionNo')} required extra={t('ui.inspections.cases.form.decisionHint')}>
                <Input autoComplete="off" maxLength={60} dir="auto" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="openedOn" label={labels.field('openedOn')} required>
                <DateField allowClear={false} max={today} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="dueOn" label={labels.field('dueOn')} required>
                <DateField allowClear={false} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="plan" label={labels.field('plan')}>
            <Input.TextArea rows={3} maxLength={4000} dir="auto" />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="lead" label={labels.field('lead')} required>
                <Input autoComplete="off" maxLength={200} dir="auto" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="team" label={labels.field('team')}>
                <TeamField />
              </Form.Item>
            </Col>
          </Row>
          {open.items.length > 0 && (
            <Form.Item name="programItemId" label={labels.field('programItemId')} extra={t('ui.inspections.cases.form.itemHint')}>
              <Select<number> allowClear onChange={takeItem} options={open.items.map((i) => ({
                value: i.id,
                label: `${labels.enumValue('caseKind', i.kind)} · ${i.subjectName} · ${fmt.date(i.plannedFrom)}–${fmt.date(i.plannedTo)}`,
              }))} />
            </Form.Item>
          )}
        </Card>
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{labels.field('subjects')}</h2>}>
          <Form.Item name="subjects" label={t('ui.inspections.cases.form.addSubject')} extra={t('ui.inspections.subjects.belowHint')}>
            <SubjectsField unitId={unitId} known={known} />
          </Form.Item>
        </Card>
        <Flex gap={8} style={{ marginBlockStart: 16 }}>
          <Button type="primary" htmlType="submit" loading={state.busy}>{t('ui.inspections.cases.form.submit')}</Button>
          <ButtonLink to={`/units/${unitId}/inspection-cases`}>{t('ui.member.cancel')}</ButtonLink>
        </Flex>
      </Form>
    </article>
  );
}

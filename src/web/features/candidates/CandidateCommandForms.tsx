import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Flex, Form, Input, Radio, Row, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { Candidate, CandidateStage } from '../../../shared/schemas/candidates.ts';
import { apiRequest } from '../../api/client.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { DateField } from '../../ui/DateField.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { todayInVietnam } from '../../ui/today.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { afterCandidateChange, isFinal, useCandidate } from './candidates.api.ts';
import { STAGE_FIELD_NAMES, stageBody, StageFields } from './candidateFields.tsx';
import { clearFieldErrors } from '../../ui/formErrors.ts';

type Values = Record<string, string | null | undefined>;

/** Loads the candidate, then the form; a development that has ended takes no command. */
function WithCandidate({ children }: { children: (c: Candidate) => ReactNode }) {
  const record = useCandidate(Number(useParams().candidateId));
  if (record.isError) return <ErrorAlert error={record.error} onRetry={() => void record.refetch()} />;
  if (!record.data) return <PageSpinner />;
  return <>{children(record.data.candidate)}</>;
}

function Frame({ id, title, intro, children }: { id: string; title: string; intro: ReactNode; children: ReactNode }) {
  return (
    <article aria-labelledby={id} style={{ maxWidth: 860 }}>
      <Typography.Title level={1} id={id} style={{ fontSize: 24, marginBlockStart: 0 }}><bdi>{title}</bdi></Typography.Title>
      <Typography.Paragraph>{intro}</Typography.Paragraph>
      {children}
    </article>
  );
}

/** Records the stage that comes next, or the end of the development. */
export function CandidateStageForm() {
  return <WithCandidate>{(c) => <StageForm key={c.id} candidate={c} />}</WithCandidate>;
}

/**
 * Offers only what the API will take: the stage expected next (admission has its own form, which
 * creates the member) or the withdrawal, with the day it began and the details that stage needs.
 * A date before the current stage, or a stage recorded meanwhile by someone else, comes back from
 * the API under the field it concerns.
 */
function StageForm({ candidate: c }: { candidate: Candidate }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fmt = useFormat();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const choices: CandidateStage[] = [
    ...(c.nextStage && c.nextStage !== 'admitted' && !isFinal(c.stage) ? [c.nextStage] : []),
    ...(isFinal(c.stage) ? [] : ['withdrawn' as const]),
  ];
  const stage = (Form.useWatch('stage', form) ?? choices[0]) as CandidateStage | undefined;
  const { busy, error, extra, run } = useFormSubmit(form, ['stage', ...STAGE_FIELD_NAMES]);
  const title = t('ui.development.stageTitle', { name: c.fullName });
  usePageTitle(title);
  const back = `/candidates/${c.id}`;

  const submit = (values: Values) => run(async () => {
    if (!stage) return;
    const { data, etag } = await apiRequest<Candidate>(`/candidates/${c.id}/stages`, { method: 'POST', body: { stage, ...stageBody(stage, values) } });
    afterCandidateChange(queryClient, data, etag);
    void message.success(t('ui.development.stageDone', { stage: labels.enumValue('candidateStage', stage), name: data.fullName }));
    void navigate(back);
  });

  return (
    <Frame id="stage-title" title={title}
      intro={t('ui.development.stageNow', { stage: labels.enumValue('candidateStage', c.stage), date: fmt.date(c.since) })}>
      {stage === 'withdrawn' && <Alert type="warning" showIcon title={t('ui.development.withdrawWarning')} style={{ marginBlockEnd: 16 }} />}
      <ErrorAlert error={error} extra={extra} />
      {stage && (
        <Form<Values> form={form} onValuesChange={clearFieldErrors(form)} layout="vertical" name="candidate-stage" scrollToFirstError
          initialValues={{ stage: choices[0], since: todayInVietnam() }} onFinish={(v) => void submit(v)}>
          <Card size="small">
            <Form.Item name="stage" label={t('ui.development.stageChoice')} required>
              <Radio.Group aria-label={t('ui.development.stageChoice')} options={choices.map((s) => ({
                value: s, label: s === 'withdrawn' ? t('ui.development.withdraw') : labels.enumValue('candidateStage', s),
              }))} />
            </Form.Item>
            <StageFields stage={stage} />
          </Card>
          <Flex gap={8} style={{ marginBlockStart: 16 }}>
            <Button type="primary" danger={stage === 'withdrawn'} htmlType="submit" loading={busy}>{t('ui.development.submitStage')}</Button>
            <ButtonLink to={back}>{t('ui.member.cancel')}</ButtonLink>
          </Flex>
        </Form>
      )}
    </Frame>
  );
}

const ADMIT_FIELDS = ['admissionDecisionNo', 'admissionDecisionDate', 'ceremonyDate'] as const;

/** Admits a candidate who has applied; the new member's page opens. */
export function CandidateAdmitForm() {
  return <WithCandidate>{(c) => <AdmitForm key={c.id} candidate={c} />}</WithCandidate>;
}

/**
 * The admission decision: its number and date, and the ceremony when it has been held. The API
 * registers the member as a new member's record would be (admission age, unique citizen ID) and
 * its refusals appear under the fields.
 */
function AdmitForm({ candidate: c }: { candidate: Candidate }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fmt = useFormat();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const { busy, error, extra, run } = useFormSubmit(form, [...ADMIT_FIELDS]);
  const title = t('ui.development.admitTitle', { name: c.fullName });
  usePageTitle(title);
  const today = todayInVietnam();

  const submit = (values: Values) => run(async () => {
    const body = Object.fromEntries(ADMIT_FIELDS.map((f) => [f, values[f]]).filter(([, v]) => typeof v === 'string' && v.trim() !== ''));
    const { data, etag } = await apiRequest<Candidate>(`/candidates/${c.id}/admit`, { method: 'POST', body });
    afterCandidateChange(queryClient, data, etag);
    void queryClient.invalidateQueries({ queryKey: ['members', 'list'] });
    void queryClient.invalidateQueries({ queryKey: ['units'] });
    void message.success(t('ui.development.admitted', { name: data.fullName }));
    void navigate(data.memberId !== null ? `/members/${data.memberId}` : `/candidates/${c.id}`);
  });

  return (
    <Frame id="admit-title" title={title}
      intro={<>{t('ui.development.stageNow', { stage: labels.enumValue('candidateStage', c.stage), date: fmt.date(c.since) })} {t('ui.development.admitIntro')}</>}>
      <ErrorAlert error={error} extra={extra} />
      <Form<Values> form={form} onValuesChange={clearFieldErrors(form)} layout="vertical" name="candidate-admit" scrollToFirstError
        initialValues={{ admissionDecisionDate: today }} onFinish={(v) => void submit(v)}>
        <Card size="small">
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="admissionDecisionNo" label={labels.field('admissionDecisionNo')} required>
                <Input autoComplete="off" dir="auto" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="admissionDecisionDate" label={labels.field('admissionDecisionDate')} required>
                <DateField allowClear={false} max={today} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="ceremonyDate" label={labels.field('ceremonyDate')}>
                <DateField max={today} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Flex gap={8} style={{ marginBlockStart: 16 }}>
          <Button type="primary" htmlType="submit" loading={busy}>{t('ui.development.submitAdmit')}</Button>
          <ButtonLink to={`/candidates/${c.id}`}>{t('ui.member.cancel')}</ButtonLink>
        </Flex>
      </Form>
    </Frame>
  );
}

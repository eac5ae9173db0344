import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { TARGET_YEARS_AHEAD } from '../../../shared/schemas/targets.ts';
import type { SetTargetBody, TargetRevision } from '../../../shared/schemas/targets.ts';
import { apiRequest } from '../../api/client.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { todayInVietnam } from '../../ui/today.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { useCan } from '../auth/session.ts';
import { unitName, useUnit } from '../units/units.api.ts';
import { targetEtag, targetKeys, useTargetRevisions } from './targets.api.ts';
import { clearFieldErrors } from '../../ui/formErrors.ts';

type Values = { target?: number | null; decisionRef?: string | null; note?: string | null };
const FIELDS = ['target', 'decisionRef', 'note'] as const;
/** Years offered in the year switch: ten back (late records, corrections) and as far ahead as the API allows. */
const YEARS_BACK = 10;

const blankToNull = (s: string | null | undefined) => (s && s.trim() !== '' ? s : null);

/**
 * Sets or revises a unit's member development target for a year. Each save is a new revision in
 * force from today (the API keeps every earlier one), so the revisions so far are listed under the
 * form with the one in force marked. The save carries If-Match with the revision the user started
 * from: a revision someone else recorded meanwhile is not silently replaced.
 */
export function TargetForm() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const locale = useLocale();
  const navigate = useNavigate();
  const params = useParams();
  const unitId = Number(params.unitId);
  const year = Number(params.year);
  const unit = useUnit(unitId);
  const revisions = useTargetRevisions(unitId, year);
  const canSet = useCan('units.write');
  const name = unit.data ? unitName(unit.data, locale) : '';
  const title = t('ui.targets.form.title', { year: fmt.year(year), name });
  usePageTitle(unit.data ? title : null);

  const thisYear = Number(todayInVietnam().slice(0, 4));
  const years = Array.from({ length: YEARS_BACK + TARGET_YEARS_AHEAD + 1 }, (_, i) => thisYear - YEARS_BACK + i);
  if (Number.isInteger(year) && !years.includes(year)) years.push(year);
  years.sort((a, b) => b - a);

  if (unit.isError) return <ErrorAlert error={unit.error} onRetry={() => void unit.refetch()} />;
  if (revisions.isError) return <ErrorAlert error={revisions.error} onRetry={() => void revisions.refetch()} />;
  if (!unit.data || !revisions.data) return <PageSpinner />;

  return (
    <article aria-labelledby="target-title" style={{ maxWidth: 960 }}>
      <Typography.Title level={1} id="target-title" style={{ fontSize: 24, marginBlockStart: 0 }}><bdi>{title}</bdi></Typography.Title>
      <Typography.Paragraph>{t('ui.targets.form.intro')}</Typography.Paragraph>
      <Flex vertical gap={4} style={{ marginBlockEnd: 16, maxWidth: 200 }}>
        <label htmlFor="target-year">{t('fields.year')}</label>
        <Select<number>
          id="target-year"
          value={year}
          onChange={(y) => void navigate(`/units/${unitId}/targets/${y}`)}
          options={years.map((y) => ({ value: y, label: fmt.year(y) }))}
        />
      </Flex>
      {canSet
        ? <TargetEditor key={`${unitId}-${year}`} unitId={unitId} year={year} revisions={revisions.data}
            onReload={async () => (await revisions.refetch()).data} />
        : <Alert type="info" showIcon title={t('ui.targets.form.readOnly')} style={{ marginBlockEnd: 16 }} />}
      <RevisionList year={year} revisions={revisions.data} />
    </article>
  );
}

function TargetEditor({ unitId, year, revisions, onReload }: {
  unitId: number; year: number; revisions: TargetRevision[]; onReload: () => Promise<TargetRevision[] | undefined>;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // The revisions the user started from: one recorded meanwhile answers 412, even after the list
  // on screen has been refreshed in the background.
  const [base, setBase] = useState(revisions);
  const [form] = Form.useForm<Values>();
  const state = useFormSubmit(form, FIELDS);
  const latest = base.at(-1);

  const onFinish = (v: Values) => void state.run(async () => {
    // A cleared number is sent as missing, so that the API says the target is required.
    const body: Partial<SetTargetBody> = {
      ...(v.target === null || v.target === undefined ? {} : { target: v.target }),
      decisionRef: blankToNull(v.decisionRef), note: blankToNull(v.note),
    };
    await apiRequest<TargetRevision>(`/units/${unitId}/targets/${year}`, { method: 'PUT', body, ifMatch: targetEtag(base) });
    await queryClient.invalidateQueries({ queryKey: targetKeys.revisions(unitId, year) });
    void queryClient.invalidateQueries({ queryKey: ['units', 'development'] });
    void queryClient.invalidateQueries({ queryKey: ['audit'] });
    void message.success(t('ui.targets.form.done', { year: fmt.year(year) }));
    // The dashboard shows the year up to today, or a past year to its end; a year ahead has only this page.
    const thisYear = Number(todayInVietnam().slice(0, 4));
    if (year === thisYear) void navigate(`/units/${unitId}`);
    else if (year < thisYear) void navigate(`/units/${unitId}?asOf=${year}-12-31`);
    else setBase((await onReload()) ?? base);
  });

  const reload = async () => {
    const fresh = await onReload();
    if (!fresh) return;
    setBase(fresh);
    const last = fresh.at(-1);
    form.setFieldsValue({ target: last?.target ?? null, decisionRef: last?.decisionRef ?? null, note: last?.note ?? null });
    state.setStale(false);
  };

  return (
    <>
      {state.stale && (
        <Alert type="warning" showIcon role="alert" title={t('ui.targets.form.stale')} style={{ marginBlockEnd: 16 }}
          action={<Button size="small" onClick={() => void reload()}>{t('ui.member.reload')}</Button>} />
      )}
      <ErrorAlert error={state.error} extra={state.extra} />
      <Form<Values> form={form} onValuesChange={clearFieldErrors(form)} layout="vertical" name="target" scrollToFirstError onFinish={onFinish}
        initialValues={{ target: latest?.target ?? null, decisionRef: latest?.decisionRef ?? null, note: latest?.note ?? null }}>
        <Card size="small">
          <Form.Item name="target" label={labels.field('target')} required extra={t('ui.targets.form.targetHint')}>
            <InputNumber style={{ width: 200, maxWidth: '100%' }} />
          </Form.Item>
          <Form.Item name="decisionRef" label={labels.field('decisionRef')} extra={t('ui.targets.form.decisionHint')}>
            <Input autoComplete="off" dir="auto" />
          </Form.Item>
          <Form.Item name="note" label={labels.field('note')}>
            <Input.TextArea rows={3} dir="auto" />
          </Form.Item>
        </Card>
        <Flex gap={8} style={{ marginBlock: 16 }}>
          <Button type="primary" htmlType="submit" loading={state.busy}>{t('ui.targets.form.submit')}</Button>
          <ButtonLink to={`/units/${unitId}`}>{t('ui.member.cancel')}</ButtonLink>
        </Flex>
      </Form>
    </>
  );
}

/** Who set the year's target, when, to what; the revision in force today is the latest. */
function RevisionList({ year, revisions }: { year: number; revisions: TargetRevision[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const latest = revisions.at(-1)?.revision;
  return (
    <section aria-labelledby="target-revisions">
      <Typography.Title level={2} id="target-revisions" style={{ fontSize: 18 }}>
        {t('ui.targets.form.revisions', { year: fmt.year(year) })}
      </Typography.Title>
      <Table<TargetRevision>
        size="small"
        pagination={false}
        rowKey="id"
        // Newest first: the one in force heads the list.
        dataSource={[...revisions].reverse()}
        locale={{ emptyText: t('ui.targets.form.noRevisions') }}
        scroll={{ x: 760 }}
        data-testid="target-revisions"
        columns={[
          {
            key: 'revision', title: t('ui.targets.form.revision'), dataIndex: 'revision',
            render: (n: number) => <>{fmt.number(n)} {n === latest && <Tag color="#237804">{t('ui.targets.form.current')}</Tag>}</>,
          },
          { key: 'target', title: labels.field('target'), dataIndex: 'target', align: 'end', render: (n: number) => fmt.number(n) },
          { key: 'decisionRef', title: labels.field('decisionRef'), dataIndex: 'decisionRef', render: (s: string | null) => (s ? <bdi>{s}</bdi> : '') },
          { key: 'note', title: labels.field('note'), dataIndex: 'note', render: (s: string | null) => (s ? <bdi>{s}</bdi> : '') },
          { key: 'recordedAt', title: t('ui.targets.form.recordedAt'), dataIndex: 'recordedAt', render: (at: string) => fmt.instant(at) },
          { key: 'recordedBy', title: t('ui.targets.form.recordedBy'), render: (_v, r) => <bdi>{r.recordedBy.label}</bdi> },
        ]}
      />
    </section>
  );
}

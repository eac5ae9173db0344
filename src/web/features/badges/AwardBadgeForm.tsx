import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Form, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { apiSend } from '../../api/client.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { DateField } from '../../ui/DateField.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { todayInVietnam } from '../../ui/today.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { useMember } from '../members/members.api.ts';
import { BADGE_YEARS, recentAwardDays } from './badgeDays.ts';
import { clearFieldErrors } from '../../ui/formErrors.ts';

type Values = { years?: number; awardedOn?: string | null; decisionNo?: string; earlyReason?: string };
const FIELDS = ['years', 'awardedOn', 'decisionNo', 'earlyReason'];

/**
 * Records a party badge awarded by a decision on an award day. The server says when the party
 * age is not reached (and when it will be), and how early a seriously ill member may receive it.
 */
export function AwardBadgeForm() {
  const { t } = useTranslation();
  const labels = useLabels();
  const fmt = useFormat();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const memberId = Number(useParams().memberId);
  const [search] = useSearchParams();
  const record = useMember(memberId);
  const [form] = Form.useForm<Values>();
  const state = useFormSubmit(form, FIELDS);
  const name = record.data?.member.fullName ?? '';
  usePageTitle(record.data ? t('ui.badges.formTitle', { name }) : null);

  if (record.isError) return <ErrorAlert error={record.error} onRetry={() => void record.refetch()} />;
  if (!record.data) return <PageSpinner />;
  const years = Number(search.get('years'));

  const onFinish = (v: Values) => void state.run(async () => {
    await apiSend('POST', `/members/${memberId}/badges`, {
      years: v.years, awardedOn: v.awardedOn, decisionNo: v.decisionNo ?? '', ...(v.earlyReason?.trim() ? { earlyReason: v.earlyReason } : {}),
    });
    void queryClient.invalidateQueries({ queryKey: ['units'] });
    void queryClient.invalidateQueries({ queryKey: ['audit'] });
    void queryClient.invalidateQueries({ queryKey: ['members', 'badges', memberId] });
    void message.success(t('ui.badges.done', { name }));
    void navigate(`/members/${memberId}`);
  });

  return (
    <article aria-labelledby="badge-title" style={{ maxWidth: 760 }}>
      <Typography.Title level={1} id="badge-title" style={{ fontSize: 24, marginBlockStart: 0 }}><bdi>{t('ui.badges.formTitle', { name })}</bdi></Typography.Title>
      <Typography.Paragraph>{t('ui.badges.partyAgeFrom', { date: fmt.date(record.data.member.admissionDecisionDate) })}</Typography.Paragraph>
      <ErrorAlert error={state.error} extra={state.extra} />
      <Form<Values> form={form} onValuesChange={clearFieldErrors(form)} layout="vertical" name="award-badge" onFinish={onFinish} scrollToFirstError
        initialValues={{ years: BADGE_YEARS.includes(years) ? years : undefined, awardedOn: search.get('awardedOn') ?? recentAwardDays(todayInVietnam())[0] }}>
        <Card size="small">
          <Form.Item name="years" label={labels.field('years')} required>
            <Select<number> options={BADGE_YEARS.map((y) => ({ value: y, label: t('ui.badges.years', { years: fmt.number(y) }) }))} />
          </Form.Item>
          <Form.Item name="awardedOn" label={labels.field('awardedOn')} required extra={t('ui.badges.dayHint')}>
            <DateField allowClear={false} max={todayInVietnam()} />
          </Form.Item>
          <Form.Item name="decisionNo" label={labels.field('decisionNo')} required>
            <Input autoComplete="off" dir="auto" />
          </Form.Item>
          <Form.Item name="earlyReason" label={labels.field('earlyReason')} extra={t('ui.badges.earlyHint')}>
            <Input.TextArea rows={2} dir="auto" />
          </Form.Item>
        </Card>
        <Flex gap={8} style={{ marginBlockStart: 16 }}>
          <Button type="primary" htmlType="submit" loading={state.busy}>{t('ui.badges.award')}</Button>
          <ButtonLink to={`/members/${memberId}`}>{t('ui.member.cancel')}</ButtonLink>
        </Flex>
      </Form>
    </article>
  );
}

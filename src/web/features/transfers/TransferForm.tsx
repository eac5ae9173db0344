import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Flex, Form, Input, Radio, Row, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { TRANSFER_KINDS, TRANSFER_PURPOSES } from '../../../shared/reference.ts';
import type { IssueTransferBody } from '../../../shared/schemas/transfers.ts';
import { ApiError, apiSend } from '../../api/client.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { DateField } from '../../ui/DateField.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { clearFieldErrors } from '../../ui/formErrors.ts';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { todayInVietnam } from '../../ui/today.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { useMember } from '../members/members.api.ts';
import { DestinationPicker } from './DestinationPicker.tsx';
import { afterTransferChange, type Destination, type Transfer } from './transfers.api.ts';
import { filledValues } from '../../ui/formValues.ts';

type Where = 'inside' | 'outside';
type Values = {
  kind: IssueTransferBody['kind'];
  purpose?: string;
  where: Where;
  toUnitId?: number | null;
  destination?: string;
  letterNo?: string;
  letterDate?: string | null;
  changeDate?: string | null;
  expectedReturn?: string | null;
  note?: string;
};
const FIELDS = ['kind', 'purpose', 'toUnitId', 'destination', 'letterNo', 'letterDate', 'changeDate', 'expectedReturn', 'note'];

/**
 * Issues the letter that transfers a member's party activity, from the member's actions: official
 * (for good) or temporary (back by a date), to a cell of this installation or, for good, to an
 * organization outside it. The member stays in their cell until the receiving side takes the
 * letter in; a letter to a cell the user does not reach waits at the unit above both ends.
 */
export function TransferForm() {
  const { t } = useTranslation();
  const labels = useLabels();
  const fmt = useFormat();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const memberId = Number(useParams().memberId);
  const record = useMember(memberId);
  const [form] = Form.useForm<Values>();
  const state = useFormSubmit(form, FIELDS);
  const [picked, setPicked] = useState<Destination | null>(null);
  const kind = Form.useWatch('kind', form) ?? 'official';
  const where: Where = (Form.useWatch('where', form) ?? 'inside') === 'outside' && kind === 'official' ? 'outside' : 'inside';
  const name = record.data?.member.fullName ?? '';
  const title = t('ui.transfers.form.title', { name });
  usePageTitle(record.data ? title : null);

  if (record.isError) return <ErrorAlert error={record.error} onRetry={() => void record.refetch()} />;
  if (!record.data) return <PageSpinner />;
  const m = record.data.member;
  const today = todayInVietnam();

  const onFinish = (v: Values) => void state.run(async () => {
    const body: Record<string, unknown> = {
      kind: v.kind, purpose: v.purpose, letterNo: v.letterNo, letterDate: v.letterDate, note: v.note,
      ...(where === 'inside' ? { toUnitId: v.toUnitId } : { destination: v.destination }),
      ...(v.kind === 'official' ? { changeDate: v.changeDate } : { expectedReturn: v.expectedReturn }),
    };
    const sent = filledValues(body);
    let issued: Transfer;
    try {
      issued = await apiSend<Transfer>('POST', `/members/${memberId}/transfers`, sent);
    } catch (e) {
      // Neither a cell nor an organization outside: the API names the cell; the form shows the field in use.
      if (e instanceof ApiError && where === 'outside') {
        throw new ApiError({
          status: e.status, code: e.code, detail: e.message, requestId: e.requestId,
          errors: e.errors.map((fe) => (fe.path === 'toUnitId' ? { ...fe, path: 'destination' } : fe)),
        });
      }
      throw e;
    }
    afterTransferChange(queryClient, memberId);
    const done = issued.state === 'awaiting_forward'
      ? t('ui.transfers.form.doneVia', { name, unit: issued.viaUnit?.name ?? '' })
      : issued.state === 'departed'
        ? t('ui.transfers.form.doneDeparted', { name, destination: issued.destination ?? '' })
        : t('ui.transfers.form.done', { name, unit: issued.toUnit?.name ?? '' });
    void message.success(done);
    void navigate(`/members/${memberId}/timeline`);
  });

  return (
    <article aria-labelledby="transfer-title" style={{ maxWidth: 860 }}>
      <Typography.Title level={1} id="transfer-title" style={{ fontSize: 24, marginBlockStart: 0 }}><bdi>{title}</bdi></Typography.Title>
      {m.membership && (
        <Typography.Paragraph>
          {t('ui.memberEvent.now', { status: labels.enumValue('status', m.membership.status), unit: m.membership.unitName, since: fmt.date(m.membership.since) })}
        </Typography.Paragraph>
      )}
      <Typography.Paragraph>{t('ui.transfers.form.intro')}</Typography.Paragraph>
      {where === 'outside' && <Alert type="warning" showIcon title={t('ui.transfers.form.outsideWarning')} style={{ marginBlockEnd: 16 }} />}
      <ErrorAlert error={state.error} extra={state.extra} />
      <Form<Values> form={form} onValuesChange={clearFieldErrors(form)} layout="vertical" name="transfer" onFinish={onFinish} scrollToFirstError
        initialValues={{ kind: 'official', where: 'inside', letterDate: today }}>
        <Card size="small" style={{ marginBlockEnd: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="kind" label={labels.field('kind')} required>
                <Radio.Group aria-label={labels.field('kind')}
                  options={TRANSFER_KINDS.map((k) => ({ value: k, label: labels.enumValue('transferKind', k) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="purpose" label={labels.field('purpose')} required>
                <Select options={TRANSFER_PURPOSES.map((p) => ({ value: p, label: labels.enumValue('transferPurpose', p) }))} />
              </Form.Item>
            </Col>
          </Row>
          {kind === 'official' && (
            <Form.Item name="where" label={t('ui.transfers.form.where')}>
              <Radio.Group aria-label={t('ui.transfers.form.where')} options={[
                { value: 'inside', label: t('ui.transfers.form.inside') },
                { value: 'outside', label: t('ui.transfers.form.outside') },
              ]} />
            </Form.Item>
          )}
          {where === 'inside' ? (
            <Form.Item name="toUnitId" label={labels.field('toUnitId')} required
              extra={picked && !picked.inScope ? t('ui.transfers.form.viaHint') : t('ui.transfers.form.cellHint')}>
              <DestinationPicker onPick={setPicked} />
            </Form.Item>
          ) : (
            <Form.Item name="destination" label={labels.field('destination')} required extra={t('ui.transfers.form.destinationHint')}>
              <Input autoComplete="off" dir="auto" />
            </Form.Item>
          )}
        </Card>
        <Card size="small">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="letterNo" label={labels.field('letterNo')} required>
                <Input autoComplete="off" dir="auto" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="letterDate" label={labels.field('letterDate')} required>
                <DateField allowClear={false} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              {kind === 'official' ? (
                <Form.Item name="changeDate" label={labels.field('changeDate')} extra={t('ui.transfers.form.changeHint')}>
                  <DateField max={today} />
                </Form.Item>
              ) : (
                <Form.Item name="expectedReturn" label={labels.field('expectedReturn')} required extra={t('ui.transfers.form.returnHint')}>
                  <DateField />
                </Form.Item>
              )}
            </Col>
          </Row>
          <Form.Item name="note" label={labels.field('note')}>
            <Input.TextArea rows={2} dir="auto" />
          </Form.Item>
        </Card>
        <Flex gap={8} style={{ marginBlockStart: 16 }}>
          <Button type="primary" danger={where === 'outside'} htmlType="submit" loading={state.busy}>{t('ui.transfers.form.submit')}</Button>
          <ButtonLink to={`/members/${memberId}`}>{t('ui.member.cancel')}</ButtonLink>
        </Flex>
      </Form>
    </article>
  );
}

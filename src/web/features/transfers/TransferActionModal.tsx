import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../api/client.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { DateField } from '../../ui/DateField.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { clearFieldErrors } from '../../ui/formErrors.ts';
import { todayInVietnam } from '../../ui/today.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { afterTransferChange, isolate, type Transfer, type TransferAction } from './transfers.api.ts';

/** What each step records, as the API takes it: the day (first) and, for some, a letter or a reason. */
const FIELDS: Record<TransferAction, { name: string; kind: 'date' | 'text' | 'reason' }[]> = {
  receive: [{ name: 'receivedOn', kind: 'date' }],
  forward: [{ name: 'letterNo', kind: 'text' }, { name: 'forwardedOn', kind: 'date' }],
  end: [{ name: 'endedOn', kind: 'date' }],
  cancel: [{ name: 'cancelledOn', kind: 'date' }, { name: 'reason', kind: 'reason' }],
};

type Props = { transfer: Transfer; action: TransferAction; onClose: () => void };

/**
 * One step of a transfer in a dialog: receive it (an official transfer moves the member from that
 * day), forward it from the unit above both ends, end a temporary stay, or withdraw a letter not
 * yet received. The API's refusals show as in every form: under the field, or above the form.
 */
export function TransferActionModal({ transfer: tr, action, onClose }: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fmt = useFormat();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const fields = FIELDS[action];
  const [form] = Form.useForm<Record<string, string | null>>();
  const state = useFormSubmit(form, fields.map((f) => f.name));
  const today = todayInVietnam();
  const to = tr.toUnit?.name ?? tr.destination ?? '';

  const onFinish = (values: Record<string, string | null>) => void state.run(async () => {
    const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== undefined && v !== ''));
    await apiSend<Transfer>('POST', `/transfers/${tr.id}/${action}`, body);
    afterTransferChange(queryClient, tr.memberId);
    void message.success(t(`ui.transfers.actions.${action}.done`, { name: tr.fullName }));
    onClose();
  });

  const dateField = fields.find((f) => f.kind === 'date')?.name ?? '';
  return (
    <Modal open title={<bdi>{t(`ui.transfers.actions.${action}.title`, { name: tr.fullName })}</bdi>} onCancel={onClose} footer={null} width={560}>
      <Typography.Paragraph>
        {t('ui.transfers.letter', { no: isolate(tr.letterNo), date: fmt.date(tr.letterDate) })}{' '}
        {t('ui.transfers.fromTo', { from: isolate(tr.fromUnit.name), to: isolate(to) })}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t(`ui.transfers.actions.${action}.intro`)}</Typography.Paragraph>
      <ErrorAlert error={state.error} extra={state.extra} />
      <Form form={form} onValuesChange={clearFieldErrors(form)} layout="vertical" name={`transfer-${action}`}
        initialValues={{ [dateField]: today }} onFinish={onFinish}>
        {fields.map((f) => (
          <Form.Item key={f.name} name={f.name} required
            label={f.name === 'letterNo' ? t('ui.transfers.forwardLetterNo') : labels.field(f.name)}>
            {f.kind === 'date' ? <DateField allowClear={false} />
              : f.kind === 'reason' ? <Input.TextArea rows={2} dir="auto" /> : <Input autoComplete="off" dir="auto" />}
          </Form.Item>
        ))}
        <Flex gap={8} justify="end">
          <Button onClick={onClose}>{t('ui.transfers.close')}</Button>
          <Button type="primary" danger={action === 'cancel'} htmlType="submit" loading={state.busy}>{t(`ui.transfers.actions.${action}.submit`)}</Button>
        </Flex>
      </Form>
    </Modal>
  );
}

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
import { afterInspectionChange, inspectionKeys, type InspectionRemedy } from './inspections.api.ts';

type Values = { completedOn?: string | null; evidence?: string };
const FIELDS = ['completedOn', 'evidence'];

/** Records, in a dialog, the day a remedy was carried out (not before the conclusion) and the evidence that shows it. */
export function CompleteRemedyModal({ remedy, caseId, concludedOn, onClose }: {
  remedy: InspectionRemedy; caseId: number; concludedOn: string | null; onClose: () => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fmt = useFormat();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const state = useFormSubmit(form, FIELDS);

  const onFinish = (v: Values) => void state.run(async () => {
    await apiSend<InspectionRemedy>('PUT', `/inspection-remedies/${remedy.id}/completion`, v);
    // The answer is the remedy alone: the case is read again for it.
    void queryClient.invalidateQueries({ queryKey: inspectionKeys.case(caseId) });
    afterInspectionChange(queryClient);
    void message.success(t('ui.inspections.remedies.completed'));
    onClose();
  });

  return (
    <Modal open title={t('ui.inspections.remedies.completeTitle')} onCancel={onClose} footer={null} width={560}>
      <Typography.Paragraph>
        <bdi>{remedy.description}</bdi>{' '}
        <Typography.Text type="secondary">{t('ui.inspections.remedies.by', { owner: `\u2068${remedy.owner}\u2069`, date: fmt.date(remedy.deadline) })}</Typography.Text>
      </Typography.Paragraph>
      <ErrorAlert error={state.error} extra={state.extra} />
      <Form<Values> form={form} layout="vertical" name="complete-remedy" onValuesChange={clearFieldErrors(form)} onFinish={onFinish}
        initialValues={{ completedOn: todayInVietnam() }}>
        <Form.Item name="completedOn" label={labels.field('completedOn')} required
          extra={concludedOn ? t('ui.inspections.remedies.notBefore', { date: fmt.date(concludedOn) }) : undefined}>
          <DateField allowClear={false} max={todayInVietnam()} />
        </Form.Item>
        <Form.Item name="evidence" label={labels.field('evidence')} required extra={t('ui.inspections.remedies.evidenceHint')}>
          <Input.TextArea rows={2} maxLength={2000} dir="auto" />
        </Form.Item>
        <Flex gap={8} justify="end">
          <Button onClick={onClose}>{t('ui.inspections.close')}</Button>
          <Button type="primary" htmlType="submit" loading={state.busy}>{t('ui.inspections.remedies.completeSubmit')}</Button>
        </Flex>
      </Form>
    </Modal>
  );
}

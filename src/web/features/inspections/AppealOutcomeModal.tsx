import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Form, Input, Modal, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../api/client.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { DateField } from '../../ui/DateField.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { clearFieldErrors } from '../../ui/formErrors.ts';
import { filledValues } from '../../ui/formValues.ts';
import { todayInVietnam } from '../../ui/today.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { afterInspectionChange, APPEAL_OUTCOMES, inspectionKeys, type DisciplineAppeal } from './inspections.api.ts';

type Values = { outcome?: string; outcomeOn?: string | null; decisionNo?: string; note?: string };
const FIELDS = ['outcome', 'outcomeOn', 'decisionNo', 'note'];

/**
 * Records, in a dialog, how an appeal was settled: the decision upheld, reduced or annulled, by
 * which decision and when. An annulled expulsion does not restore the membership by itself; the
 * dialog says so.
 */
export function AppealOutcomeModal({ appeal, onClose }: { appeal: DisciplineAppeal; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const state = useFormSubmit(form, FIELDS);

  const onFinish = (v: Values) => void state.run(async () => {
    await apiSend<DisciplineAppeal>('PUT', `/discipline-appeals/${appeal.id}/outcome`, filledValues(v));
    void queryClient.invalidateQueries({ queryKey: inspectionKeys.discipline(appeal.decisionId) });
    afterInspectionChange(queryClient);
    void message.success(t('ui.inspections.appeals.decidedDone'));
    onClose();
  });

  return (
    <Modal open title={t('ui.inspections.appeals.decideTitle')} onCancel={onClose} footer={null} width={560}>
      <Typography.Paragraph>{t('ui.inspections.appeals.filedOn', { date: fmt.date(appeal.filedOn) })}</Typography.Paragraph>
      <ErrorAlert error={state.error} extra={state.extra} />
      <Form<Values> form={form} layout="vertical" name="appeal-outcome" onValuesChange={clearFieldErrors(form)} onFinish={onFinish}
        initialValues={{ outcomeOn: todayInVietnam() }}>
        <Form.Item name="outcome" label={labels.field('outcome')} required extra={t('ui.inspections.appeals.reinstateHint')}>
          <Radio.Group options={APPEAL_OUTCOMES.map((o) => ({ value: o, label: labels.enumValue('appealOutcome', o) }))} />
        </Form.Item>
        <Form.Item name="decisionNo" label={labels.field('decisionNo')} required>
          <Input autoComplete="off" maxLength={60} dir="auto" />
        </Form.Item>
        <Form.Item name="outcomeOn" label={labels.field('outcomeOn')} required>
          <DateField allowClear={false} max={todayInVietnam()} />
        </Form.Item>
        <Form.Item name="note" label={labels.field('note')}>
          <Input.TextArea rows={2} maxLength={2000} dir="auto" />
        </Form.Item>
        <Flex gap={8} justify="end">
          <Button onClick={onClose}>{t('ui.inspections.close')}</Button>
          <Button type="primary" htmlType="submit" loading={state.busy}>{t('ui.inspections.appeals.decideSubmit')}</Button>
        </Flex>
      </Form>
    </Modal>
  );
}

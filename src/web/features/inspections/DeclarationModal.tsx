import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../api/client.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { DateField } from '../../ui/DateField.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { clearFieldErrors } from '../../ui/formErrors.ts';
import { filledValues } from '../../ui/formValues.ts';
import { todayInVietnam } from '../../ui/today.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { afterInspectionChange, type AssetDeclaration } from './inspections.api.ts';

export type DeclarationStep = 'submit' | 'verify';
type Values = { submittedOn?: string | null; verifiedOn?: string | null; verifiedBy?: string; note?: string };
const FIELDS: Record<DeclarationStep, string[]> = { submit: ['submittedOn', 'note'], verify: ['verifiedOn', 'verifiedBy', 'note'] };

/**
 * Records, in a dialog, that a member submitted their declaration (the day), or that it was
 * verified (the day, not before the submission, and by whom).
 */
export function DeclarationModal({ declaration: d, step, onClose }: { declaration: AssetDeclaration; step: DeclarationStep; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const state = useFormSubmit(form, FIELDS[step]);
  const today = todayInVietnam();

  const onFinish = (v: Values) => void state.run(async () => {
    await apiSend<AssetDeclaration>('PATCH', `/asset-declarations/${d.id}`, filledValues(v));
    afterInspectionChange(queryClient);
    void message.success(t(`ui.inspections.declarations.${step}.done`, { name: d.fullName }));
    onClose();
  });

  return (
    <Modal open title={<bdi>{t(`ui.inspections.declarations.${step}.title`, { name: d.fullName })}</bdi>} onCancel={onClose} footer={null} width={520}>
      <ErrorAlert error={state.error} extra={state.extra} />
      <Form<Values> form={form} layout="vertical" name={`declaration-${step}`} onValuesChange={clearFieldErrors(form)} onFinish={onFinish}
        initialValues={step === 'submit' ? { submittedOn: today, note: d.note ?? '' } : { verifiedOn: today, note: d.note ?? '' }}>
        {step === 'submit' ? (
          <Form.Item name="submittedOn" label={labels.field('submittedOn')} required>
            <DateField allowClear={false} max={today} />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="verifiedOn" label={labels.field('verifiedOn')} required>
              <DateField allowClear={false} max={today} />
            </Form.Item>
            <Form.Item name="verifiedBy" label={labels.field('verifiedBy')} required>
              <Input autoComplete="off" maxLength={200} dir="auto" />
            </Form.Item>
          </>
        )}
        <Form.Item name="note" label={labels.field('note')}>
          <Input.TextArea rows={2} maxLength={1000} dir="auto" />
        </Form.Item>
        <Flex gap={8} justify="end">
          <Button onClick={onClose}>{t('ui.inspections.close')}</Button>
          <Button type="primary" htmlType="submit" loading={state.busy}>{t(`ui.inspections.declarations.${step}.submit`)}</Button>
        </Flex>
      </Form>
    </Modal>
  );
}

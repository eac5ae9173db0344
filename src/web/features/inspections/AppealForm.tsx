import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../api/client.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { DateField } from '../../ui/DateField.tsx';
import { clearFieldErrors } from '../../ui/formErrors.ts';
import { todayInVietnam } from '../../ui/today.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { FormSection } from './FormSection.tsx';
import { afterInspectionChange, type DisciplineDecision } from './inspections.api.ts';

type Values = { filedOn?: string | null; grounds?: string };
const FIELDS = ['filedOn', 'grounds'];

/** Records an appeal against the decision: when it was filed (not before the decision) and on what grounds. */
export function AppealForm({ decision }: { decision: DisciplineDecision }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const state = useFormSubmit(form, FIELDS);

  const onFinish = (v: Values) => void state.run(async () => {
    const updated = await apiSend<DisciplineDecision>('POST', `/discipline-decisions/${decision.id}/appeals`, v);
    form.resetFields();
    afterInspectionChange(queryClient, { discipline: updated });
    void message.success(t('ui.inspections.appeals.filed'));
  });

  return (
    <FormSection id="appeal-form" title={t('ui.inspections.appeals.formTitle')} state={state} spaced>
      <Form<Values> form={form} layout="vertical" name="discipline-appeal" onValuesChange={clearFieldErrors(form)} onFinish={onFinish}
        initialValues={{ filedOn: todayInVietnam() }}>
        <Form.Item name="filedOn" label={labels.field('filedOn')} required>
          <DateField allowClear={false} max={todayInVietnam()} />
        </Form.Item>
        <Form.Item name="grounds" label={labels.field('grounds')} required>
          <Input.TextArea rows={3} maxLength={4000} dir="auto" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={state.busy}>{t('ui.inspections.appeals.submit')}</Button>
      </Form>
    </FormSection>
  );
}

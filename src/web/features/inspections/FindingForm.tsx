import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../api/client.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { DateField } from '../../ui/DateField.tsx';
import { clearFieldErrors } from '../../ui/formErrors.ts';
import { filledValues } from '../../ui/formValues.ts';
import { todayInVietnam } from '../../ui/today.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { FormSection } from './FormSection.tsx';
import { afterInspectionChange, VIOLATION_CATEGORIES, type InspectionCase } from './inspections.api.ts';

type Values = { subjectId?: number; category?: string; description?: string; foundOn?: string | null };
const FIELDS = ['subjectId', 'category', 'description', 'foundOn'];

/** Records a violation found in one of the case's subjects, while the case runs or in its conclusion, with the day it was established. */
export function FindingForm({ record }: { record: InspectionCase }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fmt = useFormat();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const state = useFormSubmit(form, FIELDS);

  const onFinish = (v: Values) => void state.run(async () => {
    const updated = await apiSend<InspectionCase>('POST', `/inspection-cases/${record.id}/findings`, filledValues(v));
    form.resetFields();
    form.setFieldValue('foundOn', todayInVietnam());
    afterInspectionChange(queryClient, { case: updated });
    void message.success(t('ui.inspections.subjects.findingRecorded'));
  });

  return (
    <FormSection id="finding-form" title={t('ui.inspections.subjects.findingTitle')} state={state}>
      <Form<Values> form={form} layout="vertical" name="case-finding" onValuesChange={clearFieldErrors(form)} onFinish={onFinish}
        initialValues={{ foundOn: todayInVietnam(), ...(record.subjectList.length === 1 ? { subjectId: record.subjectList[0]?.id } : {}) }}>
        <Form.Item name="subjectId" label={labels.field('subjectId')} required>
          <Select options={record.subjectList.map((s) => ({ value: s.id, label: `${labels.enumValue('subjectType', s.type)}: ${s.name}` }))} />
        </Form.Item>
        <Form.Item name="category" label={labels.field('category')} required>
          <Select options={VIOLATION_CATEGORIES.map((c) => ({ value: c, label: labels.enumValue('violationCategory', c) }))} />
        </Form.Item>
        <Form.Item name="description" label={labels.field('description')} required>
          <Input.TextArea rows={3} maxLength={4000} dir="auto" />
        </Form.Item>
        <Form.Item name="foundOn" label={t('ui.inspections.fields.foundOn')} required extra={t('ui.inspections.subjects.foundOnHint', { date: fmt.date(record.openedOn) })}>
          <DateField allowClear={false} max={todayInVietnam()} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={state.busy}>{t('ui.inspections.subjects.findingSubmit')}</Button>
      </Form>
    </FormSection>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../api/client.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { clearFieldErrors } from '../../ui/formErrors.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { FormSection } from './FormSection.tsx';
import { afterInspectionChange, type InspectionCase } from './inspections.api.ts';

type Values = { subjectId?: number; recommendations?: string };
const FIELDS = ['subjectId', 'recommendations'];

/** Sets what the case recommends to one of its subjects; choosing a subject brings its current recommendations to edit. */
export function RecommendationsForm({ record }: { record: InspectionCase }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const state = useFormSubmit(form, FIELDS);
  const only = record.subjectList.length === 1 ? record.subjectList[0] : undefined;

  const onFinish = (v: Values) => void state.run(async () => {
    const updated = await apiSend<InspectionCase>('PUT', `/inspection-cases/${record.id}/recommendations`, v);
    afterInspectionChange(queryClient, { case: updated });
    void message.success(t('ui.inspections.subjects.recommendationsSaved'));
  });

  return (
    <FormSection id="recommendations-form" title={t('ui.inspections.subjects.recommendationsTitle')} state={state}>
      <Form<Values> form={form} layout="vertical" name="case-recommendations" onFinish={onFinish}
        onValuesChange={(changed: Values) => {
          clearFieldErrors(form)(changed);
          if ('subjectId' in changed) {
            form.setFieldValue('recommendations', record.subjectList.find((s) => s.id === changed.subjectId)?.recommendations ?? '');
          }
        }}
        initialValues={only ? { subjectId: only.id, recommendations: only.recommendations ?? '' } : {}}>
        <Form.Item name="subjectId" label={labels.field('subjectId')} required>
          <Select options={record.subjectList.map((s) => ({ value: s.id, label: `${labels.enumValue('subjectType', s.type)}: ${s.name}` }))} />
        </Form.Item>
        <Form.Item name="recommendations" label={labels.field('recommendations')} required>
          <Input.TextArea rows={3} maxLength={4000} dir="auto" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={state.busy}>{t('ui.inspections.subjects.recommendationsSubmit')}</Button>
      </Form>
    </FormSection>
  );
}

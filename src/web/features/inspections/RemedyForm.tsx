import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../api/client.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { DateField } from '../../ui/DateField.tsx';
import { clearFieldErrors } from '../../ui/formErrors.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { FormSection } from './FormSection.tsx';
import { afterInspectionChange, type InspectionCase } from './inspections.api.ts';

type Values = { subjectId?: number; description?: string; owner?: string; deadline?: string | null };
const FIELDS = ['subjectId', 'description', 'owner', 'deadline'];

/** Requires a subject of a concluded case to put something right, by a deadline on or after the conclusion. */
export function RemedyForm({ record }: { record: InspectionCase }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const state = useFormSubmit(form, FIELDS);

  const onFinish = (v: Values) => void state.run(async () => {
    const updated = await apiSend<InspectionCase>('POST', `/inspection-cases/${record.id}/remedies`, v);
    form.resetFields();
    afterInspectionChange(queryClient, { case: updated });
    void message.success(t('ui.inspections.remedies.set'));
  });

  return (
    <FormSection id="remedy-form" title={t('ui.inspections.remedies.formTitle')} state={state} spaced>
      <Form<Values> form={form} layout="vertical" name="case-remedy" onValuesChange={clearFieldErrors(form)} onFinish={onFinish}
        initialValues={record.subjectList.length === 1 ? { subjectId: record.subjectList[0]?.id } : {}}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="subjectId" label={labels.field('subjectId')} required>
              <Select options={record.subjectList.map((s) => ({ value: s.id, label: `${labels.enumValue('subjectType', s.type)}: ${s.name}` }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="owner" label={labels.field('owner')} required>
              <Input autoComplete="off" maxLength={200} dir="auto" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={labels.field('description')} required>
          <Input.TextArea rows={2} maxLength={2000} dir="auto" />
        </Form.Item>
        <Form.Item name="deadline" label={labels.field('deadline')} required>
          <DateField allowClear={false} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={state.busy}>{t('ui.inspections.remedies.submit')}</Button>
      </Form>
    </FormSection>
  );
}

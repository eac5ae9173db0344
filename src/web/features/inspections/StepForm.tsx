import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../api/client.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { DateField } from '../../ui/DateField.tsx';
import { clearFieldErrors } from '../../ui/formErrors.ts';
import { filledValues } from '../../ui/formValues.ts';
import { todayInVietnam } from '../../ui/today.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { FormSection } from './FormSection.tsx';
import { afterInspectionChange, STEP_KINDS, type InspectionCase, type StepKind } from './inspections.api.ts';

type Values = { kind?: StepKind; doneOn?: string | null; documentNo?: string; note?: string };
const FIELDS = ['kind', 'doneOn', 'documentNo', 'note'];

/** The step that usually comes next: the first kind not yet recorded. */
const nextKind = (record: InspectionCase): StepKind => STEP_KINDS.find((k) => !record.steps.some((s) => s.kind === k)) ?? 'conclusion_notice';

/**
 * Records the case's next dated step. The conclusion notice needs its number and concludes the
 * case, which is said before it is sent; the API refuses a date before the opening or in the future.
 */
export function StepForm({ record }: { record: InspectionCase }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const state = useFormSubmit(form, FIELDS);
  const kind = Form.useWatch('kind', form);
  const concluding = kind === 'conclusion_notice';

  const onFinish = (v: Values) => void state.run(async () => {
    const updated = await apiSend<InspectionCase>('POST', `/inspection-cases/${record.id}/steps`, filledValues(v));
    void message.success(t(updated.status === 'concluded' ? 'ui.inspections.steps.concluded' : 'ui.inspections.steps.recorded'));
    // A concluded case takes no more steps: the form goes with the case's update.
    if (updated.status === 'open') {
      form.resetFields();
      form.setFieldsValue({ kind: nextKind(updated), doneOn: todayInVietnam() });
    }
    afterInspectionChange(queryClient, { case: updated });
  });

  return (
    <FormSection id="step-form" title={t('ui.inspections.steps.formTitle')} state={state}>
      <Form<Values> form={form} layout="vertical" name="case-step" onValuesChange={clearFieldErrors(form)} onFinish={onFinish}
        initialValues={{ kind: nextKind(record), doneOn: todayInVietnam() }}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="kind" label={t('ui.inspections.fields.stepKind')} required>
              <Select options={STEP_KINDS.map((k) => ({ value: k, label: labels.enumValue('stepKind', k) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="doneOn" label={labels.field('doneOn')} required>
              <DateField allowClear={false} max={todayInVietnam()} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="documentNo" label={labels.field('documentNo')} required={concluding}
              extra={concluding ? t('ui.inspections.steps.conclusionNoHint') : undefined}>
              <Input autoComplete="off" maxLength={60} dir="auto" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label={labels.field('note')}>
          <Input.TextArea rows={2} maxLength={2000} dir="auto" />
        </Form.Item>
        {concluding && <Alert type="warning" showIcon title={t('ui.inspections.steps.concludeWarning')} style={{ marginBlockEnd: 16 }} />}
        <Button type="primary" htmlType="submit" loading={state.busy}>
          {concluding ? t('ui.inspections.steps.concludeSubmit') : t('ui.inspections.steps.submit')}
        </Button>
      </Form>
    </FormSection>
  );
}

import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../api/client.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { DateField } from '../../ui/DateField.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { clearFieldErrors } from '../../ui/formErrors.ts';
import { filledValues } from '../../ui/formValues.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { afterInspectionChange, CASE_KINDS, inspectionKeys, type CaseKind, type InspectionProgram } from './inspections.api.ts';
import { SubjectPicker, type SubjectValue } from './SubjectPicker.tsx';
import { TeamField } from './TeamField.tsx';

type Values = {
  kind?: CaseKind; subject?: SubjectValue; plannedFrom?: string | null; plannedTo?: string | null; lead?: string; team?: string[]; note?: string;
};
const FIELDS = ['kind', 'subject', 'plannedFrom', 'plannedTo', 'lead', 'team', 'note'];

/** Plans one inspection or supervision in the program: of which organization or member, of what kind, when and by whom. */
export function ProgramItemForm({ program }: { program: InspectionProgram }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const state = useFormSubmit(form, FIELDS);

  const onFinish = (v: Values) => void state.run(async () => {
    const subject = v.subject?.id ? { type: v.subject.type, id: v.subject.id } : undefined;
    const updated = await apiSend<InspectionProgram>('POST', `/inspection-programs/${program.id}/items`, filledValues({ ...v, subject }));
    queryClient.setQueryData(inspectionKeys.program(program.id), updated);
    afterInspectionChange(queryClient);
    void message.success(t('ui.inspections.programs.itemAdded'));
    form.resetFields();
  });

  return (
    <Card size="small" data-testid="program-item-form" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.inspections.programs.addItem')}</h2>}>
      <ErrorAlert error={state.error} extra={state.extra} />
      <Form<Values> form={form} layout="vertical" name="program-item" onValuesChange={clearFieldErrors(form)} onFinish={onFinish}
        initialValues={{ subject: { type: 'unit', id: null }, plannedFrom: `${program.year}-01-01`, plannedTo: `${program.year}-12-31`, team: [] }}>
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Form.Item name="kind" label={labels.field('kind')} required>
              <Select options={CASE_KINDS.map((k) => ({ value: k, label: labels.enumValue('caseKind', k) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} lg={12}>
            <Form.Item name="subject" label={labels.field('subject')} required extra={t('ui.inspections.subjects.belowHint')}>
              <SubjectPicker unitId={program.unitId} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="plannedFrom" label={labels.field('plannedFrom')} required>
              <DateField allowClear={false} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="plannedTo" label={labels.field('plannedTo')} required>
              <DateField allowClear={false} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="lead" label={labels.field('lead')} required>
              <Input autoComplete="off" maxLength={200} dir="auto" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="team" label={labels.field('team')}>
              <TeamField />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label={labels.field('note')}>
          <Input.TextArea rows={2} maxLength={1000} dir="auto" />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<PlusOutlined aria-hidden />} loading={state.busy}>{t('ui.inspections.programs.addItemSubmit')}</Button>
      </Form>
    </Card>
  );
}

import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, Radio, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { apiSend } from '../../api/client.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { DateField } from '../../ui/DateField.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { clearFieldErrors } from '../../ui/formErrors.ts';
import { filledValues } from '../../ui/formValues.ts';
import { todayInVietnam } from '../../ui/today.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { afterInspectionChange, BODIES, type InspectionProgram } from './inspections.api.ts';

type Values = { conductedBy: (typeof BODIES)[number]; title?: string; approvalNo?: string; approvedOn?: string | null };
const FIELDS = ['conductedBy', 'title', 'approvalNo', 'approvedOn', 'year'];

/**
 * A new program for the year on screen: whose it is (the committee's supervision program or the
 * commission's inspection program), its title and the decision approving it. One of each per
 * unit and year; the API says when it exists already. Its page follows, where items are added.
 */
export function NewProgramCard({ unitId, year }: { unitId: number; year: number }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fmt = useFormat();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const state = useFormSubmit(form, FIELDS);

  const onFinish = (v: Values) => void state.run(async () => {
    const created = await apiSend<InspectionProgram>('POST', `/units/${unitId}/inspection-programs`, filledValues({ ...v, year }));
    afterInspectionChange(queryClient);
    void message.success(t('ui.inspections.programs.created', { title: created.title }));
    void navigate(`/inspection-programs/${created.id}`);
  });

  return (
    <Card size="small" style={{ marginBlockEnd: 24 }} data-testid="new-program"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.inspections.programs.newTitle', { year: fmt.year(year) })}</h2>}>
      <ErrorAlert error={state.error} extra={state.extra} />
      <Form<Values> form={form} layout="vertical" name="new-program" onValuesChange={clearFieldErrors(form)} onFinish={onFinish}
        initialValues={{ conductedBy: 'inspection_commission' }}>
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Form.Item name="conductedBy" label={labels.field('conductedBy')} required>
              <Radio.Group options={BODIES.map((b) => ({ value: b, label: labels.enumValue('inspectionBody', b) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} lg={12}>
            <Form.Item name="title" label={labels.field('title')} required>
              <Input autoComplete="off" maxLength={300} dir="auto" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="approvalNo" label={labels.field('approvalNo')} extra={t('ui.inspections.programs.approvalHint')}>
              <Input autoComplete="off" maxLength={60} dir="auto" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="approvedOn" label={labels.field('approvedOn')}>
              <DateField max={todayInVietnam()} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" icon={<PlusOutlined aria-hidden />} loading={state.busy}>{t('ui.inspections.programs.create')}</Button>
      </Form>
    </Card>
  );
}

import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { DateField } from '../../ui/DateField.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { clearFieldErrors } from '../../ui/formErrors.ts';
import { todayInVietnam } from '../../ui/today.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { UnitPicker } from '../units/UnitPicker.tsx';
import { useStartUnit } from '../units/useStartUnit.ts';
import { createPlan, putPlan } from './restructure.api.ts';

type Values = { unitId: number | null; title: string; effectiveOn: string };
const FIELDS = ['unitId', 'title', 'effectiveOn'];

/**
 * A new plan: the unit it restructures (the one the user came from, else their own), its title
 * and effective date. It starts with no operations; its page follows, where they are added.
 */
export function NewPlanCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const start = useStartUnit('units.restructure');
  const [form] = Form.useForm<Values>();
  const { busy, error, extra, run } = useFormSubmit(form, FIELDS);

  const submit = (values: Values) => void run(async () => {
    if (!values.unitId) return;
    const created = await createPlan({ unitId: values.unitId, title: values.title.trim(), effectiveOn: values.effectiveOn, operations: [] });
    putPlan(queryClient, created);
    const { plan } = created;
    void message.success(t('ui.restructure.created', { title: plan.title }));
    void navigate(`/restructure/${plan.id}`);
  });

  if (!start.ready) return null;
  const initialUnit = start.initial;
  const required = { required: true, whitespace: true, message: t('ui.restructure.required') };

  return (
    <Card size="small" style={{ marginBlockEnd: 24 }} data-testid="new-plan"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.restructure.newTitle')}</h2>}>
      <ErrorAlert error={error} extra={extra} />
      <Form<Values> form={form} layout="vertical" name="new-plan" onValuesChange={clearFieldErrors(form)}
        initialValues={{ unitId: initialUnit?.id ?? null, title: '', effectiveOn: todayInVietnam() }} onFinish={submit}>
        <Row gutter={16}>
          <Col xs={24} lg={9}>
            <Form.Item name="unitId" label={t('ui.restructure.unit')} required extra={t('ui.restructure.unitHint')}
              rules={[{ required: true, message: t('ui.restructure.required') }]}>
              <UnitPicker initial={initialUnit} />
            </Form.Item>
          </Col>
          <Col xs={24} lg={9}>
            <Form.Item name="title" label={t('ui.restructure.planTitle')} rules={[required]}>
              <Input autoComplete="off" maxLength={300} placeholder={t('ui.restructure.titlePlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} lg={6}>
            <Form.Item name="effectiveOn" label={t('ui.restructure.effectiveOn')} rules={[{ required: true, message: t('ui.restructure.required') }]}>
              <DateField allowClear={false} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" icon={<PlusOutlined aria-hidden />} loading={busy}>{t('ui.restructure.create')}</Button>
      </Form>
    </Card>
  );
}

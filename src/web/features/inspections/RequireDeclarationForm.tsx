import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../api/client.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { clearFieldErrors } from '../../ui/formErrors.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { MemberPicker } from '../members/MemberPicker.tsx';
import { afterInspectionChange, type AssetDeclaration } from './inspections.api.ts';

type Values = { memberId?: number | null; post?: string };
const FIELDS = ['memberId', 'post', 'year'];

/** Adds a member whose post obliges them to declare assets and income for the year; the posts are those the rules in force name. */
export function RequireDeclarationForm({ unitId, year, posts }: { unitId: number; year: number; posts: string[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const state = useFormSubmit(form, FIELDS);

  const onFinish = (v: Values) => void state.run(async () => {
    const added = await apiSend<AssetDeclaration>('POST', '/asset-declarations', { ...v, year });
    form.resetFields();
    afterInspectionChange(queryClient);
    void message.success(t('ui.inspections.declarations.added', { name: added.fullName, year: fmt.year(year) }));
  });

  return (
    <Card size="small" style={{ marginBlockEnd: 16 }} data-testid="require-declaration"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.inspections.declarations.addTitle', { year: fmt.year(year) })}</h2>}>
      <ErrorAlert error={state.error} extra={state.extra} />
      <Form<Values> form={form} layout="vertical" name="require-declaration" onValuesChange={clearFieldErrors(form)} onFinish={onFinish}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="memberId" label={labels.field('memberId')} required>
              <MemberPicker unitId={unitId} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="post" label={labels.field('post')} required>
              <Select options={posts.map((p) => ({ value: p, label: labels.enumValue('declarationPost', p) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" icon={<PlusOutlined aria-hidden />} loading={state.busy}>{t('ui.inspections.declarations.addSubmit')}</Button>
      </Form>
    </Card>
  );
}

import {
  ArrowDownOutlined, ArrowUpOutlined, CheckOutlined, DeleteOutlined, EyeOutlined, PlusOutlined, SaveOutlined, StopOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Flex, Form, Input, Row, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { DateField } from '../../ui/DateField.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { clearFieldErrors } from '../../ui/formErrors.ts';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { OperationFields } from './OperationFields.tsx';
import { emptyOperation, toOperation, toValues, type OperationValues } from './operationValues.ts';
import { PreviewPanel } from './PreviewPanel.tsx';
import {
  afterPlanApplied, decidePlan, KINDS, putPlan, savePlan, usePreview, type PlanBody, type PlanRecord, type RestructureKind, type RestructureOperation,
} from './restructure.api.ts';

type Values = { title: string; effectiveOn: string; operations: OperationValues[] };
const FIELDS = ['title', 'effectiveOn'];

/**
 * A draft plan: its title and date, its operations in order (added, removed, moved up and down,
 * each edited in the fields of its kind), saved with If-Match so that a change made meanwhile
 * is not overwritten. The preview runs on the saved plan (unsaved changes are saved first); the
 * plan can be applied only as previewed, without errors, and only after confirming.
 */
export function PlanEditor({ record, onReload }: { record: PlanRecord; onReload: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const { plan, etag } = record;
  const [form] = Form.useForm<Values>();
  const submit = useFormSubmit(form, FIELDS);
  const [dirty, setDirty] = useState(false);
  const [kind, setKind] = useState<RestructureKind>('merge');
  const [previewed, setPreviewed] = useState<number | null>(null);
  const preview = usePreview(plan.id, previewed);
  const [decision, setDecision] = useState<{ busy: 'apply' | 'cancel' | null; error: unknown }>({ busy: null, error: null });
  const shown = previewed === null ? undefined : preview.data;
  const current = shown !== undefined && !preview.isPlaceholderData && previewed === plan.version && !dirty;
  const canApply = current && shown.canApply;

  const body = (): PlanBody => {
    const v = form.getFieldsValue(true) as Values;
    return { unitId: plan.unitId, title: (v.title ?? '').trim(), effectiveOn: v.effectiveOn, operations: (v.operations ?? []).map(toOperation) };
  };
  const save = async () => {
    const saved = await savePlan(plan.id, body(), etag);
    putPlan(queryClient, saved);
    setDirty(false);
    return saved;
  };
  const validated = async () => {
    try {
      await form.validateFields();
      return true;
    } catch {
      return false;
    }
  };
  const onSave = async () => {
    if (!(await validated())) return;
    await submit.run(async () => {
      await save();
      setPreviewed(null);
      void message.success(t('ui.restructure.plan.saved'));
    });
  };
  const onPreview = async () => {
    if (!(await validated())) return;
    await submit.run(async () => {
      setPreviewed(dirty ? (await save()).plan.version : plan.version);
    });
  };

  const decide = async (action: 'apply' | 'cancel') => {
    setDecision({ busy: action, error: null });
    try {
      const decided = await decidePlan(plan.id, action, etag);
      if (action === 'apply') afterPlanApplied(queryClient);
      putPlan(queryClient, decided);
      void message.success(t(action === 'apply' ? 'ui.restructure.plan.appliedDone' : 'ui.restructure.plan.cancelledDone'));
    } catch (error) {
      const stale = error instanceof ApiError && error.status === 412;
      if (stale) submit.setStale(true);
      setDecision({ busy: null, error: stale ? null : error });
      return;
    }
    setDecision({ busy: null, error: null });
  };
  const confirm = (action: 'apply' | 'cancel') => {
    modal.confirm({
      title: t(action === 'apply' ? 'ui.restructure.plan.applyConfirmTitle' : 'ui.restructure.plan.cancelConfirmTitle', { title: plan.title }),
      content: action === 'apply' ? t('ui.restructure.plan.applyConfirm', { date: fmt.date(plan.effectiveOn) }) : t('ui.restructure.plan.cancelConfirm'),
      okText: t(action === 'apply' ? 'ui.restructure.plan.apply' : 'ui.restructure.plan.cancelPlan'),
      okButtonProps: { danger: action === 'cancel' },
      cancelText: t('ui.restructure.plan.keep'),
      onOk: () => decide(action),
    });
  };

  return (
    <>
      {submit.stale && (
        <Alert type="warning" showIcon role="alert" title={t('ui.restructure.plan.stale')} style={{ marginBlockEnd: 16 }}
          action={<Button size="small" onClick={onReload}>{t('ui.restructure.plan.reload')}</Button>} />
      )}
      <ErrorAlert error={submit.error} extra={submit.extra} />
      <Form<Values>
        form={form}
        name="plan"
        layout="vertical"
        initialValues={{ title: plan.title, effectiveOn: plan.effectiveOn, operations: (plan.operations as RestructureOperation[]).map(toValues) }}
        onValuesChange={(changed: object) => {
          clearFieldErrors(form)(changed);
          setDirty(true);
        }}
        onFinish={() => void onSave()}
      >
        <Card size="small" style={{ marginBlockEnd: 16 }} title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.restructure.plan.details')}</h2>}>
          <Row gutter={16}>
            <Col xs={24} md={16}>
              <Form.Item name="title" label={t('ui.restructure.planTitle')} rules={[{ required: true, whitespace: true, message: t('ui.restructure.required') }]}>
                <Input autoComplete="off" maxLength={300} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="effectiveOn" label={t('ui.restructure.effectiveOn')} rules={[{ required: true, message: t('ui.restructure.required') }]}>
                <DateField allowClear={false} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.restructure.plan.operations')}</h2>} data-testid="plan-operations">
          <Form.List name="operations">
            {(fields, { add, remove, move }) => (
              <>
                {fields.length === 0 && <Typography.Paragraph type="secondary">{t('ui.restructure.plan.noOperations')}</Typography.Paragraph>}
                {fields.map((field, index) => {
                  const opKind = form.getFieldValue(['operations', field.name, 'kind']) as RestructureKind;
                  const n = fmt.number(index + 1);
                  return (
                    <Card
                      key={field.key}
                      size="small"
                      type="inner"
                      data-testid="operation"
                      style={{ marginBlockEnd: 12 }}
                      title={<h3 style={{ fontSize: 14, margin: 0, whiteSpace: 'normal' }}>{t('ui.restructure.operation', { n, kind: t(`ui.restructure.kinds.${opKind}`) })}</h3>}
                      extra={(
                        <Flex gap={2}>
                          <Button type="text" size="small" icon={<ArrowUpOutlined aria-hidden />} disabled={index === 0}
                            aria-label={t('ui.restructure.plan.moveUp', { n })} title={t('ui.restructure.plan.moveUp', { n })}
                            onClick={() => { move(index, index - 1); setDirty(true); }} />
                          <Button type="text" size="small" icon={<ArrowDownOutlined aria-hidden />} disabled={index === fields.length - 1}
                            aria-label={t('ui.restructure.plan.moveDown', { n })} title={t('ui.restructure.plan.moveDown', { n })}
                            onClick={() => { move(index, index + 1); setDirty(true); }} />
                          <Button type="text" size="small" danger icon={<DeleteOutlined aria-hidden />}
                            aria-label={t('ui.restructure.plan.remove', { n })} title={t('ui.restructure.plan.remove', { n })}
                            onClick={() => { remove(index); setDirty(true); }} />
                        </Flex>
                      )}
                    >
                      <OperationFields name={field.name} kind={opKind} n={n} />
                    </Card>
                  );
                })}
                <Flex wrap gap={8} align="center">
                  <Select<RestructureKind>
                    aria-label={t('ui.restructure.plan.addKind')}
                    value={kind}
                    onChange={setKind}
                    options={KINDS.map((k) => ({ value: k, label: t(`ui.restructure.kinds.${k}`) }))}
                    style={{ minWidth: 200 }}
                    data-testid="add-kind"
                  />
                  <Button icon={<PlusOutlined aria-hidden />} onClick={() => { add(emptyOperation(kind)); setDirty(true); }}>
                    {t('ui.restructure.plan.add')}
                  </Button>
                </Flex>
              </>
            )}
          </Form.List>
        </Card>
        <Flex wrap gap={8} style={{ marginBlockStart: 16 }}>
          <Button htmlType="submit" icon={<SaveOutlined aria-hidden />} loading={submit.busy} data-testid="plan-save">
            {t('ui.restructure.plan.save')}
          </Button>
          <Button icon={<EyeOutlined aria-hidden />} onClick={() => void onPreview()} loading={preview.isFetching} data-testid="plan-preview-button">
            {t('ui.restructure.plan.preview')}
          </Button>
          <Button type="primary" icon={<CheckOutlined aria-hidden />} disabled={!canApply} loading={decision.busy === 'apply'}
            onClick={() => confirm('apply')} data-testid="plan-apply">
            {t('ui.restructure.plan.apply')}
          </Button>
          <Button danger icon={<StopOutlined aria-hidden />} loading={decision.busy === 'cancel'} onClick={() => confirm('cancel')} data-testid="plan-cancel">
            {t('ui.restructure.plan.cancelPlan')}
          </Button>
        </Flex>
        <Typography.Paragraph type="secondary" style={{ marginBlock: '8px 0' }} data-testid="plan-hint">
          {dirty ? t('ui.restructure.plan.unsaved')
            : canApply ? t('ui.restructure.plan.readyHint')
              : current && shown.conflicts.some((c) => c.severity === 'error') ? t('ui.restructure.plan.fixHint') : t('ui.restructure.plan.applyHint')}
        </Typography.Paragraph>
      </Form>
      {decision.error !== null && (
        <div data-testid="plan-refused" style={{ marginBlockStart: 16 }}>
          <ErrorAlert error={decision.error} />
        </div>
      )}
      {preview.isError && <div style={{ marginBlockStart: 16 }}><ErrorAlert error={preview.error} onRetry={() => void preview.refetch()} /></div>}
      {previewed !== null && !shown && preview.isFetching && <PageSpinner />}
      {shown && <PreviewPanel preview={shown} />}
    </>
  );
}

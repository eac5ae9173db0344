import { useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { Unit } from '../../../../shared/schemas/units.ts';
import { apiSend } from '../../../api/client.ts';
import { useLabels } from '../../../i18n/useLabels.ts';
import { useLocale } from '../../../i18n/useLocale.ts';
import { DateField } from '../../../ui/DateField.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageSpinner } from '../../../ui/PageSpinner.tsx';
import { todayInVietnam } from '../../../ui/today.ts';
import { useFormSubmit } from '../../../ui/useFormSubmit.ts';
import { unitName, useUnit, useUnitTypes } from '../units.api.ts';
import { NAME_FIELDS, NameFields, namesBody, type NameValues } from './NameFields.tsx';
import { UnitFormFrame } from './UnitFormFrame.tsx';

type Values = NameValues & { typeCode?: string; code?: string; validFrom?: string | null };
const FIELDS = ['typeCode', 'code', ...NAME_FIELDS, 'validFrom'];

/** Founds a unit under the one on screen: the types offered are those its type may have below it. */
export function CreateUnitForm() {
  const { t } = useTranslation();
  const labels = useLabels();
  const locale = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const unitTypes = useUnitTypes();
  const parentId = Number(useParams().unitId);
  const parent = useUnit(parentId);
  const [form] = Form.useForm<Values>();
  const state = useFormSubmit(form, FIELDS);

  if (parent.isError) return <ErrorAlert error={parent.error} onRetry={() => void parent.refetch()} />;
  if (!parent.data) return <PageSpinner />;
  const parentName = unitName(parent.data, locale);
  const childTypes = unitTypes.get(parent.data.typeCode)?.allowedChildTypes ?? [];

  const onFinish = (v: Values) => void state.run(async () => {
    const created = await apiSend<Unit>('POST', '/units', {
      parentId, typeCode: v.typeCode, code: v.code ?? '', validFrom: v.validFrom, ...namesBody(v),
    });
    await queryClient.invalidateQueries({ queryKey: ['units'] });
    void message.success(t('ui.unitForm.create.done', { name: created.name }));
    void navigate(`/units/${created.id}`);
  });

  return (
    <UnitFormFrame<Values>
      form={form}
      name="unit-create"
      title={t('ui.unitForm.create.title', { name: parentName })}
      intro={t('ui.unitForm.create.intro')}
      initialValues={{ validFrom: todayInVietnam(), ...(childTypes.length === 1 ? { typeCode: childTypes[0] } : {}) }}
      submit={{ label: t('ui.unitForm.create.submit') }}
      state={state}
      onFinish={onFinish}
      cancelTo={`/units/${parentId}`}
    >
      <Form.Item name="typeCode" label={labels.field('typeCode')} required>
        <Select options={childTypes.map((code) => ({ value: code, label: unitTypes.name(code) }))} />
      </Form.Item>
      <Form.Item name="code" label={labels.field('code')} required extra={t('ui.unitForm.codeHint')}>
        <Input autoComplete="off" dir="ltr" />
      </Form.Item>
      <NameFields />
      <Form.Item name="validFrom" label={labels.field('validFrom')} required>
        <DateField allowClear={false} />
      </Form.Item>
    </UnitFormFrame>
  );
}

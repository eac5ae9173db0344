import { useQueryClient } from '@tanstack/react-query';
import { App, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { Unit } from '../../../../shared/schemas/units.ts';
import { apiRequest } from '../../../api/client.ts';
import { useLabels } from '../../../i18n/useLabels.ts';
import { useLocale } from '../../../i18n/useLocale.ts';
import { DateField } from '../../../ui/DateField.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageSpinner } from '../../../ui/PageSpinner.tsx';
import { todayInVietnam } from '../../../ui/today.ts';
import { useFormSubmit } from '../../../ui/useFormSubmit.ts';
import { UnitPicker } from '../UnitPicker.tsx';
import { unitName, useUnitRecord, type UnitDetail } from '../units.api.ts';
import { NAME_FIELDS, NameFields, namesBody, type NameValues } from './NameFields.tsx';
import { UnitFormFrame } from './UnitFormFrame.tsx';

type Change = 'rename' | 'move' | 'close';
type Values = NameValues & { parentId?: number | null; effectiveOn?: string | null };

const FIELDS: Record<Change, string[]> = {
  rename: [...NAME_FIELDS, 'effectiveOn'],
  move: ['parentId', 'effectiveOn'],
  close: ['effectiveOn'],
};

/**
 * Rename, move or close a unit from a date: the unit is read with its ETag and the change sent
 * with If-Match, so a change someone made meanwhile is not overwritten. The server keeps the
 * earlier name and place (history is never overwritten) and refuses what the tree forbids.
 */
function UnitChangeForm({ change }: { change: Change }) {
  const unitId = Number(useParams().unitId);
  const record = useUnitRecord(unitId);
  if (record.isError) return <ErrorAlert error={record.error} onRetry={() => void record.refetch()} />;
  if (!record.data) return <PageSpinner />;
  return <ChangeForm key={`${unitId}-${record.data.etag}`} change={change} unit={record.data.unit} etag={record.data.etag}
    onReload={() => void record.refetch()} />;
}

function ChangeForm({ change, unit, etag, onReload }: { change: Change; unit: UnitDetail; etag: string | null; onReload: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const locale = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const state = useFormSubmit(form, FIELDS[change]);
  const name = unitName(unit, locale);
  const parent = unit.ancestors.at(-1);

  const onFinish = (v: Values) => void state.run(async () => {
    const body = change === 'rename' ? { ...namesBody(v), effectiveOn: v.effectiveOn }
      : change === 'move' ? { parentId: v.parentId, effectiveOn: v.effectiveOn }
        : { effectiveOn: v.effectiveOn };
    await apiRequest<Unit | { unit: Unit }>(`/units/${unit.id}/${change}`, { method: 'POST', body, ifMatch: etag });
    // Names, places and counts change across the tree: every unit query is read again.
    await queryClient.invalidateQueries({ queryKey: ['units'] });
    void queryClient.invalidateQueries({ queryKey: ['members'] });
    void queryClient.invalidateQueries({ queryKey: ['audit'] });
    void message.success(t(`ui.unitForm.${change}.done`, { name }));
    // A closed unit has no dashboard from that day: the one it was under opens.
    void navigate(`/units/${change === 'close' && parent ? parent.id : unit.id}`);
  });

  const otherNames = Object.fromEntries(Object.entries(unit.names).filter(([l]) => l !== 'vi'));
  return (
    <UnitFormFrame<Values>
      form={form}
      name={`unit-${change}`}
      title={t(`ui.unitForm.${change}.title`, { name })}
      intro={t(`ui.unitForm.${change}.intro`, { parent: parent?.name ?? '' })}
      initialValues={{ effectiveOn: todayInVietnam(), ...(change === 'rename' ? { name: unit.name, names: otherNames } : {}) }}
      submit={{ label: t(`ui.unitForm.${change}.submit`), danger: change === 'close' }}
      state={state}
      onFinish={onFinish}
      onReload={onReload}
      cancelTo={`/units/${unit.id}`}
    >
      {change === 'rename' && <NameFields openTranslations={Object.keys(otherNames).length > 0} />}
      {change === 'move' && (
        <Form.Item name="parentId" label={labels.field('parentId')} required>
          <UnitPicker />
        </Form.Item>
      )}
      <Form.Item name="effectiveOn" label={labels.field('effectiveOn')} required extra={t('ui.unitForm.effectiveHint')}>
        <DateField allowClear={false} />
      </Form.Item>
    </UnitFormFrame>
  );
}

export const RenameUnitForm = () => <UnitChangeForm change="rename" />;
export const MoveUnitForm = () => <UnitChangeForm change="move" />;
export const CloseUnitForm = () => <UnitChangeForm change="close" />;

import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { DISCIPLINE_FORMS, MEMBER_DISCIPLINE_FORMS, UNIT_DISCIPLINE_FORMS } from './inspections.api.ts';

type Row = { form: string; members: number | null; units: number | null };

/** Disciplines by form: members and organizations side by side, a dash where a form does not apply to one of them. */
export function DisciplineFormTable({ members, units }: { members: Record<string, number>; units: Record<string, number> }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const rows: Row[] = DISCIPLINE_FORMS.map((form) => ({
    form,
    members: (MEMBER_DISCIPLINE_FORMS as readonly string[]).includes(form) ? members[form] ?? 0 : null,
    units: (UNIT_DISCIPLINE_FORMS as readonly string[]).includes(form) ? units[form] ?? 0 : null,
  }));
  const cell = (n: number | null) => (n === null ? <span aria-label={t('ui.inspections.dashboard.notApplicable')}>—</span> : fmt.number(n));
  return (
    <Table<Row>
      size="small"
      pagination={false}
      rowKey="form"
      dataSource={rows}
      columns={[
        { key: 'form', title: labels.field('form'), render: (_v, r) => labels.enumValue('disciplineForm', r.form) },
        { key: 'members', title: t('ui.inspections.dashboard.ofMembers'), align: 'end', render: (_v, r) => cell(r.members) },
        { key: 'units', title: t('ui.inspections.dashboard.ofUnits'), align: 'end', render: (_v, r) => cell(r.units) },
      ]}
    />
  );
}

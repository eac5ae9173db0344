import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/useFormat.ts';

export type CountRow = { key: string; label: string; count: number | null };

/** Labelled counts in two columns, every row shown (a report's table lists its zeros too). */
export function CountTable({ rows, labelTitle, testId }: { rows: CountRow[]; labelTitle: string; testId?: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Table<CountRow>
      size="small"
      pagination={false}
      rowKey="key"
      dataSource={rows}
      data-testid={testId}
      columns={[
        { key: 'label', title: labelTitle, dataIndex: 'label' },
        {
          key: 'count', title: t('ui.inspections.dashboard.count'), align: 'end', width: 120,
          render: (_v, r) => (r.count === null ? <span aria-label={t('ui.inspections.dashboard.notApplicable')}>—</span> : fmt.number(r.count)),
        },
      ]}
    />
  );
}

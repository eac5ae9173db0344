import { Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../i18n/useFormat.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { NewImportCard } from './NewImportCard.tsx';
import { stateColor, useImports, type ImportJob } from './imports.api.ts';

/**
 * Imports of members and units from CSV or XLSX files: a new one (the kind, the unit the file
 * belongs to, the file), and the user's own imports, newest first, each opening its page.
 */
export function ImportsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const list = useImports();
  usePageTitle(t('ui.imports.title'));

  const columns: TableColumnsType<ImportJob> = [
    {
      key: 'file', title: t('ui.imports.columns.file'),
      render: (_, job) => <Link to={`/imports/${job.id}`}><bdi>{job.fileName}</bdi></Link>,
    },
    { key: 'kind', title: t('ui.imports.columns.kind'), render: (_, job) => t(`ui.imports.kinds.${job.kind}`) },
    {
      key: 'state', title: t('ui.imports.columns.state'),
      render: (_, job) => <Tag color={stateColor(job.state)} data-testid="import-state">{t(`ui.imports.states.${job.state}`)}</Tag>,
    },
    {
      key: 'counts', title: t('ui.imports.columns.counts'),
      render: (_, job) => (job.state === 'uploaded' ? <Typography.Text type="secondary">—</Typography.Text> : t('ui.imports.countsShort', {
        new: fmt.number(job.counts.new), updated: fmt.number(job.counts.updated),
        unchanged: fmt.number(job.counts.unchanged), rejected: fmt.number(job.counts.rejected),
      })),
    },
    {
      key: 'created', title: t('ui.imports.columns.created'),
      render: (_, job) => <span style={{ whiteSpace: 'nowrap' }}>{fmt.instant(job.createdAt)}</span>,
    },
  ];

  return (
    <section aria-labelledby="imports-title">
      <Typography.Title level={1} id="imports-title" style={{ fontSize: 24, marginBlockStart: 0 }}>{t('ui.imports.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('ui.imports.intro')}</Typography.Paragraph>
      <NewImportCard />
      <Typography.Title level={2} style={{ fontSize: 18 }}>{t('ui.imports.listTitle')}</Typography.Title>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <Table<ImportJob>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Typography.Text type="secondary">{t('ui.imports.none')}</Typography.Text> }}
        scroll={{ x: 800 }}
        data-testid="import-list"
        columns={columns}
      />
    </section>
  );
}

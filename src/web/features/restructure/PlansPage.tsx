import { Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../i18n/useFormat.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { NewPlanCard } from './NewPlanCard.tsx';
import { stateColor, usePlans, type RestructurePlan } from './restructure.api.ts';

/**
 * Restructure plans: a new one (unit, title, effective date), and the plans of the units within
 * the user's reach, each opening its page.
 */
export function PlansPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const list = usePlans();
  usePageTitle(t('ui.restructure.title'));

  const columns: TableColumnsType<RestructurePlan> = [
    {
      key: 'title', title: t('ui.restructure.columns.title'),
      render: (_, plan) => <Link to={`/restructure/${plan.id}`}><bdi>{plan.title}</bdi></Link>,
    },
    { key: 'unit', title: t('ui.restructure.columns.unit'), render: (_, plan) => <bdi>{plan.unitName}</bdi> },
    {
      key: 'effectiveOn', title: t('ui.restructure.columns.effectiveOn'),
      render: (_, plan) => <span style={{ whiteSpace: 'nowrap' }}>{fmt.date(plan.effectiveOn)}</span>,
    },
    {
      key: 'state', title: t('ui.restructure.columns.state'),
      render: (_, plan) => <Tag color={stateColor(plan.state)} data-testid="plan-state">{t(`ui.restructure.states.${plan.state}`)}</Tag>,
    },
    { key: 'operations', title: t('ui.restructure.columns.operations'), align: 'end', render: (_, plan) => fmt.number(plan.operations.length) },
    {
      key: 'created', title: t('ui.restructure.columns.created'),
      render: (_, plan) => <span style={{ whiteSpace: 'nowrap' }}>{fmt.instant(plan.createdAt)}</span>,
    },
  ];

  return (
    <section aria-labelledby="restructure-title">
      <Typography.Title level={1} id="restructure-title" style={{ fontSize: 24, marginBlockStart: 0 }}>{t('ui.restructure.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('ui.restructure.intro')}</Typography.Paragraph>
      <NewPlanCard />
      <Typography.Title level={2} style={{ fontSize: 18 }}>{t('ui.restructure.listTitle')}</Typography.Title>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <Table<RestructurePlan>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        dataSource={list.data ?? []}
        locale={{ emptyText: <Typography.Text type="secondary">{t('ui.restructure.none')}</Typography.Text> }}
        scroll={{ x: 800 }}
        data-testid="plan-list"
        columns={columns}
      />
    </section>
  );
}

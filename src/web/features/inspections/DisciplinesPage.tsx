import { PlusOutlined } from '@ant-design/icons';
import { Flex, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { useCan } from '../auth/session.ts';
import { unitName, useUnit } from '../units/units.api.ts';
import { formColor, useDisciplines, type DisciplineDecision } from './inspections.api.ts';
import { PeriodFields } from './PeriodFields.tsx';
import { SubjectLink } from './SubjectLink.tsx';
import { usePeriod } from './usePeriod.ts';

const day = (text: string) => <span style={{ whiteSpace: 'nowrap' }}>{text}</span>;

/**
 * Discipline decisions on members and organizations at a unit and below, decided in a period
 * (this year by default), newest first; recording one is a form of its own.
 */
export function DisciplinesPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const locale = useLocale();
  const canWrite = useCan('inspections.write');
  const unitId = Number(useParams().unitId);
  const period = usePeriod();
  const unit = useUnit(unitId);
  const list = useDisciplines(unitId, period.from, period.to);
  const title = t('ui.inspections.disciplines.title', { unit: unit.data ? unitName(unit.data, locale) : '' });
  usePageTitle(unit.data ? title : null);
  const items = list.data?.items ?? [];

  const columns: TableColumnsType<DisciplineDecision> = [
    {
      key: 'subject', title: labels.field('subject'),
      render: (_, d) => <SubjectLink type={d.subjectType} id={d.subjectType === 'unit' ? d.unitId : d.memberId} name={d.subjectName} />,
    },
    {
      key: 'form', title: labels.field('form'),
      render: (_, d) => <Tag color={formColor(d.form)} data-testid="discipline-form">{labels.enumValue('disciplineForm', d.form)}</Tag>,
    },
    {
      key: 'decision', title: t('ui.inspections.disciplines.decisionColumn'),
      render: (_, d) => (
        <>
          <Link to={`/discipline-decisions/${d.id}`}><bdi>{d.decisionNo}</bdi></Link>
          <div><Typography.Text type="secondary">{day(fmt.date(d.decidedOn))}</Typography.Text></div>
        </>
      ),
    },
    {
      key: 'decidedBy', title: t('ui.inspections.disciplines.decidedByColumn'),
      render: (_, d) => <>{labels.enumValue('decidingBody', d.decidingBody)} · <bdi>{d.decidingUnitName}</bdi></>,
    },
    { key: 'effectiveOn', title: labels.field('effectiveOn'), render: (_, d) => day(fmt.date(d.effectiveOn)) },
    {
      key: 'case', title: labels.field('caseId'),
      render: (_, d) => (d.caseId ? <Link to={`/inspection-cases/${d.caseId}`}>{t('ui.inspections.programs.caseLink')}</Link> : '—'),
    },
  ];

  return (
    <section aria-labelledby="disciplines-title">
      <Typography.Title level={1} id="disciplines-title" style={{ fontSize: 24, marginBlockStart: 0 }}><bdi>{title}</bdi></Typography.Title>
      <Flex wrap gap={16} align="end" justify="space-between" style={{ marginBlockEnd: 16 }}>
        <PeriodFields period={period} idPrefix="disciplines" />
        {canWrite && (
          <ButtonLink type="primary" icon={<PlusOutlined aria-hidden />} to={`/units/${unitId}/disciplines/new`} data-testid="new-discipline">
            {t('ui.inspections.disciplines.newAction')}
          </ButtonLink>
        )}
      </Flex>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <Table<DisciplineDecision>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        pagination={false}
        dataSource={items}
        locale={{ emptyText: <Typography.Text type="secondary">{t('ui.inspections.disciplines.none')}</Typography.Text> }}
        scroll={items.length > 0 ? { x: 900 } : undefined}
        data-testid="discipline-list"
        columns={columns}
      />
      {list.data?.truncated && <Typography.Paragraph type="secondary">{t('ui.probation.truncated', { shown: fmt.number(items.length) })}</Typography.Paragraph>}
    </section>
  );
}

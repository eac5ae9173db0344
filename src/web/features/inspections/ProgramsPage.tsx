import { Flex, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useLabels } from '../../i18n/useLabels.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { useCan } from '../auth/session.ts';
import { unitName, useUnit } from '../units/units.api.ts';
import { usePrograms, type InspectionProgram } from './inspections.api.ts';
import { NewProgramCard } from './NewProgramCard.tsx';
import { ProgramProgress } from './ProgramProgress.tsx';
import { useYearParam } from './useYearParam.ts';
import { YearSelect } from './YearSelect.tsx';

/**
 * The year's inspection and supervision programs of a unit's committee and of its inspection
 * commission, each with how far it has come; a new one for the year where the user may write.
 */
export function ProgramsPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const locale = useLocale();
  const canWrite = useCan('inspections.write');
  const unitId = Number(useParams().unitId);
  const [year, setYear] = useYearParam();
  const unit = useUnit(unitId);
  const list = usePrograms(unitId, year);
  const title = t('ui.inspections.programs.title', { unit: unit.data ? unitName(unit.data, locale) : '' });
  usePageTitle(unit.data ? title : null);

  const columns: TableColumnsType<InspectionProgram> = [
    { key: 'title', title: labels.field('title'), render: (_, p) => <Link to={`/inspection-programs/${p.id}`}><bdi>{p.title}</bdi></Link> },
    { key: 'conductedBy', title: labels.field('conductedBy'), render: (_, p) => labels.enumValue('inspectionBody', p.conductedBy) },
    { key: 'approvalNo', title: labels.field('approvalNo'), render: (_, p) => (p.approvalNo ? <bdi>{p.approvalNo}</bdi> : '—') },
    { key: 'progress', title: t('ui.inspections.programs.progressColumn'), render: (_, p) => <ProgramProgress progress={p.progress} /> },
  ];

  return (
    <section aria-labelledby="programs-title">
      <Typography.Title level={1} id="programs-title" style={{ fontSize: 24, marginBlockStart: 0 }}><bdi>{title}</bdi></Typography.Title>
      <Typography.Paragraph type="secondary">{t('ui.inspections.programs.intro')}</Typography.Paragraph>
      <Flex vertical gap={4} style={{ marginBlockEnd: 16, width: 'fit-content' }}>
        <label htmlFor="program-year">{labels.field('year')}</label>
        <YearSelect id="program-year" value={year} onChange={setYear} />
      </Flex>
      {canWrite && unit.data?.validTo === null && <NewProgramCard unitId={unitId} year={year} />}
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <Table<InspectionProgram>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        pagination={false}
        dataSource={list.data ?? []}
        locale={{ emptyText: <Typography.Text type="secondary">{t('ui.inspections.programs.none')}</Typography.Text> }}
        scroll={(list.data ?? []).length > 0 ? { x: 760 } : undefined}
        data-testid="program-list"
        columns={columns}
      />
    </section>
  );
}

import { Breadcrumb, Card, Descriptions, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { useCan } from '../auth/session.ts';
import { CaseStatusTag } from './CaseStatusTag.tsx';
import { useProgram, type ProgramItem } from './inspections.api.ts';
import { ProgramItemForm } from './ProgramItemForm.tsx';
import { ProgramProgress } from './ProgramProgress.tsx';
import { SubjectLink } from './SubjectLink.tsx';

/** Nowrap, so that a date does not break across lines in a narrow column. */
const day = (text: string) => <span style={{ whiteSpace: 'nowrap' }}>{text}</span>;

/**
 * A program: who it belongs to, its approval and progress, and its items (what is inspected or
 * supervised, when, by whom, and the case opened for it). Items are added below; an item without
 * a case leads to the form that opens one.
 */
export function ProgramPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const canWrite = useCan('inspections.write');
  const id = Number(useParams().id);
  const program = useProgram(id);
  const p = program.data;
  usePageTitle(p?.title ?? null);

  if (program.isError) return <ErrorAlert error={program.error} onRetry={() => void program.refetch()} />;
  if (!p) return <PageSpinner />;

  const columns: TableColumnsType<ProgramItem> = [
    { key: 'subject', title: labels.field('subject'), render: (_, i) => <SubjectLink type={i.subjectType} id={i.subjectId} name={i.subjectName} /> },
    { key: 'kind', title: labels.field('kind'), render: (_, i) => labels.enumValue('caseKind', i.kind) },
    {
      key: 'planned', title: t('ui.inspections.programs.plannedColumn'),
      render: (_, i) => <>{day(fmt.date(i.plannedFrom))} – {day(fmt.date(i.plannedTo))}</>,
    },
    {
      key: 'team', title: t('ui.inspections.programs.teamColumn'),
      render: (_, i) => (
        <>
          <div><bdi>{i.lead}</bdi></div>
          {i.team.length > 0 && <Typography.Text type="secondary" style={{ fontSize: 13 }}>{i.team.map((n, k) => <span key={k}>{k > 0 && ', '}<bdi>{n}</bdi></span>)}</Typography.Text>}
        </>
      ),
    },
    {
      key: 'case', title: t('ui.inspections.programs.caseColumn'),
      render: (_, i) => (i.caseId !== null
        ? <><Link to={`/inspection-cases/${i.caseId}`}>{t('ui.inspections.programs.caseLink')}</Link> {i.caseStatus && <CaseStatusTag status={i.caseStatus} />}</>
        : canWrite
          ? <ButtonLink size="small" to={`/units/${p.unitId}/inspection-cases/new?program=${p.id}&item=${i.id}`}>{t('ui.inspections.cases.openAction')}</ButtonLink>
          : <Typography.Text type="secondary">{t('ui.inspections.programs.noCase')}</Typography.Text>),
    },
  ];

  return (
    <article aria-labelledby="program-title">
      <Breadcrumb style={{ marginBlockEnd: 8 }} items={[
        { key: 'unit', title: <Link to={`/units/${p.unitId}/inspections`}><bdi>{p.unitName}</bdi></Link> },
        { key: 'programs', title: <Link to={`/units/${p.unitId}/inspection-programs?year=${p.year}`}>{t('ui.inspections.programs.menu')}</Link> },
        { key: 'program', title: <bdi>{p.title}</bdi> },
      ]} />
      <Typography.Title level={1} id="program-title" style={{ fontSize: 24, marginBlockStart: 0 }}><bdi>{p.title}</bdi></Typography.Title>
      <Card size="small" style={{ marginBlockEnd: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }} items={[
          { key: 'conductedBy', label: labels.field('conductedBy'), children: labels.enumValue('inspectionBody', p.conductedBy) },
          { key: 'year', label: labels.field('year'), children: fmt.year(p.year) },
          { key: 'approvalNo', label: labels.field('approvalNo'), children: p.approvalNo ? <bdi>{p.approvalNo}</bdi> : '—' },
          { key: 'approvedOn', label: labels.field('approvedOn'), children: p.approvedOn ? fmt.date(p.approvedOn) : '—' },
          { key: 'progress', label: t('ui.inspections.programs.progressColumn'), children: <ProgramProgress progress={p.progress} /> },
        ]} />
      </Card>
      <Typography.Title level={2} style={{ fontSize: 18 }}>{t('ui.inspections.programs.itemsTitle')}</Typography.Title>
      <Table<ProgramItem>
        rowKey="id"
        size="middle"
        pagination={false}
        dataSource={p.items ?? []}
        locale={{ emptyText: <Typography.Text type="secondary">{t('ui.inspections.programs.noItems')}</Typography.Text> }}
        scroll={(p.items ?? []).length > 0 ? { x: 900 } : undefined}
        data-testid="program-items"
        columns={columns}
        style={{ marginBlockEnd: 24 }}
      />
      {canWrite && <ProgramItemForm program={p} />}
    </article>
  );
}

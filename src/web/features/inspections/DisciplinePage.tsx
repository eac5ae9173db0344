import { Breadcrumb, Card, Descriptions, Flex, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { useCan } from '../auth/session.ts';
import { AppealForm } from './AppealForm.tsx';
import { AppealOutcomeButton } from './AppealOutcomeButton.tsx';
import { AttachmentsCard } from './AttachmentsCard.tsx';
import { formColor, useDiscipline, type DisciplineAppeal } from './inspections.api.ts';
import { SubjectLink } from './SubjectLink.tsx';

const day = (text: string) => <span style={{ whiteSpace: 'nowrap' }}>{text}</span>;
const OUTCOME_COLOR: Record<string, string> = { upheld: 'red', reduced: '#ad4e00', annulled: '#237804' };

/**
 * A discipline decision: on whom, which form, who decided it and when, what for, and the case it
 * came from; the appeals against it with their outcomes (one pending at a time), and the files
 * attached.
 */
export function DisciplinePage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const canWrite = useCan('inspections.write');
  const id = Number(useParams().id);
  const query = useDiscipline(id);
  const d = query.data;
  const title = d ? t('ui.inspections.disciplines.pageTitle', { no: d.decisionNo, name: d.subjectName }) : null;
  usePageTitle(title);

  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (!d) return <PageSpinner />;
  const pending = d.appeals.some((a) => a.outcome === 'pending');

  const columns: TableColumnsType<DisciplineAppeal> = [
    { key: 'filedOn', title: labels.field('filedOn'), render: (_, a) => day(fmt.date(a.filedOn)) },
    { key: 'grounds', title: labels.field('grounds'), render: (_, a) => <span style={{ whiteSpace: 'pre-wrap' }}><bdi>{a.grounds}</bdi></span> },
    {
      key: 'outcome', title: labels.field('outcome'),
      render: (_, a) => (a.outcome === 'pending'
        ? (canWrite ? <AppealOutcomeButton appeal={a} /> : <Tag color="blue">{t('ui.inspections.appeals.pending')}</Tag>)
        : (
          <div data-testid="appeal-outcome">
            <Tag color={OUTCOME_COLOR[a.outcome] ?? 'default'}>{labels.enumValue('appealOutcome', a.outcome)}</Tag>
            <div><Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('ui.inspections.appeals.decided', { no: `\u2068${a.outcomeDecisionNo ?? ''}\u2069`, date: fmt.date(a.outcomeOn ?? a.filedOn) })}
            </Typography.Text></div>
            {a.note && <div><Typography.Text type="secondary" style={{ fontSize: 13 }}><bdi>{a.note}</bdi></Typography.Text></div>}
          </div>
        )),
    },
  ];

  return (
    <article aria-labelledby="discipline-page-title">
      <Breadcrumb style={{ marginBlockEnd: 8 }} items={[
        { key: 'unit', title: <Link to={`/units/${d.decidingUnitId}/inspections`}><bdi>{d.decidingUnitName}</bdi></Link> },
        { key: 'list', title: <Link to={`/units/${d.decidingUnitId}/disciplines`}>{t('ui.inspections.disciplines.menu')}</Link> },
        { key: 'decision', title: <bdi>{d.decisionNo}</bdi> },
      ]} />
      <Typography.Title level={1} id="discipline-page-title" style={{ fontSize: 24, marginBlockStart: 0 }}><bdi>{title}</bdi></Typography.Title>
      <Flex wrap gap={8} align="center" style={{ marginBlockEnd: 16 }}>
        <Tag color={formColor(d.form)} data-testid="discipline-form">{labels.enumValue('disciplineForm', d.form)}</Tag>
        <SubjectLink type={d.subjectType} id={d.subjectType === 'unit' ? d.unitId : d.memberId} name={d.subjectName} />
        {d.memberStatus && <Typography.Text type="secondary">({labels.enumValue('status', d.memberStatus)})</Typography.Text>}
      </Flex>
      <Card size="small" style={{ marginBlockEnd: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }} items={[
          { key: 'decidedBy', label: t('ui.inspections.disciplines.decidedByColumn'), children: <>{labels.enumValue('decidingBody', d.decidingBody)} · <bdi>{d.decidingUnitName}</bdi></> },
          { key: 'decision', label: labels.field('decisionNo'), children: <><bdi>{d.decisionNo}</bdi> · {fmt.date(d.decidedOn)}</> },
          { key: 'effectiveOn', label: labels.field('effectiveOn'), children: fmt.date(d.effectiveOn) },
          {
            key: 'case', label: labels.field('caseId'),
            children: d.caseId ? <Link to={`/inspection-cases/${d.caseId}`}>{t('ui.inspections.programs.caseLink')}</Link> : '—',
          },
          { key: 'content', label: labels.field('content'), span: 'filled', children: <span style={{ whiteSpace: 'pre-wrap' }}><bdi>{d.content}</bdi></span> },
        ]} />
        {d.memberEventId !== null && d.memberId !== null && (
          <Typography.Paragraph style={{ marginBlock: '8px 0' }}>
            <Link to={`/members/${d.memberId}/timeline`}>{t('ui.inspections.disciplines.membershipEnded')}</Link>
          </Typography.Paragraph>
        )}
      </Card>
      <Card size="small" style={{ marginBlockEnd: 16 }} data-testid="appeals"
        title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.inspections.appeals.title')}</h2>}>
        <Table<DisciplineAppeal> rowKey="id" size="small" pagination={false} dataSource={d.appeals} columns={columns}
          locale={{ emptyText: <Typography.Text type="secondary">{t('ui.inspections.appeals.none')}</Typography.Text> }} />
        {canWrite && !pending && <AppealForm decision={d} />}
      </Card>
      <AttachmentsCard owner="discipline-decisions" ownerId={d.id} attachments={d.attachments} canWrite={canWrite} />
    </article>
  );
}

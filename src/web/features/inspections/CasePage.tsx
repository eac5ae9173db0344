import { Breadcrumb, Card, Descriptions, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { useCan } from '../auth/session.ts';
import { AttachmentsCard } from './AttachmentsCard.tsx';
import { CaseStatusTag } from './CaseStatusTag.tsx';
import { useCase } from './inspections.api.ts';
import { RemediesCard } from './RemediesCard.tsx';
import { StepsCard } from './StepsCard.tsx';
import { SubjectsCard } from './SubjectsCard.tsx';

/**
 * One inspection or supervision: its decision, plan, team and due date; its dated steps up to
 * the conclusion notice; its subjects with their violations and recommendations; the remedies
 * required after the conclusion; and the files attached. Each part records its own changes.
 */
export function CasePage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const canWrite = useCan('inspections.write');
  const id = Number(useParams().id);
  const query = useCase(id);
  const c = query.data;
  usePageTitle(c?.title ?? null);

  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (!c) return <PageSpinner />;

  return (
    <article aria-labelledby="case-title">
      <Breadcrumb style={{ marginBlockEnd: 8 }} items={[
        { key: 'unit', title: <Link to={`/units/${c.unitId}/inspections`}><bdi>{c.unitName}</bdi></Link> },
        { key: 'cases', title: <Link to={`/units/${c.unitId}/inspection-cases`}>{t('ui.inspections.cases.menu')}</Link> },
        { key: 'case', title: <bdi>{c.title}</bdi> },
      ]} />
      <Flex wrap justify="space-between" align="flex-start" gap={16} style={{ marginBlockEnd: 16 }}>
        <div>
          <Typography.Title level={1} id="case-title" style={{ fontSize: 24, margin: 0 }}><bdi>{c.title}</bdi></Typography.Title>
          <Flex wrap gap={8} align="center" style={{ marginBlockStart: 8 }}>
            <CaseStatusTag status={c.status} overdue={c.overdue} />
            <Typography.Text type="secondary">{labels.enumValue('caseKind', c.kind)}</Typography.Text>
          </Flex>
        </div>
        {canWrite && c.status === 'concluded' && c.findings.length > 0 && (
          <ButtonLink to={`/units/${c.unitId}/disciplines/new?case=${c.id}`}>{t('ui.inspections.disciplines.fromCase')}</ButtonLink>
        )}
      </Flex>
      <Card size="small" style={{ marginBlockEnd: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }} items={[
          { key: 'conductedBy', label: labels.field('conductedBy'), children: <>{labels.enumValue('inspectionBody', c.conductedBy)} · <bdi>{c.unitName}</bdi></> },
          { key: 'decision', label: labels.field('decisionNo'), children: <><bdi>{c.decisionNo}</bdi> · {fmt.date(c.openedOn)}</> },
          { key: 'dueOn', label: labels.field('dueOn'), children: fmt.date(c.dueOn) },
          {
            key: 'conclusion', label: t('ui.inspections.cases.conclusion'),
            children: c.concludedOn ? <><bdi>{c.conclusionNo}</bdi> · {fmt.date(c.concludedOn)}</> : t('ui.inspections.cases.notConcluded'),
          },
          { key: 'lead', label: labels.field('lead'), children: <bdi>{c.lead}</bdi> },
          {
            key: 'team', label: labels.field('team'),
            children: c.team.length > 0 ? c.team.map((n, i) => <span key={i}>{i > 0 && ', '}<bdi>{n}</bdi></span>) : '—',
          },
          ...(c.plan ? [{ key: 'plan', label: labels.field('plan'), span: 'filled' as const, children: <span style={{ whiteSpace: 'pre-wrap' }}><bdi>{c.plan}</bdi></span> }] : []),
        ]} />
      </Card>
      <StepsCard record={c} canWrite={canWrite} />
      <SubjectsCard record={c} canWrite={canWrite} />
      <RemediesCard record={c} canWrite={canWrite} />
      <AttachmentsCard owner="inspection-cases" ownerId={c.id} attachments={c.attachments} canWrite={canWrite} />
    </article>
  );
}

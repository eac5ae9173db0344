import { Card, Col, Flex, Row, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { FigureCard } from '../../ui/FigureCard.tsx';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { unitName, useUnit } from '../units/units.api.ts';
import { CountTable } from './CountTable.tsx';
import { DisciplineFormTable } from './DisciplineFormTable.tsx';
import { FiguresHeadline } from './FiguresHeadline.tsx';
import {
  CASE_KINDS, INSPECTION_KINDS, SUPERVISION_KINDS, VIOLATION_CATEGORIES,
  useInspectionFigures,
} from './inspections.api.ts';
import { PeriodFields } from './PeriodFields.tsx';
import { usePeriod } from './usePeriod.ts';

const heading = (text: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{text}</h2>;

/**
 * Inspection, supervision and discipline at a unit and below over a period (by default this year
 * so far): the line a review conference reads out, then cases by kind, violations, disciplines,
 * remedies and asset declarations, each leading to its list.
 */
export function InspectionDashboard() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const locale = useLocale();
  const unitId = Number(useParams().unitId);
  const period = usePeriod();
  const unit = useUnit(unitId);
  const figures = useInspectionFigures(unitId, period.from, period.to);
  const title = t('ui.inspections.dashboard.title', { unit: unit.data ? unitName(unit.data, locale) : '' });
  usePageTitle(unit.data ? title : null);
  const f = figures.data;
  const q = period.query ? `?${period.query}` : '';
  const kindRows = (kinds: readonly string[]) => kinds.map((k) => ({ key: k, label: labels.enumValue('caseKind', k), count: f?.cases.byKind[k] ?? 0 }));
  const listLink = (to: string, text: string): ReactNode => <Link to={to}>{text}</Link>;

  return (
    <article aria-labelledby="inspections-title">
      <Typography.Title level={1} id="inspections-title" style={{ fontSize: 24, marginBlockStart: 0 }}><bdi>{title}</bdi></Typography.Title>
      <Flex wrap justify="space-between" align="end" gap={16} style={{ marginBlockEnd: 16 }}>
        <PeriodFields period={period} idPrefix="figures" />
        <Space wrap>
          <ButtonLink to={`/units/${unitId}/inspection-programs?year=${period.to.slice(0, 4)}`}>{t('ui.inspections.programs.menu')}</ButtonLink>
          <ButtonLink to={`/units/${unitId}/inspection-cases${q}`}>{t('ui.inspections.cases.menu')}</ButtonLink>
          <ButtonLink to={`/units/${unitId}/disciplines${q}`}>{t('ui.inspections.disciplines.menu')}</ButtonLink>
          <ButtonLink to={`/units/${unitId}/asset-declarations?year=${period.to.slice(0, 4)}`}>{t('ui.inspections.declarations.menu')}</ButtonLink>
        </Space>
      </Flex>
      <ErrorAlert error={figures.error} onRetry={() => void figures.refetch()} />
      {figures.isPending && <PageSpinner />}
      {f && (
        <>
          <FiguresHeadline figures={f} />
          <section aria-label={t('ui.inspections.dashboard.casesTitle')}>
            <Row gutter={[16, 16]} style={{ marginBlockEnd: 16 }}>
              <Col xs={12} md={8} xl={4}><FigureCard testId="figure-cases" title={t('ui.inspections.dashboard.cases')} value={f.cases.total} /></Col>
              <Col xs={12} md={8} xl={4}><FigureCard title={t('ui.inspections.dashboard.supervision')} value={f.cases.supervision} /></Col>
              <Col xs={12} md={8} xl={4}><FigureCard title={t('ui.inspections.dashboard.inspection')} value={f.cases.inspection} /></Col>
              <Col xs={12} md={8} xl={4}>
                <FigureCard title={t('ui.inspections.dashboard.concluded')} value={f.cases.concluded}
                  note={t('ui.inspections.dashboard.share', { percent: fmt.percent(f.cases.concluded, f.cases.total) })} />
              </Col>
              <Col xs={12} md={8} xl={4}>
                <FigureCard testId="figure-overdue" title={t('ui.inspections.dashboard.overdue')} value={f.cases.overdue}
                  note={f.cases.overdue > 0 ? listLink(`/units/${unitId}/inspection-cases?state=overdue${period.query ? `&${period.query}` : ''}`, t('ui.inspections.dashboard.overdueList')) : undefined} />
              </Col>
              <Col xs={12} md={8} xl={4}><FigureCard title={t('ui.inspections.dashboard.disciplined')} value={f.disciplines.total} /></Col>
            </Row>
          </section>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Card size="small" title={heading(t('ui.inspections.dashboard.byKind'))}>
                <Typography.Title level={3} style={{ fontSize: 14 }}>{t('ui.inspections.dashboard.supervision')}</Typography.Title>
                <CountTable labelTitle={labels.field('kind')} rows={kindRows(SUPERVISION_KINDS)} />
                <Typography.Title level={3} style={{ fontSize: 14, marginBlockStart: 16 }}>{t('ui.inspections.dashboard.inspection')}</Typography.Title>
                <CountTable labelTitle={labels.field('kind')} rows={kindRows(INSPECTION_KINDS)} testId="cases-by-kind" />
                {/* Every kind is counted once above; the sum is the headline's number. */}
                <Typography.Paragraph type="secondary" style={{ marginBlock: '8px 0' }}>
                  {t('ui.inspections.dashboard.kindsTotal', { total: fmt.number(CASE_KINDS.reduce((n, k) => n + (f.cases.byKind[k] ?? 0), 0)) })}
                </Typography.Paragraph>
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={heading(t('ui.inspections.dashboard.violations'))} data-testid="violations">
                <Row gutter={[16, 16]} style={{ marginBlockEnd: 16 }}>
                  <Col xs={12}><FigureCard title={t('ui.inspections.dashboard.violatingUnits')} value={f.violations.units} /></Col>
                  <Col xs={12}><FigureCard title={t('ui.inspections.dashboard.violatingMembers')} value={f.violations.members} /></Col>
                </Row>
                <CountTable labelTitle={labels.field('category')}
                  rows={VIOLATION_CATEGORIES.map((c) => ({ key: c, label: labels.enumValue('violationCategory', c), count: f.violations.byCategory[c] ?? 0 }))} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={heading(t('ui.inspections.dashboard.disciplines'))} data-testid="disciplines-by-form"
                extra={listLink(`/units/${unitId}/disciplines${q}`, t('ui.inspections.dashboard.toList'))}>
                <DisciplineFormTable members={f.disciplines.members} units={f.disciplines.units} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Flex vertical gap={16}>
                <Card size="small" title={heading(t('ui.inspections.dashboard.remedies'))} data-testid="remedies">
                  <Row gutter={[16, 16]}>
                    <Col xs={12} md={6}><FigureCard title={t('ui.inspections.dashboard.remediesDue')} value={f.remedies.due} /></Col>
                    <Col xs={12} md={6}><FigureCard title={t('ui.inspections.dashboard.remediesCompleted')} value={f.remedies.completed} /></Col>
                    <Col xs={12} md={6}>
                      <FigureCard title={t('ui.inspections.dashboard.remediesOnTime')} value={f.remedies.completedOnTime}
                        note={t('ui.inspections.dashboard.share', { percent: fmt.percent(f.remedies.completedOnTime, f.remedies.due) })} />
                    </Col>
                    <Col xs={12} md={6}><FigureCard title={t('ui.inspections.dashboard.remediesOverdue')} value={f.remedies.overdue} /></Col>
                  </Row>
                </Card>
                <Card size="small" title={heading(t('ui.inspections.dashboard.declarations', { year: fmt.year(f.declarations.year) }))}
                  data-testid="declarations" extra={listLink(`/units/${unitId}/asset-declarations?year=${f.declarations.year}`, t('ui.inspections.dashboard.toList'))}>
                  <Row gutter={[16, 16]}>
                    <Col xs={12} md={6}><FigureCard title={t('ui.inspections.declarations.required')} value={f.declarations.required} /></Col>
                    <Col xs={12} md={6}><FigureCard title={t('ui.inspections.declarations.submitted')} value={f.declarations.submitted} /></Col>
                    <Col xs={12} md={6}><FigureCard title={t('ui.inspections.declarations.verified')} value={f.declarations.verified} /></Col>
                    <Col xs={12} md={6}><FigureCard title={t('ui.inspections.declarations.missing')} value={f.declarations.missing} /></Col>
                  </Row>
                </Card>
              </Flex>
            </Col>
          </Row>
        </>
      )}
    </article>
  );
}

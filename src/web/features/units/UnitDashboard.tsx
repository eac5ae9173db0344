import { TeamOutlined } from '@ant-design/icons';
import { Alert, Breadcrumb, Card, Col, Flex, Row, Space, Table, Tag, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { DateField } from '../../ui/DateField.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { FigureCard } from '../../ui/FigureCard.tsx';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { todayInVietnam } from '../../ui/today.ts';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { useCan } from '../auth/session.ts';
import { LineageCard } from './LineageCard.tsx';
import { UnitActions } from './UnitActions.tsx';
import { unitName, useUnit, useUnitStats, useUnitTypes } from './units.api.ts';

const StatsCharts = lazy(() => import('./StatsCharts.tsx').then((m) => ({ default: m.StatsCharts })));
const MovementsCard = lazy(() => import('./MovementsCard.tsx').then((m) => ({ default: m.MovementsCard })));
const DevelopmentCard = lazy(() => import('../targets/DevelopmentCard.tsx').then((m) => ({ default: m.DevelopmentCard })));
const PipelineCard = lazy(() => import('../candidates/PipelineCard.tsx').then((m) => ({ default: m.PipelineCard })));
const AuditTrail = lazy(() => import('../audit/MemberAudit.tsx').then((m) => ({ default: m.AuditTrail })));

/** A unit and everything below it, as of a date: headline figures and the breakdowns, one query each. */
export function UnitDashboard() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const locale = useLocale();
  const unitTypes = useUnitTypes();
  const unitId = Number(useParams().unitId);
  const [search, setSearch] = useSearchParams();
  const today = todayInVietnam();
  const asOf = search.get('asOf') ?? undefined;
  const day = asOf ?? today;

  const unitAsOf = useUnit(unitId, asOf);
  const notOpen = unitAsOf.error instanceof ApiError && unitAsOf.error.status === 404 && asOf !== undefined;
  const unitToday = useUnit(notOpen ? unitId : null);
  const unit = unitAsOf.data ?? unitToday.data;
  const stats = useUnitStats(unitId, asOf);
  const canAudit = useCan('audit.read');
  const canReadMembers = useCan('members.read');
  const canStats = useCan('statistics.read');
  const name = unit ? unitName(unit, locale) : '';
  usePageTitle(name || null);

  const setDay = (value: string | null) => {
    const next = new URLSearchParams(search);
    if (!value || value === today) next.delete('asOf');
    else next.set('asOf', value);
    setSearch(next);
  };

  if (unitAsOf.isError && !notOpen) return <ErrorAlert error={unitAsOf.error} onRetry={() => void unitAsOf.refetch()} />;
  if (!unit) return <PageSpinner />;

  const s = stats.data;
  const count = (list: { key: string; count: number }[] | undefined, key: string) => list?.find((r) => r.key === key)?.count ?? 0;
  const unitsByType = (s?.unitsByType ?? []).filter((r) => r.count > 0).sort((a, b) => unitTypes.rank(a.key) - unitTypes.rank(b.key));

  return (
    <article aria-labelledby="unit-title">
      <Breadcrumb
        style={{ marginBlockEnd: 8 }}
        items={[
          ...unit.ancestors.map((a) => ({ key: a.id, title: <Link to={{ pathname: `/units/${a.id}`, search: search.toString() }}><bdi>{a.name}</bdi></Link> })),
          { key: unit.id, title: <bdi>{name}</bdi> },
        ]}
      />
      <Flex wrap justify="space-between" align="flex-start" gap={16} style={{ marginBlockEnd: 16 }}>
        <div>
          <Typography.Title level={1} id="unit-title" style={{ fontSize: 24, margin: 0 }}><bdi>{name}</bdi></Typography.Title>
          <Space wrap size={4} style={{ marginBlockStart: 8 }}>
            <Tag>{unitTypes.name(unit.typeCode)}</Tag>
            <Tag>{t('ui.dashboard.code', { code: unit.code })}</Tag>
            <Typography.Text type="secondary">{t('ui.dashboard.founded', { date: fmt.date(unit.validFrom) })}</Typography.Text>
          </Space>
        </div>
        <Space wrap align="end">
          <Flex vertical gap={4}>
            <label htmlFor="as-of">{t('ui.dashboard.asOf')}</label>
            <DateField id="as-of" value={day} max={today} allowClear={false} onChange={setDay} />
          </Flex>
          <ButtonLink to={`/members?unit=${unit.id}`} icon={<TeamOutlined />}>{t('ui.dashboard.viewMembers')}</ButtonLink>
          {!notOpen && <UnitActions unit={unit} year={Number(day.slice(0, 4))} />}
        </Space>
      </Flex>

      {notOpen && <Alert type="warning" showIcon title={t('ui.dashboard.notOpen')} style={{ marginBlockEnd: 16 }} />}
      <LineageCard unitId={unitId} />
      {stats.isError && !notOpen && <ErrorAlert error={stats.error} onRetry={() => void stats.refetch()} />}
      {stats.isPending && !notOpen && <PageSpinner />}
      {s && (
        <>
          <section aria-label={t('ui.dashboard.total')}>
            <Row gutter={[16, 16]} style={{ marginBlockEnd: 16 }}>
              <Col xs={12} md={8} xl={4}><FigureCard testId="figure-total" title={t('ui.dashboard.total')} value={s.total} /></Col>
              <Col xs={12} md={8} xl={4}>
                <FigureCard title={t('ui.dashboard.official')} value={count(s.byStatus, 'official')}
                  note={t('ui.dashboard.share', { percent: fmt.percent(count(s.byStatus, 'official'), s.total) })} />
              </Col>
              <Col xs={12} md={8} xl={4}>
                <FigureCard title={t('ui.dashboard.probationary')} value={count(s.byStatus, 'probationary')}
                  note={t('ui.dashboard.share', { percent: fmt.percent(count(s.byStatus, 'probationary'), s.total) })} />
              </Col>
              <Col xs={12} md={8} xl={4}>
                <FigureCard title={t('ui.dashboard.women')} value={s.women}
                  note={t('ui.dashboard.share', { percent: fmt.percent(s.women, s.total) })} />
              </Col>
              <Col xs={12} md={8} xl={4}>
                <FigureCard title={t('ui.dashboard.ethnicMinority')} value={s.ethnicMinority}
                  note={t('ui.dashboard.share', { percent: fmt.percent(s.ethnicMinority, s.total) })} />
              </Col>
              <Col xs={12} md={8} xl={4}>
                <FigureCard title={t('ui.dashboard.religious')} value={s.religious}
                  note={t('ui.dashboard.share', { percent: fmt.percent(s.religious, s.total) })} />
              </Col>
            </Row>
          </section>
          <Card size="small" style={{ marginBlockEnd: 16 }}
            title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.dashboard.yearToDate', { from: fmt.date(s.yearToDate.from), to: fmt.date(s.asOf) })}</h2>}>
            <Row gutter={[16, 16]}>
              <Col xs={8}><FigureCard title={t('ui.dashboard.admitted')} value={s.yearToDate.admitted} /></Col>
              <Col xs={8}><FigureCard title={t('ui.dashboard.recognizedOfficial')} value={s.yearToDate.recognizedOfficial} /></Col>
              <Col xs={8}><FigureCard title={t('ui.dashboard.died')} value={s.yearToDate.died} /></Col>
            </Row>
          </Card>
          <Suspense fallback={<PageSpinner />}>
            <MovementsCard unitId={unitId} asOf={day} />
            {canReadMembers && <PipelineCard unitId={unitId} asOf={day} />}
            {canStats && <DevelopmentCard unitId={unitId} asOf={day} editable={!notOpen && unit.validTo === null} />}
            <StatsCharts stats={s} />
          </Suspense>
          {unitsByType.length > 0 && (
            <Card size="small" style={{ marginBlockStart: 16 }} title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.dashboard.unitsByType')}</h2>}>
              <Table
                size="small"
                pagination={false}
                rowKey="key"
                dataSource={unitsByType}
                columns={[
                  { title: t('fields.typeCode'), dataIndex: 'key', render: (code: string) => unitTypes.name(code) },
                  { title: t('ui.dashboard.count'), dataIndex: 'count', align: 'end', render: (n: number) => fmt.number(n) },
                ]}
              />
            </Card>
          )}
        </>
      )}
      {canAudit && (
        <section style={{ marginBlockStart: 16 }}>
          <Suspense fallback={<PageSpinner />}>
            <AuditTrail targetType="unit" targetId={String(unitId)} testId="unit-audit" />
          </Suspense>
        </section>
      )}
    </article>
  );
}

import { Col, Flex, Row, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { FigureCard } from '../../ui/FigureCard.tsx';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { useCan } from '../auth/session.ts';
import { unitName, useUnit } from '../units/units.api.ts';
import { DeclarationActions } from './DeclarationActions.tsx';
import { useDeclarations, type AssetDeclaration } from './inspections.api.ts';
import { RequireDeclarationForm } from './RequireDeclarationForm.tsx';
import { useYearParam } from './useYearParam.ts';
import { YearSelect } from './YearSelect.tsx';

const day = (text: string) => <span style={{ whiteSpace: 'nowrap' }}>{text}</span>;

/**
 * Asset and income declarations of a year at a unit and below: how many members must declare,
 * have submitted, were verified and are missing; the list (or only those missing); the form that
 * adds a member whose post obliges them to declare; and on each row, the submission and the
 * verification to record.
 */
export function DeclarationsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const locale = useLocale();
  const canWrite = useCan('inspections.write');
  const unitId = Number(useParams().unitId);
  const [year, setYear] = useYearParam();
  const [search, setSearch] = useSearchParams();
  const missing = search.get('missing') === 'true';
  const unit = useUnit(unitId);
  const list = useDeclarations(unitId, year, missing);
  const title = t('ui.inspections.declarations.title', { unit: unit.data ? unitName(unit.data, locale) : '' });
  usePageTitle(unit.data ? title : null);
  const setMissing = (value: boolean) => {
    const next = new URLSearchParams(search);
    if (value) next.set('missing', 'true');
    else next.delete('missing');
    setSearch(next, { replace: true });
  };
  const counts = list.data?.counts;

  const columns: TableColumnsType<AssetDeclaration> = [
    { key: 'name', title: t('fields.fullName'), render: (_, d) => <Link to={`/members/${d.memberId}`}><bdi>{d.fullName}</bdi></Link> },
    { key: 'post', title: labels.field('post'), render: (_, d) => labels.enumValue('declarationPost', d.post) },
    { key: 'unit', title: t('ui.member.unit'), render: (_, d) => <bdi>{d.unitName}</bdi> },
    {
      key: 'submittedOn', title: labels.field('submittedOn'),
      render: (_, d) => (d.submittedOn ? day(fmt.date(d.submittedOn)) : <Tag color="red" data-testid="declaration-missing">{t('ui.inspections.declarations.notSubmitted')}</Tag>),
    },
    {
      key: 'verified', title: labels.field('verifiedOn'),
      render: (_, d) => (d.verifiedOn
        ? <>{day(fmt.date(d.verifiedOn))}{d.verifiedBy && <div><Typography.Text type="secondary" style={{ fontSize: 13 }}><bdi>{d.verifiedBy}</bdi></Typography.Text></div>}</>
        : <Typography.Text type="secondary">—</Typography.Text>),
    },
    { key: 'note', title: labels.field('note'), render: (_, d) => (d.note ? <bdi>{d.note}</bdi> : '') },
    ...(canWrite ? [{ key: 'actions', title: t('ui.inspections.actionsColumn'), render: (_: unknown, d: AssetDeclaration) => <DeclarationActions declaration={d} /> }] : []),
  ];

  return (
    <section aria-labelledby="declarations-title">
      <Typography.Title level={1} id="declarations-title" style={{ fontSize: 24, marginBlockStart: 0 }}><bdi>{title}</bdi></Typography.Title>
      <Typography.Paragraph type="secondary">{t('ui.inspections.declarations.intro')}</Typography.Paragraph>
      <Flex wrap gap={16} align="end" style={{ marginBlockEnd: 16 }}>
        <Flex vertical gap={4}>
          <label htmlFor="declaration-year">{labels.field('year')}</label>
          <YearSelect id="declaration-year" value={year} onChange={setYear} />
        </Flex>
        <Flex gap={8} align="center">
          <Switch id="declaration-missing" checked={missing} onChange={setMissing} />
          <label htmlFor="declaration-missing">{t('ui.inspections.declarations.missingOnly')}</label>
        </Flex>
      </Flex>
      {counts && (
        <Row gutter={[16, 16]} style={{ marginBlockEnd: 16 }} data-testid="declaration-counts">
          <Col xs={12} md={6}><FigureCard title={t('ui.inspections.declarations.required')} value={counts.required} /></Col>
          <Col xs={12} md={6}><FigureCard title={t('ui.inspections.declarations.submitted')} value={counts.submitted} /></Col>
          <Col xs={12} md={6}><FigureCard title={t('ui.inspections.declarations.verified')} value={counts.verified} /></Col>
          <Col xs={12} md={6}><FigureCard title={t('ui.inspections.declarations.missing')} value={counts.missing} /></Col>
        </Row>
      )}
      {canWrite && list.data && <RequireDeclarationForm unitId={unitId} year={year} posts={list.data.posts} />}
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <Table<AssetDeclaration>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Typography.Text type="secondary">{t(missing ? 'ui.inspections.declarations.noneMissing' : 'ui.inspections.declarations.none')}</Typography.Text> }}
        scroll={(list.data?.items ?? []).length > 0 ? { x: 960 } : undefined}
        data-testid="declaration-list"
        columns={columns}
      />
    </section>
  );
}

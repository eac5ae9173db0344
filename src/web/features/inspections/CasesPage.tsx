import { PlusOutlined } from '@ant-design/icons';
import { Flex, Segmented, Select, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { useCan } from '../auth/session.ts';
import { unitName, useUnit } from '../units/units.api.ts';
import { CaseStatusTag } from './CaseStatusTag.tsx';
import { CASE_KINDS, CASE_STATES, useCases, type CaseKind, type CaseState, type CaseSummary } from './inspections.api.ts';
import { PeriodFields } from './PeriodFields.tsx';
import { usePeriod } from './usePeriod.ts';

const day = (text: string) => <span style={{ whiteSpace: 'nowrap' }}>{text}</span>;

/**
 * The inspections and supervisions conducted at a unit and below, opened in a period (this year
 * by default), newest first: all, those under way, those concluded, or those past their due date
 * without a conclusion (flagged). Opening one is a form of its own.
 */
export function CasesPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const locale = useLocale();
  const canWrite = useCan('inspections.write');
  const unitId = Number(useParams().unitId);
  const [search, setSearch] = useSearchParams();
  const period = usePeriod();
  const stateParam = search.get('state');
  const state = (CASE_STATES as readonly string[]).includes(stateParam ?? '') ? (stateParam as CaseState) : undefined;
  const kindParam = search.get('kind');
  const kind = (CASE_KINDS as readonly string[]).includes(kindParam ?? '') ? (kindParam as CaseKind) : undefined;
  const unit = useUnit(unitId);
  const list = useCases(unitId, { from: period.from, to: period.to, state, kind });
  const title = t('ui.inspections.cases.title', { unit: unit.data ? unitName(unit.data, locale) : '' });
  usePageTitle(unit.data ? title : null);
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next, { replace: true });
  };

  const columns: TableColumnsType<CaseSummary> = [
    {
      key: 'title', title: labels.field('title'),
      render: (_, c) => (
        <>
          <Link to={`/inspection-cases/${c.id}`}><bdi>{c.title}</bdi></Link>
          <div><Typography.Text type="secondary" style={{ fontSize: 13 }}>{labels.enumValue('inspectionBody', c.conductedBy)} · <bdi>{c.unitName}</bdi></Typography.Text></div>
        </>
      ),
    },
    { key: 'kind', title: labels.field('kind'), render: (_, c) => labels.enumValue('caseKind', c.kind) },
    {
      key: 'decision', title: t('ui.inspections.cases.decisionColumn'),
      render: (_, c) => <><div><bdi>{c.decisionNo}</bdi></div><Typography.Text type="secondary">{day(fmt.date(c.openedOn))}</Typography.Text></>,
    },
    { key: 'subjects', title: t('ui.inspections.cases.subjectsColumn'), align: 'end', render: (_, c) => fmt.number(c.subjects) },
    { key: 'dueOn', title: labels.field('dueOn'), render: (_, c) => day(fmt.date(c.dueOn)) },
    {
      key: 'status', title: t('ui.inspections.cases.statusColumn'),
      render: (_, c) => (
        <>
          <CaseStatusTag status={c.status} overdue={c.overdue} />
          {c.concludedOn && (
            <div><Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('ui.inspections.cases.concludedBy', { no: `\u2068${c.conclusionNo ?? ''}\u2069`, date: fmt.date(c.concludedOn) })}
            </Typography.Text></div>
          )}
        </>
      ),
    },
  ];
  const items = list.data?.items ?? [];

  return (
    <section aria-labelledby="cases-title">
      <Typography.Title level={1} id="cases-title" style={{ fontSize: 24, marginBlockStart: 0 }}><bdi>{title}</bdi></Typography.Title>
      <Flex wrap gap={16} align="end" justify="space-between" style={{ marginBlockEnd: 16 }}>
        <Flex wrap gap={16} align="end">
          <PeriodFields period={period} idPrefix="cases" />
          <Flex vertical gap={4}>
            <label htmlFor="case-kind">{labels.field('kind')}</label>
            <Select<string> id="case-kind" value={kind ?? ''} onChange={(v) => set('kind', v || undefined)} style={{ minWidth: 240 }}
              options={[{ value: '', label: t('ui.inspections.cases.allKinds') }, ...CASE_KINDS.map((k) => ({ value: k, label: labels.enumValue('caseKind', k) }))]} />
          </Flex>
        </Flex>
        {canWrite && (
          <ButtonLink type="primary" icon={<PlusOutlined aria-hidden />} to={`/units/${unitId}/inspection-cases/new`} data-testid="open-case">
            {t('ui.inspections.cases.openAction')}
          </ButtonLink>
        )}
      </Flex>
      {/* On a phone the filter scrolls inside its own box rather than the page sideways. */}
      <div style={{ overflowX: 'auto', marginBlockEnd: 16 }}>
        <Segmented<string>
          aria-label={t('ui.inspections.cases.stateFilter')}
          value={state ?? 'all'}
          onChange={(v) => set('state', v === 'all' ? undefined : v)}
          options={['all', ...CASE_STATES].map((s) => ({ value: s, label: t(`ui.inspections.cases.states.${s as CaseState | 'all'}`) }))}
        />
      </div>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <Table<CaseSummary>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        pagination={false}
        dataSource={items}
        locale={{ emptyText: <Typography.Text type="secondary">{t('ui.inspections.cases.none')}</Typography.Text> }}
        scroll={items.length > 0 ? { x: 960 } : undefined}
        data-testid="case-list"
        columns={columns}
      />
      {list.data?.truncated && <Typography.Paragraph type="secondary">{t('ui.probation.truncated', { shown: fmt.number(items.length) })}</Typography.Paragraph>}
    </section>
  );
}

import { useQuery } from '@tanstack/react-query';
import { Flex, Segmented, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import type { ProbationList } from '../../../shared/schemas/lifecycle.ts';
import { apiGet } from '../../api/client.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { DateField } from '../../ui/DateField.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { todayInVietnam } from '../../ui/today.ts';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { unitName, useUnit } from './units.api.ts';

type Item = ProbationList['items'][number];
const STATES = ['due', 'overdue', 'no_ceremony', 'all'] as const;

/** Probationary members of a unit and below, by the day their recognition is due: the cell's to-do list. */
export function ProbationPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const locale = useLocale();
  const unitId = Number(useParams().unitId);
  const [search, setSearch] = useSearchParams();
  const today = todayInVietnam();
  const asOf = search.get('asOf') ?? today;
  const state = (STATES as readonly string[]).includes(search.get('state') ?? '') ? (search.get('state') as (typeof STATES)[number]) : 'due';
  const unit = useUnit(unitId);
  const list = useQuery({
    queryKey: ['units', 'probation', unitId, asOf, state, 'page'],
    queryFn: ({ signal }) => apiGet<ProbationList>(`/units/${unitId}/probation`, { asOf, state, limit: 1000 }, signal),
  });
  const title = t('ui.probation.title', { unit: unit.data ? unitName(unit.data, locale) : '' });
  usePageTitle(unit.data ? title : null);
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(search);
    next.set(key, value);
    setSearch(next);
  };
  const c = list.data?.counts;

  return (
    <section aria-labelledby="probation-title">
      <Typography.Title level={1} id="probation-title" style={{ fontSize: 24, marginBlockStart: 0 }}><bdi>{title}</bdi></Typography.Title>
      <Flex wrap gap={16} align="end" style={{ marginBlockEnd: 16 }}>
        <Flex vertical gap={4}>
          <label htmlFor="probation-as-of">{t('ui.dashboard.asOf')}</label>
          <DateField id="probation-as-of" value={asOf} allowClear={false} onChange={(v) => v && set('asOf', v)} />
        </Flex>
        <Segmented<string>
          aria-label={t('ui.probation.filter')}
          value={state}
          onChange={(v) => set('state', v)}
          options={STATES.map((s) => ({
            value: s,
            label: `${t(`ui.probation.states.${s}`)}${c ? ` (${fmt.number(s === 'no_ceremony' ? c.noCeremony : c[s])})` : ''}`,
          }))}
        />
      </Flex>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <Table<Item>
        rowKey="memberId"
        size="middle"
        loading={list.isPending}
        pagination={false}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('ui.probation.none') }}
        scroll={{ x: 700 }}
        data-testid="probation-list"
        columns={[
          { title: t('fields.fullName'), dataIndex: 'fullName', render: (name: string, r) => <Link to={`/members/${r.memberId}`}><bdi>{name}</bdi></Link> },
          { title: t('ui.member.unit'), dataIndex: 'unitName', render: (name: string) => <bdi>{name}</bdi> },
          { title: t('fields.ceremonyDate'), dataIndex: 'ceremonyDate', render: (d: string | null) => (d ? fmt.date(d) : t('ui.app.notRecorded')) },
          {
            title: t('ui.member.officialDue'), dataIndex: 'dueOn',
            render: (d: string | null, r) => (d ? <>{fmt.date(d)} {r.overdue && <Tag color="red">{t('ui.probation.overdue')}</Tag>}</> : t('ui.app.notRecorded')),
          },
        ]}
      />
      {list.data?.truncated && <Typography.Paragraph type="secondary">{t('ui.probation.truncated', { shown: fmt.number(list.data.items.length) })}</Typography.Paragraph>}
    </section>
  );
}

import { useQuery } from '@tanstack/react-query';
import { Flex, Select, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import type { EligibleBadges } from '../../../shared/schemas/badges.ts';
import { apiGet } from '../../api/client.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { todayInVietnam } from '../../ui/today.ts';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { useCan } from '../auth/session.ts';
import { unitName, useUnit } from '../units/units.api.ts';
import { recentAwardDays } from './badgeDays.ts';

type Item = EligibleBadges['items'][number];

/** Who in a unit and below is due a party badge on an award day: the list a committee prepares each round. */
export function EligibleBadgesPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const locale = useLocale();
  const canWrite = useCan('members.write');
  const unitId = Number(useParams().unitId);
  const [search, setSearch] = useSearchParams();
  const days = recentAwardDays(todayInVietnam());
  const awardDate = search.get('awardDate') ?? days[0] ?? todayInVietnam();
  const early = search.get('early') !== 'false';
  const unit = useUnit(unitId);
  const list = useQuery({
    queryKey: ['units', 'badges', unitId, awardDate, early],
    queryFn: ({ signal }) => apiGet<EligibleBadges>(`/units/${unitId}/badges/eligible`, { awardDate, early, limit: 2000 }, signal),
  });
  const title = t('ui.badges.title', { unit: unit.data ? unitName(unit.data, locale) : '' });
  usePageTitle(unit.data ? title : null);
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(search);
    next.set(key, value);
    setSearch(next);
  };

  return (
    <section aria-labelledby="badges-title">
      <Typography.Title level={1} id="badges-title" style={{ fontSize: 24, marginBlockStart: 0 }}><bdi>{title}</bdi></Typography.Title>
      <Flex wrap gap={16} align="end" style={{ marginBlockEnd: 16 }}>
        <Flex vertical gap={4}>
          <label htmlFor="award-day">{t('fields.awardDate')}</label>
          <Select<string> id="award-day" value={awardDate} onChange={(v) => set('awardDate', v)} style={{ minWidth: 180 }}
            options={days.map((d) => ({ value: d, label: fmt.date(d) }))} />
        </Flex>
        <Flex gap={8} align="center">
          <Switch id="badge-early" checked={early} onChange={(v) => set('early', String(v))} />
          <label htmlFor="badge-early">{t('fields.early')}</label>
        </Flex>
      </Flex>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <Table<Item>
        rowKey="memberId"
        size="middle"
        loading={list.isPending}
        pagination={false}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('ui.badges.none') }}
        scroll={{ x: 760 }}
        data-testid="eligible-badges"
        columns={[
          { title: t('fields.fullName'), dataIndex: 'fullName', render: (name: string, r) => <Link to={`/members/${r.memberId}`}><bdi>{name}</bdi></Link> },
          { title: t('ui.member.unit'), dataIndex: 'unitName', render: (name: string) => <bdi>{name}</bdi> },
          { title: t('fields.admissionDecisionDate'), dataIndex: 'admissionDecisionDate', render: (d: string) => fmt.date(d) },
          {
            title: t('ui.badges.badge'), dataIndex: 'years',
            render: (years: number, r) => <>{t('ui.badges.years', { years: fmt.number(years) })} {r.early && <Tag color="orange">{t('ui.badges.early')}</Tag>}</>,
          },
          { title: t('ui.badges.reachedOn'), dataIndex: 'reachedOn', render: (d: string) => fmt.date(d) },
          ...(canWrite ? [{
            key: 'award', title: '',
            render: (_v: unknown, r: Item) => (
              <ButtonLink size="small" to={`/members/${r.memberId}/badge?years=${r.years}&awardedOn=${awardDate}`}>{t('ui.badges.award')}</ButtonLink>
            ),
          }] : []),
        ]}
      />
      {list.data?.truncated && <Typography.Paragraph type="secondary">{t('ui.probation.truncated', { shown: fmt.number(list.data.items.length) })}</Typography.Paragraph>}
    </section>
  );
}

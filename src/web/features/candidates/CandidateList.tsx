import { CloseOutlined, SearchOutlined, UserAddOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { CandidateListItem, CandidateStage } from '../../../shared/schemas/candidates.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { todayInVietnam } from '../../ui/today.ts';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { useCan } from '../auth/session.ts';
import { unitName, useUnit } from '../units/units.api.ts';
import { ALL_STAGES, daysBetween, isFinal, stageColor, stageParam, useCandidateList } from './candidates.api.ts';

/**
 * Candidates for admission within the user's reach (or one unit and below), filtered on a stage
 * and searched on the server, more on demand; the filters live in the address so that a link
 * from the pipeline card, Back and a reload all show the same list.
 */
export function CandidateList() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const locale = useLocale();
  const [search, setSearch] = useSearchParams();
  const unitId = search.get('unit') ? Number(search.get('unit')) : null;
  const q = search.get('q') ?? '';
  const stage = stageParam(search.get('stage'));
  // What is typed in the search box, until the address changes its search (a link, Back).
  const [draft, setDraft] = useState({ q, text: q });
  const typed = draft.q === q ? draft.text : q;
  const unit = useUnit(unitId);
  const list = useCandidateList({ unit: unitId, stage, q });
  const canWrite = useCan('members.write');
  const title = unit.data ? t('ui.development.listTitleIn', { unit: unitName(unit.data, locale) }) : t('ui.development.listTitle');
  usePageTitle(title);
  const today = todayInVietnam();

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next, { replace: true });
  };

  const columns: TableColumnsType<CandidateListItem> = [
    {
      key: 'fullName', title: t('fields.fullName'), dataIndex: 'fullName',
      render: (name: string, c) => <Link to={`/candidates/${c.id}`}><bdi>{name}</bdi></Link>,
    },
    {
      key: 'unitName', title: t('fields.unit'), dataIndex: 'unitName',
      render: (name: string, c) => <Link to={`/units/${c.unitId}`}><bdi>{name}</bdi></Link>,
    },
    {
      key: 'stage', title: t('fields.stage'), dataIndex: 'stage',
      render: (s: CandidateStage) => <Tag color={stageColor(s)}>{labels.enumValue('candidateStage', s)}</Tag>,
    },
    { key: 'since', title: t('ui.development.since'), dataIndex: 'since', render: (d: string) => fmt.date(d) },
    {
      key: 'waiting', title: t('ui.development.waiting'), align: 'end',
      render: (_v, c) => (isFinal(c.stage) ? <Typography.Text type="secondary">—</Typography.Text> : fmt.number(daysBetween(c.since, today))),
    },
  ];

  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="candidates-title">
      <Typography.Title level={1} id="candidates-title" style={{ fontSize: 24, marginBlockStart: 0 }}><bdi>{title}</bdi></Typography.Title>
      <Flex wrap gap={12} align="center" style={{ marginBlockEnd: 16 }} role="search">
        <Input.Search
          aria-label={t('ui.development.search')}
          placeholder={t('ui.development.searchPlaceholder')}
          value={typed}
          allowClear
          enterButton={<Button type="primary" aria-label={t('ui.development.search')} icon={<SearchOutlined />} />}
          dir="auto"
          onChange={(e) => { setDraft({ q, text: e.target.value }); if (!e.target.value) setParam('q', null); }}
          onSearch={(value) => setParam('q', value.trim() || null)}
          style={{ maxWidth: 420 }}
          data-testid="candidate-search"
        />
        <Select<string>
          aria-label={t('ui.development.stageFilter')}
          value={stage ?? ''}
          onChange={(value) => setParam('stage', value || null)}
          options={[
            { value: '', label: t('ui.development.allInDevelopment') },
            ...ALL_STAGES.map((s) => ({ value: s, label: labels.enumValue('candidateStage', s) })),
          ]}
          style={{ minWidth: 220 }}
          data-testid="stage-filter"
        />
        {unit.data && (
          <Button icon={<CloseOutlined />} onClick={() => setParam('unit', null)}>{t('ui.development.allUnits')}</Button>
        )}
        {canWrite && (
          <ButtonLink to={unit.data ? `/candidates/new?unit=${unit.data.id}` : '/candidates/new'} icon={<UserAddOutlined />}>
            {t('ui.development.register')}
          </ButtonLink>
        )}
      </Flex>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <Table<CandidateListItem>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        pagination={false}
        dataSource={items}
        locale={{ emptyText: t('ui.development.none') }}
        scroll={{ x: 760 }}
        columns={columns}
        data-testid="candidate-list"
      />
      <Flex justify="space-between" align="center" style={{ marginBlockStart: 12 }}>
        <Typography.Text type="secondary" aria-live="polite" data-testid="candidates-shown">
          {t('ui.development.shown', { shown: fmt.number(items.length) })}
        </Typography.Text>
        {list.hasNextPage && (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('ui.development.loadMore')}</Button>
        )}
      </Flex>
    </section>
  );
}

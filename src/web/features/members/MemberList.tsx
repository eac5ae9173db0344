import { CloseOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { MEMBER_STATUSES } from '../../../shared/reference.ts';
import type { MemberListItem } from '../../../shared/schemas/members.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { unitName, useUnit } from '../units/units.api.ts';
import { useMemberList } from './members.api.ts';

/** Members within the user's reach (or one unit and below): search, status filter, more on demand. */
export function MemberList() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const locale = useLocale();
  const [search, setSearch] = useSearchParams();
  const unitId = search.get('unit') ? Number(search.get('unit')) : null;
  const q = search.get('q') ?? '';
  const status = search.get('status');
  // What is typed in the search box, until the address changes its search (a menu link, Back).
  const [draft, setDraft] = useState({ q, text: q });
  const typed = draft.q === q ? draft.text : q;
  const setTyped = (text: string) => setDraft({ q, text });
  const unit = useUnit(unitId);
  const list = useMemberList({ unit: unitId, q, status });
  const title = unit.data ? t('ui.members.titleIn', { unit: unitName(unit.data, locale) }) : t('ui.members.title');
  usePageTitle(title);

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next, { replace: true });
  };

  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="members-title">
      <Typography.Title level={1} id="members-title" style={{ fontSize: 24, marginBlockStart: 0 }}>{title}</Typography.Title>
      <Flex wrap gap={12} align="center" style={{ marginBlockEnd: 16 }} role="search">
        <Input.Search
          aria-label={t('ui.members.search')}
          placeholder={t('ui.members.searchPlaceholder')}
          value={typed}
          allowClear
          enterButton={<Button type="primary" aria-label={t('ui.members.search')} icon={<SearchOutlined />} />}
          dir="auto"
          onChange={(e) => { setTyped(e.target.value); if (!e.target.value) setParam('q', null); }}
          onSearch={(value) => setParam('q', value.trim() || null)}
          style={{ maxWidth: 420 }}
          data-testid="member-search"
        />
        <Select<string>
          aria-label={t('fields.status')}
          value={status ?? ''}
          onChange={(value) => setParam('status', value || null)}
          options={[
            { value: '', label: t('ui.members.allStatuses') },
            ...MEMBER_STATUSES.map((s) => ({ value: s, label: labels.enumValue('status', s) })),
          ]}
          style={{ minWidth: 180 }}
          data-testid="status-filter"
        />
        {unit.data && (
          <Button icon={<CloseOutlined />} onClick={() => setParam('unit', null)}>
            {t('ui.members.allUnits')}
          </Button>
        )}
      </Flex>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <Table<MemberListItem>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        pagination={false}
        dataSource={items}
        locale={{ emptyText: t('ui.members.none') }}
        scroll={{ x: 800 }}
        columns={[
          {
            title: t('fields.fullName'), dataIndex: 'fullName',
            render: (name: string, m) => <Link to={`/members/${m.id}`}><bdi>{name}</bdi></Link>,
          },
          { title: t('fields.gender'), dataIndex: 'gender', render: (g: string) => labels.enumValue('gender', g) },
          { title: t('fields.birthDate'), dataIndex: 'birthDate', render: (d: string) => fmt.date(d) },
          {
            title: t('fields.status'), dataIndex: 'status',
            render: (s: string) => <Tag color={s === 'official' ? 'red' : 'blue'}>{labels.enumValue('status', s)}</Tag>,
          },
          {
            title: t('fields.unit'), dataIndex: 'unitName',
            render: (name: string, m) => <Link to={`/units/${m.unitId}`}><bdi>{name}</bdi></Link>,
          },
          { title: t('ui.members.since'), dataIndex: 'since', render: (d: string) => fmt.date(d) },
        ]}
      />
      <Flex justify="space-between" align="center" style={{ marginBlockStart: 12 }}>
        <Typography.Text type="secondary" aria-live="polite" data-testid="members-shown">
          {t('ui.members.shown', { shown: fmt.number(items.length) })}
        </Typography.Text>
        {list.hasNextPage && (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('ui.members.loadMore')}</Button>
        )}
      </Flex>
    </section>
  );
}

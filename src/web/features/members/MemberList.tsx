import { CloseOutlined, SearchOutlined, SettingOutlined, UserAddOutlined } from '@ant-design/icons';
import { Button, Checkbox, Dropdown, Flex, Input, Select, Table, Tag, theme, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { MEMBER_STATUSES } from '../../../shared/reference.ts';
import type { MemberListItem } from '../../../shared/schemas/members.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { useCan } from '../auth/session.ts';
import { unitName, useUnit } from '../units/units.api.ts';
import { useMemberList } from './members.api.ts';

const HIDDEN_COLUMNS_KEY = 'partywork.members.hiddenColumns';

/** The optional columns the reader chose to hide, kept in this browser (new columns show by default). */
function readHiddenColumns(): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(HIDDEN_COLUMNS_KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

function saveHiddenColumns(hidden: string[]) {
  try {
    localStorage.setItem(HIDDEN_COLUMNS_KEY, JSON.stringify(hidden));
  } catch {
    // Storage may be full or forbidden: the choice then lasts only for this visit.
  }
}

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
  const [hidden, setHidden] = useState(readHiddenColumns);
  const { token } = theme.useToken();
  const typed = draft.q === q ? draft.text : q;
  const setTyped = (text: string) => setDraft({ q, text });
  const unit = useUnit(unitId);
  const list = useMemberList({ unit: unitId, q, status });
  const title = unit.data ? t('ui.members.titleIn', { unit: unitName(unit.data, locale) }) : t('ui.members.title');
  usePageTitle(title);
  const canWrite = useCan('members.write');

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next, { replace: true });
  };

  const columns: TableColumnsType<MemberListItem> = [
    {
      key: 'fullName', title: t('fields.fullName'), dataIndex: 'fullName',
      render: (name: string, m) => <Link to={`/members/${m.id}`}><bdi>{name}</bdi></Link>,
    },
    { key: 'gender', title: t('fields.gender'), dataIndex: 'gender', render: (g: string) => labels.enumValue('gender', g) },
    { key: 'birthDate', title: t('fields.birthDate'), dataIndex: 'birthDate', render: (d: string) => fmt.date(d) },
    {
      key: 'status', title: t('fields.status'), dataIndex: 'status',
      render: (s: string) => <Tag color={s === 'official' ? 'red' : 'blue'}>{labels.enumValue('status', s)}</Tag>,
    },
    {
      key: 'unitName', title: t('fields.unit'), dataIndex: 'unitName',
      render: (name: string, m) => <Link to={`/units/${m.unitId}`}><bdi>{name}</bdi></Link>,
    },
    { key: 'since', title: t('ui.members.since'), dataIndex: 'since', render: (d: string) => fmt.date(d) },
  ];
  // The name stays: it is the link to the member.
  const optional = columns.filter((c) => c.key !== 'fullName');
  const chooseColumns = (shown: string[]) => {
    const next = optional.map((c) => String(c.key)).filter((key) => !shown.includes(key));
    setHidden(next);
    saveHiddenColumns(next);
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
        <Dropdown
          trigger={['click']}
          popupRender={() => (
            <div style={{ background: token.colorBgElevated, borderRadius: token.borderRadiusLG, boxShadow: token.boxShadowSecondary, padding: 12 }}>
              <Checkbox.Group
                aria-label={t('ui.members.columns')}
                style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
                value={optional.map((c) => String(c.key)).filter((key) => !hidden.includes(key))}
                onChange={(shown) => chooseColumns(shown.map(String))}
                options={optional.map((c) => ({ value: String(c.key), label: c.title as string }))}
                data-testid="column-chooser"
              />
            </div>
          )}
        >
          <Button icon={<SettingOutlined />}>{t('ui.members.columns')}</Button>
        </Dropdown>
        {canWrite && (
          <ButtonLink to={unit.data ? `/members/new?unit=${unit.data.id}` : '/members/new'} icon={<UserAddOutlined />}>
            {t('ui.memberForm.add')}
          </ButtonLink>
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
        columns={columns.filter((c) => !hidden.includes(String(c.key)))}
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

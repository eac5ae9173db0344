import { Flex, Segmented, Table, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { useCan } from '../auth/session.ts';
import { unitName, useUnit } from '../units/units.api.ts';
import { transferActions, type Sides } from './TransferActions.tsx';
import { useTransferColumns } from './transferColumns.tsx';
import { DIRECTIONS, LIST_STATES, useUnitTransfers, type Transfer, type TransferDirection, type TransferListState } from './transfers.api.ts';

const LIMIT = 1000;

/** The side of a transfer a unit's tab speaks for: the receiving end, the sending end, the unit forwarding. */
const SIDE: Record<TransferDirection, Sides> = { incoming: { host: true }, outgoing: { home: true }, forwarding: { via: true } };

/**
 * Transfers of party activity at a unit and below: letters coming in (to receive), going out (to
 * follow, or withdraw), and waiting here to be forwarded because the sender does not reach the
 * receiving cell. Open ones by default; each row offers the steps its state allows on this side.
 */
export function TransfersPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const locale = useLocale();
  const canWrite = useCan('members.write');
  const unitId = Number(useParams().unitId);
  const [search, setSearch] = useSearchParams();
  const direction = (DIRECTIONS as readonly string[]).includes(search.get('direction') ?? '') ? (search.get('direction') as TransferDirection) : 'incoming';
  const state = (LIST_STATES as readonly string[]).includes(search.get('state') ?? '') ? (search.get('state') as TransferListState) : 'open';
  const unit = useUnit(unitId);
  const list = useUnitTransfers(unitId, direction, state, LIMIT);
  const columns = useTransferColumns({ member: true, actions: canWrite ? (tr: Transfer) => transferActions(tr, SIDE[direction]) : undefined });
  const title = t('ui.transfers.title', { unit: unit.data ? unitName(unit.data, locale) : '' });
  usePageTitle(unit.data ? title : null);
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(search);
    next.set(key, value);
    setSearch(next);
  };
  const items = list.data?.items ?? [];

  return (
    <section aria-labelledby="transfers-title">
      <Typography.Title level={1} id="transfers-title" style={{ fontSize: 24, marginBlockStart: 0 }}><bdi>{title}</bdi></Typography.Title>
      <Typography.Paragraph type="secondary">{t(`ui.transfers.directionIntro.${direction}`)}</Typography.Paragraph>
      <Tabs
        activeKey={direction}
        onChange={(key) => set('direction', key)}
        items={DIRECTIONS.map((d) => ({ key: d, label: t(`ui.transfers.directions.${d}`) }))}
      />
      <Flex wrap gap={16} align="end" style={{ marginBlockEnd: 16 }}>
        <Segmented<string>
          aria-label={t('ui.transfers.stateFilter')}
          value={state}
          onChange={(v) => set('state', v)}
          options={LIST_STATES.map((s) => ({ value: s, label: t(`ui.transfers.listStates.${s}`) }))}
        />
      </Flex>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <Table<Transfer>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        pagination={false}
        dataSource={items}
        locale={{ emptyText: t('ui.transfers.none') }}
        scroll={{ x: 1000 }}
        data-testid="transfer-list"
        columns={columns}
      />
      {items.length >= LIMIT && <Typography.Paragraph type="secondary">{t('ui.probation.truncated', { shown: fmt.number(items.length) })}</Typography.Paragraph>}
    </section>
  );
}

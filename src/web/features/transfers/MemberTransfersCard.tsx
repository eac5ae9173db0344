import { Card, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCan } from '../auth/session.ts';
import { useUnit } from '../units/units.api.ts';
import { transferActions } from './TransferActions.tsx';
import { useTransferColumns } from './transferColumns.tsx';
import { isUnderWay, useMemberTransfers, type Transfer } from './transfers.api.ts';

/**
 * A member's transfers of party activity, newest first, with the steps the user may take on the
 * one still open (a member has at most one): which side the user acts for is known by whether
 * they reach the sending cell, the receiving cell or the unit forwarding the letter.
 */
export function MemberTransfersCard({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const canWrite = useCan('members.write');
  const list = useMemberTransfers(memberId);
  const open = list.data?.find((tr) => isUnderWay(tr) || (tr.kind === 'temporary' && tr.state === 'received'));
  // A unit outside the user's reach answers 404: that side is not theirs.
  const home = useUnit(canWrite && open ? open.fromUnit.id : null);
  const host = useUnit(canWrite && open?.toUnit ? open.toUnit.id : null);
  const via = useUnit(canWrite && open?.viaUnit ? open.viaUnit.id : null);
  const columns = useTransferColumns({
    member: false,
    actions: canWrite
      ? (tr: Transfer) => (tr.id === open?.id ? transferActions(tr, { home: !!home.data, host: !!host.data, via: !!via.data }) : [])
      : undefined,
  });
  if (!list.data || list.data.length === 0) return null;

  return (
    <Card size="small" style={{ marginBlockEnd: 16 }} data-testid="member-transfers"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.transfers.heading')}</h2>}>
      <Table<Transfer> size="small" pagination={false} rowKey="id" dataSource={list.data} scroll={{ x: 1000 }} columns={columns} />
    </Card>
  );
}

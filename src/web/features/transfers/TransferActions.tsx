import { Button, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TransferActionModal } from './TransferActionModal.tsx';
import { isUnderWay, type Transfer, type TransferAction } from './transfers.api.ts';

/** Which ends of a transfer the user acts for: the sending cell, the receiving (or host) cell, the unit forwarding it. */
export type Sides = { home?: boolean; host?: boolean; via?: boolean };

/**
 * The steps a transfer in its state allows to the side the user acts for: the unit above both ends
 * forwards a waiting letter, the receiving side receives a letter on its way, the sending side
 * withdraws one not yet received, and either side ends a temporary stay. The server checks again.
 */
export function transferActions(tr: Transfer, sides: Sides): TransferAction[] {
  const out: TransferAction[] = [];
  if (tr.state === 'awaiting_forward' && sides.via) out.push('forward');
  if (tr.state === 'in_transit' && sides.host) out.push('receive');
  if (isUnderWay(tr) && sides.home) out.push('cancel');
  if (tr.kind === 'temporary' && tr.state === 'received' && (sides.home || sides.host)) out.push('end');
  return out;
}

/** A row's buttons, each opening its step in a dialog. */
export function TransferActions({ transfer, actions }: { transfer: Transfer; actions: readonly TransferAction[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<TransferAction | null>(null);
  if (actions.length === 0) return null;
  return (
    <>
      <Space wrap size={4}>
        {actions.map((a) => (
          <Button key={a} size="small" danger={a === 'cancel'} type={a === 'receive' || a === 'forward' ? 'primary' : 'default'}
            onClick={() => setOpen(a)} data-testid={`transfer-${a}`}>
            {t(`ui.transfers.actions.${a}.action`)}
          </Button>
        ))}
      </Space>
      {open && <TransferActionModal transfer={transfer} action={open} onClose={() => setOpen(null)} />}
    </>
  );
}

import { Tag, Typography, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RTL_LOCALES } from '../../../shared/reference.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { TransferActions } from './TransferActions.tsx';
import { isolate, isUnderWay, stateColor, type Transfer, type TransferAction } from './transfers.api.ts';

type Options = {
  /** Whether to show the member's name (a unit's list) or not (the member's own card). */
  member: boolean;
  /** The steps the user may take on a row; none shows no column. */
  actions?: (t: Transfer) => TransferAction[];
};

/** A unit's code beside its name: cells of one name are many (every ward has its "quarter 2"). */
function Code({ unit }: { unit: { code: string } }) {
  return <Typography.Text type="secondary" style={{ fontSize: 12 }}>(<bdi>{unit.code}</bdi>)</Typography.Text>;
}

/** A date that does not break across lines in a narrow column. */
const Day = ({ children }: { children: ReactNode }) => <span style={{ whiteSpace: 'nowrap' }}>{children}</span>;

/** The day a transfer reached its state, if it has one beyond the letter's. */
function stateDate(tr: Transfer): string | null {
  return tr.receivedOn ?? tr.endedOn ?? tr.cancelledOn ?? (tr.state === 'in_transit' ? tr.forwardedOn : null) ?? (tr.state === 'departed' ? tr.letterDate : null);
}

/** The columns of a list of transfers, shared by a unit's list and a member's card. */
export function useTransferColumns({ member, actions }: Options): TableColumnsType<Transfer> {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const locale = useLocale();
  const arrow = RTL_LOCALES.has(locale) ? '←' : '→';

  return [
    ...(member ? [{
      key: 'member', title: t('fields.fullName'),
      render: (_: unknown, tr: Transfer) => <Link to={`/members/${tr.memberId}`}><bdi>{tr.fullName}</bdi></Link>,
    }] : []),
    {
      key: 'kind', title: labels.field('kind'),
      render: (_: unknown, tr: Transfer) => (
        <>
          <div>{labels.enumValue('transferKind', tr.kind)}</div>
          <Typography.Text type="secondary">{labels.enumValue('transferPurpose', tr.purpose)}</Typography.Text>
        </>
      ),
    },
    {
      key: 'route', title: t('ui.transfers.route'),
      render: (_: unknown, tr: Transfer) => (
        <>
          <div>
            <bdi>{tr.fromUnit.name}</bdi> <Code unit={tr.fromUnit} /> <span aria-hidden>{arrow}</span>
            <span className="visually-hidden"> {t('ui.transfers.to')} </span>{' '}
            {tr.toUnit ? <><bdi>{tr.toUnit.name}</bdi> <Code unit={tr.toUnit} /></> : <bdi>{tr.destination}</bdi>}
          </div>
          {tr.viaUnit && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('ui.transfers.via', { unit: tr.viaUnit.name })}</Typography.Text>
          )}
        </>
      ),
    },
    {
      key: 'letter', title: t('ui.transfers.letterColumn'),
      render: (_: unknown, tr: Transfer) => (
        <>
          <div><bdi>{tr.letterNo}</bdi></div>
          <Typography.Text type="secondary"><Day>{fmt.date(tr.letterDate)}</Day></Typography.Text>
          {tr.forwardLetterNo && (
            <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('ui.transfers.forwarded', { no: isolate(tr.forwardLetterNo), date: fmt.date(tr.forwardedOn ?? tr.letterDate) })}</Typography.Text></div>
          )}
          {tr.lateStart && <div><Tag>{t('ui.transfers.lateStart')}</Tag></div>}
        </>
      ),
    },
    {
      key: 'handInBy', title: t('ui.transfers.handInBy'),
      render: (_: unknown, tr: Transfer) => (isUnderWay(tr)
        ? <><Day>{fmt.date(tr.handInBy)}</Day> {tr.overdue && <Tag color="red">{t('ui.transfers.overdue')}</Tag>}</>
        : <Typography.Text type="secondary"><Day>{fmt.date(tr.handInBy)}</Day></Typography.Text>),
    },
    {
      key: 'expectedReturn', title: labels.field('expectedReturn'),
      render: (_: unknown, tr: Transfer) => (tr.kind === 'temporary' && tr.expectedReturn
        ? <><Day>{fmt.date(tr.expectedReturn)}</Day> {tr.returnOverdue && <Tag color="red">{t('ui.transfers.returnOverdue')}</Tag>}</>
        : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      key: 'state', title: t('ui.transfers.state'),
      render: (_: unknown, tr: Transfer) => {
        const on = stateDate(tr);
        return (
          <>
            <Tag color={stateColor(tr)} data-testid="transfer-state">{labels.enumValue('transferState', tr.state)}</Tag>
            {on && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}><Day>{fmt.date(on)}</Day></Typography.Text></div>}
            {tr.cancelReason && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}><bdi>{tr.cancelReason}</bdi></Typography.Text></div>}
          </>
        );
      },
    },
    ...(actions ? [{
      key: 'actions', title: t('ui.transfers.actionsColumn'),
      render: (_: unknown, tr: Transfer) => <TransferActions transfer={tr} actions={actions(tr)} />,
    }] : []),
  ];
}

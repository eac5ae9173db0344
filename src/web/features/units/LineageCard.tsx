import { Card, Typography } from 'antd';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { addDays } from '../../../shared/dates.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLineage, type Lineage } from '../restructure/restructure.api.ts';

/** Most units named in one line; a province formed from every former district lists the first ones. */
const MAX_NAMED = 8;
const KINDS = ['merged', 'split', 'abolished'] as const;
type Kind = (typeof KINDS)[number];

type Named = { id: number; name: string; kind: string; effectiveOn: string };
type Group = { key: string; effectiveOn: string; kind: string; units: Named[] };

/** Units of one day and one kind of change together, in the order the API gives them. */
function grouped(units: Named[]): Group[] {
  const groups = new Map<string, Group>();
  for (const u of units) {
    const key = `${u.effectiveOn} ${u.kind}`;
    const group = groups.get(key) ?? { key, effectiveOn: u.effectiveOn, kind: u.kind, units: [] };
    group.units.push(u);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * Where a unit comes from and where it went in restructures: the units it was formed from (or
 * took in) and those that carry on for it since it closed, each a link to its dashboard. A unit
 * that closed opens as it stood on its last day. Shown only for units that have either.
 */
export function LineageCard({ unitId }: { unitId: number }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const lineage = useLineage(unitId);
  const data: Lineage | undefined = lineage.data;
  if (!data) return null;
  const from = grouped(data.predecessors.filter((p) => p.depth === 1));
  const to = grouped(data.successors);
  if (from.length === 0 && to.length === 0) return null;
  const comma = i18n.dir() === 'rtl' ? '، ' : ', ';
  const known = (kind: string): kind is Kind => (KINDS as readonly string[]).includes(kind);
  // What came in says how (merged in, split off, taken over from an abolished level); what it went to, by whom.
  const lead = (group: Group, predecessors: boolean) => {
    const date = fmt.date(group.effectiveOn);
    if (!predecessors) return t('ui.restructure.lineage.succeeded', { date });
    return known(group.kind) ? t(`ui.restructure.lineage.from.${group.kind}`, { date }) : t('ui.restructure.lineage.formed', { date });
  };
  const how = (group: Group, predecessors: boolean) => {
    if (predecessors && known(group.kind)) return null;
    return <>{' '}<Typography.Text type="secondary">({known(group.kind) ? t(`ui.restructure.lineage.kinds.${group.kind}`) : group.kind})</Typography.Text></>;
  };

  const line = (group: Group, predecessors: boolean, testId: string) => (
    <Typography.Paragraph key={group.key} style={{ marginBlock: '4px 0' }} data-testid={testId}>
      {lead(group, predecessors)}{' '}
      {group.units.slice(0, MAX_NAMED).map((u, i) => (
        <Fragment key={u.id}>
          {i > 0 && comma}
          {/* A predecessor closed on the date: its dashboard as of its last day. */}
          <Link to={predecessors ? `/units/${u.id}?asOf=${addDays(group.effectiveOn, -1)}` : `/units/${u.id}`}><bdi>{u.name}</bdi></Link>
        </Fragment>
      ))}
      {group.units.length > MAX_NAMED && <>{comma}{t('ui.restructure.lineage.more', { number: fmt.number(group.units.length - MAX_NAMED) })}</>}
      {how(group, predecessors)}
    </Typography.Paragraph>
  );

  return (
    <Card size="small" style={{ marginBlockEnd: 16 }} data-testid="lineage"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.restructure.lineage.title')}</h2>}>
      {from.map((g) => line(g, true, 'lineage-from'))}
      {to.map((g) => line(g, false, 'lineage-to'))}
    </Card>
  );
}

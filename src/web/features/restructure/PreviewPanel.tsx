import { Alert, Card, Flex, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { RTL_LOCALES } from '../../../shared/reference.ts';
import { todayInVietnam } from '../../ui/today.ts';
import { useUnitTypes } from '../units/units.api.ts';
import type { RestructurePreview } from './restructure.api.ts';
import { TotalsList } from './TotalsList.tsx';

type AffectedUnit = RestructurePreview['operations'][number]['units'][number];
type TreeUnit = RestructurePreview['tree'][number];

/** The colour of a unit's change in the resulting tree (text kept at a 4.5:1 contrast). */
const CHANGE_COLOR: Record<TreeUnit['change'], string> = { created: '#237804', moved: 'blue', renamed: 'purple', kept: 'default' };

const heading = (text: string) => <h3 style={{ fontSize: 15, margin: 0 }}>{text}</h3>;

/**
 * What the plan would do on its date, as the server worked it out by applying it and rolling
 * back: every conflict (errors stop the plan, warnings do not), the figures in all, each
 * operation's units before and after, and the part of the tree the plan touches as it would be.
 */
export function PreviewPanel({ preview }: { preview: RestructurePreview }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const unitTypes = useUnitTypes();
  // The arrow from before to after points the way the line reads.
  const arrow = RTL_LOCALES.has(useLocale()) ? '←' : '→';
  const errors = preview.conflicts.filter((c) => c.severity === 'error').length;
  const warnings = preview.conflicts.length - errors;
  const early = errors === 0 && preview.effectiveOn > todayInVietnam();
  const change = (before: ReactNode, after: ReactNode, same: boolean) => (same
    ? after
    : <span style={{ whiteSpace: 'nowrap' }}>{before} {arrow} {after}</span>);
  const openText = (open: boolean) => (open ? t('ui.restructure.preview.open') : t('ui.restructure.preview.closed'));
  const minDepth = Math.min(...preview.tree.map((u) => u.depth));

  const columns = [
    {
      key: 'unit', title: t('ui.restructure.preview.columns.unit'),
      render: (_: unknown, u: AffectedUnit) => (
        <span>
          {change(<bdi>{u.before?.name}</bdi>, <bdi>{u.after.name}</bdi>, !u.before || u.before.name === u.after.name)}
          <br />
          <Typography.Text type="secondary"><bdi>{u.code}</bdi> · {unitTypes.name(u.typeCode)}</Typography.Text>
        </span>
      ),
    },
    {
      key: 'members', title: t('ui.restructure.preview.columns.members'), align: 'end' as const,
      render: (_: unknown, u: AffectedUnit) => (
        <span data-testid="affected-members">
          {change(u.before ? fmt.number(u.before.members) : t('ui.restructure.preview.none'), fmt.number(u.after.members), u.before?.members === u.after.members)}
        </span>
      ),
    },
    {
      key: 'children', title: t('ui.restructure.preview.columns.children'), align: 'end' as const,
      render: (_: unknown, u: AffectedUnit) => change(
        u.before ? fmt.number(u.before.children) : t('ui.restructure.preview.none'), fmt.number(u.after.children), u.before?.children === u.after.children),
    },
    {
      key: 'open', title: t('ui.restructure.preview.columns.open'),
      render: (_: unknown, u: AffectedUnit) => change(
        u.before ? openText(u.before.open) : t('ui.restructure.preview.none'), openText(u.after.open), u.before?.open === u.after.open),
    },
  ];

  return (
    <Card size="small" data-testid="plan-preview" style={{ marginBlockStart: 16 }}
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.restructure.preview.title', { date: fmt.date(preview.effectiveOn) })}</h2>}>
      <Alert
        showIcon
        type={errors > 0 ? 'error' : preview.canApply ? 'success' : 'info'}
        data-testid="preview-verdict"
        title={errors > 0 ? t('ui.restructure.preview.blocked') : early ? t('ui.restructure.preview.early', { date: fmt.date(preview.effectiveOn) })
          : t('ui.restructure.preview.ready')}
        description={t('ui.restructure.preview.counts', { errors: fmt.number(errors), warnings: fmt.number(warnings) })}
        style={{ marginBlockEnd: 16 }}
      />
      {preview.conflicts.length > 0 && (
        <section aria-label={t('ui.restructure.preview.conflicts')} style={{ marginBlockEnd: 16 }}>
          {heading(t('ui.restructure.preview.conflicts'))}
          <Flex vertical gap={8} style={{ marginBlockStart: 8 }} data-testid="preview-conflicts">
            {preview.conflicts.map((c, i) => (
              <Alert
                key={i}
                type={c.severity}
                showIcon
                data-testid="preview-conflict"
                data-severity={c.severity}
                title={c.operation === null
                  ? t('ui.restructure.preview.planConflict', { message: c.message })
                  : t('ui.restructure.preview.operationConflict', { n: fmt.number(c.operation + 1), message: c.message })}
              />
            ))}
          </Flex>
        </section>
      )}
      <section style={{ marginBlockEnd: 16 }}>
        {heading(t('ui.restructure.preview.totals'))}
        <div style={{ marginBlockStart: 8 }}><TotalsList totals={preview.totals} testId="preview-totals" /></div>
      </section>
      {preview.operations.some((op) => op.units.length > 0) && (
        <section style={{ marginBlockEnd: 16 }}>
          {heading(t('ui.restructure.preview.affected'))}
          {preview.operations.filter((op) => op.units.length > 0).map((op) => (
            <div key={op.index} style={{ marginBlockStart: 8 }} data-testid="preview-operation">
              <Typography.Text strong>
                {t('ui.restructure.operation', { n: fmt.number(op.index + 1), kind: t(`ui.restructure.kinds.${op.kind}`) })}
              </Typography.Text>
              <Table<AffectedUnit>
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={op.units}
                columns={columns}
                scroll={{ x: 'max-content' }}
                style={{ marginBlockStart: 4 }}
              />
            </div>
          ))}
        </section>
      )}
      {preview.tree.length > 0 && (
        <section>
          {heading(t('ui.restructure.preview.tree'))}
          <ul data-testid="preview-tree" style={{ listStyle: 'none', padding: 0, margin: '8px 0 0' }}>
            {preview.tree.map((u) => (
              <li key={u.id} data-testid="preview-tree-unit" data-change={u.change}
                style={{ paddingInlineStart: Math.min(u.depth - minDepth, 6) * 20, paddingBlock: 2 }}>
                <bdi>{u.name}</bdi>{' '}
                <Typography.Text type="secondary">
                  · <bdi>{u.code}</bdi> · {t('ui.restructure.preview.treeMembers', { members: fmt.number(u.members) })}
                </Typography.Text>{' '}
                {u.change !== 'kept' && <Tag color={CHANGE_COLOR[u.change]}>{t(`ui.restructure.preview.changes.${u.change}`)}</Tag>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </Card>
  );
}

import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Select, Table, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { AUDIT_ACTIONS_BY_TARGET } from '../../../shared/audit-actions.ts';
import { apiGet } from '../../api/client.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';

type AuditRow = {
  id: number; at: string; actorId: number | null; actorLabel: string; ip: string | null; requestId: string | null;
  action: string; targetType: string; targetId: string | null; details: Record<string, unknown>;
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Who read or changed this member's record, and what changed. */
export function MemberAudit() {
  return <AuditTrail targetType="member" targetId={useParams().memberId ?? ''} testId="member-audit" />;
}

type TrailProps = { targetType: 'member' | 'unit'; targetId: string; testId: string };

/**
 * Who read or changed one record (a member, a unit), and what changed (`GET /audit`, newest
 * first), narrowed on the server to the actions chosen among those recorded about such a record.
 */
export function AuditTrail({ targetType, targetId, testId }: TrailProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const filterId = useId();
  const [actions, setActions] = useState<string[]>([]);
  const trail = useInfiniteQuery({
    queryKey: ['audit', targetType, targetId, { actions }],
    queryFn: ({ pageParam, signal }) =>
      apiGet<{ items: AuditRow[]; nextBefore: number | null }>(
        '/audit', { targetType, targetId, action: actions.join(',') || undefined, before: pageParam, limit: 50 }, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });

  const value = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return t('ui.app.notRecorded');
    if (typeof v === 'string' && ISO_DATE.test(v)) return fmt.date(v);
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  };
  const changes = (row: AuditRow): string[] => {
    const before = (row.details.before ?? {}) as Record<string, unknown>;
    const after = (row.details.after ?? {}) as Record<string, unknown>;
    return Object.keys(after).map((field) =>
      t('ui.audit.change', { field: labels.field(field), before: value(before[field]), after: value(after[field]) }));
  };

  const rows = trail.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.audit.title')}</h2>} data-testid={testId}>
      <Flex vertical gap={4} style={{ marginBlockEnd: 12, maxWidth: 480 }}>
        <label htmlFor={filterId}>{t('ui.audit.action')}</label>
        <Select<string[]>
          id={filterId}
          mode="multiple"
          allowClear
          value={actions}
          onChange={setActions}
          placeholder={t('ui.audit.allActions')}
          options={AUDIT_ACTIONS_BY_TARGET[targetType].map((a) => ({ value: a, label: labels.auditAction(a) }))}
          optionFilterProp="label"
        />
      </Flex>
      <ErrorAlert error={trail.error} onRetry={() => void trail.refetch()} />
      {/* Narrower than the table, the log scrolls in its own box, which the keyboard can reach and scroll too. */}
      <div role="region" aria-label={t('ui.audit.title')} tabIndex={0} style={{ overflowX: 'auto' }}>
        <Table<AuditRow>
          rowKey="id"
          size="small"
          pagination={false}
          loading={trail.isPending}
          dataSource={rows}
          // The placeholder's own grey is too faint to read; the message keeps the text colour.
          locale={{ emptyText: trail.isPending ? ' ' : <Typography.Text>{t('ui.audit.none')}</Typography.Text> }}
          style={{ minWidth: 760 }}
          columns={[
            { title: t('ui.audit.at'), dataIndex: 'at', render: (at: string) => fmt.instant(at), width: 190 },
            { title: t('ui.audit.who'), dataIndex: 'actorLabel', render: (who: string) => <bdi>{who}</bdi> },
            { title: t('ui.audit.action'), dataIndex: 'action', render: (a: string) => labels.auditAction(a) },
            {
              title: t('ui.audit.details'), key: 'details',
              render: (_v, row) => changes(row).map((line) => <div key={line}><bdi>{line}</bdi></div>),
            },
            { title: t('ui.audit.ip'), dataIndex: 'ip', render: (ip: string | null) => <bdi>{ip ?? ''}</bdi> },
          ]}
        />
      </div>
      {trail.hasNextPage && (
        <Flex justify="center" style={{ marginBlockStart: 12 }}>
          <Button onClick={() => void trail.fetchNextPage()} loading={trail.isFetchingNextPage}>{t('ui.audit.loadMore')}</Button>
        </Flex>
      )}
    </Card>
  );
}

import { Alert, Card, Progress, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { DevelopmentRow } from '../../../shared/schemas/targets.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { useCan } from '../auth/session.ts';
import { formatAchievement } from './achievement.ts';
import { useDevelopment } from './targets.api.ts';

/** Nulls (no target, no ratio) sort below every figure. */
const byNumber = (pick: (r: DevelopmentRow) => number | null) => (a: DevelopmentRow, b: DevelopmentRow) =>
  (pick(a) ?? -Infinity) - (pick(b) ?? -Infinity);

/**
 * The year's admissions against the member development target, as a review conference reports
 * it ("2,041 admitted = 113.39% of the target of 1,800"), for the unit and each unit directly
 * below, and whether the targets handed down add up to the unit's own. The year is the one of the
 * dashboard's date, counted up to that date.
 */
export function DevelopmentCard({ unitId, asOf, editable }: { unitId: number; asOf: string; editable: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const locale = useLocale();
  const [search] = useSearchParams();
  const canSet = useCan('units.write') && editable;
  const development = useDevelopment(unitId, asOf);
  const year = Number(asOf.slice(0, 4));
  const d = development.data;
  const u = d?.unit;
  const percent = (ratio: number | null) => (ratio === null ? '—' : formatAchievement(locale, ratio));

  const sentence = !u ? null
    : u.target === null ? t('ui.targets.noTarget', { year: fmt.year(year), admitted: fmt.number(u.admitted) })
      : u.achievement === null ? t('ui.targets.zeroTarget', { target: fmt.number(u.target), admitted: fmt.number(u.admitted) })
        : t('ui.targets.achieved', { admitted: fmt.number(u.admitted), percent: percent(u.achievement), target: fmt.number(u.target) });

  const difference = u && u.target !== null && d.children.length > 0 ? d.childrenTargetSum - u.target : null;

  return (
    <Card size="small" style={{ marginBlockEnd: 16 }} data-testid="development"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.targets.title', { year: fmt.year(year) })}</h2>}
      extra={canSet && (
        <ButtonLink size="small" to={`/units/${unitId}/targets/${year}`}>{t('ui.targets.set')}</ButtonLink>
      )}>
      <ErrorAlert error={development.error} onRetry={() => void development.refetch()} />
      {development.isPending && <Typography.Paragraph type="secondary">{t('ui.app.loading')}</Typography.Paragraph>}
      {d && u && (
        <>
          <Typography.Paragraph strong style={{ fontSize: 16, marginBlockEnd: 4 }} data-testid="development-sentence">{sentence}</Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ marginBlockEnd: 8 }}>
            {t('ui.targets.period', { from: fmt.date(d.from), to: fmt.date(d.to) })}
            {u.targetRecordedOn && ` ${u.decisionRef
              // First-strong isolate: a Latin reference such as 5-NQ/TU keeps its order inside Arabic and Persian text.
              ? t('ui.targets.decision', { ref: `\u2068${u.decisionRef}\u2069`, date: fmt.date(u.targetRecordedOn) })
              : t('ui.targets.recorded', { date: fmt.date(u.targetRecordedOn) })}`}
          </Typography.Paragraph>
          {u.achievement !== null && (
            <Progress
              percent={Math.min(100, u.achievement * 100)}
              // Explicitly normal: antd turns a full bar 'success', whose green figure is too pale to read.
              status="normal"
              strokeColor={u.achievement >= 1 ? '#389e0d' : undefined}
              format={() => percent(u.achievement)}
              aria-label={t('ui.targets.progress')}
              aria-valuetext={percent(u.achievement)}
              style={{ marginBlockEnd: 8 }}
            />
          )}
          {d.children.length > 0 && (
            <>
              <Table<DevelopmentRow>
                size="small"
                pagination={false}
                rowKey="unitId"
                dataSource={d.children}
                scroll={{ x: 560 }}
                data-testid="development-children"
                style={{ marginBlockStart: 8 }}
                title={() => <h3 style={{ fontSize: 14, margin: 0 }}>{t('ui.targets.children')}</h3>}
                columns={[
                  {
                    key: 'name', title: t('ui.member.unit'), dataIndex: 'name',
                    sorter: (a, b) => a.name.localeCompare(b.name, 'vi'),
                    render: (name: string, r) => <Link to={{ pathname: `/units/${r.unitId}`, search: search.toString() }}><bdi>{name}</bdi></Link>,
                  },
                  {
                    key: 'target', title: labels.field('target'), dataIndex: 'target', align: 'end', sorter: byNumber((r) => r.target),
                    render: (n: number | null) => (n === null ? <Typography.Text type="secondary">{t('ui.targets.none')}</Typography.Text> : fmt.number(n)),
                  },
                  { key: 'admitted', title: t('ui.targets.admitted'), dataIndex: 'admitted', align: 'end', sorter: byNumber((r) => r.admitted), render: (n: number) => fmt.number(n) },
                  {
                    key: 'achievement', title: t('ui.targets.achievement'), dataIndex: 'achievement', align: 'end',
                    sorter: byNumber((r) => r.achievement), render: (ratio: number | null) => percent(ratio),
                  },
                ]}
                summary={() => (
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0}><strong>{t('ui.targets.childrenSum')}</strong></Table.Summary.Cell>
                    <Table.Summary.Cell index={1} align="end"><strong data-testid="children-target-sum">{fmt.number(d.childrenTargetSum)}</strong></Table.Summary.Cell>
                    <Table.Summary.Cell index={2} colSpan={2} />
                  </Table.Summary.Row>
                )}
              />
              {difference !== null && difference !== 0 && (
                <Alert type="warning" showIcon style={{ marginBlockStart: 8 }} data-testid="children-target-warning"
                  title={t(difference < 0 ? 'ui.targets.sumBelow' : 'ui.targets.sumAbove', {
                    sum: fmt.number(d.childrenTargetSum), target: fmt.number(u.target ?? 0), difference: fmt.number(Math.abs(difference)),
                  })} />
              )}
              {difference === 0 && (
                <Typography.Paragraph type="secondary" style={{ marginBlock: '8px 0' }}>
                  {t('ui.targets.sumEqual', { sum: fmt.number(d.childrenTargetSum) })}
                </Typography.Paragraph>
              )}
              {d.childrenWithoutTarget > 0 && (
                <Typography.Paragraph type="secondary" style={{ marginBlock: '8px 0' }}>
                  {t('ui.targets.withoutTarget', { units: fmt.number(d.childrenWithoutTarget) })}
                </Typography.Paragraph>
              )}
            </>
          )}
        </>
      )}
    </Card>
  );
}

import { Card, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import type { InspectionCase } from './inspections.api.ts';
import { StepForm } from './StepForm.tsx';

/**
 * The case's records in the order they were made, each dated: the decision that opened it, the
 * explanatory reports, verification minutes and result reports, and the conclusion notice with
 * its number. While the case is open, the next one is recorded below.
 */
export function StepsCard({ record, canWrite }: { record: InspectionCase; canWrite: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const entries = [
    { key: 'opened', color: 'blue', date: record.openedOn, title: t('ui.inspections.steps.opened'), no: record.decisionNo, note: null as string | null },
    ...record.steps.map((s) => ({
      key: String(s.id), color: s.kind === 'conclusion_notice' ? 'green' : 'gray', date: s.doneOn,
      title: labels.enumValue('stepKind', s.kind), no: s.documentNo, note: s.note,
    })),
  ];
  return (
    <Card size="small" style={{ marginBlockEnd: 16 }} data-testid="case-steps" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.inspections.steps.title')}</h2>}>
      <Timeline
        items={entries.map((e) => ({
          key: e.key,
          color: e.color,
          content: (
            <div data-testid="case-step">
              <strong>{fmt.date(e.date)} · {e.title}</strong>
              {e.no && <> · <bdi>{e.no}</bdi></>}
              {e.note && <div><Typography.Text type="secondary"><bdi>{e.note}</bdi></Typography.Text></div>}
            </div>
          ),
        }))}
      />
      {canWrite && record.status === 'open' && <StepForm record={record} />}
    </Card>
  );
}

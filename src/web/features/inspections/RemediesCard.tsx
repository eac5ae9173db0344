import { Alert, Card, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { CompleteRemedyButton } from './CompleteRemedyButton.tsx';
import type { InspectionCase, InspectionRemedy } from './inspections.api.ts';
import { RemedyForm } from './RemedyForm.tsx';
import { SubjectLink } from './SubjectLink.tsx';

const day = (text: string) => <span style={{ whiteSpace: 'nowrap' }}>{text}</span>;

/**
 * What the subjects must put right after the conclusion: what, who answers for it, by when
 * (flagged once the deadline has passed), and when it was done with what evidence. Remedies are
 * set only once the case is concluded.
 */
export function RemediesCard({ record, canWrite }: { record: InspectionCase; canWrite: boolean }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fmt = useFormat();
  const subjectOf = (id: number) => record.subjectList.find((s) => s.id === id);

  const columns: TableColumnsType<InspectionRemedy> = [
    {
      // A link on every row also keeps the table, which scrolls sideways on a phone, reachable by keyboard.
      key: 'subject', title: labels.field('subject'),
      render: (_, r) => {
        const s = subjectOf(r.subjectId);
        return s ? <SubjectLink type={s.type} id={s.type === 'unit' ? s.unitId : s.memberId} name={s.name} showType={false} /> : null;
      },
    },
    { key: 'description', title: labels.field('description'), render: (_, r) => <bdi>{r.description}</bdi> },
    { key: 'owner', title: labels.field('owner'), render: (_, r) => <bdi>{r.owner}</bdi> },
    {
      key: 'deadline', title: labels.field('deadline'),
      render: (_, r) => <>{day(fmt.date(r.deadline))} {r.overdue && <Tag color="red" data-testid="remedy-overdue">{t('ui.inspections.remedies.overdue')}</Tag>}</>,
    },
    {
      key: 'completion', title: t('ui.inspections.remedies.completion'),
      render: (_, r) => (r.completedOn
        ? (
          <div data-testid="remedy-done">
            <Tag color={r.completedOn <= r.deadline ? '#237804' : '#ad4e00'}>
              {t(r.completedOn <= r.deadline ? 'ui.inspections.remedies.doneOnTime' : 'ui.inspections.remedies.doneLate', { date: fmt.date(r.completedOn) })}
            </Tag>
            {r.evidence && <div><Typography.Text type="secondary" style={{ fontSize: 13 }}><bdi>{r.evidence}</bdi></Typography.Text></div>}
          </div>
        )
        : canWrite ? <CompleteRemedyButton remedy={r} caseId={record.id} concludedOn={record.concludedOn} />
          : <Typography.Text type="secondary">{t('ui.inspections.remedies.notDone')}</Typography.Text>),
    },
  ];

  return (
    <Card size="small" style={{ marginBlockEnd: 16 }} data-testid="case-remedies"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.inspections.remedies.title')}</h2>}>
      <Table<InspectionRemedy> rowKey="id" size="small" pagination={false} dataSource={record.remedies} columns={columns} scroll={record.remedies.length > 0 ? { x: 860 } : undefined}
        locale={{ emptyText: <Typography.Text type="secondary">{t('ui.inspections.remedies.none')}</Typography.Text> }} />
      {canWrite && (record.status === 'concluded'
        ? <RemedyForm record={record} />
        : <Alert type="info" showIcon title={t('ui.inspections.remedies.afterConclusion')} style={{ marginBlockStart: 16 }} />)}
    </Card>
  );
}

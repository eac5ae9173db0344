import { Card, Col, Row, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { FindingForm } from './FindingForm.tsx';
import type { CaseSubject, InspectionCase } from './inspections.api.ts';
import { RecommendationsForm } from './RecommendationsForm.tsx';
import { SubjectLink } from './SubjectLink.tsx';

/**
 * The organizations and members the case covers, each with the violations found in it and the
 * recommendations made to it; below, the forms that record a finding and set recommendations.
 */
export function SubjectsCard({ record, canWrite }: { record: InspectionCase; canWrite: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const findingsOf = (s: CaseSubject) => record.findings.filter((f) => f.subjectId === s.id);

  const columns: TableColumnsType<CaseSubject> = [
    {
      key: 'subject', title: labels.field('subject'), width: 240,
      render: (_, s) => <SubjectLink type={s.type} id={s.type === 'unit' ? s.unitId : s.memberId} name={s.name} />,
    },
    {
      key: 'violations', title: t('ui.inspections.subjects.violations'),
      render: (_, s) => {
        const found = findingsOf(s);
        if (found.length === 0) return <Typography.Text type="secondary">{t('ui.inspections.subjects.noViolations')}</Typography.Text>;
        return (
          <>
            <Tag color="red" data-testid="violation-count">{t('ui.inspections.subjects.violationCount', { count: s.violations, countText: fmt.number(s.violations) })}</Tag>
            <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
              {found.map((f) => (
                <li key={f.id} data-testid="finding">
                  <span style={{ whiteSpace: 'nowrap' }}>{fmt.date(f.foundOn)}</span> · <strong>{labels.enumValue('violationCategory', f.category)}:</strong>{' '}
                  <bdi>{f.description}</bdi>
                </li>
              ))}
            </ul>
          </>
        );
      },
    },
    {
      key: 'recommendations', title: labels.field('recommendations'),
      render: (_, s) => (s.recommendations
        ? <span style={{ whiteSpace: 'pre-wrap' }}><bdi>{s.recommendations}</bdi></span>
        : <Typography.Text type="secondary">—</Typography.Text>),
    },
  ];

  return (
    <Card size="small" style={{ marginBlockEnd: 16 }} data-testid="case-subjects"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.inspections.subjects.title')}</h2>}>
      <Table<CaseSubject> rowKey="id" size="small" pagination={false} dataSource={record.subjectList} columns={columns} scroll={{ x: 760 }} />
      {canWrite && (
        <Row gutter={[24, 16]} style={{ marginBlockStart: 16 }}>
          <Col xs={24} lg={12}><FindingForm record={record} /></Col>
          <Col xs={24} lg={12}><RecommendationsForm record={record} /></Col>
        </Row>
      )}
    </Card>
  );
}

import { EditOutlined, IdcardOutlined } from '@ant-design/icons';
import { Alert, Card, Descriptions, Flex, Space, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Candidate } from '../../../shared/schemas/candidates.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels, type EnumGroup } from '../../i18n/useLabels.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { useCan } from '../auth/session.ts';
import { isFinal, stageColor, useCandidate } from './candidates.api.ts';

type Field = keyof Candidate;
type Row = { field: Field; kind?: 'date' | EnumGroup | 'ethnicity' };

const SECTIONS: { title: 'identity' | 'training'; rows: Row[] }[] = [
  {
    title: 'identity',
    rows: [
      { field: 'fullName' }, { field: 'otherNames' }, { field: 'gender', kind: 'gender' }, { field: 'birthDate', kind: 'date' },
      { field: 'birthPlace' }, { field: 'hometown' }, { field: 'residence' }, { field: 'ethnicity', kind: 'ethnicity' },
      { field: 'religion', kind: 'religion' }, { field: 'citizenId' }, { field: 'phone' },
    ],
  },
  {
    title: 'training',
    rows: [
      { field: 'education', kind: 'education' }, { field: 'qualification', kind: 'qualification' },
      { field: 'academicTitle', kind: 'academicTitle' }, { field: 'theoryLevel', kind: 'theoryLevel' },
      { field: 'occupation' }, { field: 'position' },
    ],
  },
];

const DETAILS = ['courseName', 'certificateNo', 'ageApprovalRef', 'decisionNo', 'ceremonyDate', 'reason', 'note'] as const;

/**
 * One candidate for admission: the current stage and since when, the profile (sensitive fields
 * the reader may not see say so), and every stage recorded, oldest first. Once admitted, the
 * member record takes over and is linked; the commands are offered with `members.write` while
 * the development goes on.
 */
export function CandidatePage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const id = Number(useParams().candidateId);
  const canWrite = useCan('members.write');
  const record = useCandidate(id);
  const c = record.data?.candidate;
  usePageTitle(c?.fullName);

  if (record.isError) return <ErrorAlert error={record.error} onRetry={() => void record.refetch()} />;
  if (!c) return <PageSpinner />;

  const show = ({ field, kind }: Row): ReactNode => {
    if (c.maskedFields.includes(field)) return <Typography.Text type="secondary" italic>{t('ui.member.hidden')}</Typography.Text>;
    const value = c[field];
    if (value === null || value === undefined || value === '') return <Typography.Text type="secondary">{t('ui.app.notRecorded')}</Typography.Text>;
    if (kind === 'date') return fmt.date(String(value));
    if (kind === 'ethnicity') return labels.ethnicity(String(value));
    if (kind) return labels.enumValue(kind, String(value));
    return <bdi>{String(value)}</bdi>;
  };

  const base = `/candidates/${c.id}`;
  const open = !isFinal(c.stage);
  return (
    <article aria-labelledby="candidate-title">
      <Flex wrap justify="space-between" align="flex-start" gap={16} style={{ marginBlockEnd: 16 }}>
        <div>
          <Typography.Title level={1} id="candidate-title" style={{ fontSize: 24, margin: 0 }}><bdi>{c.fullName}</bdi></Typography.Title>
          <Space wrap size={4} style={{ marginBlockStart: 8 }}>
            <Tag color={stageColor(c.stage)} data-testid="candidate-stage">{labels.enumValue('candidateStage', c.stage)}</Tag>
            <Typography.Text type="secondary" data-testid="candidate-since">{t('ui.development.currentSince', { date: fmt.date(c.since) })}</Typography.Text>
            <Typography.Text type="secondary">·</Typography.Text>
            <Link to={`/units/${c.unitId}`}><bdi>{c.unitName}</bdi></Link>
          </Space>
        </div>
        <Space wrap>
          {c.memberId !== null && (
            <ButtonLink to={`/members/${c.memberId}`} type="primary" icon={<IdcardOutlined />}>{t('ui.development.memberRecord')}</ButtonLink>
          )}
          {canWrite && open && (
            <>
              {c.nextStage === 'admitted' && <ButtonLink to={`${base}/admit`} type="primary">{t('ui.development.admit')}</ButtonLink>}
              <ButtonLink to={`${base}/stage`} type={c.nextStage === 'admitted' ? 'default' : 'primary'}>{t('ui.development.recordStage')}</ButtonLink>
              <ButtonLink to={`${base}/edit`} icon={<EditOutlined />}>{t('ui.development.edit')}</ButtonLink>
            </>
          )}
        </Space>
      </Flex>
      {c.memberId !== null && <Alert type="info" showIcon title={t('ui.development.admittedNote')} style={{ marginBlockEnd: 16 }} />}
      <Card size="small" style={{ marginBlockEnd: 16 }} title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.development.history')}</h2>}>
        <Timeline
          data-testid="candidate-stages"
          items={c.stages.map((s) => ({
            key: s.id,
            color: s.stage === 'withdrawn' ? 'gray' : s.stage === 'admitted' ? 'red' : 'blue',
            content: (
              <div>
                <Typography.Text strong>{fmt.date(s.since)} · {labels.enumValue('candidateStage', s.stage)}</Typography.Text>
                {DETAILS.filter((d) => s[d] !== null).map((d) => (
                  <div key={d}>{labels.field(d)}: {d === 'ceremonyDate' ? fmt.date(String(s[d])) : <bdi>{s[d]}</bdi>}</div>
                ))}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {s.recordedBy
                    ? t('ui.development.recordedBy', { name: s.recordedBy.name, at: fmt.instant(s.recordedAt) })
                    : t('ui.development.recordedBySystem', { at: fmt.instant(s.recordedAt) })}
                </Typography.Text>
              </div>
            ),
          }))}
        />
      </Card>
      <div data-testid="candidate-profile">
        {SECTIONS.map((section) => (
          <Card key={section.title} size="small" style={{ marginBlockEnd: 16 }}
            title={<h2 style={{ fontSize: 16, margin: 0 }}>{t(`ui.member.${section.title}`)}</h2>}>
            <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small"
              items={section.rows.map((row) => ({ key: row.field, label: labels.field(row.field), children: show(row) }))} />
          </Card>
        ))}
      </div>
    </article>
  );
}

import { Card, Descriptions, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { Member } from '../../../shared/schemas/members.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels, type EnumGroup } from '../../i18n/useLabels.ts';
import { useMember } from './members.api.ts';

type Field = keyof Member;
type Row = { field: Field; kind?: 'date' | EnumGroup | 'ethnicity' };

const SECTIONS: { title: 'identity' | 'training' | 'party'; rows: Row[] }[] = [
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
  {
    title: 'party',
    rows: [
      { field: 'admissionDecisionDate', kind: 'date' }, { field: 'admissionDecisionNo' }, { field: 'ceremonyDate', kind: 'date' },
      { field: 'officialDate', kind: 'date' }, { field: 'cardNumber' }, { field: 'ageApprovalRef' },
    ],
  },
];

/** The profile of form 2-HSĐV; sensitive fields the reader may not see say so instead of showing blank. */
export function MemberProfile() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const record = useMember(Number(useParams().memberId));
  const m = record.data?.member;
  if (!m) return null;

  const show = ({ field, kind }: Row): ReactNode => {
    if (m.maskedFields.includes(field)) return <Typography.Text type="secondary" italic>{t('ui.member.hidden')}</Typography.Text>;
    const value = m[field];
    if (value === null || value === undefined || value === '') {
      return <Typography.Text type="secondary">{t('ui.app.notRecorded')}</Typography.Text>;
    }
    if (kind === 'date') return fmt.date(String(value));
    if (kind === 'ethnicity') return labels.ethnicity(String(value));
    if (kind) return labels.enumValue(kind, String(value));
    return <bdi>{String(value)}</bdi>;
  };

  return (
    <div data-testid="member-profile">
      {SECTIONS.map((section) => (
        <Card key={section.title} size="small" style={{ marginBlockEnd: 16 }}
          title={<h2 style={{ fontSize: 16, margin: 0 }}>{t(`ui.member.${section.title}`)}</h2>}>
          <Descriptions
            column={{ xs: 1, md: 2, xl: 3 }}
            size="small"
            items={[
              ...section.rows.map((row) => ({ key: row.field, label: labels.field(row.field), children: show(row) })),
              ...(section.title === 'party' && m.officialDue
                ? [{ key: 'officialDue', label: t('ui.member.officialDue'), children: fmt.date(m.officialDue) }]
                : []),
            ]}
          />
        </Card>
      ))}
    </div>
  );
}

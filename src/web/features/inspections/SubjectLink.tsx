import { Typography } from 'antd';
import { Link } from 'react-router';
import { useLabels } from '../../i18n/useLabels.ts';

/** An organization or a member named as a subject, leading to its dashboard or record. */
export function SubjectLink({ type, id, name, showType = true }: { type: string; id: number | null; name: string; showType?: boolean }) {
  const labels = useLabels();
  const to = id === null ? null : type === 'unit' ? `/units/${id}/inspections` : `/members/${id}`;
  return (
    <span>
      {showType && <><Typography.Text type="secondary">{labels.enumValue('subjectType', type)}:</Typography.Text>{' '}</>}
      {to ? <Link to={to}><bdi>{name}</bdi></Link> : <bdi>{name}</bdi>}
    </span>
  );
}

import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../i18n/useLabels.ts';

/**
 * A case's status as a tag (colours whose text keeps a 4.5:1 contrast): under way in blue,
 * concluded in green, and flagged red when its conclusion is overdue.
 */
export function CaseStatusTag({ status, overdue = false }: { status: string; overdue?: boolean }) {
  const { t } = useTranslation();
  const labels = useLabels();
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Tag color={status === 'concluded' ? '#237804' : 'blue'} data-testid="case-status">{labels.enumValue('caseStatus', status)}</Tag>
      {overdue && <Tag color="red" data-testid="case-overdue">{t('ui.inspections.cases.overdue')}</Tag>}
    </span>
  );
}

import { Flex, Progress, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/useFormat.ts';
import type { InspectionProgram } from './inspections.api.ts';

/**
 * How far a program has come: the share of its planned items concluded as a bar, then planned,
 * opened and concluded counts, and the items whose planned period ended without a conclusion.
 */
export function ProgramProgress({ progress }: { progress: InspectionProgram['progress'] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const percent = progress.planned === 0 ? 0 : Math.round((progress.concluded / progress.planned) * 100);
  return (
    <Flex vertical gap={2} style={{ minWidth: 200 }}>
      <Progress percent={percent} size="small" format={() => fmt.percent(progress.concluded, progress.planned)}
        aria-label={t('ui.inspections.programs.concludedShare')} />
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {t('ui.inspections.programs.progress', {
          planned: fmt.number(progress.planned), opened: fmt.number(progress.opened), concluded: fmt.number(progress.concluded),
        })}
        {progress.overdue > 0 && <> <Tag color="red">{t('ui.inspections.programs.overdueItems', { overdue: fmt.number(progress.overdue) })}</Tag></>}
      </Typography.Text>
    </Flex>
  );
}

import { ArrowLeftOutlined, ArrowRightOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Steps, Tag, Typography, type StepsProps } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { formatNumber } from '../../../shared/i18n/format.ts';
import { RTL_LOCALES } from '../../../shared/reference.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { unitName, useUnit } from '../units/units.api.ts';
import { ProgressCard, ResultCard } from './ImportRun.tsx';
import { MappingCard } from './MappingCard.tsx';
import { afterImportApplied, isRunning, stateColor, useImport, type ImportJob } from './imports.api.ts';

/** Where the job stands among the four steps: upload, map columns, check, import. */
function stepOf(job: ImportJob): { current: number; status: StepsProps['status'] } {
  switch (job.state) {
    case 'uploaded': return { current: 1, status: 'process' };
    case 'checking': return { current: 2, status: 'process' };
    case 'checked': return { current: 3, status: 'wait' };
    case 'applying': return { current: 3, status: 'process' };
    case 'applied': return { current: 3, status: 'finish' };
    case 'rejected': return { current: 3, status: 'error' };
    case 'failed': return { current: job.dryRun ? 2 : 3, status: 'error' };
    default: return { current: job.dryRun ? 2 : 3, status: 'wait' };
  }
}

/**
 * One import: the file's header mapped to fields, the mode, the dry run and the import; while a
 * run goes on, its progress (read every second) with a button to stop it; once it ends, what
 * happened, the counts, the first errors and the error file. A finished import refreshes what
 * it changed (the member lists, the tree, the counts).
 */
export function ImportJobPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const id = Number(useParams().id);
  const query = useImport(id);
  const job = query.data;
  const unit = useUnit(job ? job.unitId : null);
  const title = t('ui.imports.job.title', { file: job?.fileName ?? '' });
  usePageTitle(job ? title : null);

  // An import that was running and wrote something: the screens showing members and units are out of date.
  const was = useRef(job?.state);
  const status = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (job && was.current === 'applying' && job.state !== 'applying') afterImportApplied(queryClient);
    was.current = job?.state;
  }, [job, queryClient]);

  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (!job) return <PageSpinner />;
  const step = stepOf(job);
  const finished = ['checked', 'applied', 'rejected', 'cancelled', 'failed'].includes(job.state);
  const size = formatNumber(locale, job.fileBytes / 1024, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 1 });
  const Back = RTL_LOCALES.has(locale) ? ArrowRightOutlined : ArrowLeftOutlined;

  return (
    <article aria-labelledby="import-title">
      <ButtonLink to="/imports" type="link" icon={<Back aria-hidden />} style={{ paddingInline: 0 }}>{t('ui.imports.job.back')}</ButtonLink>
      <Typography.Title level={1} id="import-title" style={{ fontSize: 24, marginBlockStart: 8 }}>
        <bdi>{title}</bdi>{' '}
        <Tag color={stateColor(job.state)} style={{ verticalAlign: 'middle' }} data-testid="import-state">{t(`ui.imports.states.${job.state}`)}</Tag>
      </Typography.Title>
      <Typography.Paragraph type="secondary" data-testid="import-summary">
        {t(`ui.imports.kinds.${job.kind}`)} · <bdi>{unit.data ? unitName(unit.data, locale) : '…'}</bdi> · {job.format.toUpperCase()}, {size}
        {' · '}{t('ui.imports.job.uploadedAt', { at: fmt.instant(job.createdAt) })}
      </Typography.Paragraph>
      <Steps
        size="small"
        current={step.current}
        status={step.status}
        style={{ marginBlockEnd: 24 }}
        items={[
          { title: t('ui.imports.steps.upload') },
          { title: t('ui.imports.steps.map') },
          { title: t('ui.imports.steps.check') },
          { title: t('ui.imports.steps.apply') },
        ]}
      />
      {/* Where the job stands comes first; a run started below brings it into view. */}
      <div ref={status} style={{ scrollMarginBlockStart: 16 }}>
        {isRunning(job) && <ProgressCard job={job} />}
        {finished && <ResultCard job={job} />}
      </div>
      <MappingCard key={job.id} job={job} onStarted={() => status.current?.scrollIntoView({ block: 'start' })} />
    </article>
  );
}

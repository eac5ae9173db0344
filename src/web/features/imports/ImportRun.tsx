import { DownloadOutlined, StopOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Flex, Progress, Row, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../shared/i18n/format.ts';
import type { Locale } from '../../../shared/reference.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { FigureCard } from '../../ui/FigureCard.tsx';
import { cancelImport, errorFileUrl, putJob, type ImportJob } from './imports.api.ts';

/** A time left in the reader's words and digits: "2 phút 5 giây", "٢ دقيقة ٥ ثانية". */
export function duration(locale: Locale, seconds: number): string {
  const unit = (value: number, u: 'minute' | 'second' | 'hour') => formatNumber(locale, value, { style: 'unit', unit: u, unitDisplay: 'long' });
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return unit(s, 'second');
  if (s < 3600) return [unit(Math.floor(s / 60), 'minute'), ...(s % 60 ? [unit(s % 60, 'second')] : [])].join(' ');
  return [unit(Math.floor(s / 3600), 'hour'), unit(Math.floor((s % 3600) / 60), 'minute')].join(' ');
}

/**
 * A check or an import under way: how many rows are done of how many the file holds, at what
 * pace, how long is left, and a button to stop it. The page reads the job every second.
 */
export function ProgressCard({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { rowsDone, rowsEstimated, rowsPerSecond, secondsLeft } = job.progress;
  const percent = rowsEstimated ? Math.min(100, Math.floor((rowsDone / rowsEstimated) * 100)) : 0;
  const state = job.state === 'applying' ? 'applying' : 'checking';

  const cancel = async () => {
    setBusy(true);
    setError(null);
    try {
      putJob(queryClient, await cancelImport(job.id), locale);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" style={{ marginBlockEnd: 16 }} data-testid="import-progress"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t(`ui.imports.progress.${state}`)}</h2>}>
      <Progress
        percent={percent}
        status="active"
        format={() => fmt.percent(percent, 100)}
        aria-label={t('ui.imports.progress.label')}
      />
      <Flex wrap gap={16} style={{ marginBlock: 8 }} role="status" aria-live="polite">
        <span data-testid="progress-rows">
          {rowsEstimated !== null
            ? t('ui.imports.progress.rows', { done: fmt.number(rowsDone), total: fmt.number(rowsEstimated) })
            : t('ui.imports.progress.rowsNoTotal', { done: fmt.number(rowsDone) })}
        </span>
        {rowsPerSecond > 0 && <span>{t('ui.imports.progress.rate', { rate: formatNumber(locale, rowsPerSecond, { maximumFractionDigits: 0 }) })}</span>}
        {secondsLeft !== null && <span>{t('ui.imports.progress.left', { time: duration(locale, secondsLeft) })}</span>}
      </Flex>
      <ErrorAlert error={error} />
      <Button danger icon={<StopOutlined aria-hidden />} onClick={() => void cancel()} loading={busy} data-testid="import-cancel">
        {t('ui.imports.progress.cancel')}
      </Button>
    </Card>
  );
}

/** What a finished run says happened, in one sentence (with the counts in the reader's digits). */
function Outcome({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const c = job.counts;
  const counts = { new: fmt.number(c.new), updated: fmt.number(c.updated), unchanged: fmt.number(c.unchanged), rejected: fmt.number(c.rejected) };
  const show = (type: 'success' | 'info' | 'warning' | 'error', title: string, description?: string) => (
    <Alert type={type} showIcon role={type === 'error' ? 'alert' : 'status'} title={title} description={description}
      style={{ marginBlockEnd: 16 }} data-testid="import-outcome" />
  );
  switch (job.state) {
    case 'checked':
      return show(c.rejected > 0 ? 'warning' : 'info', t('ui.imports.outcome.checked', counts),
        c.rejected > 0 && job.mode !== 'valid_rows' ? t('ui.imports.outcome.checkedRefusedAll') : undefined);
    case 'applied':
      return c.rejected > 0
        ? show('warning', t('ui.imports.outcome.appliedWithRejected', counts))
        : show('success', t('ui.imports.outcome.applied', counts));
    case 'rejected':
      return show('error', t('ui.imports.outcome.rejected', counts));
    case 'cancelled':
      return show('warning', t(job.dryRun ? 'ui.imports.outcome.cancelledCheck' : 'ui.imports.outcome.cancelledApply'));
    case 'failed':
      return show('error', t('ui.imports.outcome.failed'), job.failure ?? undefined);
    default:
      return null;
  }
}

/**
 * The end of a check or an import: what happened, the counts (new, updated, unchanged, refused),
 * the first refused rows with what is wrong, and the file of all refused rows to fix and upload again.
 */
export function ResultCard({ job }: { job: ImportJob }) {
  const locale = useLocale();
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const c = job.counts;
  const ran = job.state !== 'failed' || c.total > 0;
  const figures = [
    { key: 'total', value: c.total }, { key: 'new', value: c.new }, { key: 'updated', value: c.updated },
    { key: 'unchanged', value: c.unchanged }, { key: 'rejected', value: c.rejected },
  ] as const;

  return (
    <Card size="small" style={{ marginBlockEnd: 16 }} data-testid="import-result"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t(job.dryRun ? 'ui.imports.result.titleCheck' : 'ui.imports.result.titleApply')}</h2>}>
      <Outcome job={job} />
      {ran && (
        <Row gutter={[16, 16]} style={{ marginBlockEnd: 16 }}>
          {figures.map((f) => (
            <Col key={f.key} xs={12} md={8} xl={4}>
              <FigureCard title={t(`ui.imports.result.${f.key}`)} value={f.value} testId={`count-${f.key}`} />
            </Col>
          ))}
        </Row>
      )}
      {c.rejected > 0 && (
        <>
          <Flex wrap gap={8} align="center" style={{ marginBlockEnd: 8 }}>
            <Button icon={<DownloadOutlined aria-hidden />} href={errorFileUrl(job.id, 'csv', locale)} download data-testid="error-file-csv">
              {t('ui.imports.result.downloadCsv')}
            </Button>
            <Button icon={<DownloadOutlined aria-hidden />} href={errorFileUrl(job.id, 'xlsx', locale)} download data-testid="error-file-xlsx">
              {t('ui.imports.result.downloadXlsx')}
            </Button>
          </Flex>
          <Typography.Paragraph type="secondary">{t('ui.imports.result.errorFileHint')}</Typography.Paragraph>
        </>
      )}
      {job.firstErrors.length > 0 && (
        <>
          <Typography.Title level={3} style={{ fontSize: 15 }}>{t('ui.imports.result.errorsTitle')}</Typography.Title>
          <Table
            rowKey={(e) => `${e.row}-${e.path}-${e.code}`}
            size="small"
            pagination={false}
            dataSource={job.firstErrors}
            scroll={{ x: 600 }}
            data-testid="import-errors"
            columns={[
              { key: 'row', title: t('ui.imports.result.row'), width: 90, render: (_, e) => fmt.number(e.row) },
              { key: 'field', title: t('ui.imports.result.field'), width: 220, render: (_, e) => (e.path ? labels.field(e.path) : '—') },
              { key: 'message', title: t('ui.imports.result.message'), render: (_, e) => e.message },
            ]}
          />
        </>
      )}
    </Card>
  );
}

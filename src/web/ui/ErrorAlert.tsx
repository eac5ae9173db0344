import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

type Props = { error: unknown; onRetry?: () => void; extra?: readonly string[] };

/** A failure as the API explained it (already in the reader's language), with the request id to quote. */
export function ErrorAlert({ error, onRetry, extra = [] }: Props) {
  const { t } = useTranslation();
  if (!error && extra.length === 0) return null;
  const message = error instanceof ApiError ? error.message : error ? t('ui.app.error') : extra[0];
  const details = [...(error ? extra : extra.slice(1))];
  if (error instanceof ApiError && error.status >= 500 && error.requestId) details.push(t('ui.app.requestId', { id: error.requestId }));
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={message}
      description={details.length > 0 ? details.map((d) => <div key={d}>{d}</div>) : undefined}
      action={onRetry ? <Button size="small" onClick={onRetry}>{t('ui.app.retry')}</Button> : undefined}
      style={{ marginBlockEnd: 16 }}
    />
  );
}

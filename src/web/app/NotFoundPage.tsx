import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../ui/ButtonLink.tsx';
import { usePageTitle } from '../ui/usePageTitle.ts';

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('ui.app.notFound'));
  return (
    <Result
      status="404"
      title={<h1 style={{ fontSize: 24, margin: 0 }}>{t('ui.app.notFound')}</h1>}
      extra={<ButtonLink to="/" type="primary">{t('ui.app.backHome')}</ButtonLink>}
    />
  );
}

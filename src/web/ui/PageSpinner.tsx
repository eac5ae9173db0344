import { Flex, Spin } from 'antd';
import { useTranslation } from 'react-i18next';

/** A loading screen or section that says what it is doing. */
export function PageSpinner({ full = false }: { full?: boolean }) {
  const { t } = useTranslation();
  return (
    <Flex align="center" justify="center" style={{ minHeight: full ? '100vh' : 240 }} role="status" aria-live="polite">
      <Spin size="large" description={t('ui.app.loading')} />
    </Flex>
  );
}

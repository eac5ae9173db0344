import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Flex, Grid, Layout, Menu, Typography } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { signOut, useSignedInUser } from '../features/auth/session.ts';
import { UnitNavigator } from '../features/units/UnitNavigator.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { ErrorBoundary } from '../ui/ErrorBoundary.tsx';
import { LanguageSwitcher } from '../ui/LanguageSwitcher.tsx';
import { PageSpinner } from '../ui/PageSpinner.tsx';

/** Header with the menu, language and account; the unit tree on the side; the screen in <main>. */
export function AppLayout() {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const queryClient = useQueryClient();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const section = location.pathname.startsWith('/members') ? 'members' : 'dashboard';

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a href="#main" className="skip-link">{t('ui.app.skipToContent')}</a>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, background: '#fff', borderBottom: '1px solid #f0f0f0', paddingInline: 16 }}>
        <Link to="/" style={{ fontSize: 20, fontWeight: 700, color: '#a31515', whiteSpace: 'nowrap' }}>partywork</Link>
        <Menu
          mode="horizontal"
          aria-label={t('ui.app.mainMenu')}
          selectedKeys={[section]}
          style={{ flex: 1, minWidth: 0, borderBottom: 'none' }}
          items={[
            { key: 'dashboard', label: <Link to="/">{t('ui.app.dashboard')}</Link> },
            { key: 'members', label: <Link to="/members">{t('ui.app.members')}</Link> },
          ]}
        />
        <Flex align="center" gap={12}>
          <LanguageSwitcher variant="borderless" />
          {screens.md && (
            <Typography.Text aria-label={t('ui.app.account', { name: me.displayName })}>
              <UserOutlined aria-hidden /> <bdi>{me.displayName}</bdi>
            </Typography.Text>
          )}
          <Button icon={<LogoutOutlined />} onClick={() => void signOut(queryClient)}>{t('ui.app.signOut')}</Button>
        </Flex>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={320} breakpoint="lg" collapsedWidth={0} theme="light" style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
          <UnitNavigator />
        </Layout.Sider>
        <Layout.Content id="main" tabIndex={-1} style={{ padding: 24, minWidth: 0, outline: 'none' }}>
          <ErrorBoundary key={location.pathname} fallback={(error, reset) => <ErrorAlert error={error} onRetry={reset} />}>
            <Suspense fallback={<PageSpinner />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

import { ApartmentOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Drawer, Dropdown, Flex, Grid, Layout, Menu, Typography } from 'antd';
import { Suspense, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { RTL_LOCALES } from '../../shared/reference.ts';
import { signOut, useSignedInUser } from '../features/auth/session.ts';
import { UnitNavigator } from '../features/units/UnitNavigator.tsx';
import { useLocale } from '../i18n/useLocale.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { ErrorBoundary } from '../ui/ErrorBoundary.tsx';
import { keepTabInside } from '../ui/keepTabInside.ts';
import { LanguageSwitcher } from '../ui/LanguageSwitcher.tsx';
import { PageSpinner } from '../ui/PageSpinner.tsx';

/**
 * Header with the menu, language and account; the unit tree on the side; the screen in <main>.
 * Below Ant Design's `lg` breakpoint the tree moves into a drawer opened from the header and the
 * user's name gives way to the menu; on phones (below `md`) the menu and sign-out become icon
 * buttons, so that the header fits at 360 px.
 */
export function AppLayout() {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const queryClient = useQueryClient();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const rtl = RTL_LOCALES.has(useLocale());
  // Inspection screens live under a unit and on their own records (cases, programs, decisions).
  const inspectionScreen = /^\/(inspections|inspection-|discipline-|units\/\d+\/(inspection|disciplines|asset-declarations))/.test(location.pathname);
  const section = inspectionScreen ? 'inspections' : ['members', 'imports', 'restructure'].find((s) => location.pathname.startsWith(`/${s}`)) ?? 'dashboard';
  // An import or a restructure plan starts from the unit on screen, if any.
  const unitOnScreen = /^\/units\/(\d+)/.exec(location.pathname)?.[1];
  // Before the first measure every breakpoint is undefined: the narrow layout, which renders no drawer until asked.
  const wide = screens.lg === true;
  const phone = screens.md !== true;
  // The drawer belongs to the page it was opened on: choosing a unit (any navigation) closes it.
  const [treeOpenOn, setTreeOpenOn] = useState<string | null>(null);
  const treeOpen = !wide && treeOpenOn === location.key;
  const drawerBody = useRef<HTMLDivElement>(null);
  const sections = [
    { key: 'dashboard', label: <Link to="/">{t('ui.app.dashboard')}</Link> },
    { key: 'members', label: <Link to="/members">{t('ui.app.members')}</Link> },
    ...(me.permissions.includes('inspections.read')
      ? [{ key: 'inspections', label: <Link to={unitOnScreen ? `/units/${unitOnScreen}/inspections` : '/inspections'}>{t('ui.inspections.menu')}</Link> }]
      : []),
    ...(me.permissions.includes('imports.run')
      ? [{ key: 'imports', label: <Link to={unitOnScreen ? `/imports?unit=${unitOnScreen}` : '/imports'}>{t('ui.imports.menu')}</Link> }]
      : []),
    ...(me.permissions.includes('units.restructure')
      ? [{ key: 'restructure', label: <Link to={unitOnScreen ? `/restructure?unit=${unitOnScreen}` : '/restructure'}>{t('ui.restructure.menu')}</Link> }]
      : []),
  ];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a href="#main" className="skip-link">{t('ui.app.skipToContent')}</a>
      <Layout.Header
        style={{
          display: 'flex', alignItems: 'center', gap: phone ? 4 : 16, background: '#fff', borderBottom: '1px solid #f0f0f0',
          paddingInline: phone ? 8 : 16,
        }}
      >
        {!wide && (
          <Button
            type="text"
            size="large"
            icon={<ApartmentOutlined />}
            aria-label={t('ui.app.openTree')}
            title={t('ui.app.openTree')}
            aria-haspopup="dialog"
            aria-expanded={treeOpen}
            onClick={() => setTreeOpenOn(location.key)}
            data-testid="open-tree"
          />
        )}
        <Link to="/" style={{ fontSize: phone ? 18 : 20, fontWeight: 700, color: '#a31515', whiteSpace: 'nowrap' }}>partywork</Link>
        {phone ? (
          // Ant Design's own overflow menu hides items with aria-hidden while their links stay focusable.
          <Dropdown trigger={['click']} menu={{ items: sections, selectedKeys: [section] }}>
            <Button type="text" size="large" icon={<MenuOutlined />} aria-label={t('ui.app.mainMenu')} title={t('ui.app.mainMenu')} />
          </Dropdown>
        ) : (
          <Menu
            mode="horizontal"
            aria-label={t('ui.app.mainMenu')}
            selectedKeys={[section]}
            style={{ flex: 1, minWidth: 0, borderBottom: 'none' }}
            items={sections}
          />
        )}
        <Flex align="center" gap={phone ? 4 : 12} style={{ flexShrink: 0, marginInlineStart: 'auto' }}>
          <LanguageSwitcher variant="borderless" compact={phone} />
          {wide && (
            <Typography.Text aria-label={t('ui.app.account', { name: me.displayName })}>
              <UserOutlined aria-hidden /> <bdi>{me.displayName}</bdi>
            </Typography.Text>
          )}
          {phone ? (
            <Button
              type="text" size="large" icon={<LogoutOutlined />} aria-label={t('ui.app.signOut')} title={t('ui.app.signOut')}
              onClick={() => void signOut(queryClient)}
            />
          ) : (
            <Button icon={<LogoutOutlined />} onClick={() => void signOut(queryClient)}>{t('ui.app.signOut')}</Button>
          )}
        </Flex>
      </Layout.Header>
      <Layout>
        {wide && (
          <Layout.Sider width={320} theme="light" style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
            <UnitNavigator />
          </Layout.Sider>
        )}
        {!wide && (
          <Drawer
            open={treeOpen}
            onClose={() => setTreeOpenOn(null)}
            // The side where reading starts: left in Vietnamese, right in Arabic and Persian.
            placement={rtl ? 'right' : 'left'}
            size={320}
            title={t('ui.tree.title')}
            styles={{ body: { padding: 0 } }}
            // The keyboard lands on the tree, where the arrows walk the units, rather than on the
            // drawer's unnamed container (the search field would pop up a phone's keyboard).
            afterOpenChange={(open) => { if (open) drawerBody.current?.querySelector<HTMLElement>('[role=tree]')?.focus(); }}
            onKeyDown={keepTabInside}
          >
            <div ref={drawerBody}>
              <UnitNavigator titled={false} />
            </div>
          </Drawer>
        )}
        <Layout.Content id="main" tabIndex={-1} style={{ padding: phone ? 12 : 24, minWidth: 0, outline: 'none' }}>
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

import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect } from 'react';
import { onUnauthorized } from '../api/client.ts';
import { ME_KEY, adoptAccountLanguage, switchSession, useMe, type Me } from '../features/auth/session.ts';
import { SignInPage } from '../features/auth/SignInPage.tsx';
import { useLocale } from '../i18n/useLocale.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageSpinner } from '../ui/PageSpinner.tsx';

// The sign-in page comes with the first screen; the rest when a session calls for it.
const AppRoutes = lazy(() => import('./AppRoutes.tsx').then((m) => ({ default: m.AppRoutes })));
const ChangePasswordPage = lazy(() => import('../features/auth/ChangePasswordPage.tsx').then((m) => ({ default: m.ChangePasswordPage })));
const TotpSetupPage = lazy(() => import('../features/auth/TotpSetupPage.tsx').then((m) => ({ default: m.TotpSetupPage })));

/** The screen the session calls for: sign-in, a forced password change, second-factor set-up, or the app. */
export function SessionGate() {
  const queryClient = useQueryClient();
  const locale = useLocale();
  const me = useMe();
  const user = me.data;

  // A session that ends (expired, signed out elsewhere) brings the sign-in page back.
  useEffect(() => {
    onUnauthorized(() => {
      if (queryClient.getQueryData<Me | null>(ME_KEY)) switchSession(queryClient, null);
    });
    return () => onUnauthorized(null);
  }, [queryClient]);

  // Once per signed-in user: their saved language (or the one they just chose is saved).
  const userId = user?.id;
  useEffect(() => {
    const current = queryClient.getQueryData<Me | null>(ME_KEY);
    if (current) void adoptAccountLanguage(queryClient, current, locale);
    // Only when the user changes; later switches go through the language menu.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [userId, queryClient]);

  if (me.isPending) return <PageSpinner full />;
  if (me.isError) return <div style={{ padding: 24 }}><ErrorAlert error={me.error} onRetry={() => void me.refetch()} /></div>;
  if (!user) return <SignInPage />;
  return (
    <Suspense fallback={<PageSpinner full />}>
      {user.mustChangePassword ? <ChangePasswordPage /> : user.stage === 'totp_setup' ? <TotpSetupPage /> : <AppRoutes />}
    </Suspense>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { signOut } from '../features/auth/session.ts';
import { AuthCard } from '../ui/AuthCard.tsx';

/** Signed in, but with no unit to look at (a member's own account): this app is not for them yet. */
export function StaffOnlyPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <AuthCard title="partywork">
      <Result status="info" subTitle={t('ui.app.staffOnly')}
        extra={<Button onClick={() => void signOut(queryClient)}>{t('ui.app.signOut')}</Button>} />
    </AuthCard>
  );
}

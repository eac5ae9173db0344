import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';

/** The frame of the screens shown before the app itself: sign-in, password change, second factor. */
export function AuthCard({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', padding: 16, background: '#f5f5f5' }}>
      <main id="main" style={{ width: '100%', maxWidth: 420 }}>
        <Flex justify="space-between" align="center" style={{ marginBlockEnd: 16 }}>
          <Typography.Text strong style={{ fontSize: 20, color: '#a31515' }}>partywork</Typography.Text>
          <LanguageSwitcher />
        </Flex>
        {/* A plain panel rather than antd's Card, which would bring tabs and menus into the first screen. */}
        <div style={{ background: '#fff', borderRadius: 8, border: '1px solid #f0f0f0', padding: 24 }}>
          <Typography.Title level={1} style={{ fontSize: 24, marginBlockStart: 0 }}>{title}</Typography.Title>
          {intro && <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph>}
          {children}
        </div>
      </main>
    </Flex>
  );
}

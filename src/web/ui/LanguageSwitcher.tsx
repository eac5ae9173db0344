import { GlobalOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Select } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCALES, type Locale } from '../../shared/reference.ts';
import { chooseLanguage } from '../features/auth/session.ts';
import { useLocale } from '../i18n/useLocale.ts';

/** Each language named in itself, so that anyone can find their own. */
const NATIVE_NAMES: Record<Locale, string> = {
  vi: 'Tiếng Việt', en: 'English', ru: 'Русский', ar: 'العربية', fa: 'فارسی',
};

/** `compact` (narrow headers) shows the chosen language by its code; the list still names each one in itself. */
export function LanguageSwitcher({ variant = 'outlined', compact = false }: { variant?: 'outlined' | 'borderless'; compact?: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const labelId = useId();

  const change = async (next: Locale) => {
    setBusy(true);
    try {
      await chooseLanguage(queryClient, next);
    } catch (error) {
      void message.error((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
      <GlobalOutlined aria-hidden />
      <span id={labelId} className="visually-hidden">{t('ui.app.language')}</span>
      <Select<Locale>
        aria-labelledby={labelId}
        data-testid="language"
        value={locale}
        loading={busy}
        variant={variant}
        popupMatchSelectWidth={false}
        onChange={(value) => void change(value)}
        options={LOCALES.map((l) => ({ value: l, label: <span lang={l} dir="auto">{NATIVE_NAMES[l]}</span> }))}
        labelRender={compact ? ({ value }) => <span lang={String(value)} title={NATIVE_NAMES[value as Locale]}>{String(value).toUpperCase()}</span> : undefined}
        style={{ minWidth: compact ? 64 : 130 }}
      />
    </span>
  );
}

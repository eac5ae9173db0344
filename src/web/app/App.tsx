import { App as AntApp, ConfigProvider } from 'antd';
import { RTL_LOCALES } from '../../shared/reference.ts';
import { antdLocale } from '../i18n/i18n.ts';
import { useLocale } from '../i18n/useLocale.ts';
import { SessionGate } from './SessionGate.tsx';

const THEME = {
  token: {
    // A deep party red that keeps white text and red links readable (contrast above 4.5:1).
    colorPrimary: '#a31515',
    colorLink: '#a31515',
    // antd's lighter greys and error red fall below 4.5:1 on white (WCAG AA); these keep its look and pass.
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
    colorError: '#c41d1d',
    borderRadius: 6,
    // Whoever asks their system for less motion gets none.
    motion: !window.matchMedia('(prefers-reduced-motion: reduce)').matches,
  },
};

/** Language and direction for every component, then the screen the session calls for. */
export function App() {
  const locale = useLocale();
  return (
    <ConfigProvider locale={antdLocale(locale)} direction={RTL_LOCALES.has(locale) ? 'rtl' : 'ltr'} theme={THEME}>
      <AntApp>
        <SessionGate />
      </AntApp>
    </ConfigProvider>
  );
}

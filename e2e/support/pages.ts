import type { Page } from 'playwright-core';
import { translate } from '../../src/shared/i18n/translate.ts';
import { viUi } from '../../src/web/i18n/ui/vi.ts';
import type { E2eServer } from './server.ts';

/**
 * Steps several browser tests share: the first sign-in of a demo account (its temporary password
 * replaced, as the app demands), and what makes a narrow screen unusable.
 */

const field = (name: string) => translate('vi', `fields.${name}`);

/** Signs a demo user in for the first time in Vietnamese, sets `newPassword`, and waits for the dashboard. */
export async function firstSignIn(page: Page, server: E2eServer, username: string, newPassword: string): Promise<void> {
  await page.goto(server.url);
  await page.getByLabel(field('username')).fill(username);
  await page.getByLabel(field('password'), { exact: true }).fill(server.passwords.get(username) ?? '');
  await page.getByRole('button', { name: viUi.signIn.submit }).click();
  await page.getByLabel(field('currentPassword')).fill(server.passwords.get(username) ?? '');
  await page.getByLabel(field('newPassword'), { exact: true }).fill(newPassword);
  await page.getByLabel(viUi.password.confirm).fill(newPassword);
  await page.getByRole('button', { name: viUi.password.submit }).click();
  await page.getByTestId('figure-total').waitFor();
}

/**
 * How far the page scrolls sideways, and the visible elements that stick out of the viewport
 * without a scrolling container of their own (a wide table scrolls inside its box; the page must not).
 */
export async function overflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number; cutOff: string[] }> {
  return page.evaluate(`(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const inside = (r) => r.left >= -1 && r.right <= width + 1;
    const hidden = (el) => {
      for (let e = el; e && e !== document.body; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.visibility === 'hidden' || s.opacity === '0' || e.getAttribute('aria-hidden') === 'true') return true;
      }
      return false;
    };
    const heldByScroller = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o !== 'visible' && inside(p.getBoundingClientRect())) return true;
      }
      return false;
    };
    const cutOff = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || inside(r) || hidden(el) || heldByScroller(el)) continue;
      cutOff.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '')
        + ' [' + Math.round(r.left) + ', ' + Math.round(r.right) + '] "' + (el.textContent || '').trim().slice(0, 30) + '"');
    }
    return { scrollWidth: root.scrollWidth, clientWidth: width, cutOff: cutOff.slice(0, 10) };
  })()`);
}

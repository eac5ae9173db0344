import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../src/shared/i18n/translate.ts';
import { viUi } from '../src/web/i18n/ui/vi.ts';
import { arUi } from '../src/web/i18n/ui/ar.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser } from './support/browser.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { overflow } from './support/pages.ts';
import { startE2eServer, type E2eServer } from './support/server.ts';

/**
 * The web app on a phone (390 × 844, touch): a cell secretary's view of the same screens. The
 * system administrator's demo account (not the accounts committee-staff.test.ts uses; each file
 * has its own server and database anyway) signs in, opens the organization tree from the header,
 * walks into a unit, and reads the dashboard, the member list, a profile and the edit form without
 * the page scrolling sideways or anything sticking out of the screen; the drawer keeps the
 * keyboard inside and gives focus back; in Arabic it opens from the right; the audit log is
 * filtered by action on the server. Nothing sleeps: every step waits for what it expects.
 */

const PHONE = { width: 390, height: 844 };
const NEW_PASSWORD = 'mật khẩu mới của quản trị viên';

let server: E2eServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let unitPath = '';

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });
const field = (name: string) => translate('vi', `fields.${name}`);
const treeButton = () => page.getByRole('button', { name: viUi.app.openTree });
const drawer = () => page.getByRole('dialog', { name: viUi.tree.title });


async function expectFits(screen: string) {
  const o = await overflow(page);
  expect(o.cutOff, `${screen}: cut off`).toEqual([]);
  expect(o.scrollWidth, `${screen}: the page scrolls sideways`).toBeLessThanOrEqual(o.clientWidth);
}

const violations: string[] = [];
async function axe(screen: string) {
  for (const v of await seriousViolations(page)) violations.push(`${screen}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
}

/** Saves the page (or a part of it) for the README when screenshots are being renewed. */
const shoot = (name: string, part?: Locator) => saveScreenshot(part ?? page, name);

async function chooseLanguage(nativeName: string) {
  await page.getByTestId('language').click();
  await page.locator('.ant-select-item-option').filter({ hasText: nativeName }).click();
}

/** Where the keyboard focus is: the tree (in the drawer or not), elsewhere in the drawer, or the element's test id or tag. */
const focused = () => page.evaluate(`(() => {
  const el = document.activeElement;
  if (!el) return 'none';
  if (el.getAttribute('role') === 'tree') return 'tree';
  if (el.closest('.ant-drawer')) return 'drawer';
  return el.getAttribute('data-testid') || el.tagName.toLowerCase();
})()`);

beforeAll(async () => {
  server = await startE2eServer({ members: 400 });
  browser = await launchBrowser();
  context = await browser.newContext({
    locale: 'vi-VN', viewport: PHONE, isMobile: true, hasTouch: true, reducedMotion: 'reduce', timezoneId: 'Asia/Ho_Chi_Minh',
  });
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the web app on a phone', () => {
  it('signs in with the one-time password and changes it, on a screen that fits', async () => {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    await expectFits('sign-in');
    const oneTime = server.passwords.get('quantri') ?? '';
    await page.getByLabel(field('username')).fill('quantri');
    await page.getByLabel(field('password'), { exact: true }).fill(oneTime);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Đổi mật khẩu' }).waitFor();
    await expectFits('password change');
    await page.getByLabel(field('currentPassword')).fill(oneTime);
    await page.getByLabel(field('newPassword'), { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.getByTestId('figure-total').waitFor();
  });

  it('keeps the tree, menu, language and sign-out in a header that fits at 390 and 360 px', async () => {
    const header = page.locator('header');
    for (const width of [390, 360]) {
      await page.setViewportSize({ width, height: PHONE.height });
      const controls = [
        treeButton(), header.getByRole('button', { name: viUi.app.mainMenu }), page.getByTestId('language'),
        header.getByRole('button', { name: viUi.app.signOut }),
      ];
      for (const control of controls) {
        await control.waitFor();
        const box = await control.boundingBox();
        expect(box, `${width} px`).not.toBeNull();
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(width);
        // Big enough for a finger (WCAG 2.5.8 asks for 24 px at least).
        expect(Math.min(box!.width, box!.height)).toBeGreaterThanOrEqual(32);
      }
      await expectFits(`dashboard header at ${width} px`);
    }
    // A tablet: the menu spelled out again, the tree still in the drawer.
    await page.setViewportSize({ width: 800, height: 1000 });
    await header.getByRole('menuitem', { name: viUi.app.members }).waitFor();
    await treeButton().waitFor();
    await expectFits('dashboard header at 800 px');
    await page.setViewportSize(PHONE);
    await header.getByRole('button', { name: viUi.app.mainMenu }).waitFor();
  });

  it('opens the organization tree from the header: a drawer from the left that keeps the keyboard and gives it back', async () => {
    // The side panel of wide screens is not there; the tree is only in the drawer.
    expect(await page.getByRole('tree').count()).toBe(0);
    await treeButton().click();
    await drawer().waitFor();
    await drawer().getByRole('tree').getByRole('treeitem').first().waitFor();
    expect(await treeButton().getAttribute('aria-expanded')).toBe('true');
    const box = await drawer().boundingBox();
    expect(box!.x).toBeLessThanOrEqual(1);
    expect(box!.width).toBeLessThan(PHONE.width);
    // The keyboard starts on the tree, and Tab and Shift+Tab never leave the drawer.
    await poll(focused).toBe('tree');
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press(i < 5 ? 'Tab' : 'Shift+Tab');
      expect(['tree', 'drawer']).toContain(await focused());
    }
    await axe('drawer open');
    await shoot('vi-phone-tree');

    await page.keyboard.press('Escape');
    await drawer().waitFor({ state: 'hidden' });
    await poll(focused).toBe('open-tree');
    expect(await treeButton().getAttribute('aria-expanded')).toBe('false');
  });

  it('walks into a unit from the drawer, which closes', async () => {
    await treeButton().click();
    const items = drawer().getByRole('tree').getByRole('treeitem');
    await poll(() => items.count()).toBeGreaterThan(1);
    const before = page.url();
    const child = items.nth(1);
    const name = (await child.innerText()).trim();
    await child.getByText(name).click();
    await page.waitForURL((url) => url.href !== before);
    await drawer().waitFor({ state: 'hidden' });
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByTestId('figure-total').waitFor();
    unitPath = new URL(page.url()).pathname;
    // The drawer shows the way to the unit when it opens again.
    await treeButton().click();
    await drawer().getByRole('treeitem', { selected: true }).filter({ hasText: name }).waitFor();
    await page.keyboard.press('Escape');
    await drawer().waitFor({ state: 'hidden' });
  });

  it('shows the dashboard, the member list, a profile and the edit form without sideways scrolling', async () => {
    await page.locator('[data-testid=chart] svg').first().waitFor();
    await expectFits('dashboard');
    await axe('dashboard');
    await shoot('vi-phone-dashboard');

    // The collapsed main menu leads to the member list.
    await page.locator('header').getByRole('button', { name: viUi.app.mainMenu }).click();
    await page.getByRole('menuitem', { name: viUi.app.members }).click();
    await page.getByRole('heading', { level: 1, name: viUi.members.title }).waitFor();
    const first = page.locator('tbody').getByRole('link').first();
    await first.waitFor();
    await expectFits('member list');
    await axe('member list');
    await shoot('vi-phone-members');

    const name = (await first.innerText()).trim();
    await first.click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByTestId('member-profile').waitFor();
    await expectFits('member profile');
    await axe('member profile');
    await shoot('vi-phone-profile');

    await page.getByRole('link', { name: viUi.member.edit }).click();
    await page.getByRole('button', { name: viUi.member.save }).waitFor();
    await expectFits('member edit form');
    await axe('member edit form');
    const save = await page.getByRole('button', { name: viUi.member.save }).boundingBox();
    expect(save!.x + save!.width).toBeLessThanOrEqual(PHONE.width);
    await shoot('vi-phone-edit');
  });

  it('filters a member’s log by action on the server', async () => {
    const memberId = Number(new URL(page.url()).pathname.split('/')[2]);
    // Two edits through the API; opening the profile has already left "sensitive details read" rows.
    const me = await (await page.request.get(`${server.url}/api/v1/auth/me`)).json() as { csrfToken: string };
    for (const occupation of ['Giáo viên', 'Kỹ sư nông nghiệp']) {
      const res = await page.request.patch(`${server.url}/api/v1/members/${memberId}`, { headers: { 'x-csrf-token': me.csrfToken }, data: { occupation } });
      expect(res.status()).toBe(200);
    }
    const all = await (await page.request.get(`${server.url}/api/v1/audit?targetType=member&targetId=${memberId}`)).json() as { items: { action: string }[] };
    expect(all.items.filter((r) => r.action === 'member.update')).toHaveLength(2);
    expect(all.items.some((r) => r.action === 'member.read_sensitive')).toBe(true);

    await page.goto(`${server.url}/members/${memberId}/audit`);
    const log = page.getByTestId('member-audit');
    const actionCells = log.locator('tbody tr.ant-table-row td:nth-child(3)');
    await poll(() => actionCells.allInnerTexts()).toContain(viUi.audit.actions.member_read_sensitive);

    const asked = page.waitForRequest((r) => r.url().includes('/api/v1/audit?') && r.url().includes('action=member.update'));
    await log.getByLabel(viUi.audit.action, { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: viUi.audit.actions.member_update }).click();
    await page.keyboard.press('Escape');
    await asked;
    await poll(() => actionCells.allInnerTexts()).toEqual([viUi.audit.actions.member_update, viUi.audit.actions.member_update]);
    await log.getByText('Kỹ sư nông nghiệp').waitFor();
    await expectFits('member audit, filtered');
    await axe('member audit, filtered');
    await shoot('vi-phone-audit');
  });

  it('opens the drawer from the right in Arabic, on a page that still fits', async () => {
    await page.goto(`${server.url}${unitPath}`);
    await page.getByTestId('figure-total').waitFor();
    await chooseLanguage('العربية');
    await poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    const button = page.getByRole('button', { name: arUi.app.openTree });
    await button.waitFor();
    await expectFits('dashboard in Arabic');
    await button.click();
    const panel = page.getByRole('dialog', { name: arUi.tree.title });
    await panel.getByRole('treeitem').first().waitFor();
    const box = await panel.boundingBox();
    expect(box!.x + box!.width).toBeGreaterThanOrEqual(PHONE.width - 1);
    expect(box!.x).toBeGreaterThan(0);
    await axe('drawer open in Arabic');
    await shoot('ar-phone-tree');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    await poll(focused).toBe('open-tree');
    // The account keeps Vietnamese for whoever signs in next on this server.
    await chooseLanguage('Tiếng Việt');
    await poll(() => page.locator('html').getAttribute('dir')).toBe('ltr');
  });

  it('has no serious or critical accessibility violations on the narrow screens (axe-core)', () => {
    expect(violations).toEqual([]);
  });
});

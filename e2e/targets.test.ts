import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNumber } from '../src/shared/i18n/format.ts';
import { translate } from '../src/shared/i18n/translate.ts';
import type { Locale } from '../src/shared/reference.ts';
import type { Development } from '../src/shared/schemas/targets.ts';
import { arUi } from '../src/web/i18n/ui/ar.ts';
import { viUi } from '../src/web/i18n/ui/vi.ts';
import { todayInVietnam } from '../src/web/ui/today.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, newContext } from './support/browser.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { startE2eServer, type E2eServer } from './support/server.ts';

/**
 * Member development targets in the web app: the organization board's demo account reads the
 * province's admissions of last year against its target, as review conferences report them
 * ("2,041 admitted = 113.39% of the target of 1,800"), in Vietnamese and in Arabic, sorts the
 * units below, opens one, and sets its target for this year: a negative number is refused under
 * the field, a valid one shows on the card and heads the revisions; a revision recorded
 * meanwhile by someone else is not overwritten. Every step waits for what it expects.
 */

const NEW_PASSWORD = 'mật khẩu mới để giao chỉ tiêu';
const THIS_YEAR = Number(todayInVietnam().slice(0, 4));
const LAST_YEAR = THIS_YEAR - 1;

let server: E2eServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let provinceId = 0;
let childId = 0;
const violations: string[] = [];

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });
const field = (locale: Locale, name: string) => translate(locale, `fields.${name}`);
/** A UI string with its values put in, as i18next does with the app's catalogs. */
const fill = (template: string, values: Record<string, string>) => template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');
/** Admitted / target computed here from the API's two counts, written with two decimals as the seeds print it. */
const percentOf = (locale: Locale, admitted: number, target: number) =>
  formatNumber(locale, admitted / target, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });

async function development(unitId: number, asOf?: string): Promise<Development> {
  const res = await page.request.get(`${server.url}/api/v1/units/${unitId}/development${asOf ? `?asOf=${asOf}` : ''}`);
  expect(res.status()).toBe(200);
  return res.json() as Promise<Development>;
}

const sentence = () => page.getByTestId('development-sentence');
const text = async (locator: Locator) => ((await locator.count()) > 0 ? (await locator.innerText()).replace(/\s+/g, ' ').trim() : '');

async function chooseLanguage(nativeName: string) {
  await page.getByTestId('language').click();
  await page.locator('.ant-select-item-option').filter({ hasText: nativeName }).click();
}

/** Saves the screen, or only the part shown, in docs/screenshots when asked to (npm run screenshots). */
/** Saves the page (or a part of it) for the README when screenshots are being renewed. */
const shoot = (name: string, part?: Locator) => saveScreenshot(part ?? page, name);

async function axe(screen: string) {
  for (const v of await seriousViolations(page)) violations.push(`${screen}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
}

beforeAll(async () => {
  server = await startE2eServer({ members: 800 });
  browser = await launchBrowser();
  context = await newContext(browser, 'vi-VN');
  page = await context.newPage();
  const { rows } = await server.db.pool.query<{ id: number }>(`SELECT id FROM units WHERE type_code = 'province' ORDER BY id LIMIT 1`);
  provinceId = (rows[0] as { id: number }).id;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('member development targets', () => {
  it('signs in as the organization board with its one-time password and changes it', async () => {
    await page.goto(server.url);
    await page.getByLabel(field('vi', 'username')).fill('bantochuc');
    await page.getByLabel(field('vi', 'password'), { exact: true }).fill(server.passwords.get('bantochuc') ?? '');
    await page.getByRole('button', { name: viUi.signIn.submit }).click();
    await page.getByLabel(field('vi', 'currentPassword')).fill(server.passwords.get('bantochuc') ?? '');
    await page.getByLabel(field('vi', 'newPassword'), { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel(viUi.password.confirm).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: viUi.password.submit }).click();
    await page.getByTestId('figure-total').waitFor();
  });

  it('reads the province’s admissions of last year against its target, as the API counts them', async () => {
    const asOf = `${LAST_YEAR}-12-31`;
    await page.goto(`${server.url}/units/${provinceId}?asOf=${asOf}`);
    const d = await development(provinceId, asOf);
    const u = d.unit;
    // The demo province sets a target every year and admits members against it.
    expect(u.target).toBeGreaterThan(0);
    expect(u.admitted).toBeGreaterThan(0);
    const target = u.target as number;
    expect(u.achievement).toBeCloseTo(u.admitted / target, 10);

    const card = page.getByTestId('development');
    await card.getByRole('heading', { name: fill(viUi.targets.title, { year: String(LAST_YEAR) }) }).waitFor();
    const percent = percentOf('vi', u.admitted, target);
    expect(percent).toMatch(/^\d+,\d{2}%$/);
    await poll(() => text(sentence())).toBe(fill(viUi.targets.achieved, {
      admitted: formatNumber('vi', u.admitted), percent, target: formatNumber('vi', target),
    }));
    expect(await card.getByRole('progressbar', { name: viUi.targets.progress }).getAttribute('aria-valuetext')).toBe(percent);

    // Each unit directly below, and the sum of their targets against the province's own.
    const rows = card.getByTestId('development-children').locator('tbody tr.ant-table-row');
    await poll(() => rows.count()).toBe(d.children.length);
    expect(d.children.length).toBeGreaterThan(1);
    expect(await card.getByTestId('children-target-sum').innerText()).toBe(formatNumber('vi', d.childrenTargetSum));
    expect(await card.getByTestId('children-target-warning').count()).toBe(d.childrenTargetSum === target ? 0 : 1);
  });

  it('reads the same sentence in Arabic, with Arabic-Indic digits', async () => {
    const asOf = `${LAST_YEAR}-12-31`;
    await chooseLanguage('العربية');
    await poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    const { unit: u } = await development(provinceId, asOf);
    const target = u.target as number;
    const percent = percentOf('ar', u.admitted, target);
    expect(percent).toMatch(/^[٠-٩]+٫[٠-٩]{2}٪/);
    const expected = fill(arUi.targets.achieved, { admitted: formatNumber('ar', u.admitted), percent, target: formatNumber('ar', target) });
    await poll(() => text(sentence())).toBe(expected.replace(/\s+/g, ' ').trim());
    expect(await sentence().innerText()).not.toMatch(/[0-9]/);
    await axe('ar dashboard card');
    await shoot('ar-targets-card', page.getByTestId('development'));
    await chooseLanguage('Tiếng Việt');
    await poll(() => page.locator('html').getAttribute('dir')).toBe('ltr');
  });

  it('sorts the units below by admissions and opens one from the table', async () => {
    const asOf = `${LAST_YEAR}-12-31`;
    const d = await development(provinceId, asOf);
    const card = page.getByTestId('development');
    const table = card.getByTestId('development-children');
    await table.getByRole('columnheader', { name: viUi.targets.admitted }).click();
    const ascending = [...d.children].sort((a, b) => a.admitted - b.admitted).map((c) => formatNumber('vi', c.admitted));
    await poll(() => table.locator('tbody tr.ant-table-row td:nth-child(3)').allInnerTexts()).toEqual(ascending);
    await axe('vi dashboard card');
    await shoot('vi-targets-card', card);

    const child = d.children.reduce((a, b) => (b.admitted > a.admitted ? b : a));
    childId = child.unitId;
    await table.getByRole('link', { name: child.name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: child.name }).waitFor();
    // The child's dashboard keeps the date, so its card is for the same year.
    expect(page.url()).toContain(`/units/${childId}?asOf=${asOf}`);
    await card.getByRole('heading', { name: fill(viUi.targets.title, { year: String(LAST_YEAR) }) }).waitFor();
  });

  it('sets the child’s target for this year: a negative number refused under the field, then saved and shown', async () => {
    const before = await development(childId);
    await page.getByTestId('unit-actions').click();
    await page.getByRole('menuitem', { name: fill(viUi.targets.action, { year: String(LAST_YEAR) }) }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${fill(viUi.targets.form.title, { year: String(LAST_YEAR), name: '' })}`) }).waitFor();

    // The dashboard's year is last year: the year is switched on the form.
    await page.getByLabel(field('vi', 'year'), { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: new RegExp(`^${THIS_YEAR}$`) }).click();
    await page.waitForURL(`${server.url}/units/${childId}/targets/${THIS_YEAR}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${fill(viUi.targets.form.title, { year: String(THIS_YEAR), name: '' })}`) }).waitFor();

    const targetInput = page.getByLabel(field('vi', 'target'), { exact: true });
    await targetInput.fill('-5');
    await page.getByLabel(field('vi', 'decisionRef'), { exact: true }).fill('15-NQ/ĐU');
    await page.getByRole('button', { name: viUi.targets.form.submit }).click();
    const targetItem = page.locator('.ant-form-item').filter({ has: targetInput });
    await targetItem.locator('.ant-form-item-explain-error')
      .filter({ hasText: translate('vi', 'rules.too_small', { field: field('vi', 'target'), min: 0 }) }).waitFor();
    expect(await page.getByLabel(field('vi', 'decisionRef'), { exact: true }).inputValue()).toBe('15-NQ/ĐU');
    await axe('target form with an error');
    await shoot('vi-target-form-error');

    const value = (before.unit.target ?? 0) + 17;
    await targetInput.fill(String(value));
    await page.getByRole('button', { name: viUi.targets.form.submit }).click();
    // Saved for this year: the child's dashboard as of today, with the new target on its card.
    await page.waitForURL(`${server.url}/units/${childId}`);
    const after = await development(childId);
    expect(after.unit.target).toBe(value);
    expect(after.unit.decisionRef).toBe('15-NQ/ĐU');
    await poll(() => text(sentence())).toBe(fill(viUi.targets.achieved, {
      admitted: formatNumber('vi', after.unit.admitted), percent: percentOf('vi', after.unit.admitted, value), target: formatNumber('vi', value),
    }));

    // The revision heads the list, marked as the one in force, with who recorded it.
    await page.getByTestId('development').getByRole('link', { name: viUi.targets.set }).click();
    const first = page.getByTestId('target-revisions').locator('tbody tr.ant-table-row').first();
    await poll(() => text(first)).toContain(viUi.targets.form.current);
    expect(await text(first)).toContain(formatNumber('vi', value));
    expect(await text(first)).toContain('15-NQ/ĐU');
    expect(await text(first)).toContain('bantochuc');
    await axe('target form with revisions');
    await shoot('vi-target-form');
    const { rows } = await server.db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM development_targets WHERE unit_id = $1 AND year = $2 AND target = $3', [childId, THIS_YEAR, value]);
    expect(rows[0]?.n).toBe(1);
  });

  it('does not overwrite a revision recorded meanwhile by someone else, and keeps what was typed', async () => {
    const targetInput = page.getByLabel(field('vi', 'target'), { exact: true });
    await targetInput.fill('40');
    const me = await (await page.request.get(`${server.url}/api/v1/auth/me`)).json() as { csrfToken: string };
    const list = await (await page.request.get(`${server.url}/api/v1/units/${childId}/targets?year=${THIS_YEAR}`)).json() as { revision: number }[];
    const theirs = await page.request.put(`${server.url}/api/v1/units/${childId}/targets/${THIS_YEAR}`, {
      headers: { 'x-csrf-token': me.csrfToken, 'if-match': `"${list.at(-1)?.revision ?? 0}"` }, data: { target: 33, decisionRef: '16-NQ/ĐU' },
    });
    expect(theirs.status()).toBe(200);

    await page.getByRole('button', { name: viUi.targets.form.submit }).click();
    await page.getByRole('alert').filter({ hasText: viUi.targets.form.stale.split('.')[0] as string }).waitFor();
    expect(await targetInput.inputValue()).toBe('40');
    await page.getByRole('button', { name: viUi.member.reload }).click();
    await poll(() => targetInput.inputValue()).toBe('33');
    await poll(() => text(page.getByTestId('target-revisions').locator('tbody tr.ant-table-row').first())).toContain('16-NQ/ĐU');
  });

  it('has no serious or critical accessibility violations on the card and the form', () => {
    expect(violations).toEqual([]);
  });
});

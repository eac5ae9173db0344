import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../src/shared/dates.ts';
import { formatDate } from '../src/shared/i18n/format.ts';
import { translate } from '../src/shared/i18n/translate.ts';
import { arUi } from '../src/web/i18n/ui/ar.ts';
import { viUi } from '../src/web/i18n/ui/vi.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, newContext } from './support/browser.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { firstSignIn, overflow } from './support/pages.ts';
import { startE2eServer, type E2eServer } from './support/server.ts';

/**
 * Restructuring the organization tree in the web app, driven in Chromium against the real server.
 * The provincial organization board opens Restructuring from the main menu on a commune's
 * dashboard and drafts a plan for the commune, effective today: one merge of two of its cells.
 * The preview has no errors, shows both cells' members before and after and the surviving cell
 * in the resulting tree; the plan is applied after confirming and shows what it did; the
 * surviving cell's dashboard names the absorbed one as where it was formed from, and the
 * absorbed cell (as of its last day) names its successor. A second plan, moving the commune
 * under one of its own cells, is refused in the preview in Vietnamese and cannot be applied.
 * The plan page reads right to left in Arabic with Arabic-Indic digits, has no serious
 * accessibility findings in Vietnamese or Arabic, and fits a phone. Nothing sleeps.
 */

const NEW_PASSWORD = 'mật khẩu mới cho thử nghiệm sắp xếp';
const ui = viUi.restructure;
/** Today in Vietnam, the day a plan applied now takes effect. */
const TODAY = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);

type Unit = { id: number; code: string; name: string; validTo: string | null };

let server: E2eServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let commune: Unit;
/** The cell that carries on, and the one merged into it, with their members today. */
let survivor: Unit & { members: number };
let absorbed: Unit & { members: number };
let mergeUrl = '';
let refusedUrl = '';
const violations: string[] = [];

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 100 });

async function axe(screen: string) {
  violations.push(...(await seriousViolations(page)).map((v) => `${screen}: ${v.id} at ${v.targets.join(', ')}`));
}

const signIn = (username: string) => firstSignIn(page, server, username, NEW_PASSWORD);

async function apiGet<T>(path: string): Promise<T> {
  const res = await page.request.get(`${server.url}/api/v1${path}`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as T;
}

/** Open members of a unit today, as the API counts them on its dashboard. */
async function membersOf(unitId: number): Promise<number> {
  return (await apiGet<{ total: number }>(`/units/${unitId}/stats`)).total;
}

/** Adds an operation of a kind at the end of the plan; answers its card. */
async function addOperation(kind: string) {
  const cards = page.getByTestId('operation');
  const before = await cards.count();
  await page.getByLabel(ui.plan.addKind, { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: kind }).first().click();
  await page.getByRole('button', { name: ui.plan.add }).click();
  await poll(() => cards.count()).toBe(before + 1);
  return cards.nth(before);
}

/** Types a code into a code field (free text: the list only helps to find units by name). */
async function typeCode(label: string, code: string) {
  const input = page.getByLabel(label, { exact: true });
  await input.fill(code);
  await poll(() => input.inputValue()).toBe(code);
  await input.press('Escape');
}

/** Drafts a plan for a unit from the Restructuring page (the unit comes from the page it was opened on); answers its URL. */
async function draftPlan(title: string, unitName: string): Promise<string> {
  await page.getByRole('heading', { level: 1, name: ui.title }).waitFor();
  const card = page.getByTestId('new-plan');
  await card.locator('.ant-select').filter({ hasText: unitName }).waitFor();
  // Effective today unless changed.
  expect(await card.getByLabel(ui.effectiveOn, { exact: true }).inputValue()).toBe(formatDate('vi', TODAY));
  await card.getByLabel(ui.planTitle, { exact: true }).fill(title);
  await card.getByRole('button', { name: ui.create }).click();
  await page.waitForURL(/\/restructure\/\d+$/);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await page.getByTestId('plan-state').filter({ hasText: ui.states.draft }).waitFor();
  return page.url();
}


beforeAll(async () => {
  server = await startE2eServer({ members: 400 });
  browser = await launchBrowser();
  context = await newContext(browser, 'vi-VN');
  page = await context.newPage();
  await signIn('bantochuc');
  // A commune of the demo with two cells that have members, found as a user finds them: the
  // units of the commune type the API lists, and their cells.
  const communes = (await apiGet<{ items: Unit[] }>('/units?type=commune&limit=500')).items.filter((u) => u.validTo === null);
  for (const candidate of communes) {
    const cells = (await apiGet<{ items: Unit[] }>(`/units?parent=${candidate.id}&limit=500`)).items;
    const counted = [];
    for (const cell of cells) {
      const members = await membersOf(cell.id);
      if (members > 0) counted.push({ ...cell, members });
      if (counted.length === 2) break;
    }
    if (counted.length === 2) {
      commune = candidate;
      [survivor, absorbed] = counted as [Unit & { members: number }, Unit & { members: number }];
      break;
    }
  }
  expect(commune).toBeDefined();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a restructure plan', () => {
  it('is drafted from the Restructuring menu for the commune on screen', async () => {
    await page.goto(`${server.url}/units/${commune.id}`);
    await page.getByTestId('figure-total').waitFor();
    await page.locator('header').getByRole('link', { name: ui.menu, exact: true }).click();
    await page.waitForURL(/\/restructure\?unit=\d+$/);
    // The demo's own plans: the 2025 reform applied, a merger of two village cells drafted.
    await page.getByTestId('plan-list').getByTestId('plan-state').filter({ hasText: ui.states.applied }).first().waitFor();
    await axe('plans page');
    await saveScreenshot(page, 'vi-restructure-plans');
    mergeUrl = await draftPlan('Hợp nhất hai chi bộ', commune.name);
    await page.getByTestId('plan-date').filter({ hasText: formatDate('vi', TODAY) }).waitFor();
    await page.getByText(ui.plan.noOperations).waitFor();
  });

  it('merges two cells: the preview has no errors, both cells before and after, and the surviving cell in the tree', async () => {
    const card = await addOperation(ui.kinds.merge);
    await card.getByRole('heading', { name: ui.operation.replace('{{n}}', '1').replace('{{kind}}', ui.kinds.merge) }).waitFor();
    const units = page.getByLabel(ui.fields.units, { exact: true });
    await units.click();
    await units.pressSequentially(absorbed.code);
    await units.press('Enter');
    await card.locator('.ant-select-selection-item').filter({ hasText: absorbed.code }).waitFor();
    await units.press('Escape');
    await typeCode(ui.fields.into, survivor.code);
    await page.getByTestId('plan-hint').filter({ hasText: ui.plan.unsaved }).waitFor();
    // Nothing previewed yet: nothing to apply.
    expect(await page.getByTestId('plan-apply').isDisabled()).toBe(true);

    // Preview saves the plan first.
    await page.getByTestId('plan-preview-button').click();
    const preview = page.getByTestId('plan-preview');
    await preview.waitFor();
    await page.getByTestId('preview-verdict').filter({ hasText: ui.preview.ready }).waitFor();
    expect(await page.getByTestId('preview-conflict').and(page.locator('[data-severity="error"]')).count()).toBe(0);
    const stored = await server.db.pool.query<{ operations: unknown }>('SELECT operations FROM restructure_plans WHERE id = $1',
      [Number(mergeUrl.split('/').pop())]);
    expect(stored.rows[0]?.operations).toEqual([{ kind: 'merge', units: [absorbed.code], into: survivor.code }]);

    // Before → after: the absorbed cell empties and closes, the surviving one takes its members.
    const rows = preview.getByTestId('preview-operation').locator('tbody tr.ant-table-row');
    const row = (unit: Unit) => rows.filter({ hasText: unit.code });
    await poll(() => row(absorbed).getByTestId('affected-members').innerText()).toBe(`${absorbed.members} → 0`);
    await poll(() => row(survivor).getByTestId('affected-members').innerText())
      .toBe(`${survivor.members} → ${survivor.members + absorbed.members}`);
    await row(absorbed).getByText(`${ui.preview.open} → ${ui.preview.closed}`).waitFor();
    await poll(() => page.getByTestId('preview-totals-unitsClosed').innerText()).toBe('1');
    await poll(() => page.getByTestId('preview-totals-membersMoved').innerText()).toBe(String(absorbed.members));

    // The resulting tree: the commune and its surviving cell, the absorbed one gone.
    const tree = page.getByTestId('preview-tree');
    await tree.getByTestId('preview-tree-unit').filter({ hasText: survivor.code }).waitFor();
    await tree.getByTestId('preview-tree-unit').filter({ hasText: commune.code }).first().waitFor();
    expect(await tree.getByTestId('preview-tree-unit').filter({ hasText: absorbed.code }).count()).toBe(0);
    await poll(() => page.getByTestId('plan-apply').isEnabled()).toBe(true);
    await axe('plan previewed');
    await saveScreenshot(page, 'vi-restructure-preview');
  });

  it('is applied after confirming, and then shows what it did, read only', async () => {
    await page.getByTestId('plan-apply').click();
    const dialog = page.getByRole('dialog', { name: ui.plan.applyConfirmTitle.replace('{{title}}', 'Hợp nhất hai chi bộ') });
    await dialog.getByText(ui.plan.applyConfirm.replace('{{date}}', formatDate('vi', TODAY))).waitFor();
    await dialog.getByRole('button', { name: ui.plan.apply }).click();
    await page.getByTestId('plan-state').filter({ hasText: ui.states.applied }).waitFor();
    await page.getByTestId('plan-outcome').waitFor();
    await poll(() => page.getByTestId('plan-outcome-unitsClosed').innerText()).toBe('1');
    await poll(() => page.getByTestId('plan-outcome-membersMoved').innerText()).toBe(String(absorbed.members));
    // Read only: nothing to edit, preview or apply.
    expect(await page.getByTestId('plan-apply').count()).toBe(0);
    await page.getByTestId('plan-operations').getByText(`${absorbed.code}`, { exact: false }).waitFor();
    const { rows } = await server.db.pool.query<{ valid_to: string }>(`SELECT valid_to::text FROM units WHERE id = $1`, [absorbed.id]);
    expect(rows[0]?.valid_to).toBe(TODAY);
    expect(await membersOf(survivor.id)).toBe(survivor.members + absorbed.members);
    await axe('plan applied');
    await saveScreenshot(page, 'vi-restructure-applied');
  });

  it('leaves a lineage: the surviving cell was formed from the absorbed one, which names its successor', async () => {
    await page.goto(`${server.url}/units/${survivor.id}`);
    await page.getByTestId('figure-total').waitFor();
    const from = page.getByTestId('lineage-from').filter({ hasText: absorbed.name });
    await from.waitFor();
    await from.getByText(ui.lineage.from.merged.replace('{{date}}', formatDate('vi', TODAY))).waitFor();
    const link = from.getByRole('link', { name: absorbed.name });
    expect(await link.getAttribute('href')).toBe(`/units/${absorbed.id}?asOf=${addDays(TODAY, -1)}`);
    await axe('dashboard with lineage');
    await saveScreenshot(page.getByTestId('lineage'), 'vi-unit-lineage');
    await link.click();
    await page.waitForURL(new RegExp(`/units/${absorbed.id}\\?asOf=`));
    await page.getByRole('heading', { level: 1, name: absorbed.name }).waitFor();
    const to = page.getByTestId('lineage-to').filter({ hasText: survivor.name });
    await to.getByText(ui.lineage.succeeded.replace('{{date}}', formatDate('vi', TODAY))).waitFor();
    await to.getByText(`(${ui.lineage.kinds.merged})`).waitFor();
    expect(await to.getByRole('link', { name: survivor.name }).getAttribute('href')).toBe(`/units/${survivor.id}`);
  });

  it('refuses a move of the commune under its own cell, in Vietnamese, and cannot be applied', async () => {
    // The plan belongs to the province, the user's own unit, proposed when no unit is on screen.
    await page.goto(`${server.url}/restructure`);
    const province = (await apiGet<{ ancestors: { name: string }[] }>(`/units/${commune.id}`)).ancestors[0];
    refusedUrl = await draftPlan('Chuyển xã về chi bộ của mình', province?.name ?? '');
    const card = await addOperation(ui.kinds.move);
    await card.getByRole('heading', { name: ui.operation.replace('{{n}}', '1').replace('{{kind}}', ui.kinds.move) }).waitFor();
    await typeCode(ui.fields.unit, commune.code);
    await typeCode(ui.fields.newParent, survivor.code);
    await page.getByTestId('plan-preview-button').click();
    await page.getByTestId('preview-verdict').filter({ hasText: ui.preview.blocked }).waitFor();
    const conflict = page.getByTestId('preview-conflict').and(page.locator('[data-severity="error"]'));
    await conflict.filter({ hasText: `Thao tác 1: ${translate('vi', 'errors.unit_cycle')}` }).waitFor();
    await poll(() => conflict.count()).toBe(1);
    expect(await page.getByTestId('plan-apply').isDisabled()).toBe(true);
    await page.getByTestId('plan-hint').filter({ hasText: ui.plan.fixHint }).waitFor();
    await axe('plan refused');
    await saveScreenshot(page, 'vi-restructure-refused');
  });
});

describe('the plan page', () => {
  it('reads right to left in Arabic, with Arabic-Indic digits and the conflict read again in Arabic', async () => {
    await page.getByTestId('language').click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'العربية' }).click();
    await poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByTestId('plan-state').filter({ hasText: arUi.restructure.states.draft }).waitFor();
    await page.getByRole('heading', { name: arUi.restructure.operation.replace('{{n}}', '١').replace('{{kind}}', arUi.restructure.kinds.move) }).waitFor();
    // The effective date in Arabic-Indic digits, no Latin digit left on the plan's line.
    await page.getByTestId('plan-date').filter({ hasText: formatDate('ar', TODAY) }).waitFor();
    await poll(() => page.getByTestId('plan-summary').innerText()).not.toMatch(/[0-9]/);
    // The conflict comes from the server again, in Arabic.
    await page.getByTestId('preview-conflict').filter({ hasText: translate('ar', 'errors.unit_cycle') }).waitFor();
    await page.getByTestId('preview-verdict').filter({ hasText: arUi.restructure.preview.blocked }).waitFor();
    expect(await page.getByTestId('plan-apply').isDisabled()).toBe(true);
    await axe('plan refused, in Arabic');
    await saveScreenshot(page, 'ar-restructure-refused');

    await page.goto(mergeUrl);
    await page.getByTestId('plan-state').filter({ hasText: arUi.restructure.states.applied }).waitFor();
    await poll(() => page.getByTestId('plan-outcome-unitsClosed').innerText()).toBe('١');
    await axe('plan applied, in Arabic');
    await saveScreenshot(page, 'ar-restructure-applied');

    await page.getByTestId('language').click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'Tiếng Việt' }).click();
    await poll(() => page.locator('html').getAttribute('dir')).toBe('ltr');
  });

  it('fits a phone: nothing scrolls the page sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(refusedUrl);
    await page.getByTestId('operation').waitFor();
    await page.getByTestId('plan-preview-button').click();
    await page.getByTestId('preview-conflict').first().waitFor();
    const plan = await overflow(page);
    expect(plan.cutOff, 'draft plan with its preview').toEqual([]);
    expect(plan.scrollWidth).toBeLessThanOrEqual(plan.clientWidth);
    await saveScreenshot(page, 'vi-restructure-phone');
    await page.goto(mergeUrl);
    await page.getByTestId('plan-outcome').waitFor();
    const applied = await overflow(page);
    expect(applied.cutOff, 'applied plan').toEqual([]);
    expect(applied.scrollWidth).toBeLessThanOrEqual(applied.clientWidth);
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('has no serious or critical accessibility violations', () => {
    expect(violations).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../src/shared/i18n/translate.ts';
import { arUi } from '../src/web/i18n/ui/ar.ts';
import { viUi } from '../src/web/i18n/ui/vi.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, newContext } from './support/browser.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { firstSignIn } from './support/pages.ts';
import { startE2eServer, type E2eServer } from './support/server.ts';

/**
 * Importing members from a file in the web app, driven in Chromium against the real server. The
 * provincial organization board opens Import from the main menu and uploads a CSV written the way
 * the export writes it (a Vietnamese header): three new members of a cell in its reach and one
 * row with a date that does not exist. The suggested mapping matches every column; the dry run
 * counts three new and one refused; the error file names the refused row; importing only the
 * valid rows writes the three. The same file again is all unchanged. A long check shows its
 * progress and can be stopped. The job page has no serious accessibility findings in Vietnamese
 * or Arabic and fits a phone. Nothing sleeps.
 */

const NEW_PASSWORD = 'mật khẩu mới cho thử nghiệm nhập';
const ui = viUi.imports;

type Cell = { id: number; code: string; name: string };

let server: E2eServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let cell: Cell;
let jobUrl = '';
const violations: string[] = [];

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 100 });
const field = (name: string) => translate('vi', `fields.${name}`);

async function axe(screen: string) {
  violations.push(...(await seriousViolations(page)).map((v) => `${screen}: ${v.id} at ${v.targets.join(', ')}`));
}

const signIn = (username: string) => firstSignIn(page, server, username, NEW_PASSWORD);

/** Twelve digits no demo member has (the demo's citizen IDs are random; these start with 999). */
const citizenIds = Array.from({ length: 3 }, (_, i) => `99901${String(Date.now() % 1_000_000).padStart(6, '0')}${i}`);

/** The file as the export writes it: the Vietnamese labels of the fields as its header. */
function memberCsv(): string {
  const header = ['fullName', 'gender', 'birthDate', 'ethnicity', 'religion', 'citizenId', 'admissionDecisionDate', 'ceremonyDate', 'officialDate', 'unitCode']
    .map(field);
  const rows = [
    ['Trần Thị Nhập Một', 'Nữ', '12/04/1990', 'Kinh', 'Không', citizenIds[0], '02/03/2018', '20/03/2018', '20/03/2019', cell.code],
    ['Lê Văn Nhập Hai', 'Nam', '05/11/1985', 'Kinh', 'Không', citizenIds[1], '15/06/2019', '01/07/2019', '01/07/2020', cell.code],
    ['Phạm Thị Nhập Ba', 'Nữ', '30/01/1995', 'Tày', 'Phật giáo', citizenIds[2], '10/09/2021', '20/09/2021', '20/09/2022', cell.code],
    // No 31 February: the row is refused, the others are not held up in "only the valid rows".
    ['Hoàng Văn Sai Ngày', 'Nam', '01/01/1992', 'Kinh', 'Không', '999020000001', '31/02/2020', '', '', cell.code],
  ];
  return `\uFEFF${[header, ...rows].map((r) => r.join(',')).join('\r\n')}\r\n`;
}

/** Uploads the CSV from the imports page; answers on the new job's page. */
async function upload(csv: string) {
  await page.getByRole('heading', { level: 1, name: ui.title }).waitFor();
  await page.getByTestId('import-file').setInputFiles({ name: 'danh-sach-dang-vien.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  // The file chosen is named beside the button, in place of "no file chosen".
  await page.getByTestId('new-import').getByText('danh-sach-dang-vien.csv', { exact: true }).waitFor();
  await page.getByRole('button', { name: ui.upload }).click();
  await page.waitForURL(/\/imports\/\d+$/);
  await page.getByRole('heading', { level: 1, name: ui.job.title.replace('{{file}}', 'danh-sach-dang-vien.csv') }).waitFor();
}

const figure = (key: string) => page.getByTestId(`count-${key}`).locator('.ant-statistic-content-value');

async function expectCounts(counts: Record<string, number>) {
  for (const [key, value] of Object.entries(counts)) await poll(() => figure(key).innerText()).toBe(String(value));
}

beforeAll(async () => {
  server = await startE2eServer({ members: 400 });
  browser = await launchBrowser();
  context = await newContext(browser, 'vi-VN');
  page = await context.newPage();
  await signIn('bantochuc');
  // A cell in the board's reach that already existed in 2017 (the admissions below are from 2018 on),
  // found as a user finds it: the units of a cell type the API lists.
  for (const type of ['grassroots_cell', 'subordinate_cell']) {
    const res = await page.request.get(`${server.url}/api/v1/units?type=${type}&limit=500`);
    expect(res.status(), await res.text()).toBe(200);
    const items = (await res.json() as { items: (Cell & { validFrom: string; validTo: string | null })[] }).items;
    const found = items.find((u) => u.validFrom <= '2017-01-01' && u.validTo === null);
    if (found) {
      cell = found;
      break;
    }
  }
  expect(cell).toBeDefined();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('importing members from a file', () => {
  it('uploads a CSV from the Import menu and suggests a field for every column', async () => {
    await page.locator('header').getByRole('link', { name: ui.menu, exact: true }).click();
    await page.waitForURL(/\/imports(\?.*)?$/);
    await page.getByText(ui.none).waitFor();
    await axe('imports page');
    await saveScreenshot(page, 'vi-imports');
    await upload(memberCsv());
    jobUrl = page.url();
    await page.getByTestId('import-state').filter({ hasText: ui.states.uploaded }).waitFor();

    const rows = page.getByTestId('mapping-table').locator('tbody tr.ant-table-row');
    await poll(() => rows.count()).toBe(10);
    const expected: Record<string, string> = {
      fullName: ui.map.requiredField.replace('{{field}}', field('fullName')),
      gender: ui.map.requiredField.replace('{{field}}', field('gender')),
      birthDate: ui.map.requiredField.replace('{{field}}', field('birthDate')),
      citizenId: field('citizenId'),
      admissionDecisionDate: ui.map.requiredField.replace('{{field}}', field('admissionDecisionDate')),
      ceremonyDate: field('ceremonyDate'),
      officialDate: field('officialDate'),
      unitCode: field('unitCode'),
    };
    for (const [name, label] of Object.entries(expected)) {
      const row = rows.filter({ has: page.getByTestId('mapping-cell').getByText(field(name), { exact: true }) });
      await poll(() => row.locator('.ant-select').innerText()).toBe(label);
    }
    // Every required field has its column: no warning.
    expect(await page.getByTestId('mapping-missing').count()).toBe(0);
    await axe('import job, columns to match');
    await saveScreenshot(page, 'vi-import-mapping');
  });

  it('checks the file: three new, one refused, nothing written; the error file names the refused row', async () => {
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-outcome').waitFor();
    await page.getByTestId('import-state').filter({ hasText: ui.states.checked }).waitFor();
    await expectCounts({ total: 4, new: 3, updated: 0, unchanged: 0, rejected: 1 });
    const errors = page.getByTestId('import-errors');
    await errors.locator('tbody tr.ant-table-row').filter({ hasText: '31/02/2020' }).filter({ hasText: field('admissionDecisionDate') }).waitFor();
    await errors.locator('tbody tr.ant-table-row td').first().filter({ hasText: /^5$/ }).waitFor();
    const written = await server.db.pool.query('SELECT 1 FROM members WHERE citizen_id = ANY($1)', [citizenIds]);
    expect(written.rowCount).toBe(0);
    await axe('import job, checked');
    await saveScreenshot(page, 'vi-import-checked');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('error-file-csv').click()]);
    const content = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const lines = content.trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    // The row as numbered in the file (the header is row 1), then the row as given, then what is wrong.
    expect(lines[1]?.split(',')[0]).toBe('5');
    expect(lines[1]).toContain('Hoàng Văn Sai Ngày');
    expect(lines[1]).toContain('31/02/2020');
  });

  it('imports only the valid rows: three new members in the cell', async () => {
    await page.getByRole('radio', { name: ui.mode.valid_rows }).check({ force: true });
    await page.getByTestId('import-apply').click();
    await page.getByTestId('import-state').filter({ hasText: ui.states.applied }).waitFor({ timeout: 30_000 });
    await expectCounts({ new: 3, rejected: 1 });
    await page.getByTestId('import-outcome').filter({ hasText: ui.outcome.appliedWithRejected.split(':')[0] as string }).waitFor();
    const { rows } = await server.db.pool.query<{ citizen_id: string; unit_id: number }>(`
      SELECT m.citizen_id, s.unit_id FROM members m JOIN membership_spans s ON s.member_id = m.id AND s.valid_to = 'infinity'
      WHERE m.citizen_id = ANY($1) ORDER BY m.citizen_id`, [citizenIds]);
    expect(rows).toEqual([...citizenIds].sort().map((id) => ({ citizen_id: id, unit_id: cell.id })));
    // Imported: the mapping is a record now, its buttons off.
    expect(await page.getByTestId('import-apply').isDisabled()).toBe(true);
    await axe('import job, applied');
    await saveScreenshot(page, 'vi-import-applied');
  });

  it('the same file again: nothing new, the three unchanged, the bad row still refused', async () => {
    await page.getByRole('link', { name: ui.job.back }).click();
    await page.getByTestId('import-list').getByTestId('import-state').filter({ hasText: ui.states.applied }).waitFor();
    await upload(memberCsv());
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-state').filter({ hasText: ui.states.checked }).waitFor();
    await expectCounts({ total: 4, new: 0, updated: 0, unchanged: 3, rejected: 1 });
    await page.getByRole('link', { name: ui.job.back }).click();
    const list = page.getByTestId('import-list');
    await poll(() => list.locator('tbody tr.ant-table-row').filter({ hasText: 'danh-sach-dang-vien.csv' }).count()).toBe(2);
    await list.getByTestId('import-state').filter({ hasText: ui.states.checked }).waitFor();
    await saveScreenshot(page, 'vi-imports-list');
  });
});

describe('a long run', () => {
  it('shows its progress while it runs, and stops when asked', async () => {
    // Many rows of new members (a dry run writes nothing): long enough to be seen under way.
    const header = ['fullName', 'gender', 'birthDate', 'ethnicity', 'religion', 'citizenId', 'admissionDecisionDate', 'unitCode'].map(field);
    const rows = Array.from({ length: 20_000 }, (_, i) => [
      `Nguyễn Văn Thử ${i}`, 'Nam', '01/01/1990', 'Kinh', 'Không', `9980${String(i).padStart(8, '0')}`, '02/03/2018', cell.code,
    ]);
    await page.goto(`${server.url}/imports`);
    await upload(`${[header, ...rows].map((r) => r.join(',')).join('\r\n')}\r\n`);
    await page.getByTestId('import-check').click();
    // The answer to the request is the job under way: its progress shows at once.
    const progress = page.getByTestId('import-progress');
    await progress.waitFor();
    await progress.getByRole('progressbar').waitFor();
    await axe('import job, checking');
    await saveScreenshot(page, 'vi-import-progress');
    await progress.getByTestId('import-cancel').click().catch(() => undefined);
    // Stopped, or done first on a fast machine: either way the run is over and nothing was written.
    await page.getByTestId('import-state')
      .filter({ hasText: new RegExp(`^(${ui.states.cancelled}|${ui.states.checked})$`) }).waitFor({ timeout: 60_000 });
    await page.getByTestId('import-outcome').waitFor();
    const written = await server.db.pool.query(`SELECT 1 FROM members WHERE full_name LIKE 'Nguyễn Văn Thử %'`);
    expect(written.rowCount).toBe(0);
  });
});

describe('the import page', () => {
  it('reads right to left in Arabic with its own digits, with no serious accessibility findings', async () => {
    await page.goto(jobUrl);
    await page.getByTestId('import-state').filter({ hasText: ui.states.applied }).waitFor();
    await page.getByTestId('language').click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'العربية' }).click();
    await poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByTestId('import-state').filter({ hasText: arUi.imports.states.applied }).waitFor();
    // Counts in Arabic-Indic digits.
    await poll(() => figure('new').innerText()).toBe('٣');
    await page.getByText(translate('ar', 'fields.fullName')).first().waitFor();
    // The first errors are read again in Arabic: the field's name and what is wrong.
    const error = page.getByTestId('import-errors').locator('tbody tr.ant-table-row');
    await error.filter({ hasText: translate('ar', 'fields.admissionDecisionDate') }).filter({ hasText: '31/02/2020' }).waitFor();
    // The field's name is the page's own; the sentence comes from the server, read again in Arabic.
    await poll(() => error.innerText()).not.toContain('phải là');
    await axe('import job in Arabic');
    await saveScreenshot(page, 'ar-import-applied');
    await page.getByTestId('language').click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'Tiếng Việt' }).click();
    await poll(() => page.locator('html').getAttribute('dir')).toBe('ltr');
  });

  it('fits a phone: nothing scrolls the page sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/imports', new URL(jobUrl).pathname]) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByTestId(path === '/imports' ? 'new-import' : 'import-result').waitFor();
      const { scrollWidth, clientWidth } = await page.evaluate<{ scrollWidth: number; clientWidth: number }>(
        '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })');
      expect(scrollWidth, path).toBeLessThanOrEqual(clientWidth);
    }
    await saveScreenshot(page, 'vi-import-phone');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('has no serious or critical accessibility violations', () => {
    expect(violations).toEqual([]);
  });
});

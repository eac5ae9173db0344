import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDate, formatNumber } from '../src/shared/i18n/format.ts';
import { translate } from '../src/shared/i18n/translate.ts';
import type { CandidateListItem, CandidatePipeline } from '../src/shared/schemas/candidates.ts';
import { viUi } from '../src/web/i18n/ui/vi.ts';
import { todayInVietnam } from '../src/web/ui/today.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, newContext } from './support/browser.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { startE2eServer, type E2eServer } from './support/server.ts';

/**
 * The member development pipeline in the web app, driven in Chromium against the real server:
 * the organization board's demo account signs in, reads the pipeline card of the province, opens
 * the candidates at one stage and filters on another, registers a candidate (a refused citizen ID
 * first, shown under its field with what was typed kept), walks them through the stages to the
 * application (a date before the current stage refused under its field), admits them and lands on
 * the new member's page; the candidate page in Arabic reads right to left with Arabic-Indic digits.
 * Every step waits for what it expects; nothing sleeps. Each file has its own server and database.
 */

const NEW_PASSWORD = 'mật khẩu mới của ban tổ chức';
const NAME = 'Lê Thị Phát Triển';
const CITIZEN_ID = '079195012345';

let server: E2eServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let provinceId = 0;
let candidateId = 0;
const violations: string[] = [];

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });
const field = (name: string) => translate('vi', `fields.${name}`);
const stageName = (stage: string) => translate('vi', `enums.candidateStage.${stage}`);
const ui = viUi.development;

async function axe(screen: string) {
  violations.push(...(await seriousViolations(page)).map((v) => `${screen}: ${v.id} at ${v.targets.join(', ')}`));
}

async function api<T>(path: string): Promise<T> {
  const res = await page.request.get(`${server.url}/api/v1${path}`);
  expect(res.status(), path).toBe(200);
  return res.json() as Promise<T>;
}

/** Types a date into a DatePicker until it holds it, then leaves the field (Enter would submit the form). */
async function typeDate(label: string, ddmmyyyy: string) {
  const input = page.getByLabel(label, { exact: true });
  await poll(async () => {
    if ((await input.inputValue()) !== ddmmyyyy) {
      await input.click();
      await input.press('Control+A');
      await input.pressSequentially(ddmmyyyy);
    }
    return input.inputValue();
  }).toBe(ddmmyyyy);
  await input.press('Tab');
}

async function choose(label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

/** The error shown under the form field labelled `label`. */
const errorUnder = (label: string) => page.locator('.ant-form-item')
  .filter({ has: page.getByLabel(label, { exact: true }) }).locator('.ant-form-item-explain-error');

beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchBrowser();
  context = await newContext(browser, 'vi-VN');
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the member development pipeline', () => {
  it('signs in as the organization board and reads the pipeline card of the province', async () => {
    await page.goto(server.url);
    await page.getByLabel(field('username')).fill('bantochuc');
    await page.getByLabel(field('password'), { exact: true }).fill(server.passwords.get('bantochuc') ?? '');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByLabel(field('currentPassword')).fill(server.passwords.get('bantochuc') ?? '');
    await page.getByLabel(field('newPassword'), { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel(viUi.password.confirm).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: viUi.password.submit }).click();
    await page.getByTestId('figure-total').waitFor();
    provinceId = Number(new URL(page.url()).pathname.split('/').pop());

    const card = page.getByTestId('pipeline');
    await card.getByRole('heading', { name: ui.cardTitle.replace('{{date}}', formatDate('vi', todayInVietnam())) }).waitFor();
    await saveScreenshot(card, 'vi-pipeline-card');
    const pipeline = await api<CandidatePipeline>(`/units/${provinceId}/pipeline`);
    expect(pipeline.inDevelopment).toBeGreaterThan(0);
    for (const s of pipeline.stages) {
      const row = card.locator('tr').filter({ has: page.getByRole('link', { name: stageName(s.stage), exact: true }) });
      await poll(async () => ((await row.count()) > 0 ? (await row.locator('td').nth(1).innerText()).trim() : '')).toBe(formatNumber('vi', s.count));
    }
    const total = card.locator('tr').filter({ hasText: ui.inDevelopment });
    expect((await total.locator('td').nth(1).innerText()).trim()).toBe(formatNumber('vi', pipeline.inDevelopment));
    await axe('dashboard with the pipeline');
  });

  it('opens the candidates at one stage from the card, then filters the list on another', async () => {
    const card = page.getByTestId('pipeline');
    await card.getByRole('link', { name: stageName('sympathizer'), exact: true }).click();
    await page.waitForURL(/\/candidates\?unit=\d+&stage=sympathizer/);
    await page.getByRole('heading', { level: 1, name: /^Đối tượng kết nạp: / }).waitFor();
    const sympathizers = await api<{ items: CandidateListItem[] }>(`/candidates?unit=${provinceId}&stage=sympathizer&limit=50`);
    const list = page.getByTestId('candidate-list');
    await list.getByRole('link', { name: (sympathizers.items[0] as CandidateListItem).fullName, exact: true }).first().waitFor();
    await poll(() => list.locator('tbody tr .ant-tag').allInnerTexts()).toEqual(sympathizers.items.map(() => stageName('sympathizer')));

    await choose(ui.stageFilter, stageName('applied'));
    await page.waitForURL(/stage=applied/);
    const applied = await api<{ items: CandidateListItem[] }>(`/candidates?unit=${provinceId}&stage=applied&limit=50`);
    await poll(() => list.locator('tbody tr .ant-tag').allInnerTexts()).toEqual(applied.items.map(() => stageName('applied')));
    await page.getByTestId('candidates-shown').filter({ hasText: formatNumber('vi', applied.items.length) }).waitFor();
    await axe('candidate list');
  });

  it('registers a candidate: a refused citizen ID under its field, what was typed kept, then saved', async () => {
    const { rows } = await server.db.pool.query<{ id: number; name: string }>(`
      SELECT u.id, v.name FROM units u JOIN unit_versions v ON v.unit_id = u.id AND v.valid_to = 'infinity'
      WHERE u.type_code = 'subordinate_cell' AND u.valid_to = 'infinity' ORDER BY u.id LIMIT 1`);
    const cell = rows[0] as { id: number; name: string };
    await page.goto(`${server.url}/units/${cell.id}`);
    await page.getByTestId('figure-total').waitFor();
    await page.getByTestId('unit-actions').click();
    await page.getByRole('menuitem', { name: ui.register }).click();
    await page.getByRole('heading', { level: 1, name: ui.register }).waitFor();
    // The cell the user came from is already chosen.
    await page.locator('form[id=candidate-create]').getByText(cell.name).first().waitFor();

    await typeDate(ui.sinceOf.outstanding_mass, '10/01/2025');
    await page.getByLabel(field('fullName'), { exact: true }).fill(NAME);
    await choose(field('gender'), translate('vi', 'enums.gender.female'));
    await typeDate(field('birthDate'), '15/03/1995');
    await page.getByLabel(field('citizenId'), { exact: true }).fill('12345');
    await page.getByRole('button', { name: ui.submitRegister, exact: true }).click();
    await errorUnder(field('citizenId')).filter({ hasText: translate('vi', 'rules.citizen_id', { field: field('citizenId') }) }).waitFor();
    expect(await page.getByLabel(field('fullName'), { exact: true }).inputValue()).toBe(NAME);
    expect(await page.getByLabel(field('citizenId'), { exact: true }).inputValue()).toBe('12345');
    await axe('registration form with an error');

    await page.getByLabel(field('citizenId'), { exact: true }).fill(CITIZEN_ID);
    await page.getByRole('button', { name: ui.submitRegister, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    await page.getByTestId('candidate-stage').filter({ hasText: stageName('outstanding_mass') }).waitFor();
    candidateId = Number(new URL(page.url()).pathname.split('/').pop());
    const { rows: saved } = await server.db.pool.query<{ unit_id: number; citizen_id: string }>(
      'SELECT unit_id, citizen_id FROM candidates WHERE id = $1', [candidateId]);
    expect(saved[0]).toMatchObject({ unit_id: cell.id, citizen_id: CITIZEN_ID });
  });

  it('walks the candidate through the stages to the application; a date before the current stage is refused', async () => {
    const record = async (label: string, date: string, details: Record<string, string> = {}) => {
      await page.getByRole('link', { name: ui.recordStage }).click();
      await page.getByRole('heading', { level: 1, name: ui.stageTitle.replace('{{name}}', NAME) }).waitFor();
      await typeDate(label, date);
      for (const [name, value] of Object.entries(details)) await page.getByLabel(field(name), { exact: true }).fill(value);
      await page.getByRole('button', { name: ui.submitStage, exact: true }).click();
    };

    await record(ui.sinceOf.sympathizer, '01/03/2025');
    await page.getByTestId('candidate-stage').filter({ hasText: stageName('sympathizer') }).waitFor();

    await record(ui.sinceOf.course_passed, '01/06/2025', { courseName: 'Lớp nhận thức về Đảng khóa 3/2025', certificateNo: '118/GCN-TTCT' });
    await page.getByTestId('candidate-stage').filter({ hasText: stageName('course_passed') }).waitFor();
    await page.getByTestId('candidate-stages').getByText('118/GCN-TTCT').waitFor();

    // The form offers only the stage expected next, or the withdrawal.
    await page.getByRole('link', { name: ui.recordStage }).click();
    const choices = page.getByRole('radiogroup', { name: ui.stageChoice });
    await poll(() => choices.getByRole('radio').count()).toBe(2);
    await choices.getByRole('radio', { name: stageName('applied') }).waitFor();
    await axe('stage form');
    await typeDate(ui.sinceOf.applied, '20/05/2025');
    await page.getByRole('button', { name: ui.submitStage, exact: true }).click();
    await errorUnder(ui.sinceOf.applied).filter({ hasText: formatDate('vi', '2025-06-01') }).waitFor();
    expect(await page.getByLabel(ui.sinceOf.applied, { exact: true }).inputValue()).toBe('20/05/2025');

    await typeDate(ui.sinceOf.applied, '01/07/2025');
    await page.getByRole('button', { name: ui.submitStage, exact: true }).click();
    await page.getByTestId('candidate-stage').filter({ hasText: stageName('applied') }).waitFor();
    await saveScreenshot(page, 'vi-candidate');
    await poll(() => page.getByTestId('candidate-stages').locator('.ant-timeline-item').count()).toBe(4);
    await axe('candidate page');
  });

  it('admits the candidate and lands on the new member’s page', async () => {
    await page.getByRole('link', { name: ui.admit }).click();
    await page.getByRole('heading', { level: 1, name: ui.admitTitle.replace('{{name}}', NAME) }).waitFor();
    await page.getByLabel(field('admissionDecisionNo'), { exact: true }).fill('15-QĐ/ĐU');
    await typeDate(field('admissionDecisionDate'), '01/09/2025');
    await typeDate(field('ceremonyDate'), '05/09/2025');
    await axe('admission form');
    await page.getByRole('button', { name: ui.submitAdmit, exact: true }).click();

    await page.waitForURL(/\/members\/\d+$/);
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    await page.getByTestId('member-profile').waitFor();
    const memberId = Number(new URL(page.url()).pathname.split('/').pop());
    const { rows } = await server.db.pool.query<{ member_id: number }>('SELECT member_id FROM candidates WHERE id = $1', [candidateId]);
    expect(rows[0]?.member_id).toBe(memberId);
    const member = await server.db.pool.query<{ admission_decision_date: string; citizen_id: string }>(
      'SELECT admission_decision_date, citizen_id FROM members WHERE id = $1', [memberId]);
    expect(member.rows[0]).toMatchObject({ admission_decision_date: '2025-09-01', citizen_id: CITIZEN_ID });

    // The candidate page now links to the member record and offers no more commands.
    await page.goto(`${server.url}/candidates/${candidateId}`);
    await page.getByRole('link', { name: ui.memberRecord }).waitFor();
    expect(await page.getByRole('link', { name: ui.recordStage }).count()).toBe(0);
  });

  it('shows the candidate page in Arabic right to left, with Arabic-Indic digits', async () => {
    await page.getByTestId('language').click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'العربية' }).click();
    await poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    const since = formatDate('ar', '2025-09-01');
    expect(since.replace(/[\u200f/]/g, '')).toMatch(/^[٠-٩]+$/);
    await poll(() => page.getByTestId('candidate-since').innerText()).toContain(since);
    await page.getByTestId('candidate-stage').filter({ hasText: translate('ar', 'enums.candidateStage.admitted') }).waitFor();
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    await axe('candidate page in Arabic');
  });

  it('has no serious or critical accessibility violations on the new screens', () => {
    expect(violations).toEqual([]);
  });
});

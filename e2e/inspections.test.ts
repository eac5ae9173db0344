import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMember, makeUnit } from '../test/factories.ts';
import { addDays } from '../src/shared/dates.ts';
import { formatDate, formatNumber } from '../src/shared/i18n/format.ts';
import { translate } from '../src/shared/i18n/translate.ts';
import { arUi } from '../src/web/i18n/ui/ar.ts';
import { viUi } from '../src/web/i18n/ui/vi.ts';
import { todayInVietnam } from '../src/web/ui/today.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, newContext } from './support/browser.ts';
import { firstSignIn, overflow } from './support/pages.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { startE2eServer, type E2eServer } from './support/server.ts';

/**
 * Inspection, supervision and discipline in the web app, driven in Chromium against the real
 * server. A commune with three cells and two members is made under the demo province through the
 * factories, and one supervision of two of its cells, overdue, is opened through the API. The
 * provincial inspection commission's officer opens an inspection of the third cell and one of
 * its members from the commune's list, records the explanatory report and the verification
 * minutes, a violation of the member and recommendations; the conclusion notice is refused
 * without its number, under that field, then recorded, which concludes the case; a remedy is
 * set and completed with its evidence, and a file is attached. The commune's inspection
 * dashboard then reads out two cases covering three organizations and one member, and the
 * overdue supervision is flagged in the list. A year's program is drawn up and an item planned,
 * whose case form starts from it. Expelling a probationary member is refused under the form of
 * discipline, and nothing is recorded; a reprimand from the concluded case is recorded, appealed
 * and upheld. A member who must declare assets is added, and the submission and verification
 * recorded. The dashboard reads right to left in Arabic with Arabic-Indic digits and the plural
 * forms Arabic needs; the screens have no serious accessibility findings and fit a 390 px phone.
 * Nothing sleeps: every step waits for what it expects.
 */

const NEW_PASSWORD = 'mật khẩu mới của ủy ban kiểm tra';
const ui = viUi.inspections;
const today = todayInVietnam();
/** A period that holds every case made here, whatever the day of the year the test runs. */
const from = addDays(today, -120);

type Unit = { id: number; name: string };

let server: E2eServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let commune: Unit;
const cells: Unit[] = [];
let official: { id: number; name: string };
let probationary: { id: number; name: string };
let caseUrl = '';
let csrf = '';
const violations: string[] = [];

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 100 });
const field = (name: string) => translate('vi', `fields.${name}`);
const enumLabel = (group: string, code: string) => translate('vi', `enums.${group}.${code}`);
const vi = (iso: string) => formatDate('vi', iso);
const fill = (template: string, values: Record<string, string>) => template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');

async function axe(screen: string) {
  violations.push(...(await seriousViolations(page)).map((v) => `${screen}: ${v.id} at ${v.targets.join(', ')}`));
}

/** Types a date into a date field in the reader's order, again until it is all there (a busy machine drops keys). */
async function typeDate(scope: Page | Locator, label: string, iso: string) {
  const ddmmyyyy = vi(iso);
  const input = scope.getByLabel(label, { exact: true });
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

/** Opens a select by its label and chooses the option showing `option`. */
async function choose(scope: Page | Locator, label: string, option: string) {
  await scope.getByLabel(label, { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

/** Finds a unit or member in a picker by typing its name, and chooses it. */
async function pick(scope: Page | Locator, label: string, name: string) {
  const input = scope.getByLabel(label, { exact: true });
  await input.click();
  await input.pressSequentially(name);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: name }).first().click();
}

/** The error shown under the form field labelled `label`. */
const errorUnder = (scope: Page | Locator, label: string) => scope.locator('.ant-form-item')
  .filter({ has: page.getByLabel(label, { exact: true }) }).locator('.ant-form-item-explain-error');

async function apiPost<T>(path: string, data: unknown): Promise<T> {
  const res = await page.request.post(`${server.url}/api/v1${path}`, { headers: { 'x-csrf-token': csrf }, data });
  expect(res.status(), `${path}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}

beforeAll(async () => {
  server = await startE2eServer({ members: 400 });
  // A commune of its own under the demo province, so that every figure on its dashboard is one this file made.
  const { rows } = await server.db.pool.query<{ id: number }>(`SELECT id FROM units WHERE type_code = 'province' ORDER BY id LIMIT 1`);
  const provinceId = (rows[0] as { id: number }).id;
  const made = await makeUnit(server.db, { typeCode: 'commune', parentId: provinceId, name: 'Đảng bộ xã Kiểm Tra Thử', validFrom: '2025-07-01' });
  commune = { id: made.id, name: made.name };
  for (const n of ['Một', 'Hai', 'Ba']) {
    const cell = await makeUnit(server.db, { typeCode: 'subordinate_cell', parentId: commune.id, name: `Chi bộ thôn Kiểm Tra ${n}`, validFrom: '2025-07-01' });
    cells.push({ id: cell.id, name: cell.name });
  }
  const a = await makeMember(server.db, (cells[0] as Unit).id, {
    fullName: 'Âu Dương Kỷ Cương', admissionDecisionDate: '2025-07-15', ceremonyDate: '2025-07-20', officialDate: '2026-07-20',
  });
  official = { id: a.id, name: 'Âu Dương Kỷ Cương' };
  const p = await makeMember(server.db, (cells[1] as Unit).id, {
    fullName: 'Âu Dương Dự Bị', admissionDecisionDate: addDays(today, -60), ceremonyDate: addDays(today, -55), officialDate: null,
  });
  probationary = { id: p.id, name: 'Âu Dương Dự Bị' };

  browser = await launchBrowser();
  context = await newContext(browser, 'vi-VN');
  page = await context.newPage();
  await firstSignIn(page, server, 'ubkt', NEW_PASSWORD);
  csrf = ((await (await page.request.get(`${server.url}/api/v1/auth/me`)).json()) as { csrfToken: string }).csrfToken;
  // A supervision of the two other cells, opened earlier through the API and past its due date.
  await apiPost(`/units/${commune.id}/inspection-cases`, {
    conductedBy: 'committee', kind: 'thematic_supervision', title: 'Giám sát chuyên đề công tác phát triển đảng viên', decisionNo: '05-QĐ/ĐU',
    openedOn: addDays(today, -100), lead: 'Phạm Văn Giám', dueOn: addDays(today, -10),
    subjects: [{ type: 'unit', id: (cells[1] as Unit).id }, { type: 'unit', id: (cells[2] as Unit).id }],
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('an inspection from its decision to its remedies', () => {
  it('is opened from the commune’s list, with a cell and one of its members as subjects', async () => {
    await page.goto(`${server.url}/units/${commune.id}`);
    await page.getByTestId('unit-actions').click();
    await page.locator('.ant-dropdown-menu').getByRole('menuitem', { name: ui.menu, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: fill(ui.dashboard.title, { unit: commune.name }) }).waitFor();
    await page.getByRole('link', { name: ui.cases.menu, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: fill(ui.cases.title, { unit: commune.name }) }).waitFor();
    await page.getByTestId('open-case').click();
    await page.getByRole('heading', { level: 1, name: fill(ui.cases.form.title, { unit: commune.name }) }).waitFor();

    await choose(page, field('kind'), enumLabel('caseKind', 'inspection_signs_of_violation'));
    await page.getByLabel(field('title'), { exact: true }).fill('Kiểm tra đảng viên khi có dấu hiệu vi phạm');
    await page.getByLabel(field('decisionNo'), { exact: true }).fill('21-QĐ/UBKT');
    await typeDate(page, field('openedOn'), addDays(today, -30));
    await typeDate(page, field('dueOn'), addDays(today, 60));
    await page.getByLabel(field('lead'), { exact: true }).fill('Nguyễn Văn Trưởng Đoàn');
    await pick(page, ui.cases.form.addSubject, (cells[0] as Unit).name);
    await page.getByTestId('add-subject').click();
    await page.getByRole('radio', { name: enumLabel('subjectType', 'member') }).check({ force: true });
    await pick(page, ui.cases.form.addSubject, official.name);
    await page.getByTestId('add-subject').click();
    // The cell, and the member shown with their cell.
    const chosen = page.getByTestId('chosen-subjects').locator('li');
    await poll(() => chosen.allInnerTexts()).toEqual([
      `${enumLabel('subjectType', 'unit')}: ${(cells[0] as Unit).name}`,
      `${enumLabel('subjectType', 'member')}: ${official.name} · ${(cells[0] as Unit).name}`,
    ]);
    await axe('open case form');
    await page.getByRole('button', { name: ui.cases.form.submit, exact: true }).click();
    await page.waitForURL(/\/inspection-cases\/\d+$/);
    caseUrl = page.url();
    await page.getByRole('heading', { level: 1, name: 'Kiểm tra đảng viên khi có dấu hiệu vi phạm' }).waitFor();
    await page.getByTestId('case-status').filter({ hasText: enumLabel('caseStatus', 'open') }).waitFor();
  });

  it('records the steps, a violation and recommendations; the conclusion notice needs its number and concludes the case', async () => {
    const steps = page.getByTestId('step-form');
    const timeline = page.getByTestId('case-steps');
    // The next step is offered: the explanatory report first.
    await steps.locator('.ant-select').filter({ hasText: enumLabel('stepKind', 'explanatory_report') }).waitFor();
    await typeDate(steps, field('doneOn'), addDays(today, -20));
    await steps.getByRole('button', { name: ui.steps.submit, exact: true }).click();
    await timeline.getByText(`${vi(addDays(today, -20))} · ${enumLabel('stepKind', 'explanatory_report')}`).waitFor();
    await steps.locator('.ant-select').filter({ hasText: enumLabel('stepKind', 'verification_minutes') }).waitFor();
    await typeDate(steps, field('doneOn'), addDays(today, -10));
    await steps.getByRole('button', { name: ui.steps.submit, exact: true }).click();
    await timeline.getByText(`${vi(addDays(today, -10))} · ${enumLabel('stepKind', 'verification_minutes')}`).waitFor();

    const finding = page.getByTestId('finding-form');
    await choose(finding, field('subjectId'), official.name);
    await choose(finding, field('category'), enumLabel('violationCategory', 'ethics_lifestyle'));
    await finding.getByLabel(field('description'), { exact: true }).fill('Vi phạm quy định về những điều đảng viên không được làm');
    await finding.getByRole('button', { name: ui.subjects.findingSubmit, exact: true }).click();
    const subjects = page.getByTestId('case-subjects');
    await subjects.getByTestId('finding').filter({ hasText: 'Vi phạm quy định về những điều đảng viên không được làm' }).waitFor();
    await subjects.getByTestId('violation-count').filter({ hasText: fill(ui.subjects.violationCount, { countText: '1' }) }).waitFor();

    const recommendations = page.getByTestId('recommendations-form');
    await choose(recommendations, field('subjectId'), official.name);
    await recommendations.getByLabel(field('recommendations'), { exact: true }).fill('Kiểm điểm trước chi bộ');
    await recommendations.getByRole('button', { name: ui.subjects.recommendationsSubmit, exact: true }).click();
    // The subject's card shows it (the form's own field may still hold the same words a moment).
    await subjects.locator('bdi').filter({ hasText: 'Kiểm điểm trước chi bộ' }).waitFor();

    // The conclusion notice without its number: refused under that field, what was chosen kept.
    await choose(steps, viUi.inspections.fields.stepKind, enumLabel('stepKind', 'conclusion_notice'));
    await steps.getByText(ui.steps.concludeWarning).waitFor();
    await steps.getByRole('button', { name: ui.steps.concludeSubmit, exact: true }).click();
    await errorUnder(steps, field('documentNo')).filter({ hasText: translate('vi', 'rules.required', { field: field('documentNo') }) }).waitFor();
    await axe('case page with a refused conclusion');
    await steps.getByLabel(field('documentNo'), { exact: true }).fill('581-TB/UBKT');
    await steps.getByRole('button', { name: ui.steps.concludeSubmit, exact: true }).click();
    await page.getByTestId('case-status').filter({ hasText: enumLabel('caseStatus', 'concluded') }).waitFor();
    await timeline.getByText(`${vi(today)} · ${enumLabel('stepKind', 'conclusion_notice')} · 581-TB/UBKT`).waitFor();
    expect(await page.getByTestId('step-form').count()).toBe(0);

    const id = Number(caseUrl.split('/').pop());
    const { rows } = await server.db.pool.query<{ status: string; concluded_on: string; conclusion_no: string }>(
      'SELECT status, concluded_on, conclusion_no FROM inspection_cases WHERE id = $1', [id]);
    expect(rows).toEqual([{ status: 'concluded', concluded_on: today, conclusion_no: '581-TB/UBKT' }]);
  });

  it('sets a remedy once concluded, completes it with its evidence, and attaches a file', async () => {
    const remedy = page.getByTestId('remedy-form');
    await choose(remedy, field('subjectId'), official.name);
    await remedy.getByLabel(field('owner'), { exact: true }).fill('Đồng chí Âu Dương Kỷ Cương');
    await remedy.getByLabel(field('description'), { exact: true }).fill('Khắc phục khuyết điểm, báo cáo chi bộ');
    await typeDate(remedy, field('deadline'), addDays(today, 30));
    await remedy.getByRole('button', { name: ui.remedies.submit, exact: true }).click();
    const remedies = page.getByTestId('case-remedies');
    // In the table (the form beside it may still hold the same words a moment).
    await remedies.getByRole('cell').filter({ hasText: 'Khắc phục khuyết điểm, báo cáo chi bộ' }).first().waitFor();

    await remedies.getByTestId('complete-remedy').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(field('evidence'), { exact: true }).fill('Báo cáo số 03-BC/CB');
    await axe('remedy completion dialog');
    await dialog.getByRole('button', { name: ui.remedies.completeSubmit, exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await remedies.getByTestId('remedy-done').filter({ hasText: fill(ui.remedies.doneOnTime, { date: vi(today) }) }).waitFor();
    await remedies.getByText('Báo cáo số 03-BC/CB').waitFor();

    await page.getByTestId('attachment-file').setInputFiles({
      name: 'thong-bao-ket-luan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n'),
    });
    const link = page.getByTestId('attachments').getByTestId('attachment-link').filter({ hasText: 'thong-bao-ket-luan.pdf' });
    await link.waitFor();
    const file = await page.request.get(new URL((await link.getAttribute('href')) ?? '', server.url).toString());
    expect(file.status()).toBe(200);
    expect((await file.body()).toString('latin1')).toMatch(/^%PDF-1\.4/);
    await saveScreenshot(page, 'vi-inspection-case');
  });

  it('is counted on the commune’s dashboard: two cases covering three organizations and one member', async () => {
    await page.goto(`${server.url}/units/${commune.id}/inspections?from=${from}`);
    const headline = page.getByTestId('inspection-headline');
    const expected = fill(ui.dashboard.headline, {
      cases: fill(ui.dashboard.casesCount, { countText: '2' }),
      units: fill(ui.dashboard.unitsCount, { countText: '3' }),
      members: fill(ui.dashboard.membersCount, { countText: '1' }),
    });
    await poll(() => headline.innerText()).toBe(expected);
    expect(expected).toBe('2 cuộc kiểm tra, giám sát đối với 3 tổ chức đảng và 1 đảng viên');
    await poll(() => page.getByTestId('figure-overdue').locator('.ant-statistic-content').innerText()).toBe('1');
    await saveScreenshot(page, 'vi-inspection-dashboard');
    await axe('inspection dashboard');

    // The overdue supervision is flagged in the list of overdue cases, and only it.
    await page.getByTestId('figure-overdue').getByRole('link').click();
    const list = page.getByTestId('case-list');
    await list.getByRole('link', { name: 'Giám sát chuyên đề công tác phát triển đảng viên' }).waitFor();
    await list.getByTestId('case-overdue').first().waitFor();
    await poll(() => list.locator('tbody tr.ant-table-row').count()).toBe(1);
    await axe('case list');
  });
});

describe('programs', () => {
  it('draws up the year’s program, plans an item, and opens its case from it with what it planned', async () => {
    const year = Number(today.slice(0, 4));
    await page.goto(`${server.url}/units/${commune.id}/inspection-programs`);
    await page.getByRole('heading', { level: 1, name: fill(ui.programs.title, { unit: commune.name }) }).waitFor();
    const card = page.getByTestId('new-program');
    await card.getByLabel(field('title'), { exact: true }).fill(`Chương trình kiểm tra, giám sát năm ${year}`);
    await card.getByLabel(field('approvalNo'), { exact: true }).fill('01-CTr/UBKT');
    await card.getByRole('button', { name: ui.programs.create }).click();
    await page.waitForURL(/\/inspection-programs\/\d+$/);
    await page.getByRole('heading', { level: 1, name: `Chương trình kiểm tra, giám sát năm ${year}` }).waitFor();

    const form = page.getByTestId('program-item-form');
    await choose(form, field('kind'), enumLabel('caseKind', 'inspection_party_finance'));
    await pick(form, field('subject'), (cells[2] as Unit).name);
    await form.getByLabel(field('lead'), { exact: true }).fill('Lê Thị Tài Chính');
    await form.getByRole('button', { name: ui.programs.addItemSubmit, exact: true }).click();
    const items = page.getByTestId('program-items');
    await items.getByRole('link', { name: (cells[2] as Unit).name }).waitFor();
    await axe('program page');

    // The item's case starts from what the item planned: its kind, subject and lead.
    await items.getByRole('link', { name: ui.cases.openAction }).click();
    await page.getByRole('heading', { level: 1, name: fill(ui.cases.form.title, { unit: commune.name }) }).waitFor();
    await page.locator('.ant-select').filter({ hasText: enumLabel('caseKind', 'inspection_party_finance') }).first().waitFor();
    await poll(() => page.getByTestId('chosen-subjects').locator('li').allInnerTexts())
      .toEqual([`${enumLabel('subjectType', 'unit')}: ${(cells[2] as Unit).name}`]);
    expect(await page.getByLabel(field('lead'), { exact: true }).inputValue()).toBe('Lê Thị Tài Chính');
  });
});

describe('discipline', () => {
  it('refuses to expel a probationary member, under the form, and records nothing', async () => {
    await page.goto(`${server.url}/units/${commune.id}/disciplines`);
    await page.getByRole('heading', { level: 1, name: fill(ui.disciplines.title, { unit: commune.name }) }).waitFor();
    await page.getByTestId('new-discipline').click();
    await page.getByRole('heading', { level: 1, name: fill(ui.disciplines.form.title, { unit: commune.name }) }).waitFor();
    await pick(page, field('subject'), probationary.name);
    await page.getByText(ui.disciplines.form.probationaryHint).waitFor();
    await choose(page, field('form'), enumLabel('disciplineForm', 'expulsion'));
    await choose(page, field('decidingBody'), enumLabel('decidingBody', 'standing_committee'));
    await page.getByLabel(field('decisionNo'), { exact: true }).fill('30-QĐ/ĐU');
    await page.getByLabel(field('content'), { exact: true }).fill('Vi phạm nghiêm trọng quy định của Đảng');
    await page.getByRole('button', { name: ui.disciplines.form.submit, exact: true }).click();
    const refusal = errorUnder(page, field('form'));
    await refusal.filter({ hasText: enumLabel('disciplineForm', 'expulsion') }).waitFor();
    await refusal.filter({ hasText: enumLabel('disciplineForm', 'warning') }).waitFor();
    // What was typed stays.
    expect(await page.getByLabel(field('decisionNo'), { exact: true }).inputValue()).toBe('30-QĐ/ĐU');
    await axe('refused discipline form');
    await saveScreenshot(page, 'vi-discipline-refused');

    await page.goto(`${server.url}/units/${commune.id}/disciplines?from=${from}`);
    await page.getByTestId('discipline-list').getByText(ui.disciplines.none).waitFor();
    const { rows } = await server.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM discipline_decisions WHERE member_id = $1', [probationary.id]);
    expect(rows).toEqual([{ n: 0 }]);
    const spans = await server.db.pool.query<{ status: string }>(
      `SELECT status FROM membership_spans WHERE member_id = $1 AND valid_to = 'infinity'`, [probationary.id]);
    expect(spans.rows).toEqual([{ status: 'probationary' }]);
  });

  it('records a reprimand from the concluded case, and an appeal with its outcome', async () => {
    await page.goto(caseUrl);
    await page.getByRole('link', { name: ui.disciplines.fromCase }).click();
    await page.getByRole('heading', { level: 1, name: fill(ui.disciplines.form.title, { unit: commune.name }) }).waitFor();
    // The case the user came from is named already.
    await page.locator('.ant-select').filter({ hasText: '21-QĐ/UBKT' }).waitFor();
    await pick(page, field('subject'), official.name);
    await choose(page, field('form'), enumLabel('disciplineForm', 'reprimand'));
    await choose(page, field('decidingBody'), enumLabel('decidingBody', 'inspection_commission'));
    await page.getByLabel(field('decisionNo'), { exact: true }).fill('31-QĐ/UBKT');
    await page.getByLabel(field('content'), { exact: true }).fill('Vi phạm quy định về những điều đảng viên không được làm');
    await page.getByRole('button', { name: ui.disciplines.form.submit, exact: true }).click();
    await page.waitForURL(/\/discipline-decisions\/\d+$/);
    await page.getByRole('heading', { level: 1, name: fill(ui.disciplines.pageTitle, { no: '31-QĐ/UBKT', name: official.name }) }).waitFor();
    await page.getByTestId('discipline-form').filter({ hasText: enumLabel('disciplineForm', 'reprimand') }).waitFor();

    const appeal = page.getByTestId('appeal-form');
    await appeal.getByLabel(field('grounds'), { exact: true }).fill('Đảng viên cho rằng hình thức kỷ luật quá nặng');
    await appeal.getByRole('button', { name: ui.appeals.submit, exact: true }).click();
    await page.getByTestId('appeal-outcome-action').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: enumLabel('appealOutcome', 'upheld') }).check({ force: true });
    await dialog.getByLabel(field('decisionNo'), { exact: true }).fill('40-QĐ/TU');
    await axe('appeal outcome dialog');
    await dialog.getByRole('button', { name: ui.appeals.decideSubmit, exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('appeal-outcome').filter({ hasText: enumLabel('appealOutcome', 'upheld') }).waitFor();
    await axe('discipline decision page');
  });
});

describe('asset declarations', () => {
  it('adds a member who must declare, then records the submission and the verification', async () => {
    await page.goto(`${server.url}/units/${commune.id}/asset-declarations`);
    await page.getByRole('heading', { level: 1, name: fill(ui.declarations.title, { unit: commune.name }) }).waitFor();
    const add = page.getByTestId('require-declaration');
    await pick(add, field('memberId'), official.name);
    await choose(add, field('post'), enumLabel('declarationPost', 'committee_member'));
    await add.getByRole('button', { name: ui.declarations.addSubmit, exact: true }).click();
    const list = page.getByTestId('declaration-list');
    await list.getByTestId('declaration-missing').waitFor();

    await list.getByTestId('declaration-submit').click();
    let dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: ui.declarations.submit.submit, exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await list.getByTestId('declaration-verify').click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel(field('verifiedBy'), { exact: true }).fill('Phạm Văn Xác Minh');
    await dialog.getByRole('button', { name: ui.declarations.verify.submit, exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await list.getByText('Phạm Văn Xác Minh').waitFor();
    const counts = page.getByTestId('declaration-counts').locator('.ant-statistic-content');
    await poll(() => counts.allInnerTexts()).toEqual(['1', '1', '1', '0']);
    await axe('declarations page');
    const { rows } = await server.db.pool.query<{ submitted_on: string; verified_on: string }>(
      'SELECT submitted_on, verified_on FROM asset_declarations WHERE member_id = $1', [official.id]);
    expect(rows).toEqual([{ submitted_on: today, verified_on: today }]);
  });
});

describe('languages, accessibility and phones', () => {
  it('reads right to left in Arabic, with Arabic-Indic digits and the plural forms Arabic needs', async () => {
    await page.goto(`${server.url}/units/${commune.id}/inspections?from=${from}`);
    await page.getByTestId('inspection-headline').waitFor();
    await page.getByTestId('language').click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'العربية' }).click();
    await poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    const ar = arUi.inspections.dashboard;
    const n = (value: number) => formatNumber('ar', value);
    const form = (key: keyof typeof ar | `${string}_${'one' | 'two' | 'few'}`) => ar[key] as string;
    // Two cases take the dual, three organizations the plural of few, one member the singular.
    const expected = fill(ar.headline, {
      cases: fill(form('casesCount_two'), { countText: n(2) }),
      units: fill(form('unitsCount_few'), { countText: n(3) }),
      members: fill(form('membersCount_one'), { countText: n(1) }),
    });
    expect(expected).toContain('٢');
    await poll(() => page.getByTestId('inspection-headline').innerText()).toBe(expected);
    expect(await page.getByTestId('inspection-headline').innerText()).not.toMatch(/[0-9]/);
    await poll(() => page.getByTestId('figure-cases').locator('.ant-statistic-content').innerText()).toBe('٢');
    await axe('inspection dashboard in Arabic');
    await saveScreenshot(page, 'ar-inspection-dashboard');
    // Back to Vietnamese for the account (the language is kept for it).
    await page.getByTestId('language').click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'Tiếng Việt' }).click();
    await poll(() => page.locator('html').getAttribute('dir')).toBe('ltr');
  });

  it('fits a 390 px wide phone', async () => {
    const phone = await browser.newContext({
      locale: 'vi-VN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, reducedMotion: 'reduce',
      timezoneId: 'Asia/Ho_Chi_Minh', storageState: await context.storageState(),
    });
    const small = await phone.newPage();
    try {
      for (const [screen, url, ready] of [
        ['dashboard', `/units/${commune.id}/inspections?from=${from}`, 'inspection-headline'],
        ['case', new URL(caseUrl).pathname, 'case-remedies'],
        ['case list', `/units/${commune.id}/inspection-cases?from=${from}`, 'case-list'],
        ['disciplines', `/units/${commune.id}/disciplines`, 'discipline-list'],
        ['declarations', `/units/${commune.id}/asset-declarations`, 'declaration-list'],
      ] as const) {
        await small.goto(`${server.url}${url}`);
        await small.getByTestId(ready).waitFor();
        const o = await overflow(small);
        expect(o.cutOff, `${screen}: cut off`).toEqual([]);
        expect(o.scrollWidth, `${screen}: the page scrolls sideways`).toBeLessThanOrEqual(o.clientWidth);
        violations.push(...(await seriousViolations(small)).map((v) => `${screen} on a phone: ${v.id} at ${v.targets.join(', ')}`));
      }
      // The menu still leads to the inspection screens on a phone.
      await small.getByRole('button', { name: viUi.app.mainMenu }).click();
      await small.getByRole('menuitem').filter({ hasText: ui.menu }).waitFor();
    } finally {
      await phone.close();
    }
  });

  it('has no serious or critical accessibility violations on the screens visited', () => {
    expect(violations).toEqual([]);
  });
});

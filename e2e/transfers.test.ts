import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../src/shared/dates.ts';
import { formatDate } from '../src/shared/i18n/format.ts';
import { translate } from '../src/shared/i18n/translate.ts';
import type { Member } from '../src/shared/schemas/members.ts';
import { arUi } from '../src/web/i18n/ui/ar.ts';
import { viUi } from '../src/web/i18n/ui/vi.ts';
import { todayInVietnam } from '../src/web/ui/today.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, newContext } from './support/browser.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { startE2eServer, type E2eServer } from './support/server.ts';

/**
 * Transfers of party activity, reinstatement and corrections in the web app, driven in Chromium
 * against the real server. The organization board of the province issues a transfer from one
 * cell to the cell of the demo cell secretary, who finds it under Incoming and receives it: the
 * member then belongs to that cell. A letter the cell secretary sends to a cell out of reach waits
 * at the unit above both ends until the board forwards it, and the secretary withdraws it. A
 * temporary transfer (its bad inputs refused under their fields) is received and its stay ended; a
 * deleted member is reinstated; a deletion recorded by mistake is voided; an exemption is ended.
 * The transfers page has no serious accessibility findings in Vietnamese or Arabic. Every step
 * waits for what it expects; nothing sleeps. Each file has its own server and database.
 */

const NEW_PASSWORD = 'mật khẩu mới cho thử nghiệm';
const today = todayInVietnam();
const ui = viUi.transfers;

type Cell = { id: number; name: string; code: string };
type Picked = { id: number; full_name: string; unit_id: number; unit_name: string; unit_code: string };

let server: E2eServer;
let browser: Browser;
let board: BrowserContext;
let secretary: BrowserContext;
let page: Page;
let page2: Page;
let secretaryCell: Cell;
let boardCsrf = '';
const violations: string[] = [];

const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });
const field = (name: string) => translate('vi', `fields.${name}`);
const enumLabel = (group: string, code: string) => translate('vi', `enums.${group}.${code}`);
const vi = (iso: string) => formatDate('vi', iso);

async function axe(p: Page, screen: string) {
  violations.push(...(await seriousViolations(p)).map((v) => `${screen}: ${v.id} at ${v.targets.join(', ')}`));
}

async function signIn(p: Page, username: string): Promise<string> {
  await p.goto(server.url);
  await p.getByLabel(field('username')).fill(username);
  await p.getByLabel(field('password'), { exact: true }).fill(server.passwords.get(username) ?? '');
  await p.getByRole('button', { name: viUi.signIn.submit }).click();
  await p.getByLabel(field('currentPassword')).fill(server.passwords.get(username) ?? '');
  await p.getByLabel(field('newPassword'), { exact: true }).fill(NEW_PASSWORD);
  await p.getByLabel(viUi.password.confirm).fill(NEW_PASSWORD);
  await p.getByRole('button', { name: viUi.password.submit }).click();
  await p.getByTestId('figure-total').waitFor();
  const me = await (await p.request.get(`${server.url}/api/v1/auth/me`)).json() as { csrfToken: string };
  return me.csrfToken;
}

/** Sets up data through the API, as the board (what the screens under test then show). */
async function post(path: string, data: unknown): Promise<void> {
  const res = await page.request.post(`${server.url}/api/v1${path}`, { headers: { 'x-csrf-token': boardCsrf }, data });
  expect(res.status(), `${path}: ${await res.text()}`).toBeLessThan(300);
}

async function member(id: number): Promise<Member> {
  const res = await page.request.get(`${server.url}/api/v1/members/${id}`);
  expect(res.status()).toBe(200);
  return res.json() as Promise<Member>;
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
  // Leaving the field keeps the date typed (Enter would also submit the form).
  await input.press('Tab');
}

async function choose(p: Page, label: string, option: string) {
  await p.getByLabel(label, { exact: true }).click();
  await p.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

/** Picks the receiving cell by typing its code (cells of one name are many), then checks its name. */
async function pickCell(p: Page, cell: Cell) {
  const picker = p.getByLabel(field('toUnitId'), { exact: true });
  await picker.click();
  await picker.pressSequentially(cell.code.toLowerCase());
  await p.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: cell.code }).filter({ hasText: cell.name }).first().click();
}

/** Chooses an option of a segmented filter (its radio input is hidden under the label). */
async function segment(p: Page, label: string) {
  await p.locator('label.ant-segmented-item').filter({ hasText: label }).click();
  await poll(() => p.locator('label.ant-segmented-item-selected').innerText()).toBe(label);
}

/** The error shown under the form field labelled `label` (in the page or its open dialog). */
const errorUnder = (p: Page, label: string) => p.locator('.ant-form-item')
  .filter({ has: p.getByLabel(label, { exact: true }) }).locator('.ant-form-item-explain-error');

/**
 * Active official members with nothing recorded for months and no transfer (the demo has some),
 * outside the secretary's cell, one per cell, each with a name no one else has.
 */
async function quietMembers(count: number): Promise<Picked[]> {
  const { rows } = await server.db.pool.query<Picked>(`
    SELECT DISTINCT ON (s.unit_id) m.id, m.full_name, s.unit_id, v.name AS unit_name, u.code AS unit_code FROM members m
    JOIN membership_spans s ON s.member_id = m.id AND s.valid_to = 'infinity'
    JOIN units u ON u.id = s.unit_id
    JOIN unit_versions v ON v.unit_id = s.unit_id AND v.valid_to = 'infinity'
    WHERE s.status = 'official' AND s.valid_from < current_date - 120 AND s.unit_id <> $1
      AND NOT EXISTS (SELECT 1 FROM member_events e WHERE e.member_id = m.id AND e.effective_on > current_date - 120)
      AND NOT EXISTS (SELECT 1 FROM member_exemptions x WHERE x.member_id = m.id)
      AND NOT EXISTS (SELECT 1 FROM member_transfers t WHERE t.member_id = m.id)
      AND (SELECT count(*) FROM members o WHERE o.full_name = m.full_name) = 1
    ORDER BY s.unit_id, m.id LIMIT $2`, [secretaryCell.id, count]);
  expect(rows.length).toBe(count);
  return rows;
}

async function openMemberAction(p: Page, memberId: number, action: string) {
  await p.goto(`${server.url}/members/${memberId}`);
  await p.getByTestId('member-actions').click();
  await p.getByRole('menuitem', { name: action, exact: true }).click();
}

let picked: Picked[] = [];

beforeAll(async () => {
  server = await startE2eServer();
  browser = await launchBrowser();
  board = await newContext(browser, 'vi-VN');
  secretary = await newContext(browser, 'vi-VN');
  page = await board.newPage();
  page2 = await secretary.newPage();
  const { rows } = await server.db.pool.query<Cell>(`
    SELECT g.unit_id AS id, v.name, c.code FROM grants g JOIN users u ON u.id = g.user_id JOIN units c ON c.id = g.unit_id
    JOIN unit_versions v ON v.unit_id = g.unit_id AND v.valid_to = 'infinity' WHERE u.username = 'bithuchibo'`);
  secretaryCell = rows[0] as Cell;
  boardCsrf = await signIn(page, 'bantochuc');
  await signIn(page2, 'bithuchibo');
  picked = await quietMembers(6);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('transfers of party activity', () => {
  it('the board issues a transfer into the secretary’s cell; the secretary receives it under Incoming', async () => {
    const m = picked[0] as Picked;
    await openMemberAction(page, m.id, ui.form.action);
    await page.getByRole('heading', { level: 1, name: ui.form.title.replace('{{name}}', m.full_name) }).waitFor();
    await choose(page, field('purpose'), enumLabel('transferPurpose', 'work'));
    await pickCell(page, secretaryCell);
    await page.getByLabel(field('letterNo'), { exact: true }).fill('112-GGT/ĐU');
    await axe(page, 'transfer form');
    await page.getByRole('button', { name: ui.form.submit, exact: true }).click();

    await page.waitForURL(/\/members\/\d+\/timeline$/);
    const card = page.getByTestId('member-transfers');
    await card.getByTestId('transfer-state').filter({ hasText: enumLabel('transferState', 'in_transit') }).waitFor();
    await page.getByTestId('transfer-under-way').filter({ hasText: secretaryCell.name }).waitFor();
    const { rows } = await server.db.pool.query<{ state: string; to_unit_id: number; letter_date: string }>(
      'SELECT state, to_unit_id, letter_date FROM member_transfers WHERE member_id = $1', [m.id]);
    expect(rows).toEqual([{ state: 'in_transit', to_unit_id: secretaryCell.id, letter_date: today }]);

    // The receiving side: the cell secretary's list of incoming letters.
    await page2.goto(`${server.url}/units/${secretaryCell.id}/transfers`);
    await page2.getByRole('heading', { level: 1, name: ui.title.replace('{{unit}}', secretaryCell.name) }).waitFor();
    const list = page2.getByTestId('transfer-list');
    const row = list.locator('tr').filter({ has: page2.getByRole('link', { name: m.full_name, exact: true }) });
    await row.getByText(m.unit_name).first().waitFor();
    await row.getByText('112-GGT/ĐU').waitFor();
    await saveScreenshot(page2, 'vi-transfers-incoming');
    await row.getByRole('button', { name: ui.actions.receive.action }).click();
    const dialog = page2.getByRole('dialog');
    await dialog.getByText(ui.actions.receive.title.replace('{{name}}', m.full_name)).waitFor();
    expect(await dialog.getByLabel(field('receivedOn'), { exact: true }).inputValue()).toBe(vi(today));
    await dialog.getByRole('button', { name: ui.actions.receive.submit, exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    // Received: no longer open, listed among the closed ones.
    await poll(() => row.count()).toBe(0);
    await segment(page2, ui.listStates.closed);
    await list.getByTestId('transfer-state').filter({ hasText: enumLabel('transferState', 'received') }).first().waitFor();

    // The member now belongs to the receiving cell, from today.
    expect((await member(m.id)).membership).toMatchObject({ unitId: secretaryCell.id, since: today });
    await page2.goto(`${server.url}/members/${m.id}`);
    await page2.getByRole('main').getByRole('link', { name: secretaryCell.name }).first().waitFor();
  });

  it('a letter to a cell out of the secretary’s reach waits for the unit above both, which forwards it; the sender withdraws it', async () => {
    const m = picked[0] as Picked;
    const target: Cell = { id: m.unit_id, name: m.unit_name, code: m.unit_code };
    await openMemberAction(page2, m.id, ui.form.action);
    await choose(page2, field('purpose'), enumLabel('transferPurpose', 'residence'));
    await pickCell(page2, target);
    // The cell is outside the secretary's reach: the form says where the letter goes.
    await page2.getByText(ui.form.viaHint).waitFor();
    await page2.getByLabel(field('letterNo'), { exact: true }).fill('07-GGT/CB');
    await page2.getByRole('button', { name: ui.form.submit, exact: true }).click();
    await page2.waitForURL(/\/timeline$/);
    await page2.getByTestId('member-transfers').getByTestId('transfer-state')
      .filter({ hasText: enumLabel('transferState', 'awaiting_forward') }).waitFor();
    const { rows } = await server.db.pool.query<{ via_unit_id: number }>(
      `SELECT via_unit_id FROM member_transfers WHERE member_id = $1 AND state = 'awaiting_forward'`, [m.id]);
    const via = rows[0]?.via_unit_id as number;
    expect(via).toBeGreaterThan(0);

    // The unit above both ends forwards it with its own letter.
    await page.goto(`${server.url}/units/${via}/transfers?direction=forwarding`);
    const row = page.getByTestId('transfer-list').locator('tr').filter({ has: page.getByRole('link', { name: m.full_name, exact: true }) });
    await row.getByRole('button', { name: ui.actions.forward.action }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: ui.actions.forward.submit, exact: true }).click();
    // The forwarding letter's number is required: said under its field, in the dialog.
    await errorUnder(page, ui.forwardLetterNo).waitFor();
    await dialog.getByLabel(ui.forwardLetterNo, { exact: true }).fill('355-CV/ĐU');
    await axe(page, 'forward dialog');
    await dialog.getByRole('button', { name: ui.actions.forward.submit, exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => row.count()).toBe(0);

    // The sender withdraws the letter, now on its way, with a reason.
    await page2.goto(`${server.url}/units/${secretaryCell.id}/transfers?direction=outgoing`);
    const out = page2.getByTestId('transfer-list').locator('tr').filter({ has: page2.getByRole('link', { name: m.full_name, exact: true }) });
    await out.getByText('355-CV/ĐU', { exact: false }).waitFor();
    await out.getByRole('button', { name: ui.actions.cancel.action }).click();
    const cancel = page2.getByRole('dialog');
    await cancel.getByLabel(field('reason'), { exact: true }).fill('Đảng viên không chuyển nơi cư trú nữa');
    await cancel.getByRole('button', { name: ui.actions.cancel.submit, exact: true }).click();
    await cancel.waitFor({ state: 'hidden' });
    const saved = await server.db.pool.query<{ state: string; forward_letter_no: string; cancel_reason: string }>(
      'SELECT state, forward_letter_no, cancel_reason FROM member_transfers WHERE member_id = $1 ORDER BY id DESC LIMIT 1', [m.id]);
    expect(saved.rows[0]).toEqual({ state: 'cancelled', forward_letter_no: '355-CV/ĐU', cancel_reason: 'Đảng viên không chuyển nơi cư trú nữa' });
    expect((await member(m.id)).membership?.unitId).toBe(secretaryCell.id);
  });

  it('a temporary transfer: bad inputs under their fields, then received and the stay ended', async () => {
    const m = picked[1] as Picked;
    const host = picked[2] as Picked;
    const letterDate = addDays(today, -10);
    await openMemberAction(page, m.id, ui.form.action);
    await page.getByRole('radio', { name: enumLabel('transferKind', 'temporary') }).check({ force: true });
    await choose(page, field('purpose'), enumLabel('transferPurpose', 'study'));
    await pickCell(page, { id: host.unit_id, name: host.unit_name, code: host.unit_code });
    await page.getByLabel(field('letterNo'), { exact: true }).fill('15-GGT/ĐU');
    await typeDate(page, field('letterDate'), addDays(today, 1));
    await page.getByRole('button', { name: ui.form.submit, exact: true }).click();
    // The expected return is required for a temporary transfer.
    await errorUnder(page, field('expectedReturn'))
      .filter({ hasText: translate('vi', 'rules.required', { field: field('expectedReturn') }) }).waitFor();
    await typeDate(page, field('expectedReturn'), addMonths(letterDate, 6));
    await page.getByRole('button', { name: ui.form.submit, exact: true }).click();
    // A letter dated tomorrow is refused under its date, what was typed kept.
    await errorUnder(page, field('letterDate'))
      .filter({ hasText: translate('vi', 'rules.date_not_future', { field: field('letterDate') }) }).waitFor();
    expect(await page.getByLabel(field('letterNo'), { exact: true }).inputValue()).toBe('15-GGT/ĐU');
    expect(await page.getByLabel(field('expectedReturn'), { exact: true }).inputValue()).toBe(vi(addMonths(letterDate, 6)));
    await saveScreenshot(page, 'vi-transfer-error');
    await axe(page, 'transfer form with errors');
    await typeDate(page, field('letterDate'), letterDate);
    await page.getByRole('button', { name: ui.form.submit, exact: true }).click();
    await page.waitForURL(/\/timeline$/);

    // Received by the host cell from the member's own card (the board reaches both sides).
    const card = page.getByTestId('member-transfers');
    await card.getByRole('button', { name: ui.actions.receive.action }).click();
    let dialog = page.getByRole('dialog');
    await typeDate(dialog, field('receivedOn'), addDays(today, -5));
    await dialog.getByRole('button', { name: ui.actions.receive.submit, exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await card.getByTestId('transfer-state').filter({ hasText: enumLabel('transferState', 'received') }).waitFor();
    // A temporary stay leaves the member in their own cell.
    expect((await member(m.id)).membership?.unitId).toBe(m.unit_id);

    await card.getByRole('button', { name: ui.actions.end.action }).click();
    dialog = page.getByRole('dialog');
    await typeDate(dialog, field('endedOn'), addDays(today, -5));
    await dialog.getByRole('button', { name: ui.actions.end.submit, exact: true }).click();
    await errorUnder(page, field('endedOn')).filter({ hasText: vi(addDays(today, -5)) }).waitFor();
    await typeDate(dialog, field('endedOn'), today);
    await dialog.getByRole('button', { name: ui.actions.end.submit, exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await card.getByTestId('transfer-state').filter({ hasText: enumLabel('transferState', 'ended') }).waitFor();
    const { rows } = await server.db.pool.query<{ kind: string; state: string; received_on: string; ended_on: string; expected_return: string }>(
      'SELECT kind, state, received_on, ended_on, expected_return FROM member_transfers WHERE member_id = $1', [m.id]);
    expect(rows).toEqual([{ kind: 'temporary', state: 'ended', received_on: addDays(today, -5), ended_on: today, expected_return: addMonths(letterDate, 6) }]);
  });
});

describe('reinstatement, corrections and exemptions', () => {
  it('reinstates a deleted member in the cell they left', async () => {
    const m = picked[3] as Picked;
    await post(`/members/${m.id}/events`, { kind: 'deleted', effectiveOn: addDays(today, -30), reason: 'unpaid_dues', decisionNo: '40-QĐ/ĐU' });
    await openMemberAction(page, m.id, viUi.memberEvent.reinstated.action);
    await page.getByRole('heading', { level: 1, name: viUi.memberEvent.reinstated.title.replace('{{name}}', m.full_name) }).waitFor();
    // The cell the member left is offered first.
    await page.locator('form[id=event-reinstated]').getByText(m.unit_name).first().waitFor();
    await page.getByRole('button', { name: viUi.memberEvent.reinstated.submit, exact: true }).click();
    await errorUnder(page, field('decisionNo')).filter({ hasText: translate('vi', 'rules.required', { field: field('decisionNo') }) }).waitFor();
    await page.getByLabel(field('decisionNo'), { exact: true }).fill('52-QĐ/TU');
    await page.getByLabel(field('issuer'), { exact: true }).fill('Ban Thường vụ Tỉnh ủy');
    await axe(page, 'reinstatement form');
    await page.getByRole('button', { name: viUi.memberEvent.reinstated.submit, exact: true }).click();
    await page.waitForURL(/\/timeline$/);
    await page.getByTestId('member-timeline').getByText(`${vi(today)} · ${enumLabel('eventKind', 'reinstated')}`).waitFor();
    await page.getByRole('main').getByRole('link', { name: m.unit_name }).first().waitFor();
    expect((await member(m.id)).membership).toMatchObject({ unitId: m.unit_id, status: 'official', since: today });
  });

  it('voids a deletion recorded by mistake: struck through with the reason, the member active again', async () => {
    const m = picked[4] as Picked;
    await post(`/members/${m.id}/events`, { kind: 'deleted', effectiveOn: addDays(today, -3), reason: 'missed_meetings' });
    await page.goto(`${server.url}/members/${m.id}/timeline`);
    await page.getByTestId('correct-event').click();
    await page.getByRole('heading', { level: 1, name: viUi.correction.title.replace('{{name}}', m.full_name) }).waitFor();
    await page.getByTestId('corrected-event').filter({ hasText: enumLabel('eventKind', 'deleted') }).waitFor();
    await page.getByRole('button', { name: viUi.correction.submit, exact: true }).click();
    await errorUnder(page, field('reason')).filter({ hasText: translate('vi', 'rules.required', { field: field('reason') }) }).waitFor();
    await page.getByLabel(field('reason'), { exact: true }).fill('Ghi nhầm đảng viên');
    await page.getByLabel(field('decisionNo'), { exact: true }).fill('03-QĐ/ĐU');
    await axe(page, 'correction form');
    await page.getByRole('button', { name: viUi.correction.submit, exact: true }).click();
    await page.waitForURL(/\/timeline$/);
    const voided = page.getByTestId('voided-event');
    await voided.locator('del').filter({ hasText: enumLabel('eventKind', 'deleted') }).first().waitFor();
    await voided.getByText(viUi.correction.voidedBecause.replace('{{date}}', vi(today)).replace('{{reason}}', 'Ghi nhầm đảng viên')).waitFor();
    await page.getByTestId('member-timeline').getByText(`${vi(today)} · ${enumLabel('eventKind', 'corrected')}`).waitFor();
    await saveScreenshot(page.getByTestId('member-timeline'), 'vi-event-voided');
    expect((await member(m.id)).membership).toMatchObject({ unitId: m.unit_id, status: 'official' });
    const { rows } = await server.db.pool.query<{ voided: boolean }>(
      `SELECT voided_by IS NOT NULL AS voided FROM member_events WHERE member_id = $1 AND kind = 'deleted'`, [m.id]);
    expect(rows).toEqual([{ voided: true }]);
  });

  it('ends an exemption from work and meetings', async () => {
    const m = picked[5] as Picked;
    const from = addDays(today, -60);
    await post(`/members/${m.id}/exemptions`, { reason: 'age', resolutionNo: '05-NQ/CB', validFrom: from });
    await page.goto(`${server.url}/members/${m.id}/timeline`);
    const card = page.getByTestId('member-exemptions');
    await card.getByRole('link', { name: viUi.exemption.end }).click();
    await page.getByRole('heading', { level: 1, name: viUi.exemption.endTitle.replace('{{name}}', m.full_name) }).waitFor();
    await typeDate(page, field('validTo'), from);
    await page.getByRole('button', { name: viUi.exemption.endSubmit, exact: true }).click();
    await errorUnder(page, field('validTo')).filter({ hasText: vi(from) }).waitFor();
    await typeDate(page, field('validTo'), today);
    await page.getByLabel(field('resolutionNo'), { exact: true }).fill('11-NQ/CB');
    await axe(page, 'exemption end form');
    await page.getByRole('button', { name: viUi.exemption.endSubmit, exact: true }).click();
    await page.waitForURL(/\/timeline$/);
    await card.getByText(vi(today)).waitFor();
    expect(await card.getByRole('link', { name: viUi.exemption.end }).count()).toBe(0);
    const { rows } = await server.db.pool.query<{ valid_to: string }>('SELECT valid_to FROM member_exemptions WHERE member_id = $1', [m.id]);
    expect(rows).toEqual([{ valid_to: today }]);
  });
});

describe('the transfers page', () => {
  it('is linked from the dashboard and has no serious accessibility findings, in Vietnamese and in Arabic', async () => {
    const { rows } = await server.db.pool.query<{ id: number }>(`SELECT id FROM units WHERE type_code = 'province' ORDER BY id LIMIT 1`);
    const provinceId = (rows[0] as { id: number }).id;
    await page.goto(`${server.url}/units/${provinceId}`);
    await page.getByTestId('transfers-waiting').getByRole('link', { name: viUi.movements.transfersList }).click();
    await page.getByRole('heading', { level: 1, name: /^Chuyển sinh hoạt đảng: / }).waitFor();
    await page.getByRole('tab', { name: ui.directions.outgoing }).click();
    await segment(page, ui.listStates.all);
    const list = page.getByTestId('transfer-list');
    await poll(() => list.getByTestId('transfer-state').count()).toBeGreaterThanOrEqual(3);
    await axe(page, 'transfers page');

    await page.getByTestId('language').click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'العربية' }).click();
    await poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByRole('tab', { name: arUi.transfers.directions.outgoing }).waitFor();
    await list.getByTestId('transfer-state').filter({ hasText: translate('ar', 'enums.transferState.ended') }).first().waitFor();
    await axe(page, 'transfers page in Arabic');
    await saveScreenshot(page, 'ar-transfers');
    // Back to Vietnamese for the account (the language is kept for it).
    await page.getByTestId('language').click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'Tiếng Việt' }).click();
    await poll(() => page.locator('html').getAttribute('dir')).toBe('ltr');
  });

  it('has no serious or critical accessibility violations on the new screens', () => {
    expect(violations).toEqual([]);
  });
});

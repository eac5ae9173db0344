import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { expectProblem } from '../../../../test/expect-problem.ts';
import { makeUserWithToken, useTestApp } from '../../../../test/app.ts';
import { citizenId, makeMember, makeTree } from '../../../../test/factories.ts';
import type { ImportJob } from '../../../shared/schemas/imports.ts';
import { failInterruptedJobs } from './imports.repository.ts';

/**
 * Imports over HTTP on a small tree: upload, suggested mapping, check, the error file, apply in
 * both modes, idempotence, updates, scope, bad files, cancel, a restart, and the round trip of
 * an export.
 */

const { db, app } = useTestApp();

const CSV = { 'content-type': 'text/csv' };
const HEADER = ['Họ và tên', 'Giới tính', 'Ngày sinh', 'Dân tộc', 'Tôn giáo', 'Số CCCD', 'Ngày vào đảng', 'Ngày lễ kết nạp', 'Ngày chính thức', 'Mã chi bộ', 'Số điện thoại'];

const csv = (rows: string[][]) => `\uFEFF${[HEADER, ...rows].map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n')}\r\n`;

function row(o: { name?: string; id?: string; unit: string; birth?: string; admitted?: string; ceremony?: string; official?: string; phone?: string }) {
  return [o.name ?? 'Nguyễn Văn Nhập', 'Nam', o.birth ?? '12/04/1985', 'Kinh', 'Không', o.id ?? citizenId(), o.admitted ?? '02/03/2015',
    o.ceremony ?? '20/03/2015', o.official ?? '20/03/2016', o.unit, o.phone ?? ''];
}

/** Text as Vietnamese Windows stores it: letters with their hat or horn whole, the tone as a combining mark. */
const windows1258Form = (text: string) => [...text.normalize('NFC')].map((c) => {
  const parts = c.normalize('NFD');
  const tone = parts.replace(/[^\u0300\u0301\u0303\u0309\u0323]/g, '');
  return parts.replace(/[\u0300\u0301\u0303\u0309\u0323]/g, '').normalize('NFC') + tone;
}).join('');

async function upload(body: string | Buffer, unitId: number, headers: Record<string, string> = CSV) {
  return app.inject({ method: 'POST', url: `/api/v1/members/import?unit=${unitId}&fileName=list.csv`, headers, payload: body });
}

async function settle(id: number, headers: Record<string, string> = {}): Promise<ImportJob> {
  for (;;) {
    const job = (await app.inject({ url: `/api/v1/imports/${id}`, headers })).json<ImportJob>();
    if (job.state !== 'checking' && job.state !== 'applying') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function run(job: ImportJob, step: 'check' | 'apply', mode: 'all_or_nothing' | 'valid_rows' = 'all_or_nothing', headers: Record<string, string> = {}) {
  const res = await app.inject({
    method: 'POST', url: `/api/v1/imports/${job.id}/${step}`, headers, payload: { mapping: job.suggestedMapping, mode },
  });
  expect(res.statusCode, res.body).toBe(202);
  return settle(job.id, headers);
}

const countMembers = async (unitId: number) => Number((await db.pool.query(
  `SELECT count(*) FROM membership_spans WHERE unit_id = $1 AND valid_to = 'infinity'`, [unitId])).rows[0].count);

describe('member import', () => {
  it('checks, reports row-numbered errors, refuses all or nothing, applies the valid rows, and changes nothing the second time', async () => {
    const tree = await makeTree(db);
    const dup = citizenId();
    const file = csv([
      row({ name: 'Phạm Thị Mai', unit: tree.cellA.code }),
      row({ name: 'Lê Văn Hùng', unit: tree.cellB.code, official: '' }),
      row({ unit: tree.cellA.code, birth: '31/02/1985' }),
      row({ unit: 'KHONG-CO', id: dup }),
      row({ unit: tree.cellA.code, id: dup }),
      row({ unit: tree.province.code }),
      row({ unit: tree.cellA.code, birth: '2010-01-01' }),
    ]);
    const res = await upload(file, tree.province.id);
    expect(res.statusCode, res.body).toBe(201);
    const job = res.json<ImportJob>();
    expect(job).toMatchObject({ state: 'uploaded', format: 'csv', encoding: 'utf-8', header: HEADER });
    expect(job.suggestedMapping).toEqual({
      'Họ và tên': 'fullName', 'Giới tính': 'gender', 'Ngày sinh': 'birthDate', 'Dân tộc': 'ethnicity', 'Tôn giáo': 'religion',
      'Số CCCD': 'citizenId', 'Ngày vào đảng': 'admissionDecisionDate', 'Ngày lễ kết nạp': 'ceremonyDate',
      'Ngày chính thức': 'officialDate', 'Mã chi bộ': 'unitCode', 'Số điện thoại': 'phone',
    });

    const checked = await run(job, 'check');
    expect(checked.state).toBe('checked');
    expect(checked.counts).toEqual({ total: 7, new: 2, updated: 0, unchanged: 0, rejected: 5 });
    const byRow = Object.fromEntries(checked.firstErrors.map((e) => [e.row, e]));
    expect(byRow[4]).toMatchObject({ path: 'birthDate', code: 'import_date' });
    expect(byRow[4]?.message).toContain('31/02/1985');
    expect(byRow[5]).toMatchObject({ path: 'unitCode', code: 'import_unit_unknown' });
    expect(byRow[6]).toMatchObject({ path: 'citizenId', code: 'import_duplicate_row' });
    expect(byRow[7]).toMatchObject({ path: 'unitCode', code: 'import_unit_not_cell' });
    expect(byRow[8]).toMatchObject({ path: 'admissionDecisionDate', code: 'admission_age' });
    expect(await countMembers(tree.cellA.id)).toBe(0);

    // The error file: the refused rows as given, with the reason in the reader's language.
    const errors = await app.inject({ url: `/api/v1/imports/${job.id}/errors?format=csv`, headers: { 'accept-language': 'en' } });
    expect(errors.statusCode, errors.body).toBe(200);
    const table = parse(errors.rawPayload.toString('utf8'), { bom: true }) as string[][];
    expect(table[0]).toEqual(['Row', ...HEADER, 'What is wrong']);
    expect(table.slice(1).map((r) => r[0])).toEqual(['4', '5', '6', '7', '8']);
    expect(table[3]?.at(-1)).toContain('row 5');
    const xlsx = await app.inject({ url: `/api/v1/imports/${job.id}/errors?format=xlsx` });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets[0]?.rowCount).toBe(6);

    const refused = await run(job, 'apply');
    expect(refused).toMatchObject({ state: 'rejected', counts: { new: 2, rejected: 5 } });
    expect(await countMembers(tree.cellA.id)).toBe(0);

    const applied = await run(job, 'apply', 'valid_rows');
    expect(applied).toMatchObject({ state: 'applied', counts: { new: 2, rejected: 5 } });
    expect(await countMembers(tree.cellA.id)).toBe(1);
    expect(await countMembers(tree.cellB.id)).toBe(1);
    // The new members are whole records: profile, events and spans, as a registration makes them.
    const list = (await app.inject({ url: `/api/v1/members?unit=${tree.cellA.id}` })).json<{ items: { id: number; fullName: string }[] }>();
    const mai = list.items.find((m) => m.fullName === 'Phạm Thị Mai');
    expect(mai).toBeDefined();
    const profile = (await app.inject({ url: `/api/v1/members/${mai?.id}` })).json();
    expect(profile).toMatchObject({ gender: 'male', ethnicity: '01', religion: 'none', birthDate: '1985-04-12', membership: { status: 'official', unitId: tree.cellA.id } });
    const timeline = (await app.inject({ url: `/api/v1/members/${mai?.id}/timeline` })).json();
    expect(timeline.events.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['admitted', 'recognized_official']));
    const asOf2015 = (await app.inject({ url: `/api/v1/units/${tree.cellB.id}/stats?asOf=2015-06-01` })).json();
    expect(asOf2015.byStatus).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'probationary', count: 1 })]));

    // An applied file is not kept: a new run needs a new upload.
    expectProblem(await app.inject({ method: 'POST', url: `/api/v1/imports/${job.id}/check`, payload: { mapping: job.suggestedMapping } }), 409, 'import_file_gone');

    // The same file again: nothing new.
    const again = await upload(file, tree.province.id);
    const second = await run(again.json<ImportJob>(), 'apply', 'valid_rows');
    expect(second).toMatchObject({ state: 'applied', counts: { total: 7, new: 0, updated: 0, unchanged: 2, rejected: 5 } });
    expect(await countMembers(tree.cellA.id)).toBe(1);
  });

  it('updates the profile of a member on record, keeping the earlier values in an event, and refuses lifecycle changes', async () => {
    const tree = await makeTree(db);
    const member = await makeMember(db, tree.cellA.id, { fullName: 'Đỗ Văn Cũ', phone: '0912000111' });
    const other = await makeMember(db, tree.cellA.id, { fullName: 'Vũ Thị Khác' });
    const file = csv([
      row({ name: 'Đỗ Văn Mới', id: member.citizenId as string, unit: tree.cellA.code, phone: '0912 000 222', birth: '12/04/1985' }),
      row({ name: 'Vũ Thị Khác', id: other.citizenId as string, unit: tree.cellB.code }),
    ]);
    const job = (await upload(file, tree.province.id)).json<ImportJob>();
    const done = await run(job, 'apply', 'valid_rows');
    expect(done.counts).toMatchObject({ new: 0, updated: 1, rejected: 1 });
    expect(done.firstErrors[0]).toMatchObject({ row: 3, path: 'unitCode', code: 'import_unit_differs' });
    const after = (await app.inject({ url: `/api/v1/members/${member.id}` })).json();
    expect(after).toMatchObject({ fullName: 'Đỗ Văn Mới', phone: '0912 000 222', version: 2 });
    const timeline = (await app.inject({ url: `/api/v1/members/${member.id}/timeline` })).json();
    const update = timeline.events.find((e: { kind: string }) => e.kind === 'profile_updated');
    expect(update.details).toMatchObject({ before: { fullName: 'Đỗ Văn Cũ', phone: '0912000111' }, after: { fullName: 'Đỗ Văn Mới' } });
  });

  it('keeps to the importer’s reach: units and members outside it are refused by row', async () => {
    const tree = await makeTree(db);
    const outside = await makeMember(db, tree.cellB.id);
    const staff = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: tree.cellA.id });
    const auth = { authorization: `Bearer ${staff.token}` };
    expectProblem(await upload(csv([]), tree.province.id, { ...CSV, ...auth }), 400, 'validation_failed');
    const res = await upload(csv([row({ unit: tree.cellB.code }), row({ unit: tree.cellA.code, id: outside.citizenId as string })]), tree.cellA.id, { ...CSV, ...auth });
    expect(res.statusCode, res.body).toBe(201);
    const checked = await run(res.json<ImportJob>(), 'check', 'all_or_nothing', auth);
    expect(checked.firstErrors.map((e) => e.code)).toEqual(['import_unit_unknown', 'import_member_out_of_reach']);
    // Another user's import is not found.
    expectProblem(await app.inject({ url: `/api/v1/imports/${checked.id}` }), 404, 'not_found');
    const secretary = await makeUserWithToken(db, { roleCode: 'cell_secretary', unitId: tree.cellA.id });
    expectProblem(await upload(csv([]), tree.cellA.id, { ...CSV, authorization: `Bearer ${secretary.token}` }), 403, 'forbidden');
  });

  it('refuses files that are no spreadsheet, too large, encrypted, or have no identifier column', async () => {
    const tree = await makeTree(db);
    const pdf = expectProblem(await upload(Buffer.from('%PDF-1.4\n%\xff\xfe binary'), tree.province.id, { 'content-type': 'application/octet-stream', 'accept-language': 'en' }), 400, 'import_file_type');
    expect(pdf.detail).toContain('xlsx');
    const cfb = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600), Buffer.from('EncryptedPackage', 'utf16le'), Buffer.alloc(600)]);
    expectProblem(await upload(cfb, tree.province.id, { 'content-type': 'application/octet-stream' }), 400, 'import_file_encrypted');
    expectProblem(await upload('', tree.province.id), 400, 'import_file_empty');
    const settings = app.importJobs.settings as { maxBytes: number };
    const max = settings.maxBytes;
    settings.maxBytes = 1_000;
    try {
      expectProblem(await upload(csv(Array.from({ length: 20 }, () => row({ unit: tree.cellA.code }))), tree.province.id), 413, 'import_file_too_large');
    } finally {
      settings.maxBytes = max;
    }
    const job = (await upload(csv([row({ unit: tree.cellA.code })]), tree.province.id)).json<ImportJob>();
    // A saved mapping whose columns the file has is suggested for it.
    const mine = { 'Họ và tên': 'fullName', 'Số CCCD': 'citizenId', 'Số điện thoại': 'occupation' };
    const saved = await app.inject({ method: 'POST', url: '/api/v1/import-mappings', payload: { kind: 'members', name: 'Danh sách xã', mapping: mine } });
    expect(saved.statusCode).toBe(201);
    expect((await app.inject({ url: `/api/v1/imports/${job.id}` })).json<ImportJob>().suggestedMapping).toEqual(mine);
    expect((await app.inject({ url: '/api/v1/import-mappings?kind=members' })).json()).toEqual([expect.objectContaining({ name: 'Danh sách xã', mapping: mine })]);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/import-mappings/${saved.json().id}` })).statusCode).toBe(204);
    expect((await app.inject({ url: `/api/v1/imports/${job.id}` })).json<ImportJob>().suggestedMapping).toEqual(job.suggestedMapping);
    const { 'Số CCCD': _, ...noIdentity } = job.suggestedMapping;
    const bad = expectProblem(await app.inject({
      method: 'POST', url: `/api/v1/imports/${job.id}/apply`, payload: { mapping: { ...noIdentity, Nowhere: 'phone', 'Họ và tên': 'nonsense' } },
      headers: { 'accept-language': 'en' },
    }), 400, 'validation_failed');
    expect(bad.errors?.at(-1)?.message).toBe('Map a column to “Citizen ID” or “Party card number”.');
    expect(bad.errors?.map((e) => [e.path, e.code])).toEqual([
      ['mapping.Họ và tên', 'one_of'], ['mapping.Nowhere', 'import_mapping_column'], ['mapping.citizenId', 'import_mapping_identity'],
    ]);
  });

  it('reads UTF-16 and Windows-1258 CSV, refuses formulas and damaged workbooks, and refuses new rows missing a required column', async () => {
    const tree = await makeTree(db);
    const text = csv([row({ name: 'Đặng Thị Hằng', unit: tree.cellA.code })]).slice(1);
    for (const [bytes, encoding] of [
      [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'utf-16le'],
      [iconv.encode(windows1258Form(text), 'windows1258'), 'windows-1258'],
    ] as const) {
      const res = await upload(bytes, tree.province.id, { 'content-type': 'application/octet-stream' });
      expect(res.statusCode, res.body).toBe(201);
      const job = res.json<ImportJob>();
      expect(job).toMatchObject({ encoding, header: HEADER });
      const checked = await run(job, 'check');
      expect(checked.counts, JSON.stringify(checked.firstErrors)).toMatchObject({ new: 1, rejected: 0 });
    }

    // XLSX: a formula in a mapped cell refuses its row; the other row goes through.
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('DS');
    sheet.addRow(HEADER);
    sheet.addRow(row({ unit: tree.cellA.code }));
    const withFormula = row({ unit: tree.cellA.code });
    sheet.addRow(withFormula);
    sheet.getCell('A3').value = { formula: 'CONCAT("Lê ","Văn")', result: 'Lê Văn' };
    const xlsx = Buffer.from(await book.xlsx.writeBuffer());
    const job = (await upload(xlsx, tree.province.id, { 'content-type': 'application/octet-stream' })).json<ImportJob>();
    const refused = await run(job, 'apply');
    expect(refused).toMatchObject({ state: 'rejected', counts: { new: 1, rejected: 1 } });
    expect(refused.firstErrors[0]).toMatchObject({ row: 3, code: 'import_formula' });
    expect(await countMembers(tree.cellA.id)).toBe(0);

    expectProblem(await upload(xlsx.subarray(0, Math.floor(xlsx.length / 2)), tree.province.id, { 'content-type': 'application/octet-stream' }), 400, 'import_file_corrupt');

    // A file without a birth date column: members on record may be updated, new ones are refused by row.
    const noBirth = `${[HEADER.filter((h) => h !== 'Ngày sinh'), ...[1, 2].map(() => row({ unit: tree.cellB.code }).filter((_, i) => i !== 2))].map((r) => r.join(',')).join('\n')}\n`;
    const partial = await run((await upload(noBirth, tree.province.id)).json<ImportJob>(), 'check');
    expect(partial.counts).toMatchObject({ new: 0, rejected: 2 });
    expect(partial.firstErrors.map((e) => [e.row, e.path, e.code])).toEqual([[2, 'birthDate', 'required'], [3, 'birthDate', 'required']]);
  });

  it('refuses a member named twice by different identifiers, a birth date the age rule forbids, and a second run of a running import', async () => {
    const tree = await makeTree(db);
    const member = await makeMember(db, tree.cellA.id, { cardNumber: '01234567', fullName: 'Mai Văn Hai' });
    const header = ['Số CCCD', 'Số thẻ đảng viên', 'Nghề nghiệp', 'Ngày sinh'];
    const file = `${[header, [member.citizenId as string, '', 'Kỹ sư', ''], ['', '01234567', 'Bác sĩ', ''], [member.citizenId as string, '', '', '01/01/2010']]
      .map((r) => r.join(',')).join('\n')}\n`;
    const job = (await upload(file, tree.province.id)).json<ImportJob>();
    const checked = await run(job, 'apply', 'valid_rows');
    expect(checked.counts).toMatchObject({ updated: 1, rejected: 2 });
    expect(checked.firstErrors.map((e) => [e.row, e.path, e.code])).toEqual([
      [3, 'cardNumber', 'import_duplicate_row'], [4, 'citizenId', 'import_duplicate_row'], [4, 'admissionDecisionDate', 'admission_age'],
    ]);
    const birth = `${[header, [member.citizenId as string, '', '', '01/01/2010']].map((r) => r.join(',')).join('\n')}\n`;
    const aged = await run((await upload(birth, tree.province.id)).json<ImportJob>(), 'check');
    expect(aged.firstErrors[0]).toMatchObject({ row: 2, path: 'admissionDecisionDate', code: 'admission_age' });

    const many = csv(Array.from({ length: 3_000 }, () => row({ unit: tree.cellA.code })));
    const big = (await upload(many, tree.province.id)).json<ImportJob>();
    const [a, b] = await Promise.all(['check', 'apply'].map((step) => app.inject({
      method: 'POST', url: `/api/v1/imports/${big.id}/${step}`, payload: { mapping: big.suggestedMapping },
    })));
    expect([a?.statusCode, b?.statusCode].sort()).toEqual([202, 409]);
    expect(await settle(big.id)).toMatchObject({ state: expect.stringMatching(/^(checked|applied)$/), counts: { total: 3_000 } });
  });

  it('leaves nothing applied after a cancel or a restart', async () => {
    const tree = await makeTree(db);
    // Rows that pass the check: a file of refused rows is checked too fast for the cancel to arrive in time.
    const many = csv(Array.from({ length: 6_000 }, () => row({ unit: tree.cellC.code, admitted: '02/08/2025', ceremony: '20/08/2025', official: '', birth: '01/01/1990' })));
    const job = (await upload(many, tree.province.id)).json<ImportJob>();
    const checked = await run(job, 'check');
    expect(checked.counts).toMatchObject({ new: 6_000, rejected: 0 });
    const started = await app.inject({ method: 'POST', url: `/api/v1/imports/${job.id}/apply`, payload: { mapping: job.suggestedMapping } });
    expect(started.json()).toMatchObject({ state: 'checking' });
    const cancel = await app.inject({ method: 'POST', url: `/api/v1/imports/${job.id}/cancel` });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(await settle(job.id)).toMatchObject({ state: 'cancelled' });
    expect(await countMembers(tree.cellC.id)).toBe(0);

    // A process that stopped mid-run: the next start marks the job failed and drops its rows.
    await db.pool.query(`UPDATE import_jobs SET state = 'applying' WHERE id = $1`, [job.id]);
    await db.pool.query(`INSERT INTO import_rows (job_id, row_number, action) VALUES ($1, 2, 'new')`, [job.id]);
    expect(await failInterruptedJobs(db.pool, JSON.stringify({ code: 'import_interrupted', params: {} }))).toBe(1);
    const failed = (await app.inject({ url: `/api/v1/imports/${job.id}`, headers: { 'accept-language': 'en' } })).json<ImportJob>();
    expect(failed).toMatchObject({ state: 'failed', failure: expect.stringContaining('nothing was written') });
    expect(Number((await db.pool.query('SELECT count(*) FROM import_rows WHERE job_id = $1', [job.id])).rows[0].count)).toBe(0);
  });

  it('reads back an export of the same members as unchanged (the round trip)', async () => {
    const tree = await makeTree(db);
    for (let i = 0; i < 3; i++) await makeMember(db, tree.cellA.id, { fullName: `Trần Thị Vòng ${i}`, phone: '0912 345 678', ethnicity: '02', religion: 'buddhism' });
    await makeMember(db, tree.cellB.id, { officialDate: null, fullName: 'Ngô Văn Dự Bị' });
    for (const format of ['csv', 'xlsx'] as const) {
      const exported = await app.inject({ url: `/api/v1/members/export?format=${format}&unit=${tree.province.id}&columns=${[
        'id', 'fullName', 'otherNames', 'gender', 'birthDate', 'birthPlace', 'hometown', 'residence', 'ethnicity', 'religion', 'citizenId',
        'phone', 'education', 'qualification', 'academicTitle', 'theoryLevel', 'occupation', 'position', 'admissionDecisionDate',
        'admissionDecisionNo', 'ceremonyDate', 'officialDate', 'cardNumber', 'status', 'since', 'unitId', 'unitCode', 'unitName'].join(',')}` });
      expect(exported.statusCode, exported.body).toBe(200);
      const res = await upload(exported.rawPayload, tree.province.id, { 'content-type': 'application/octet-stream' });
      expect(res.statusCode, res.body).toBe(201);
      const job = res.json<ImportJob>();
      expect(Object.values(job.suggestedMapping)).toEqual(expect.arrayContaining(['citizenId', 'unitCode', 'officialDate', 'theoryLevel']));
      const checked = await run(job, 'check');
      expect(checked.counts, JSON.stringify(checked.firstErrors)).toEqual({ total: 4, new: 0, updated: 0, unchanged: 4, rejected: 0 });
    }
  });
});

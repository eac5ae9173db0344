import { describe, expect, it, vi } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { parse as parseDisposition } from 'content-disposition';
import type { LightMyRequestResponse } from 'fastify';
import { expectProblem } from '../../../../test/expect-problem.ts';
import { makeUserWithToken, useTestApp } from '../../../../test/app.ts';
import { makeMember, makeTree } from '../../../../test/factories.ts';
import { SYSTEM_ACTOR } from '../access/actor.ts';
import * as repo from './exports.repository.ts';
import { exportMembers } from './exports.service.ts';

/**
 * Exports over HTTP on a small tree: CSV and XLSX read back and checked cell by cell, the
 * caller's scope and sensitive columns, bad parameters, the audit row, a failure in the middle
 * of the stream, and the statistics tables.
 */

vi.mock('./exports.repository.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('./exports.repository.ts')>();
  return { ...original, memberExportPage: vi.fn(original.memberExportPage) };
});

const { db, app } = useTestApp();

const BOM = '\uFEFF';
const csvRows = (res: LightMyRequestResponse): string[][] => parse(res.rawPayload.toString('utf8'), { bom: true }) as string[][];

async function readXlsx(res: LightMyRequestResponse) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return workbook;
}

/** Province → bloc → cells A and B; A: An (official), Bình (probationary, Tày, Buddhist); B: Cường. */
async function scenario() {
  const tree = await makeTree(db);
  const an = await makeMember(db, tree.cellA.id, {
    fullName: 'Nguyễn Văn An', phone: '0912 345 678', residence: 'Thôn Đông, xã Hòa Bình', occupation: 'Kỹ sư',
  });
  const binh = await makeMember(db, tree.cellA.id, {
    fullName: 'Hoàng Thị Bình', gender: 'female', birthDate: '1995-06-01', ethnicity: '02', religion: 'buddhism',
    theoryLevel: 'elementary', admissionDecisionDate: '2023-03-01', ceremonyDate: '2023-03-15', officialDate: null,
    occupation: '=HYPERLINK("http://example.invalid","x")',
  });
  const cuong = await makeMember(db, tree.cellB.id, { fullName: 'Trần Văn Cường', birthDate: '1970-01-15' });
  return { tree, an, binh, cuong };
}

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers });

describe('GET /members/export', () => {
  it('writes a CSV in register order: BOM, CRLF, a Vietnamese header, labels for codes, ISO dates', async () => {
    const s = await scenario();
    const res = await get(`/api/v1/members/export?format=csv&unit=${s.tree.province.id}&asOf=2025-01-01&columns=id,fullName,gender,birthDate,ethnicity,religion,status,since,unitCode,unitName,occupation`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    const text = res.rawPayload.toString('utf8');
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.split('\r\n')).toHaveLength(5); // header, three rows, and the last line end
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');

    // The name in the reader's language (RFC 5987 filename*), and an ASCII one for older clients.
    const disposition = parseDisposition(res.headers['content-disposition'] as string);
    expect(disposition.type).toBe('attachment');
    expect(disposition.parameters.filename).toBe(`Danh sách đảng viên ${s.tree.province.code} 2025-01-01.csv`);
    expect(res.headers['content-disposition']).toContain(`filename=members_${s.tree.province.code}_2025-01-01.csv;`);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''Danh%20s%C3%A1ch%20%C4%91%E1%BA%A3ng%20vi%C3%AAn%20");

    const [header, ...rows] = csvRows(res);
    expect(header).toEqual(['Mã đảng viên', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Dân tộc', 'Tôn giáo', 'Loại đảng viên',
      'Từ ngày', 'Mã chi bộ', 'Chi bộ', 'Nghề nghiệp']);
    // Register order: given name first (An, Bình, Cường).
    expect(rows.map((r) => r[1])).toEqual(['Nguyễn Văn An', 'Hoàng Thị Bình', 'Trần Văn Cường']);
    expect(rows[1]).toEqual([String(s.binh.id), 'Hoàng Thị Bình', 'Nữ', '1995-06-01', 'Tày', 'Phật giáo', 'Dự bị', '2023-03-01',
      s.tree.cellA.code, 'Chi bộ Sở Tư pháp', `'=HYPERLINK("http://example.invalid","x")`]);
    expect(rows[2]?.slice(2, 4)).toEqual(['Nam', '1970-01-15']);
  });

  it('writes an XLSX with real cell types, a frozen English header and diacritics intact', async () => {
    const s = await scenario();
    const res = await get(`/api/v1/members/export?format=xlsx&unit=${s.tree.bloc.id}&asOf=2025-01-01&columns=id,fullName,gender,birthDate,status,unitName`,
      { 'accept-language': 'en' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(parseDisposition(res.headers['content-disposition'] as string).parameters.filename)
      .toBe(`Members ${s.tree.bloc.code} 2025-01-01.xlsx`);

    const workbook = await readXlsx(res);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.name).toBe('Members');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.rowCount).toBe(4);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['Member id', 'Full name', 'Gender', 'Date of birth', 'Status', 'Cell']);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getColumn(2).width).toBeGreaterThanOrEqual(28);

    const binh = sheet.getRow(3);
    expect(binh.getCell(1).type).toBe(ExcelJS.ValueType.Number);
    expect(binh.getCell(1).value).toBe(s.binh.id);
    expect(binh.getCell(2).value).toBe('Hoàng Thị Bình');
    expect(binh.getCell(3).value).toBe('Female');
    expect(binh.getCell(4).type).toBe(ExcelJS.ValueType.Date);
    expect((binh.getCell(4).value as Date).toISOString()).toBe('1995-06-01T00:00:00.000Z');
    expect(binh.getCell(4).numFmt).toBe('dd/mm/yyyy');
    expect(binh.getCell(5).value).toBe('Probationary');
    expect(binh.getCell(6).value).toBe('Chi bộ Sở Tư pháp');
  });

  it('gives stored codes with labels=codes, and the user’s own language without Accept-Language', async () => {
    const s = await scenario();
    const codes = await get(`/api/v1/members/export?format=csv&unit=${s.tree.cellA.id}&labels=codes&columns=fullName,gender,ethnicity,religion,occupation&asOf=2025-01-01`);
    expect(codes.statusCode, codes.body).toBe(200);
    const [header, , binh] = csvRows(codes);
    expect(header).toEqual(['fullName', 'gender', 'ethnicity', 'religion', 'occupation']);
    // Codes are data for programs: nothing is rewritten, a leading = included.
    expect(binh).toEqual(['Hoàng Thị Bình', 'female', '02', 'buddhism', '=HYPERLINK("http://example.invalid","x")']);

    const russian = await makeUserWithToken(db, { roleCode: 'organization_board', unitId: s.tree.province.id });
    await db.pool.query(`UPDATE users SET locale = 'ru' WHERE id = $1`, [russian.userId]);
    const res = await app.inject({
      url: `/api/v1/members/export?format=xlsx&unit=${s.tree.cellA.id}&columns=fullName,gender,birthDate&asOf=2025-01-01`,
      headers: { authorization: `Bearer ${russian.token}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    const sheet = (await readXlsx(res)).worksheets[0] as ExcelJS.Worksheet;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['Фамилия и имя', 'Пол', 'Дата рождения']);
    expect(sheet.getRow(2).getCell(3).numFmt).toBe('dd.mm.yyyy');
  });

  it('keeps to the caller’s scope: a cell secretary gets their cell only; other units are 404', async () => {
    const s = await scenario();
    const other = await makeTree(db);
    await makeMember(db, other.cellA.id, { fullName: 'Phạm Văn Xa' });
    const secretary = await makeUserWithToken(db, { roleCode: 'cell_secretary', unitId: s.tree.cellA.id, includeSubtree: false });
    const auth = { authorization: `Bearer ${secretary.token}` };

    const mine = await get('/api/v1/members/export?format=csv&labels=codes&columns=id,unitId&asOf=2025-01-01', auth);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(csvRows(mine).slice(1)).toEqual([[String(s.an.id), String(s.tree.cellA.id)], [String(s.binh.id), String(s.tree.cellA.id)]]);
    expect(parseDisposition(mine.headers['content-disposition'] as string).parameters.filename)
      .toBe(`Danh sách đảng viên ${s.tree.cellA.code} 2025-01-01.csv`);

    for (const unit of [s.tree.cellB.id, s.tree.bloc.id, other.cellA.id, 999_999_999]) {
      expectProblem(await get(`/api/v1/members/export?format=csv&unit=${unit}`, auth), 404, 'not_found');
    }
    expectProblem(await get(`/api/v1/units/${s.tree.cellB.id}/statistics/export?format=csv`, auth), 404, 'not_found');
  });

  it('refuses sensitive columns unless the caller may read them for the whole list', async () => {
    const s = await scenario();
    const observer = await makeUserWithToken(db, { roleCode: 'observer', unitId: s.tree.province.id });
    const auth = { authorization: `Bearer ${observer.token}`, 'accept-language': 'en' };
    const refused = expectProblem(await get(`/api/v1/members/export?format=csv&columns=fullName,citizenId,phone&unit=${s.tree.cellA.id}`, auth),
      400, 'validation_failed');
    expect(refused.errors).toEqual([expect.objectContaining({ path: 'columns', code: 'export_columns_sensitive' })]);
    expect(refused.errors?.[0]?.message).toContain('citizenId, phone');
    // Without sensitive columns (the default set) the same caller gets the file.
    const plain = await get(`/api/v1/members/export?format=csv&unit=${s.tree.cellA.id}`, auth);
    expect(plain.statusCode, plain.body).toBe(200);
    expect(csvRows(plain)[0]).not.toContain('Citizen ID');
    expect(csvRows(plain)[0]).toContain('Full name');

    // Sensitive reach over cell A alone: cell A alone may be exported with them; not the units
    // below it (none here, but the reach does not extend there), nor the province.
    const mixed = await makeUserWithToken(db, { roleCode: 'observer', unitId: s.tree.province.id });
    await db.pool.query(`INSERT INTO grants (user_id, role_code, unit_id, include_subtree) VALUES ($1, 'cell_secretary', $2, false)`,
      [mixed.userId, s.tree.cellA.id]);
    const mixedAuth = { authorization: `Bearer ${mixed.token}` };
    const cellA = await get(`/api/v1/members/export?format=csv&labels=codes&columns=fullName,citizenId,phone,residence,religion&unit=${s.tree.cellA.id}&subtree=false&asOf=2025-01-01`, mixedAuth);
    expect(cellA.statusCode, cellA.body).toBe(200);
    const an = (await db.pool.query('SELECT citizen_id FROM members WHERE id = $1', [s.an.id])).rows[0].citizen_id as string;
    expect(csvRows(cellA)[1]).toEqual(['Nguyễn Văn An', an, '0912 345 678', 'Thôn Đông, xã Hòa Bình', 'none']);
    expectProblem(await get(`/api/v1/members/export?format=csv&columns=citizenId&unit=${s.tree.cellA.id}`, mixedAuth), 400, 'validation_failed');
    expectProblem(await get(`/api/v1/members/export?format=csv&columns=citizenId&unit=${s.tree.province.id}`, mixedAuth), 400, 'validation_failed');
    expectProblem(await get('/api/v1/members/export?format=csv&columns=religion', mixedAuth), 400, 'validation_failed');
  });

  it('refuses bad parameters before the first byte, naming the field', async () => {
    const en = { 'accept-language': 'en' };
    const unknown = expectProblem(await get('/api/v1/members/export?format=csv&columns=fullName,shoeSize', en), 400, 'validation_failed');
    expect(unknown.errors).toHaveLength(1);
    expect(unknown.errors?.[0]).toMatchObject({ path: 'columns', code: 'export_columns' });
    expect(unknown.errors?.[0]?.message).toContain('shoeSize');
    expect(unknown.errors?.[0]?.message).toContain('fullName, otherNames, gender');
    const empty = expectProblem(await get('/api/v1/members/export?format=csv&columns=,', en), 400, 'validation_failed');
    expect(empty.errors?.map((e) => e.path)).toEqual(['columns']);
    const format = expectProblem(await get('/api/v1/members/export?format=pdf', en), 400, 'validation_failed');
    expect(format.errors).toEqual([expect.objectContaining({ path: 'format', code: 'one_of' })]);
    expect(format.errors?.[0]?.message).toContain('csv, xlsx');
    expectProblem(await get('/api/v1/members/export', en), 400, 'validation_failed');
    const extra = expectProblem(await get('/api/v1/members/export?format=csv&limit=5', en), 400, 'validation_failed');
    expect(extra.errors?.[0]).toMatchObject({ path: 'limit', code: 'unknown_field' });
    expectProblem(await get('/api/v1/members/export?format=csv&labels=pretty', en), 400, 'validation_failed');
    expectProblem(await get('/api/v1/members/export?format=csv&asOf=2025-02-30', en), 400, 'validation_failed');
    expectProblem(await get('/api/v1/units/1/statistics/export?format=docx', en), 400, 'validation_failed');
  });

  it('records one audit row per export: what, filters and rows', async () => {
    const s = await scenario();
    const before = (await db.pool.query(`SELECT max(id) AS id FROM audit_log`)).rows[0].id as number;
    const res = await get(`/api/v1/members/export?format=xlsx&unit=${s.tree.cellA.id}&q=binh&columns=fullName,citizenId&asOf=2025-01-01`);
    expect(res.statusCode, res.body).toBe(200);
    const { rows } = await db.pool.query(
      `SELECT action, target_type, target_id, unit_path, details FROM audit_log WHERE id > $1 AND action LIKE '%.export'`, [before]);
    expect(rows).toEqual([{
      action: 'member.export', target_type: 'unit', target_id: String(s.tree.cellA.id), unit_path: s.tree.cellA.path,
      details: {
        format: 'xlsx', labels: 'names', columns: ['fullName', 'citizenId'], sensitiveColumns: ['citizenId'], rows: 1, completed: true,
        filters: { unit: s.tree.cellA.id, subtree: true, q: 'binh', status: null, asOf: '2025-01-01' },
      },
    }]);
  });

  it('pages by keyset through the whole list, as the list does', async () => {
    const s = await scenario();
    for (let i = 0; i < 9; i++) await makeMember(db, s.tree.cellB.id, { fullName: `Lê Văn Số ${i}` });
    const listed: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof get>> = await get(`/api/v1/members?unit=${s.tree.province.id}&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      listed.push(...(page.json().items as { id: number }[]).map((m) => m.id));
      cursor = page.json().nextCursor;
    } while (cursor);
    const file = await exportMembers({
      db, actor: SYSTEM_ACTOR, locale: 'vi', pageRows: 4, log: () => undefined,
      query: { format: 'csv', labels: 'codes', columns: ['id'], unit: s.tree.province.id, subtree: true },
    });
    const chunks: Buffer[] = [];
    for await (const chunk of file.stream) chunks.push(chunk as Buffer);
    const ids = (parse(Buffer.concat(chunks).toString('utf8'), { bom: true }) as string[][]).slice(1).map((r) => Number(r[0]));
    expect(ids).toHaveLength(12);
    expect(ids).toEqual(listed);
  });

  it('cuts the download off when a page fails in the middle, and records the export as incomplete', async () => {
    const s = await scenario();
    const page = vi.mocked(repo.memberExportPage);
    const real = await repo.memberExportPage(db.pool, {
      date: '2025-01-01', unit: null, scope: 'TRUE', scopeParams: [], search: null, named: null, digits: null, sensitiveScope: null,
      status: undefined, columns: ['fullName'], after: null, limit: 1,
    });
    // A first page full to the brim (so a second is read), then a failure.
    page.mockResolvedValueOnce(Array.from({ length: 5_000 }, (_, i) => ({ ...(real[0] as repo.ExportRow), id: i + 1 })));
    page.mockRejectedValueOnce(new Error('connection lost'));
    const before = (await db.pool.query(`SELECT max(id) AS id FROM audit_log`)).rows[0].id as number;
    // The connection is reset: no complete file, and no error body written into one.
    const url = `/api/v1/members/export?format=csv&columns=fullName&unit=${s.tree.province.id}`;
    await expect(get(url)).rejects.toMatchObject({ code: 'LIGHT_ECONNRESET' });
    // The audit row follows the reset (the server writes it once the stream has failed).
    await vi.waitFor(async () => {
      const { rows } = await db.pool.query(`SELECT 1 FROM audit_log WHERE id > $1 AND action = 'member.export'`, [before]);
      expect(rows).toHaveLength(1);
    }, { timeout: 10_000, interval: 50 });
    const { rows } = await db.pool.query(`SELECT details FROM audit_log WHERE id > $1 AND action = 'member.export'`, [before]);
    expect(rows).toHaveLength(1);
    expect(rows[0].details).toMatchObject({ rows: 5_000, completed: false });
    // The same request without the failure completes.
    expect(csvRows(await get(url))).toHaveLength(4);
  });
});

describe('GET /units/:id/statistics/export', () => {
  it('writes the breakdowns as one long CSV: breakdown, key, label, count', async () => {
    const s = await scenario();
    const res = await get(`/api/v1/units/${s.tree.bloc.id}/statistics/export?format=csv&asOf=2025-01-01`, { 'accept-language': 'en' });
    expect(res.statusCode, res.body).toBe(200);
    expect(parseDisposition(res.headers['content-disposition'] as string).parameters.filename)
      .toBe(`Member statistics ${s.tree.bloc.code} 2025-01-01.csv`);
    const [header, ...rows] = csvRows(res);
    expect(header).toEqual(['Table', 'Code', 'Label', 'Count']);
    expect(rows[0]).toEqual(['Summary', 'total', 'Members', '3']);
    expect(rows).toContainEqual(['By status', 'probationary', 'Probationary', '1']);
    expect(rows).toContainEqual(['By gender', 'female', 'Female', '1']);
    expect(rows).toContainEqual(['By ethnicity', '02', 'Tày', '1']);
    expect(rows).toContainEqual(['By religion', 'buddhism', 'Buddhism', '1']);
    expect(rows).toContainEqual(['By political theory', 'elementary', 'Elementary', '1']);
    expect(rows).toContainEqual(['Units by type', 'grassroots_cell', 'Grassroots cell', '2']);
    expect(rows).toContainEqual(['Admitted by year', '2023', '2023', '1']);
    expect(rows.filter((r) => r[0] === 'By age')).toHaveLength(6);
  });

  it('writes a sheet per breakdown in XLSX, counts as numbers, in the reader’s language', async () => {
    const s = await scenario();
    const res = await get(`/api/v1/units/${s.tree.bloc.id}/statistics/export?format=xlsx&asOf=2025-01-01`, { 'accept-language': 'ar' });
    expect(res.statusCode, res.body).toBe(200);
    const workbook = await readXlsx(res);
    expect(workbook.worksheets.map((w) => w.name)).toHaveLength(14);
    const status = workbook.worksheets[1] as ExcelJS.Worksheet;
    expect(status.name).toBe('حسب الحالة');
    expect(status.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, rightToLeft: true });
    expect((status.getRow(1).values as unknown[]).slice(1)).toEqual(['الرمز', 'البيان', 'العدد']);
    expect(status.getRow(2).getCell(1).value).toBe('probationary');
    expect(status.getRow(2).getCell(3).type).toBe(ExcelJS.ValueType.Number);
    expect(status.getRow(2).getCell(3).value).toBe(1);
    const { rows } = await db.pool.query(`SELECT details FROM audit_log WHERE action = 'statistics.export' AND target_id = $1`, [String(s.tree.bloc.id)]);
    expect(rows).toEqual([{ details: { format: 'xlsx', labels: 'names', rows: expect.any(Number), completed: true, filters: { asOf: '2025-01-01', subtree: true } } }]);
  });
});

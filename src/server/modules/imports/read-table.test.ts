import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportFileError, openTable, type TableRow } from './read-table.ts';
import { plainNumber } from './read-xlsx.ts';

const dir = mkdtempSync(join(tmpdir(), 'read-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const file = (data: string | Uint8Array) => {
  const path = join(dir, `f${files++}`);
  writeFileSync(path, data);
  return path;
};

async function read(path: string, options: { maxBytes?: number; fileName?: string } = {}) {
  const table = await openTable(path, { maxBytes: 50 * 1024 ** 2, ...options });
  const rows: TableRow[] = [];
  for await (const row of table.rows) rows.push(row);
  return { ...table, rows };
}
const cellsOf = (rows: TableRow[]) => rows.map((r) => r.cells);

/** Fails unless reading ends with an ImportFileError of this code (and these params). */
async function expectFileError(path: string, code: string, params?: Record<string, string | number>, options = {}) {
  const error: unknown = await read(path, options).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ImportFileError);
  expect((error as ImportFileError).code).toBe(code);
  if (params) expect((error as ImportFileError).params).toEqual(params);
}

/** A zip of stored or deflated entries, written by hand so that its contents are whatever a test needs. */
function zip(entries: { name: string; data: string | Buffer; deflate?: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, deflate } of entries) {
    const raw = Buffer.from(data);
    const body = deflate ? deflateRawSync(raw) : raw;
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc32(raw), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc32(raw), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

async function xlsx(fill: (workbook: ExcelJS.Workbook) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  fill(workbook);
  return file(Buffer.from(await workbook.xlsx.writeBuffer()));
}

/** An OLE compound file: the header sector, then a directory sector with the given stream names. */
function compoundFile(...names: string[]): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  const directory = Buffer.alloc(512);
  ['Root Entry', ...names].forEach((name, i) => directory.write(name, i * 128, 'utf16le'));
  return Buffer.concat([header, directory, Buffer.alloc(1024, 0xff)]);
}

/** Vietnamese as windows-1258 holds it: letters with ^, ˘ or the horn precomposed, tone marks combining. */
const codePageForm = (text: string) =>
  text.normalize('NFD').replace(/(\P{M})(\p{M}*)/gu, (_, base: string, marks: string) => {
    const tones = marks.match(/[\u0300\u0301\u0303\u0309\u0323]/g) ?? [];
    return (base + marks.replace(/[\u0300\u0301\u0303\u0309\u0323]/g, '')).normalize('NFC') + tones.join('');
  });

describe('CSV', () => {
  const text = 'Họ và tên,Ngày sinh,Ghi chú\r\nNguyễn Văn An,1990-01-31,\r\nTrần Thị Bình,1985-12-01,đảng viên mới\r\n';
  const expected = [['Nguyễn Văn An', '1990-01-31', ''], ['Trần Thị Bình', '1985-12-01', 'đảng viên mới']];

  it('reads UTF-8 without a BOM', async () => {
    const table = await read(file(text));
    expect(table).toMatchObject({ format: 'csv', encoding: 'utf-8', header: ['Họ và tên', 'Ngày sinh', 'Ghi chú'], headerRow: 1 });
    expect(cellsOf(table.rows)).toEqual(expected);
    expect(table.rows.map((r) => r.rowNumber)).toEqual([2, 3]);
    expect(table.rows[0]).toMatchObject({ formulaColumns: [], errorColumns: [] });
  });

  it('strips the UTF-8 BOM from the first header cell', async () => {
    const table = await read(file(`\ufeff${text}`));
    expect(table.header[0]).toBe('Họ và tên');
    expect(table.encoding).toBe('utf-8');
    expect(cellsOf(table.rows)).toEqual(expected);
  });

  it('reads UTF-16LE and UTF-16BE with a BOM (Excel\'s "Unicode text", tab-separated)', async () => {
    const tabbed = text.replaceAll(',', '\t');
    const le = await read(file(Buffer.from(`\ufeff${tabbed}`, 'utf16le')));
    expect(le).toMatchObject({ encoding: 'utf-16le', header: ['Họ và tên', 'Ngày sinh', 'Ghi chú'] });
    expect(cellsOf(le.rows)).toEqual(expected);
    const be = await read(file(Buffer.from(`\ufeff${tabbed}`, 'utf16le').swap16()));
    expect(be).toMatchObject({ encoding: 'utf-16be', header: ['Họ và tên', 'Ngày sinh', 'Ghi chú'] });
    expect(cellsOf(be.rows)).toEqual(expected);
  });

  it('reads windows-1258 (Excel on Vietnamese Windows) with tone marks composed to NFC', async () => {
    // windows-1258 has ê, ă, ư, Đ as letters and the tone marks as combining characters.
    const inCodePage = 'Ho\u0323 tên;Đơn vi\u0323\r\nNguy\u00ea\u0303n V\u0103n \u0110\u01b0\u0301c;Chi bô\u0323 1\r\n';
    const bytes = iconv.encode(inCodePage, 'windows1258');
    expect(iconv.decode(bytes, 'windows1258')).toBe(inCodePage); // nothing was lost on the way
    const table = await read(file(bytes));
    expect(table).toMatchObject({ encoding: 'windows-1258', header: ['Họ tên', 'Đơn vị'] });
    expect(cellsOf(table.rows)).toEqual([['Nguyễn Văn Đức', 'Chi bộ 1']]);
    expect(table.rows[0]!.cells[0]).toBe('Nguyễn Văn Đức'.normalize('NFC'));
  });

  it('normalizes every cell to NFC, trims it and removes NUL characters', async () => {
    const table = await read(file(Buffer.from('\ufeffa,b\n  Nguye\u0302\u0303n\u0000 ,\t x \n', 'utf16le')));
    expect(table.rows[0]!.cells).toEqual(['Nguyễn', 'x']);
  });

  it.each([
    [';', 'Họ tên;Email;"Ghi chú, khác"\nA;a@x.vn;"1,2"\n', ['Họ tên', 'Email', 'Ghi chú, khác'], [['A', 'a@x.vn', '1,2']]],
    ['tab', 'Họ tên\tEmail\t"x;y"\nA\ta@x.vn\t"1;2"\n', ['Họ tên', 'Email', 'x;y'], [['A', 'a@x.vn', '1;2']]],
    [',', '"a;b;c",d\n"1;2;3",4\n', ['a;b;c', 'd'], [['1;2;3', '4']]],
  ])('detects the delimiter %s from the header line, outside quotes', async (_name, csv, header, rows) => {
    const table = await read(file(csv));
    expect(table.header).toEqual(header);
    expect(cellsOf(table.rows)).toEqual(rows);
  });

  it('keeps quoted line ends, escaped quotes and numbers rows by the line on which they start', async () => {
    const csv = 'Họ tên,Địa chỉ\r\n"An","Số 1\r\nPhố Huế"\r\n\r\n,\r\n"Bình ""Bé""",x\r\n   \r\nChi,"a\nb\nc"\r\nDung,y';
    const table = await read(file(csv));
    expect(cellsOf(table.rows)).toEqual([['An', 'Số 1\r\nPhố Huế'], ['Bình "Bé"', 'x'], ['Chi', 'a\nb\nc'], ['Dung', 'y']]);
    expect(table.rows.map((r) => r.rowNumber)).toEqual([2, 6, 8, 11]);
  });

  it('takes the first non-blank line as the header, with LF, CRLF or CR line ends alike', async () => {
    const table = await read(file('\n;;\n\r\nname;age\rAn;30\nBình;40\r\n'));
    expect(table).toMatchObject({ header: ['name', 'age'], headerRow: 4 });
    expect(table.rows.map((r) => [r.rowNumber, ...r.cells])).toEqual([[5, 'An', '30'], [6, 'Bình', '40']]);
  });

  it('pads short rows to the header, keeps extra cells and drops empty trailing ones', async () => {
    const table = await read(file('a,b,c,,\n1\n1,2,3,4,,\n'));
    expect(table.header).toEqual(['a', 'b', 'c']);
    expect(cellsOf(table.rows)).toEqual([['1', '', ''], ['1', '2', '3', '4']]);
  });

  it('keeps a stray quote inside an unquoted field', async () => {
    const table = await read(file('name,size\nMàn hình 5" mới,2\n'));
    expect(cellsOf(table.rows)).toEqual([['Màn hình 5" mới', '2']]);
  });

  it('reports an unclosed quote as a corrupt file, at the line of the record that has it', async () => {
    const path = file('a,b\n1,2\n3,"x\n4,5\n');
    const table = await openTable(path, { maxBytes: 1000 });
    const rows: TableRow[] = [];
    const error = await (async () => {
      for await (const row of table.rows) rows.push(row);
    })().then(() => null, (e: unknown) => e);
    expect(rows.map((r) => r.rowNumber)).toEqual([2]);
    expect(error).toBeInstanceOf(ImportFileError);
    expect(error).toMatchObject({ code: 'import_file_corrupt', params: { row: 3 } });
  });

  it('takes an HTML table saved as .xls for the old Excel format it claims to be', async () => {
    await expectFileError(file('<html><body><table><tr><td>a</td></tr></table>'), 'import_file_type', { hint: 'xls' }, { fileName: 'DS.XLS' });
    await expectFileError(file('<?xml version="1.0"?><Workbook/>'), 'import_file_type', { hint: 'unknown' });
  });

  it.each(['utf-8', 'utf-16le', 'windows-1258'] as const)('keeps letters whole across the chunks of a large %s file', async (encoding) => {
    const names = Array.from({ length: 6000 }, (_, i) => `Nguy\u00ea\u0303n Thi\u0323 Ho\u0300ng ${i};Chi bô\u0323 Đ\u01b0\u0301c`);
    const text = `Họ tên;Chi bộ\r\n${names.join('\r\n')}\r\n`;
    const bytes = encoding === 'windows-1258' ? iconv.encode(codePageForm(text), 'windows1258') : iconv.encode(text, encoding, { addBOM: true });
    if (encoding === 'windows-1258') expect(iconv.decode(bytes, 'windows1258').normalize('NFC')).toBe(text.normalize('NFC'));
    expect(bytes.length).toBeGreaterThan(200_000);
    const table = await read(file(bytes));
    expect(table.encoding).toBe(encoding);
    expect(table.header).toEqual(['Họ tên', 'Chi bộ']);
    expect(cellsOf(table.rows)).toEqual(names.map((n) => n.normalize('NFC').split(';')));
  });

  it('stops reading when the caller stops iterating', async () => {
    const path = file(`a\n${'x\n'.repeat(100_000)}`);
    const table = await openTable(path, { maxBytes: 1e7 });
    let n = 0;
    for await (const _ of table.rows) if (++n === 10) break;
    expect(n).toBe(10);
    // Another read of the same file is not held up by the first.
    expect((await read(path)).rows).toHaveLength(100_000);
  });
});

describe('XLSX', () => {
  it('reads dates, numbers, formulas, errors, rich text, booleans and hyperlinks as text', async () => {
    const path = await xlsx((workbook) => {
      const sheet = workbook.addWorksheet('Đảng viên');
      sheet.addRow(['Họ tên', 'Ngày vào Đảng', 'Điện thoại', 'Tổng', 'Không', 'Lỗi', 'Ghi chú', 'Đúng', 'Trang', 'Số']);
      sheet.addRow([
        { richText: [{ text: 'Nguyễn ', font: { bold: true } }, { text: 'Văn An' }] },
        new Date(Date.UTC(1990, 0, 31)),
        79123456789,
        { formula: 'C2*2', result: 158246913578 },
        { formula: 'C2*0', result: 0 },
        { error: '#N/A' },
        { formula: 'VLOOKUP(A2,X:Y,2,0)', result: { error: '#N/A' } },
        true,
        { text: 'Trang chủ', hyperlink: 'https://example.vn' },
        1.1,
      ]);
      sheet.addRow(['Trần Thị Bình', new Date(Date.UTC(2001, 11, 9, 15, 30)), 1e21, { formula: 'A3&" (B)"', result: 'Trần Thị Bình (B)' }, 0.1 + 0.2, '', '', false, '', -0.000001]);
      sheet.getCell('B2').numFmt = 'dd/mm/yyyy';
      sheet.getCell('B3').numFmt = 'dd/mm/yyyy hh:mm';
    });
    const table = await read(path);
    expect(table).toMatchObject({ format: 'xlsx', encoding: null, headerRow: 1 });
    expect(table.header).toHaveLength(10);
    expect(table.rows[0]).toEqual({
      rowNumber: 2,
      cells: ['Nguyễn Văn An', '1990-01-31', '79123456789', '158246913578', '0', '', '', 'true', 'Trang chủ', '1.1'],
      formulaColumns: [3, 4, 6],
      errorColumns: [5, 6],
    });
    expect(table.rows[1]).toEqual({
      rowNumber: 3,
      cells: ['Trần Thị Bình', '2001-12-09', '1000000000000000000000', 'Trần Thị Bình (B)', '0.3', '', '', 'false', '', '-0.000001'],
      formulaColumns: [3],
      errorColumns: [],
    });
  });

  it('counts the cells of a shared formula as formulas, with their cached results', async () => {
    const path = await xlsx((workbook) => {
      const sheet = workbook.addWorksheet('A');
      sheet.addRow(['n', 'double']);
      sheet.addRow([1, { formula: 'A2*2', result: 2, shareType: 'shared', ref: 'B2:B4' }]);
      sheet.addRow([0, { sharedFormula: 'B2', result: 0 }]);
      sheet.addRow([3, { sharedFormula: 'B2', result: 6 }]);
    });
    const table = await read(path);
    expect(table.rows.map((r) => [r.cells, r.formulaColumns])).toEqual([
      [['1', '2'], [1]],
      [['0', '0'], [1]],
      [['3', '6'], [1]],
    ]);
  });

  it('reads the first worksheet only, from its first non-empty row, numbering rows as the sheet does', async () => {
    const path = await xlsx((workbook) => {
      const first = workbook.addWorksheet('Danh sách');
      first.getCell('B3').value = ' Họ tên ';
      first.getCell('C3').value = 'Email';
      first.getCell('B4').value = 'An';
      first.getCell('B6').value = '   ';
      first.getCell('C7').value = 'b@x.vn';
      first.getCell('A9').value = 'ngoài';
      workbook.addWorksheet('Khác').addRow(['không', 'đọc']);
    });
    const table = await read(path);
    expect(table).toMatchObject({ header: ['', 'Họ tên', 'Email'], headerRow: 3 });
    expect(table.rows.map((r) => [r.rowNumber, r.cells])).toEqual([
      [4, ['', 'An', '']],
      [7, ['', '', 'b@x.vn']],
      [9, ['ngoài', '', '']],
    ]);
  });

  it('keeps Vietnamese letters whole where a part is cut into chunks (ExcelJS\'s own reader does not)', async () => {
    const names = Array.from({ length: 4000 }, (_, i) => `Nguyễn Thị Hồng Nhung ${i} — Chi bộ Phường Đống Đa`);
    const path = await xlsx((workbook) => {
      const sheet = workbook.addWorksheet('A');
      sheet.addRow(['Họ tên', 'Công thức']);
      for (const name of names) sheet.addRow([name, { formula: 'A1', result: `${name} ữ` }]);
    });
    const table = await read(path);
    expect(table.rows.map((r) => r.cells[0])).toEqual(names);
    expect(table.rows.map((r) => r.cells[1])).toEqual(names.map((n) => `${n} ữ`));
  });

  it('reports duplicate header cells, compared trimmed and without case', async () => {
    const path = await xlsx((workbook) => workbook.addWorksheet('A').addRow(['Email', 'Họ tên', ' email ']));
    await expectFileError(path, 'import_file_header_duplicate', { column: 'email' });
  });

  it('reports a workbook whose first sheet is empty as having no header', async () => {
    const path = await xlsx((workbook) => {
      workbook.addWorksheet('Trống');
      workbook.addWorksheet('B').addRow(['a']);
    });
    await expectFileError(path, 'import_file_no_header');
  });
});

describe('files that are not a table', () => {
  it('checks the size first', async () => {
    await expectFileError(file('a,b\n1,2\n'), 'import_file_too_large', { maxMegabytes: 0 }, { maxBytes: 5 });
    const big = file(Buffer.alloc(5 * 1024 ** 2 + 1, 0x41));
    await expectFileError(big, 'import_file_too_large', { maxMegabytes: 5 }, { maxBytes: 5 * 1024 ** 2 });
  });

  it('reports an empty file, and one with no non-blank line', async () => {
    await expectFileError(file(''), 'import_file_empty');
    await expectFileError(file('\ufeff \r\n;;;\r\n\t\r\n'), 'import_file_no_header');
  });

  it('tells the type by content, not by name', async () => {
    await expectFileError(file('%PDF-1.4\n%âãÏÓ\n1 0 obj\n'), 'import_file_type', { hint: 'unknown' }, { fileName: 'a.csv' });
    await expectFileError(file(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), 'import_file_type', { hint: 'unknown' });
    await expectFileError(file(Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x80, 0x90])), 'import_file_type', { hint: 'unknown' });
    await expectFileError(file('a,b\n1,\u0000\n'), 'import_file_type', { hint: 'unknown' });
    const csvNamedXlsx = await read(file('a,b\n1,2\n'), { fileName: 'list.xlsx' });
    expect(csvNamedXlsx.format).toBe('csv');
  });

  it('reports a zip that holds no workbook (a plain zip, a .docx) as another type', async () => {
    await expectFileError(file(zip([{ name: 'readme.txt', data: 'hello' }])), 'import_file_type', { hint: 'unknown' });
    await expectFileError(file(zip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: '<w:document/>', deflate: true }])), 'import_file_type', { hint: 'unknown' });
    await expectFileError(file(zip([])), 'import_file_type', { hint: 'unknown' });
  });

  it('reads a workbook zipped by hand with the least parts Excel needs', async () => {
    const path = file(zip([
      { name: 'xl/workbook.xml', data: '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>', deflate: true },
      { name: 'xl/_rels/workbook.xml.rels', data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet7.xml"/></Relationships>' },
      { name: 'xl/worksheets/sheet7.xml', data: '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="2"><c r="A2" t="inlineStr"><is><t>Họ tên</t></is></c></row><row r="5"><c r="A5" t="inlineStr"><is><t> An </t></is></c><c r="C5"><v>42</v></c></row></sheetData></worksheet>', deflate: true },
    ]));
    const table = await read(path);
    expect(table).toMatchObject({ format: 'xlsx', header: ['Họ tên'], headerRow: 2 });
    expect(table.rows).toEqual([{ rowNumber: 5, cells: ['An', '', '42'], formulaColumns: [], errorColumns: [] }]);
  });

  it('reports a truncated or damaged XLSX as corrupt', async () => {
    const whole = readFileSync(await xlsx((workbook) => {
      const sheet = workbook.addWorksheet('A');
      for (let i = 0; i < 2000; i++) sheet.addRow([`Nguyễn Văn ${i}`, i, new Date(Date.UTC(2000, 0, 1 + i))]);
    }));
    await expectFileError(file(whole.subarray(0, whole.length / 2)), 'import_file_corrupt');
    await expectFileError(file(whole.subarray(0, whole.length - 10)), 'import_file_corrupt');
    // Bytes changed in the middle of every part: inflating, decoding or parsing fails, and never hangs.
    for (const at of [0.1, 0.3, 0.5, 0.7]) {
      const damaged = Buffer.from(whole);
      const from = Math.floor(whole.length * at);
      for (let i = from; i < from + 64; i++) damaged[i] = damaged[i]! ^ 0x5a;
      await expectFileError(file(damaged), 'import_file_corrupt');
    }
  });

  it('tells a password-protected workbook from an old .xls', async () => {
    await expectFileError(file(compoundFile('EncryptionInfo', 'EncryptedPackage')), 'import_file_encrypted');
    await expectFileError(file(compoundFile('Workbook', 'SummaryInformation')), 'import_file_type', { hint: 'xls' });
  });

  it('reports too many columns', async () => {
    const header = Array.from({ length: 201 }, (_, i) => `c${i}`).join(',');
    await expectFileError(file(`${header}\n`), 'import_file_too_many_columns', { max: 200 });
    const table = await read(file(`${header.split(',').slice(0, 200).join(',')},,,\n`));
    expect(table.header).toHaveLength(200);
  });

  it('reports a missing file as an ImportFileError too', async () => {
    await expectFileError(join(dir, 'missing'), 'import_file_corrupt');
  });
});

describe('the file', () => {
  it.each([
    ['CSV', () => file(`a,b\n${'1,2\n'.repeat(500_000)}`)],
    ['XLSX', () => xlsx((workbook) => {
      const sheet = workbook.addWorksheet('A');
      for (let i = 0; i < 8_000; i++) sheet.addRow([Math.random(), Math.random(), Math.random()]);
    })],
  ])('lets go of a large %s file when the caller returns before the first row', async (_format, make) => {
    const path = await make();
    // Linux: which of this process's descriptors are open on the file.
    const handles = () => readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === path;
      } catch {
        return false;
      }
    });
    const table = await openTable(path, { maxBytes: 1e8 });
    expect(handles().length).toBeGreaterThan(0);
    await table.rows[Symbol.asyncIterator]().return?.();
    for (let i = 0; i < 100 && handles().length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(handles()).toEqual([]);
  });
});

describe('plainNumber', () => {
  it.each([
    [79123456789, '79123456789'], [0, '0'], [-0, '0'], [1.1000000000000001, '1.1'], [123456789012345680000, '123456789012346000000'],
    [1e-7, '0.0000001'], [-2.5e-10, '-0.00000000025'], [1.5e21, '1500000000000000000000'], [Number.NaN, ''], [42.125, '42.125'],
  ])('%s → %s', (value, text) => {
    expect(plainNumber(value)).toBe(text);
  });
});

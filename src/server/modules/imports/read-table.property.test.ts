import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportFileError, cleanCell, openTable, type TableRow } from './read-table.ts';

const dir = mkdtempSync(join(tmpdir(), 'read-table-property-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const file = (data: string | Uint8Array) => {
  const path = join(dir, `f${files++}`);
  writeFileSync(path, data);
  return path;
};

/** Reads the whole table, or fails the run after `ms`: a reader that hangs is a bug here, not a slow test. */
async function readAll(path: string, ms = 10_000) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`reading ${path} hung`)), ms);
  });
  const reading = (async () => {
    const table = await openTable(path, { maxBytes: 1024 ** 2 });
    const rows: TableRow[] = [];
    for await (const row of table.rows) rows.push(row);
    return { ...table, rows };
  })();
  try {
    return await Promise.race([reading, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reading either succeeds or fails with an ImportFileError; anything else fails the property. */
async function readsOrRejectsCleanly(bytes: Uint8Array) {
  const path = file(bytes);
  try {
    await readAll(path);
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
  } finally {
    rmSync(path);
  }
}

const bytesOf = (...parts: (string | number[] | Uint8Array)[]) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

describe('any bytes', () => {
  it('are read or rejected with an ImportFileError, never another error, never a hang', async () => {
    const prefix = fc.constantFrom<(string | number[])[]>([], ['PK\x03\x04'], ['PK\x05\x06'], [CFB], [[0xef, 0xbb, 0xbf]], [[0xff, 0xfe]], [[0xfe, 0xff]], ['a,b\r\n']);
    await fc.assert(
      fc.asyncProperty(prefix, fc.uint8Array({ maxLength: 4096 }), async (start, rest) => readsOrRejectsCleanly(bytesOf(...start, rest))),
      { numRuns: 200 },
    );
  });

  describe('of a real workbook, cut short or changed', () => {
    let workbook: Buffer;
    beforeAll(async () => {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('Đảng viên');
      sheet.addRow(['Họ tên', 'Ngày sinh', 'Điện thoại', 'Tổng']);
      for (let i = 0; i < 300; i++) {
        sheet.addRow([`Nguyễn Văn ${i}`, new Date(Date.UTC(1980, 0, 1 + i)), 84_900_000_000 + i, { formula: `C${i + 2}*2`, result: 2 * i }]);
      }
      sheet.getColumn(2).numFmt = 'dd/mm/yyyy';
      workbook = Buffer.from(await book.xlsx.writeBuffer());
    });

    it('are read or rejected with an ImportFileError', async () => {
      const change = fc.record({ at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 32 }) });
      await fc.assert(
        fc.asyncProperty(fc.nat(), fc.array(change, { maxLength: 4 }), async (cut, changes) => {
          const bytes = Buffer.from(workbook.subarray(0, workbook.length - (cut % 2 === 0 ? 0 : cut % workbook.length)));
          for (const { at, bytes: patch } of changes) bytes.set(patch.subarray(0, Math.max(0, bytes.length - (at % bytes.length))), at % bytes.length);
          await readsOrRejectsCleanly(bytes);
        }),
        { numRuns: 100 },
      );
    });
  });
});

/** Characters that CSV and XLSX must carry through: quotes, delimiters, line ends, tone marks in either form. */
const special = fc.constantFrom('"', ',', ';', '\t', '\n', '\r\n', '\r', ' ', '\u00a0', 'ễ', 'e\u0302\u0303', 'Đ', 'ư\u0301', '=', '\ufeff', '\u2028');
const anyChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
const text = (char: fc.Arbitrary<string>) => fc.string({ unit: fc.oneof(special, char, fc.constantFrom('a', 'B', '1')), maxLength: 12 }).map(cleanCell);

type Table = { header: string[]; rows: string[][] };
const tables = (char: fc.Arbitrary<string>): fc.Arbitrary<Table> =>
  fc
    .uniqueArray(text(char).filter((cell) => cell !== ''), { minLength: 1, maxLength: 6, selector: (cell) => cell.toLowerCase() })
    .chain((header) =>
      fc.record({
        header: fc.constant(header),
        // A row longer than a one-column header would make its delimiter a guess.
        rows: fc.array(fc.array(text(char), { maxLength: header.length + (header.length > 1 ? 2 : 0) }), { maxLength: 8 }),
      }),
    );

/** What the reader should give back: no empty rows, cells padded to the header, no empty cells after it. */
function expectedRows(table: Table, rowNumbers: number[]) {
  return table.rows.flatMap((cells, i) => {
    if (cells.every((cell) => cell === '')) return [];
    let length = cells.length;
    while (length > table.header.length && cells[length - 1] === '') length--;
    const padded = [...cells.slice(0, length), ...Array<string>(Math.max(0, table.header.length - length)).fill('')];
    return [{ rowNumber: rowNumbers[i]!, cells: padded, formulaColumns: [], errorColumns: [] }];
  });
}

describe('a table written as CSV', () => {
  // NUL makes a file binary, so it is the one character left out.
  const csvChar = anyChar.filter((c) => c !== '\u0000');

  it('is read back cell for cell, with each row numbered by the line it starts on', async () => {
    await fc.assert(
      fc.asyncProperty(tables(csvChar), fc.constantFrom(',', ';', '\t'), fc.constantFrom('utf-8', 'utf-16le'), async (table, delimiter, encoding) => {
        const records = [table.header, ...table.rows.map((row) => (row.length ? row : ['']))];
        // Quote bare CR and LF too, as Excel does: csv-stringify leaves them bare once a record delimiter is set.
        const csv = stringify(records, { bom: true, record_delimiter: 'windows', quote_record_delimiter: true, delimiter, quoted_match: /[,;\t]/ });
        const path = file(encoding === 'utf-8' ? csv : Buffer.from(csv, 'utf16le'));
        const read = await readAll(path);
        const lines = (record: string[]) => 1 + record.reduce((breaks, cell) => breaks + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
        let line = 1 + lines(table.header);
        const rowNumbers = table.rows.map((row) => {
          const start = line;
          line += lines(row);
          return start;
        });
        expect(read).toMatchObject({ format: 'csv', encoding, header: table.header, headerRow: 1 });
        expect(read.rows).toEqual(expectedRows(table, rowNumbers));
        rmSync(path);
      }),
      { numRuns: 200 },
    );
  });
});

describe('a table written as XLSX', () => {
  // What XML 1.0 can hold; a CR is read back as LF by any XML parser, so it is left out too.
  const xmlChar = anyChar.filter((c) => /^[\t\n\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]$/u.test(c));

  it('is read back cell for cell', async () => {
    await fc.assert(
      fc.asyncProperty(tables(xmlChar).map(({ header, rows }) => ({
        header: header.map((cell) => cell.replace(/\r\n?/g, '\n')),
        rows: rows.map((row) => row.map((cell) => cell.replace(/\r\n?/g, '\n'))),
      })).filter(({ header }) => new Set(header.map((cell) => cell.toLowerCase())).size === header.length), async (table) => {
        const book = new ExcelJS.Workbook();
        const sheet = book.addWorksheet('A');
        sheet.addRow(table.header);
        for (const row of table.rows) sheet.addRow(row);
        const path = file(Buffer.from(await book.xlsx.writeBuffer()));
        const read = await readAll(path);
        expect(read).toMatchObject({ format: 'xlsx', encoding: null, header: table.header, headerRow: 1 });
        expect(read.rows).toEqual(expectedRows(table, table.rows.map((_, i) => i + 2)));
        rmSync(path);
      }),
      { numRuns: 30 },
    );
  });
});

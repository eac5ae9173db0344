import { open, stat } from 'node:fs/promises';
import { decodeHead, detectEncoding, readCsvRows, type CsvEncoding } from './read-csv.ts';
import { isWorkbook, readXlsxRows, readZipDirectory } from './read-xlsx.ts';

/**
 * Reads the file of a member or unit import as a header and a stream of rows of text.
 *
 * Staff prepare these files in Excel, mostly on Vietnamese Windows: an .xlsx, or a CSV that
 * Excel wrote in the Vietnamese code page windows-1258 (with tone marks as combining characters)
 * and with ';' between fields, the list separator of Vietnamese regional settings. So the type is
 * told by the content, not the name, the encoding and delimiter are detected, every cell is
 * normalized to NFC, and rows are streamed so that a file of any allowed size takes constant
 * memory. Whatever goes wrong with the file surfaces as an ImportFileError whose code the caller
 * can show to the person who uploaded it.
 */

export type TableFormat = 'csv' | 'xlsx';

/** A file that cannot be read as a table. `code` is a key of the catalogs' `errors` section. */
export class ImportFileError extends Error {
  readonly code: string;
  readonly params: Record<string, string | number>;

  constructor(code: string, params: Record<string, string | number> = {}) {
    super(`${code}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ''}`);
    this.name = 'ImportFileError';
    this.code = code;
    this.params = params;
  }
}

/** One data row: its number as the spreadsheet shows it (header is row 1 in a plain sheet), and its cells as text. */
export type TableRow = {
  rowNumber: number;
  /** Trimmed text per column, '' for an empty cell; same length as the header or longer. */
  cells: string[];
  /** Indexes of cells that held a formula (XLSX); [] otherwise. */
  formulaColumns: number[];
  /** Indexes of cells holding a spreadsheet error value such as #N/A (XLSX); [] otherwise. */
  errorColumns: number[];
};

export type OpenedTable = {
  format: TableFormat;
  /** CSV only. */
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258' | null;
  /** Trimmed header cells. */
  header: string[];
  headerRow: number;
  /** Streamed; iterate once; skips rows whose cells are all empty (numbering keeps counting). */
  rows: AsyncIterable<TableRow>;
};

/** A row as a reader yields it, before empty rows are skipped and cells padded to the header. */
export type SourceRow = TableRow;

export const MAX_COLUMNS = 200;

/** Text of a cell as the import compares it. */
export const cleanCell = (text: string) => text.replaceAll('\u0000', '').normalize('NFC').trim();

const startsWith = (head: Buffer, ...bytes: number[]) => bytes.every((byte, i) => head[i] === byte);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** Files that are plainly something else, though a few of them could pass as text. */
const OTHER_TYPES = [
  ascii('%PDF-'), [0x89, 0x50, 0x4e, 0x47], [0xff, 0xd8, 0xff], ascii('GIF8'), ascii('Rar!'),
  [0x37, 0x7a, 0xbc, 0xaf], [0x1f, 0x8b], ascii('II*\0'), ascii('MM\0*'), ascii('RIFF'),
];
/** An HTML or XML table, which some systems save with an .xls name. */
const MARKUP = /^\s*<(\?xml|!doctype|html|head|body|table|meta)\b/i;

function importFileError(error: unknown): ImportFileError {
  if (error instanceof ImportFileError) return error;
  const wrapped = new ImportFileError('import_file_corrupt');
  wrapped.cause = error;
  return wrapped;
}

export async function openTable(filePath: string, options: { maxBytes: number; fileName?: string }): Promise<OpenedTable> {
  try {
    return await openChecked(filePath, options);
  } catch (error) {
    throw importFileError(error);
  }
}

async function openChecked(filePath: string, options: { maxBytes: number; fileName?: string }): Promise<OpenedTable> {
  const { size } = await stat(filePath);
  if (size > options.maxBytes) {
    throw new ImportFileError('import_file_too_large', { maxMegabytes: Math.floor(options.maxBytes / 1_048_576) });
  }
  if (size === 0) throw new ImportFileError('import_file_empty');
  const head = await readHead(filePath);
  const xlsHint = /\.xls$/i.test(options.fileName ?? '') ? 'xls' : 'unknown';

  let format: TableFormat;
  let encoding: CsvEncoding | null = null;
  let source: AsyncGenerator<SourceRow>;
  if (startsWith(head, ...ascii('PK\x03\x04')) || startsWith(head, ...ascii('PK\x05\x06'))) {
    const entries = await readZipDirectory(filePath, size);
    if (!isWorkbook(entries)) throw new ImportFileError('import_file_type', { hint: 'unknown' });
    format = 'xlsx';
    source = readXlsxRows(filePath, size, entries);
  } else if (startsWith(head, ...CFB)) {
    // Excel encrypts a protected workbook into an OLE compound file; any other one is an old .xls.
    if (await contains(filePath, Buffer.from('EncryptedPackage', 'utf16le'))) throw new ImportFileError('import_file_encrypted');
    throw new ImportFileError('import_file_type', { hint: 'xls' });
  } else {
    if (OTHER_TYPES.some((magic) => startsWith(head, ...magic))) throw new ImportFileError('import_file_type', { hint: 'unknown' });
    encoding = await detectEncoding(filePath, head);
    if (!encoding) throw new ImportFileError('import_file_type', { hint: 'unknown' });
    if (MARKUP.test(decodeHead(head, encoding))) throw new ImportFileError('import_file_type', { hint: xlsHint });
    format = 'csv';
    source = readCsvRows(filePath, encoding);
  }

  let headerRow: SourceRow | undefined;
  try {
    for (;;) {
      const next = await source.next();
      if (next.done) break;
      if (next.value.cells.some((cell) => cell !== '')) {
        headerRow = next.value;
        break;
      }
    }
    if (!headerRow) throw new ImportFileError('import_file_no_header');
    const header = checkedHeader(headerRow.cells);
    return { format, encoding, header, headerRow: headerRow.rowNumber, rows: rowsAfterHeader(source, header.length) };
  } catch (error) {
    await source.return(undefined).catch(() => {});
    throw error;
  }
}

async function readHead(filePath: string): Promise<Buffer> {
  const file = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(512);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

async function contains(filePath: string, needle: Buffer): Promise<boolean> {
  const file = await open(filePath, 'r');
  try {
    let carry = Buffer.alloc(0);
    for await (const chunk of file.createReadStream({ autoClose: false }) as AsyncIterable<Buffer>) {
      const window = Buffer.concat([carry, chunk]);
      if (window.includes(needle)) return true;
      carry = window.subarray(Math.max(0, window.length - needle.length + 1));
    }
    return false;
  } finally {
    await file.close();
  }
}

function checkedHeader(cells: string[]): string[] {
  const header = cells.slice(0, lastFilled(cells) + 1);
  if (header.length > MAX_COLUMNS) throw new ImportFileError('import_file_too_many_columns', { max: MAX_COLUMNS });
  const seen = new Set<string>();
  for (const cell of header) {
    if (cell === '') continue;
    const folded = cell.toLowerCase();
    if (seen.has(folded)) throw new ImportFileError('import_file_header_duplicate', { column: cell });
    seen.add(folded);
  }
  return header;
}

function lastFilled(cells: string[]): number {
  let last = cells.length - 1;
  while (last >= 0 && cells[last] === '') last--;
  return last;
}

function rowsAfterHeader(source: AsyncGenerator<SourceRow>, width: number): AsyncIterableIterator<TableRow> {
  const rows = dataRows(source, width);
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next: () => rows.next(),
    // A caller that only wanted the header returns before the first row: the file must be let go
    // all the same, though `rows` never started and so never reached the reader to close it.
    async return() {
      try {
        await rows.return(undefined);
        await source.return(undefined);
      } catch (error) {
        throw importFileError(error);
      }
      return { done: true, value: undefined };
    },
  };
}

async function* dataRows(source: AsyncGenerator<SourceRow>, width: number): AsyncGenerator<TableRow> {
  try {
    for await (const row of source) {
      if (row.errorColumns.length === 0 && row.cells.every((cell) => cell === '')) continue;
      const flagged = Math.max(-1, ...row.formulaColumns, ...row.errorColumns);
      const length = Math.max(width, lastFilled(row.cells) + 1, flagged + 1);
      const cells = row.cells.slice(0, length);
      while (cells.length < length) cells.push('');
      yield { ...row, cells };
    }
  } catch (error) {
    throw importFileError(error);
  }
}

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { PassThrough, Transform, pipeline, type Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import { ImportFileError, cleanCell, type SourceRow } from './read-table.ts';

/**
 * The first worksheet of an XLSX file, row by row.
 *
 * ExcelJS's streaming WorkbookReader is not used as a whole: it decodes each inflated chunk on its
 * own, so a Vietnamese letter cut by a chunk boundary turns into U+FFFD; it hangs, instead of
 * failing, on a file cut short (an upload that broke off); and it copies every worksheet to a
 * temporary file when the shared strings come after the sheets, as Excel writes them. So the zip
 * is read here through its central directory, each part is inflated and decoded as one continuous
 * UTF-8 stream, and only ExcelJS's XML parsers are reused, through the reader's `_parse*` methods
 * (private API of exceljs 4.4; the tests cover each one used).
 */

type ZipEntry = { method: number; flags: number; compressedSize: number; uncompressedSize: number; localOffset: number };

const corrupt = () => new ImportFileError('import_file_corrupt');
/** Shared strings are held in memory: a larger part is far more likely a zip bomb than a member list. */
const MAX_SHARED_STRINGS_BYTES = 1024 ** 3;
const MAX_DIRECTORY_BYTES = 64 * 1024 ** 2;

async function readAt(path: string, position: number, length: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** The zip's central directory: names and where each part lies. A truncated file has none. */
export async function readZipDirectory(path: string, size: number): Promise<Map<string, ZipEntry>> {
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readAt(path, size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50 && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt();
  let directoryEnd = size - tailLength + eocd;
  let count = tail.readUInt16LE(eocd + 10);
  let directorySize = tail.readUInt32LE(eocd + 12);
  let directoryOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    if (eocd < 20 || tail.readUInt32LE(eocd - 20) !== 0x07064b50) throw corrupt();
    directoryEnd = Number(tail.readBigUInt64LE(eocd - 12));
    const zip64 = await readAt(path, directoryEnd, 56);
    if (zip64.length < 56 || zip64.readUInt32LE(0) !== 0x06064b50) throw corrupt();
    count = Number(zip64.readBigUInt64LE(32));
    directorySize = Number(zip64.readBigUInt64LE(40));
    directoryOffset = Number(zip64.readBigUInt64LE(48));
  }
  if (directoryOffset + directorySize > directoryEnd || directorySize > MAX_DIRECTORY_BYTES) throw corrupt();
  const directory = await readAt(path, directoryOffset, directorySize);
  const entries = new Map<string, ZipEntry>();
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > directory.length || directory.readUInt32LE(p) !== 0x02014b50) throw corrupt();
    const nameLength = directory.readUInt16LE(p + 28);
    const extraLength = directory.readUInt16LE(p + 30);
    const end = p + 46 + nameLength + extraLength + directory.readUInt16LE(p + 32);
    if (end > directory.length) throw corrupt();
    const entry: ZipEntry = {
      flags: directory.readUInt16LE(p + 8),
      method: directory.readUInt16LE(p + 10),
      compressedSize: directory.readUInt32LE(p + 20),
      uncompressedSize: directory.readUInt32LE(p + 24),
      localOffset: directory.readUInt32LE(p + 42),
    };
    readZip64Extra(directory.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength), entry);
    entries.set(directory.toString('utf8', p + 46, p + 46 + nameLength), entry);
    p = end;
  }
  return entries;
}

/** Sizes and offsets that do not fit in 32 bits are in the zip64 extra field, in this order. */
function readZip64Extra(extra: Buffer, entry: ZipEntry): void {
  for (let q = 0; q + 4 <= extra.length; q += 4 + extra.readUInt16LE(q + 2)) {
    if (extra.readUInt16LE(q) !== 0x0001) continue;
    let r = q + 4;
    for (const key of ['uncompressedSize', 'compressedSize', 'localOffset'] as const) {
      if (entry[key] !== 0xffffffff) continue;
      if (r + 8 > extra.length) throw corrupt();
      entry[key] = Number(extra.readBigUInt64LE(r));
      r += 8;
    }
  }
}

/** UTF-8 decoded across chunk boundaries; the byte count must match the directory's. */
function utf8Text(expectedBytes: number): Transform {
  const decoder = new TextDecoder('utf-8');
  let bytes = 0;
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > expectedBytes) return done(corrupt());
      const text = decoder.decode(chunk, { stream: true });
      done(null, text === '' ? undefined : text);
    },
    flush(done) {
      if (bytes !== expectedBytes) return done(corrupt());
      const text = decoder.decode();
      done(null, text === '' ? undefined : text);
    },
  });
}

/** One part as a stream of strings; errors of any stage end it with that error. */
async function openPart(path: string, size: number, entry: ZipEntry): Promise<Readable> {
  const local = await readAt(path, entry.localOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) throw corrupt();
  if (entry.flags & 1 || (entry.method !== 0 && entry.method !== 8)) throw corrupt();
  const start = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (start + entry.compressedSize > size) throw corrupt();
  const text = utf8Text(entry.uncompressedSize);
  const raw = entry.compressedSize === 0
    ? new PassThrough().end()
    : createReadStream(path, { start, end: start + entry.compressedSize - 1 });
  if (entry.method === 8) pipeline(raw, createInflateRaw(), text, () => {});
  else pipeline(raw, text, () => {});
  return text;
}

type Relationship = { Id: string; Target: string };
/** The parts of ExcelJS's WorkbookReader reused here (exceljs 4.4, lib/stream/xlsx/workbook-reader.js). */
type ReaderInternals = {
  workbookRels?: Relationship[];
  model?: { sheets?: { rId: string }[] };
  sharedStrings?: unknown[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>;
  _parseWorksheet(iterator: AsyncIterable<string>, sheetNo: string): Iterable<{ value: AsyncIterable<ExcelJS.Row> }>;
};

/** Whether the zip holds a workbook at all (a .docx, .ods or plain zip does not). */
export const isWorkbook = (entries: Map<string, ZipEntry>) => entries.has('xl/workbook.xml');

export async function* readXlsxRows(path: string, size: number, entries: Map<string, ZipEntry>): AsyncGenerator<SourceRow> {
  const part = (name: string) => {
    const entry = entries.get(name);
    return entry ? openPart(path, size, entry) : null;
  };
  /** Parses a part, and lets go of its file whatever the parser left unread. */
  const parsePart = async (name: string, parser: (entry: Readable) => Promise<void>) => {
    const entry = await part(name);
    if (!entry) return false;
    try {
      await parser(entry);
    } finally {
      entry.destroy();
    }
    return true;
  };
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore',
  }) as unknown as ReaderInternals;

  if (!await parsePart('xl/_rels/workbook.xml.rels', (entry) => reader._parseRels(entry))) throw corrupt();
  await parsePart('xl/workbook.xml', (entry) => reader._parseWorkbook(entry));
  // Without the styles, date cells would arrive as serial numbers.
  await parsePart('xl/styles.xml', (entry) => reader._parseStyles(entry));
  if ((entries.get('xl/sharedStrings.xml')?.uncompressedSize ?? 0) > MAX_SHARED_STRINGS_BYTES) throw corrupt();
  const sharedStrings = await parsePart('xl/sharedStrings.xml', async (entry) => {
    for await (const _ of reader._parseSharedStrings(entry));
  });
  if (!sharedStrings) reader.sharedStrings = [];

  const firstSheet = reader.model?.sheets?.[0];
  if (!firstSheet) throw new ImportFileError('import_file_no_header');
  const target = reader.workbookRels?.find((rel) => rel.Id === firstSheet.rId)?.Target;
  if (!target) throw corrupt();
  const sheetPath = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
  const sheet = await part(sheetPath);
  if (!sheet) throw corrupt();
  const [emitted] = reader._parseWorksheet(sheet, /(\d+)\.xml$/.exec(sheetPath)?.[1] ?? '1');
  if (!emitted) throw corrupt();
  let previous = 0;
  for await (const row of emitted.value) {
    // Rows without an `r` attribute are legal and follow the previous one.
    previous = Number.isInteger(row.number) && row.number > previous ? row.number : previous + 1;
    yield toSourceRow(row, previous);
  }
}

function toSourceRow(row: ExcelJS.Row, rowNumber: number): SourceRow {
  const cells: string[] = [];
  const formulaColumns: number[] = [];
  const errorColumns: number[] = [];
  row.eachCell({ includeEmpty: false }, (cell, column) => {
    const index = column - 1;
    const { text, formula, error } = cellText(cell);
    while (cells.length < index) cells.push('');
    cells[index] = cleanCell(text);
    if (formula) formulaColumns.push(index);
    if (error) errorColumns.push(index);
  });
  return { rowNumber, cells, formulaColumns, errorColumns };
}

type CellText = { text: string; formula: boolean; error: boolean };

function cellText(cell: ExcelJS.Cell): CellText {
  const value: unknown = cell.value;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    if ('formula' in value || 'sharedFormula' in value) {
      // ExcelJS drops a falsy result (0, '') from `value`; `cell.result` keeps it. A cell of a
      // shared formula arrives as a plain object with an empty `formula`.
      const result = (value as { result?: unknown }).result ?? (cell.type === ExcelJS.ValueType.Formula ? cell.result : undefined);
      // The reader parses every non-string result as a number: an error result becomes NaN.
      if (typeof result === 'number' && Number.isNaN(result)) return { text: '', formula: true, error: true };
      const asDate = typeof result === 'number' && isDateFormat(cell.numFmt) ? excelDate(result) : result;
      return { ...scalarText(asDate), formula: true };
    }
    if ('error' in value) return { text: '', formula: false, error: true };
  }
  return scalarText(value);
}

function scalarText(value: unknown): CellText {
  const plain = (text: string): CellText => ({ text, formula: false, error: false });
  if (value === null || value === undefined) return plain('');
  if (typeof value === 'string') return plain(value);
  if (typeof value === 'number') return plain(plainNumber(value));
  if (typeof value === 'boolean') return plain(value ? 'true' : 'false');
  if (value instanceof Date) return plain(isoDate(value));
  if (typeof value === 'object') {
    if ('error' in value) return { text: '', formula: false, error: true };
    if ('richText' in value) return plain(richText(value.richText));
    if ('text' in value) {
      const text = value.text;
      if (typeof text === 'string') return plain(text);
      if (text !== null && typeof text === 'object' && 'richText' in text) return plain(richText(text.richText));
    }
  }
  return plain('');
}

const richText = (runs: unknown) =>
  Array.isArray(runs) ? runs.map((run: { text?: unknown }) => (typeof run?.text === 'string' ? run.text : '')).join('') : '';

/** The same test as ExcelJS's for number formats that show a date. */
function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  return /[ymdhMsb]+/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

const excelDate = (serial: number) => new Date(Math.round((serial - 25569) * 86_400_000));

function isoDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

/**
 * Digits as Excel shows them in General format: 15 significant digits (a typed 1.1 is stored as
 * 1.1000000000000001), never an exponent (a 12-digit phone or ID number must stay digits).
 */
export function plainNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  const text = String(Number(value.toPrecision(15)));
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, first, rest = '', exponentText] = match;
  const digits = first + rest;
  const point = 1 + Number(exponentText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

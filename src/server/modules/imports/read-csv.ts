import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { ImportFileError, cleanCell, type SourceRow } from './read-table.ts';

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258';

const ICONV_NAMES = { 'utf-8': 'utf8', 'utf-16le': 'utf16le', 'utf-16be': 'utf16be', 'windows-1258': 'windows1258' } as const;

/**
 * Bytes that never occur in a windows-1258 text file: C0 controls other than tab, line ends, form
 * feed and the old end-of-file mark, and the code points that the code page leaves undefined.
 */
const NOT_WINDOWS_1258 = (() => {
  const table = new Uint8Array(256);
  for (let b = 0; b < 0x20; b++) table[b] = 1;
  for (const b of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1a]) table[b] = 0;
  for (const b of [0x81, 0x8a, 0x8d, 0x8e, 0x8f, 0x90, 0x9a, 0x9d, 0x9e]) table[b] = 1;
  return table;
})();

/**
 * The encoding of a text file, or null when it is not text. A UTF-16 file carries a BOM (Excel's
 * "Unicode text"); a file that is not valid UTF-8 as a whole is taken as windows-1258, which is
 * what Excel's "CSV" writes on a Vietnamese Windows.
 */
export async function detectEncoding(path: string, head: Buffer): Promise<CsvEncoding | null> {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const utf8Bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let validUtf8 = true;
  let nul = false;
  let not1258 = false;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    if (validUtf8) {
      try {
        utf8.decode(chunk, { stream: true });
      } catch {
        validUtf8 = false;
      }
    }
    if (!nul && chunk.includes(0)) nul = not1258 = true;
    for (let i = 0; !not1258 && i < chunk.length; i++) if (NOT_WINDOWS_1258[chunk[i]!]) not1258 = true;
    if (!validUtf8 && not1258 && !utf8Bom) return null;
  }
  if (validUtf8) {
    try {
      utf8.decode();
    } catch {
      validUtf8 = false;
    }
  }
  // A BOM says UTF-8 even where a byte is wrong: that byte is read as U+FFFD.
  if (validUtf8 || utf8Bom) return nul ? null : 'utf-8';
  return not1258 ? null : 'windows-1258';
}

/** Decodes the head of a file, for a look at what it starts with. */
export const decodeHead = (head: Buffer, encoding: CsvEncoding) => iconv.decode(head, ICONV_NAMES[encoding]);

const DELIMITERS = [',', ';', '\t'] as const;
const DELIMITER_SCAN_LIMIT = 1 << 20;

/**
 * Finds the delimiter that splits the first non-blank line into the most fields, counting outside
 * quotes (a quote opens only at the start of a field). Excel writes ';' where the list separator
 * of the regional settings is ';', as on Vietnamese Windows, and tabs for "Unicode text".
 */
class DelimiterScanner {
  private counts = [0, 0, 0];
  /** For a file without a line of text, where blank lines such as ';;;' are all there is to go by. */
  private blankCounts = [0, 0, 0];
  private inQuotes = false;
  private quotePending = false;
  private atFieldStart = true;
  private lineHasText = false;
  private scanned = 0;
  done = false;

  feed(text: string): void {
    for (const char of text) {
      if (this.done) return;
      this.scanned++;
      if (this.quotePending) {
        this.quotePending = false;
        if (char === '"') continue; // an escaped quote
        this.inQuotes = false;
      }
      if (this.inQuotes) {
        if (char === '"') this.quotePending = true;
        else if (char.trim() !== '') this.lineHasText = true;
        continue;
      }
      const delimiter = DELIMITERS.indexOf(char as (typeof DELIMITERS)[number]);
      if (delimiter >= 0) {
        this.counts[delimiter]!++;
        this.atFieldStart = true;
      } else if (char === '\n' || char === '\r') {
        if (this.lineHasText) this.done = true;
        else this.resetLine();
        this.atFieldStart = true;
      } else {
        if (char === '"' && this.atFieldStart) this.inQuotes = true;
        else if (char.trim() !== '') this.lineHasText = true;
        this.atFieldStart = false;
      }
    }
    if (this.scanned >= DELIMITER_SCAN_LIMIT) this.done = true;
  }

  private resetLine(): void {
    this.counts.forEach((count, i) => (this.blankCounts[i]! += count));
    this.counts = [0, 0, 0];
  }

  delimiter(): string {
    const counts = this.lineHasText ? this.counts : this.counts.map((count, i) => count + this.blankCounts[i]!);
    let best = 0;
    for (let i = 1; i < DELIMITERS.length; i++) if (counts[i]! > counts[best]!) best = i;
    return DELIMITERS[best]!;
  }
}

/** A record longer than this is an unclosed quote swallowing the file, not a member. */
const MAX_RECORD_CHARS = 1 << 20;

export async function* readCsvRows(path: string, encoding: CsvEncoding): AsyncGenerator<SourceRow> {
  const file = (createReadStream(path) as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const decoder = iconv.getDecoder(ICONV_NAMES[encoding]); // strips a BOM
  const head: string[] = [];
  const scanner = new DelimiterScanner();
  let ended = false;
  while (!scanner.done && !ended) {
    const next = await file.next();
    ended = next.done === true;
    const text = next.done ? (decoder.end() ?? '') : decoder.write(next.value);
    head.push(text);
    scanner.feed(text);
  }
  const parser = parse({
    delimiter: scanner.delimiter(),
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
  });
  const text = (async function* () {
    yield* head;
    if (ended) return;
    for await (const bytes of { [Symbol.asyncIterator]: () => file }) yield decoder.write(bytes);
    yield decoder.end() ?? '';
  })();
  pipeline(Readable.from(text), parser, () => {});

  // csv-parse's own line count is off for quoted CRLF line ends, so lines are counted here.
  let line = 1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const rowNumber = line;
      let breaks = 0;
      for (const field of record) breaks += field.match(/\r\n|\r|\n/g)?.length ?? 0;
      line += breaks + 1;
      yield { rowNumber, cells: record.map(cleanCell), formulaColumns: [], errorColumns: [] };
    }
  } catch (error) {
    if (error instanceof CsvError) throw new ImportFileError('import_file_corrupt', { row: line });
    throw error;
  }
}

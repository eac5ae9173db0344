import { PassThrough, type Readable, type Writable } from 'node:stream';
import { stringify, type Stringifier } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { ExportFormat } from '../../../shared/schemas/exports.ts';

/**
 * Tables written to CSV or XLSX as a stream: rows go out as they come, and `writeRows` waits
 * while the reader is behind, so memory stays bounded by a page of rows whatever the file's size.
 *
 * CSV: UTF-8 with a byte order mark (so that Excel shows diacritics), CRLF line ends, one table
 * (a second sheet continues it). XLSX: one worksheet per sheet, written by ExcelJS's streaming
 * WorkbookWriter: a frozen header row in bold, column widths, dates as date cells, numbers as
 * numbers, right to left for Arabic and Persian.
 */

export type CellType = 'text' | 'number' | 'date';
/** A date is an ISO 'YYYY-MM-DD' string; the writer turns it into what its format needs. */
export type Cell = string | number | null;
export type SheetColumn = { header: string; type: CellType; width: number };

export type TableWriter = {
  /** What goes to the reader. */
  readonly stream: Readable;
  startSheet(name: string, columns: SheetColumn[]): Promise<void>;
  /** Resolves once the reader has caught up; rejects with ExportAborted when the reader is gone. */
  writeRows(rows: Cell[][]): Promise<void>;
  finish(): Promise<void>;
  /** Ends the stream with an error: the response is cut off, never completed with a body of another kind. */
  abort(error: Error): void;
};

/** The reader went away (the client closed the connection). */
export class ExportAborted extends Error {
  constructor() {
    super('The export was aborted: the reader closed the connection');
    this.name = 'ExportAborted';
  }
}

export type WriterOptions = {
  /** Date format of XLSX date cells (Excel's notation). */
  dateFormat: string;
  rightToLeft: boolean;
  /** CSV: prefix cells that a spreadsheet would read as a formula (=, +, -, @) with a quote. */
  escapeFormulas: boolean;
};

/** Waits until none of `streams` is over its buffer limit; throws when `output` is gone. */
async function caughtUp(output: Readable, streams: (Writable | undefined)[]): Promise<void> {
  for (;;) {
    if (output.destroyed) throw new ExportAborted();
    const full = streams.find((s): s is Writable => s !== undefined && s.writableNeedDrain && !s.destroyed);
    if (!full) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        full.off('drain', done);
        full.off('close', done);
        output.off('close', done);
        resolve();
      };
      full.once('drain', done);
      full.once('close', done);
      output.once('close', done);
    });
  }
}

const excelDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

export function csvWriter(o: WriterOptions): TableWriter {
  let stringifier: Stringifier | null = null;
  const output = new PassThrough();
  return {
    stream: output,
    async startSheet(_name, sheetColumns) {
      if (stringifier) return; // one table: a later sheet continues it under the same header
      stringifier = stringify({
        bom: true, record_delimiter: 'windows', escape_formulas: o.escapeFormulas,
        // With CRLF records csv-stringify would leave a cell holding a bare LF unquoted, and the
        // file would split that row in two when read back.
        quote_record_delimiter: true,
        header: true, columns: sheetColumns.map((c, i) => ({ key: String(i), header: c.header })),
      });
      stringifier.on('error', (err) => output.destroy(err));
      stringifier.pipe(output);
    },
    async writeRows(rows) {
      const s = stringifier as Stringifier;
      for (const row of rows) {
        if (output.destroyed) throw new ExportAborted();
        // A number stays a number, a date its ISO form (Excel reads YYYY-MM-DD as a date); nothing is localized.
        s.write(row.map((v) => (v === null ? '' : v)));
      }
      await caughtUp(output, [s, output]);
    },
    async finish() {
      const s = stringifier as Stringifier;
      await new Promise<void>((resolve, reject) => {
        output.once('error', reject);
        output.once('finish', resolve);
        s.end();
      });
    },
    abort(error) {
      stringifier?.destroy(error);
      output.destroy(error);
    },
  };
}

type SheetState = { worksheet: ExcelJS.Worksheet; columns: SheetColumn[]; styles: Partial<ExcelJS.Style>[] };

export function xlsxWriter(o: WriterOptions): TableWriter {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output, useStyles: true, useSharedStrings: false,
    // Fast compression: the file is a little larger, the export markedly quicker.
    zip: { zlib: { level: 1 } },
  } as Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions>);
  workbook.creator = 'partywork';
  let sheet: SheetState | null = null;

  /**
   * ExcelJS feeds each sheet's XML into the zip's compressor without waiting for it, so the
   * compressor's input is what grows when the reader or the compression falls behind; waiting
   * for it to drain (as for the output) keeps that bounded. Reached through ExcelJS's sheet
   * stream; if that ever changes, only the output's own backpressure remains.
   */
  const compressor = (): Writable | undefined =>
    (sheet?.worksheet as unknown as { stream?: { pipes?: Writable[] } } | undefined)?.stream?.pipes?.[0];

  return {
    stream: output,
    async startSheet(name, columns) {
      if (sheet) sheet.worksheet.commit();
      const worksheet = workbook.addWorksheet(sheetName(name), {
        views: [{ state: 'frozen', ySplit: 1, rightToLeft: o.rightToLeft }],
      });
      worksheet.columns = columns.map((c, i) => ({ header: c.header, key: String(i), width: c.width }));
      const header = worksheet.getRow(1);
      header.font = { bold: true };
      header.commit();
      // One style object per column, given to each of its cells: ExcelJS caches a style by the
      // object, so the style table is worked out once per column instead of once per cell
      // (a copy per cell made that a third of the export's time).
      const dateStyle = { numFmt: o.dateFormat };
      const plain = {};
      sheet = { worksheet, columns, styles: columns.map((c) => (c.type === 'date' ? dateStyle : plain)) };
    },
    async writeRows(rows) {
      const { worksheet, columns, styles } = sheet as SheetState;
      for (const row of rows) {
        if (output.destroyed) throw new ExportAborted();
        const values = row.map((v, i) => (v !== null && columns[i]?.type === 'date' ? excelDate(String(v)) : v));
        const added = worksheet.addRow(values);
        added.eachCell((cell, i) => { cell.style = styles[i - 1] as Partial<ExcelJS.Style>; });
        added.commit();
      }
      await caughtUp(output, [compressor(), output]);
    },
    async finish() {
      if (output.destroyed) throw new ExportAborted();
      const finished = new Promise<void>((resolve, reject) => {
        output.once('error', reject);
        output.once('finish', resolve);
      });
      sheet?.worksheet.commit();
      await workbook.commit();
      await finished;
    },
    abort(error) {
      output.destroy(error);
    },
  };
}

/** Excel's rules for a sheet name: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet';
}

export function tableWriter(format: ExportFormat, o: WriterOptions): TableWriter {
  return format === 'csv' ? csvWriter(o) : xlsxWriter(o);
}

import { describe, expect, it } from 'vitest';
import { tableWriter, type Cell } from './table-writers.ts';

/**
 * The writers wait for their reader: rows handed over while nobody reads are not piled up in
 * memory, and a reader that goes away stops the writing.
 */

const rows = (n: number, from = 0): Cell[][] =>
  Array.from({ length: n }, (_, i) => [from + i, `Nguyễn Văn Số ${from + i} — một cái tên khá dài cho đủ dữ liệu`, '1990-01-31']);

const options = { dateFormat: 'dd/mm/yyyy', rightToLeft: false, escapeFormulas: true };
const columns = [
  { header: 'Id', type: 'number' as const, width: 10 },
  { header: 'Họ và tên', type: 'text' as const, width: 30 },
  { header: 'Ngày sinh', type: 'date' as const, width: 12 },
];
const settled = (p: Promise<unknown>, ms: number) =>
  Promise.race([p.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

describe.each(['csv', 'xlsx'] as const)('the %s writer', (format) => {
  it('holds back while the reader does not read, and goes on when it does', async () => {
    const writer = tableWriter(format, options);
    await writer.startSheet('Đảng viên', columns);
    const writing = (async () => {
      for (let page = 0; page < 10; page++) await writer.writeRows(rows(2_000, page * 2_000));
      await writer.finish();
    })();
    // 20,000 rows (some 2 MB of text) cannot go anywhere: the writer must be waiting.
    expect(await settled(writing, 500)).toBe(false);
    let bytes = 0;
    for await (const chunk of writer.stream) bytes += (chunk as Buffer).length;
    await writing;
    expect(bytes).toBeGreaterThan(format === 'csv' ? 1_000_000 : 100_000);
  }, 60_000);

  it('stops when the reader goes away', async () => {
    const writer = tableWriter(format, options);
    await writer.startSheet('Đảng viên', columns);
    const writing = (async () => {
      for (let page = 0; page < 10; page++) await writer.writeRows(rows(2_000));
    })();
    writer.stream.destroy();
    await expect(writing).rejects.toMatchObject({ name: 'ExportAborted' });
  });
});

describe('the csv writer', () => {
  it('quotes a cell holding a line break of any kind, so that the row reads back whole', async () => {
    const { parse } = await import('csv-parse/sync');
    const writer = tableWriter('csv', options);
    await writer.startSheet('Đảng viên', columns);
    const written = [[1, 'Thôn Đông\nxã Hòa Bình', '1990-01-31'], [2, 'dòng\rmột', null], [3, 'hai\r\nba', null]];
    const done = (async () => {
      await writer.writeRows(written);
      await writer.finish();
    })();
    const chunks: Buffer[] = [];
    for await (const chunk of writer.stream) chunks.push(chunk as Buffer);
    await done;
    const read = parse(Buffer.concat(chunks).toString('utf8'), { bom: true }) as string[][];
    expect(read.slice(1).map((r) => r[1])).toEqual(['Thôn Đông\nxã Hòa Bình', 'dòng\rmột', 'hai\r\nba']);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { useTestApp } from '../../../../test/app.ts';
import { seedDemoProvince } from '../../db/seed/demo-province.ts';
import { EXPORT_PAGE_ROWS } from './exports.service.ts';

/**
 * A demo province of 5,000 generated members (ten years of history, so a few thousand active
 * today): the export holds every member the list and the statistics count, over several pages.
 */

const { db, app } = useTestApp();
let province: number;
let total: number;

beforeAll(async () => {
  await seedDemoProvince({ db, members: 5_000, seed: 7 });
  const { rows } = await db.pool.query<{ id: number }>(
    `SELECT unit_id AS id FROM unit_versions WHERE parent_id IS NULL AND valid_to = 'infinity'`);
  province = (rows[0] as { id: number }).id;
  const stats = await app.inject({ url: `/api/v1/units/${province}/stats` });
  total = stats.json().total;
}, 300_000);

describe('an export of a generated province', () => {
  it('holds every active member, once, in the list’s order (CSV)', async () => {
    expect(total).toBeGreaterThan(EXPORT_PAGE_ROWS / 2);
    const res = await app.inject({ url: `/api/v1/members/export?format=csv&unit=${province}&labels=codes` });
    expect(res.statusCode, res.body).toBe(200);
    const [header, ...rows] = parse(res.rawPayload.toString('utf8'), { bom: true }) as string[][];
    expect(header?.[0]).toBe('id');
    expect(rows).toHaveLength(total);
    const ids = rows.map((r) => Number(r[0]));
    expect(new Set(ids).size).toBe(total);

    const listed: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof app.inject>> = await app.inject({ url: `/api/v1/members?unit=${province}&limit=500${cursor ? `&cursor=${cursor}` : ''}` });
      listed.push(...(page.json().items as { id: number }[]).map((m) => m.id));
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(ids).toEqual(listed);
  }, 120_000);

  it('holds the same rows in XLSX, with date cells', async () => {
    const res = await app.inject({ url: `/api/v1/members/export?format=xlsx&unit=${province}&columns=id,fullName,birthDate,unitName` });
    expect(res.statusCode, res.body).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.rowCount).toBe(total + 1);
    expect(sheet.getRow(total + 1).getCell(3).type).toBe(ExcelJS.ValueType.Date);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND details->>\'rows\' = $2',
      ['member.export', String(total)]);
    expect(rows[0].n).toBe(2);
  }, 120_000);
});

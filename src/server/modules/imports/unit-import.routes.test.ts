import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.ts';
import { makeTree } from '../../../../test/factories.ts';
import type { ImportJob } from '../../../shared/schemas/imports.ts';

/**
 * Imports of units: new units under the import's unit or a parent named by code or path (also one
 * earlier in the file), renames, the tree's rules applied row by row, and both modes.
 */

const { db, app } = useTestApp();

let sequence = 0;
const code = () => `IMP${process.pid}x${++sequence}`;

async function importUnits(unitId: number, lines: string[][], mode: 'all_or_nothing' | 'valid_rows', step: 'check' | 'apply' = 'apply') {
  const body = `${[['Mã', 'Tên đơn vị', 'Loại đơn vị', 'Mã cấp trên', 'Ngày thành lập'], ...lines].map((r) => r.join(';')).join('\n')}\n`;
  const up = await app.inject({ method: 'POST', url: `/api/v1/units/import?unit=${unitId}`, headers: { 'content-type': 'text/csv' }, payload: body });
  expect(up.statusCode, up.body).toBe(201);
  const job = up.json<ImportJob>();
  expect(Object.values(job.suggestedMapping)).toEqual(['code', 'name', 'typeCode', 'parentCode', 'validFrom']);
  const run = await app.inject({ method: 'POST', url: `/api/v1/imports/${job.id}/${step}`, headers: { 'accept-language': 'en' }, payload: { mapping: job.suggestedMapping, mode } });
  expect(run.statusCode, run.body).toBe(202);
  for (;;) {
    const now = (await app.inject({ url: `/api/v1/imports/${job.id}`, headers: { 'accept-language': 'en' } })).json<ImportJob>();
    if (now.state !== 'checking' && now.state !== 'applying') return now;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const unitByCode = async (c: string) => (await db.pool.query<{ id: number; name: string; parent_id: number }>(
  `SELECT u.id, v.name, v.parent_id FROM units u JOIN unit_versions v ON v.unit_id = u.id AND v.valid_to = 'infinity' WHERE u.code = $1`, [c])).rows[0];

describe('unit import', () => {
  it('creates units (a parent may come earlier in the file), renames, and refuses by row what the tree forbids', async () => {
    const tree = await makeTree(db);
    const [org, cell1, cell2, bad] = [code(), code(), code(), code()];
    const lines = [
      [org, 'Đảng bộ Công ty Than', 'grassroots_committee', '', '01/01/2020'],
      [cell1, 'Chi bộ Phân xưởng 1', 'Chi bộ trực thuộc', org, '01/02/2020'],
      [cell2, 'Chi bộ Phân xưởng 2', 'subordinate_cell', org, '2020-02-01'],
      [bad, 'Chi bộ sai loại', 'province', tree.bloc.code, '01/02/2020'],
      [tree.cellA.code, 'Chi bộ Sở Tư pháp (mới)', '', '', '01/01/2026'],
    ];
    const checked = await importUnits(tree.bloc.id, lines, 'all_or_nothing', 'check');
    expect(checked.counts).toEqual({ total: 5, new: 4, updated: 1, unchanged: 0, rejected: 0 });

    // The tree refuses a province under a bloc at apply time: all or nothing writes nothing.
    const refused = await importUnits(tree.bloc.id, lines, 'all_or_nothing');
    expect(refused).toMatchObject({ state: 'rejected', counts: { rejected: 1 } });
    expect(refused.firstErrors[0]).toMatchObject({ row: 5, code: 'unit_child_type_not_allowed' });
    expect(await unitByCode(org)).toBeUndefined();

    const applied = await importUnits(tree.bloc.id, lines, 'valid_rows');
    expect(applied).toMatchObject({ state: 'applied', counts: { new: 3, updated: 1, rejected: 1 } });
    const parent = await unitByCode(org);
    expect(parent?.parent_id).toBe(tree.bloc.id);
    expect((await unitByCode(cell1))?.parent_id).toBe(parent?.id);
    expect((await unitByCode(tree.cellA.code))?.name).toBe('Chi bộ Sở Tư pháp (mới)');
    expect(await unitByCode(bad)).toBeUndefined();

    // A child whose parent row was refused is refused too, never placed at the root.
    const [badParent, orphan] = [code(), code()];
    const chain = await importUnits(tree.bloc.id, [[badParent, 'Sai loại', 'province', '', '01/02/2020'], [orphan, 'Chi bộ mồ côi', 'subordinate_cell', badParent, '01/02/2020']], 'valid_rows');
    expect(chain.counts).toMatchObject({ new: 0, rejected: 2 });
    expect(chain.firstErrors.map((e) => e.code)).toEqual(['unit_child_type_not_allowed', 'import_unit_unknown']);
    expect(await unitByCode(orphan)).toBeUndefined();

    // Again: nothing changes; a parent other than the recorded one is refused.
    const again = await importUnits(tree.bloc.id, [...lines.slice(0, 2), [cell2, 'Chi bộ Phân xưởng 2', '', tree.bloc.code, '']], 'valid_rows');
    expect(again.counts).toMatchObject({ new: 0, updated: 0, unchanged: 2, rejected: 1 });
    expect(again.firstErrors[0]).toMatchObject({ row: 4, code: 'import_unit_parent_differs' });
  });
});

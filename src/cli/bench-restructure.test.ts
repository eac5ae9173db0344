import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { MARKS, reformOperations, runBenchRestructure } from './bench-restructure.ts';

/**
 * A smoke run of `partywork bench-restructure` at tiny scale on the test PostgreSQL server
 * (skipped on PGlite: the bench makes a PostgreSQL database of its own): the tree before the
 * reform generated, the reform applied through the service with reads running beside it, the
 * figures verified and the section written. No timing is asserted.
 */

describe('partywork bench-restructure', () => {
  it('plans the reform: provinces merged, every three communes of a district made one, the district level abolished', () => {
    const ops = reformOperations({ provinces: 4, districts: 2, communes: 4 });
    expect(ops.filter((o) => o.kind === 'merge' && o.units[0]?.startsWith('P0') && !o.units[0].includes('.'))).toEqual([
      { kind: 'merge', units: ['P03'], into: 'P01' }, { kind: 'merge', units: ['P04'], into: 'P02' },
    ]);
    expect(ops.filter((o) => o.kind === 'create')).toHaveLength(4 * 2 * 2);
    expect(ops).toContainEqual({ kind: 'merge', units: ['P04.D02.X04'], into: 'P04.D02.N2' });
    expect(ops).toContainEqual({ kind: 'create', code: 'P04.D02.N2', name: 'Đảng bộ xã mới P04.D02.N2', typeCode: 'commune', parent: 'P02' });
    expect(ops.at(-1)).toEqual({ kind: 'abolish_level', typeCode: 'district', successors: {} });
  });

  const testDb = inject('testDb');
  it.skipIf(testDb.engine !== 'postgresql')('applies the reform to a tiny nation and verifies every figure', async () => {
    if (testDb.engine !== 'postgresql') return;
    const url = new URL(testDb.serverUrl);
    const name = `partywork_bench_restructure_test_${process.pid}`;
    url.pathname = `/${name}`;
    const work = mkdtempSync(join(tmpdir(), 'bench-restructure-'));
    const out = join(work, 'benchmarks.md');
    writeFileSync(out, '# Benchmarks\n\nkept\n');
    try {
      const result = await runBenchRestructure({
        provinces: 4, districts: 2, communes: 4, cells: 2, membersPerCell: 3, databaseUrl: url.toString(), out, log: () => undefined,
      });
      expect(result.failures).toEqual([]);
      expect(result.shape).toMatchObject({ provinces: 4, districts: 8, communes: 32, cells: 64, members: 192 });
      expect(result.outcome).toMatchObject({ unitsCreated: 16, unitsClosed: 2 + 32 + 8, spansMoved: 192, membersMoved: 192 });
      expect(result.reads.count).toBeGreaterThan(0);
      const report = readFileSync(out, 'utf8');
      expect(report.startsWith('# Benchmarks\n\nkept\n')).toBe(true);
      expect(report).toContain(`${MARKS.start}\n## Restructuring`);
      expect(report.trimEnd().endsWith(MARKS.end)).toBe(true);
    } finally {
      const admin = new pg.Client({ connectionString: testDb.serverUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.query(`DROP DATABASE IF EXISTS "${name}_loaded" WITH (FORCE)`);
      await admin.end();
      rmSync(work, { recursive: true, force: true });
    }
  }, 300_000);
});

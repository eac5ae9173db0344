import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { END_MARK, replaceSection, runBenchImport, START_MARK } from './bench-import.ts';

/**
 * A smoke run of `partywork bench-import` at tiny scale on the test PostgreSQL server (skipped
 * on PGlite: the bench needs a PostgreSQL server of its own): files generated, uploaded and
 * applied through a real server, verified, imported again unchanged, and the section written.
 * No timing is asserted.
 */

describe('partywork bench-import', () => {
  it('replaces its own section and keeps the rest of the report', () => {
    const old = `# Benchmarks\n\nintro\n\n${START_MARK}\n## Import\n\nold figures\n${END_MARK}\n\n## Notes\n`;
    const next = replaceSection(old, '## Import\n\nnew figures');
    expect(next).toBe(`# Benchmarks\n\nintro\n\n${START_MARK}\n## Import\n\nnew figures\n${END_MARK}\n\n## Notes\n`);
    expect(replaceSection('# Benchmarks\n', 'x')).toBe(`# Benchmarks\n\n${START_MARK}\nx\n${END_MARK}\n`);
  });

  const testDb = inject('testDb');
  it.skipIf(testDb.engine !== 'postgresql')('imports 300 new members from CSV and XLSX, then the same files unchanged', async () => {
    if (testDb.engine !== 'postgresql') return;
    const url = new URL(testDb.serverUrl);
    const name = `partywork_bench_import_test_${process.pid}`;
    url.pathname = `/${name}`;
    const work = mkdtempSync(join(tmpdir(), 'bench-import-'));
    const out = join(work, 'benchmarks.md');
    writeFileSync(out, '# Benchmarks\n\nkept\n');
    try {
      const result = await runBenchImport({
        rows: 300, databaseUrl: url.toString(), formats: 'csv,xlsx', out, seedMembers: 500, log: () => undefined,
      });
      expect(result.failures).toEqual([]);
      expect(result.results.map((r) => r.format)).toEqual(['csv', 'xlsx']);
      for (const r of result.results) {
        expect(r.first).toMatchObject({ state: 'applied', counts: { total: 300, new: 300, updated: 0, unchanged: 0, rejected: 0 } });
        expect(r.second).toMatchObject({ state: 'applied', counts: { total: 300, new: 0, updated: 0, unchanged: 300, rejected: 0 } });
        expect(r.membersAdded).toBe(300);
        expect(r.openSpansAdded).toBe(300);
        expect(r.first.peakRssMb).toBeGreaterThan(0);
      }
      const report = readFileSync(out, 'utf8');
      expect(report.startsWith('# Benchmarks\n\nkept\n')).toBe(true);
      expect(report).toContain(`${START_MARK}\n## Import`);
      expect(report).toContain('| CSV import of 300 new members: rows/s (check + apply) |');
      expect(report).toContain('| XLSX import: server memory (RSS) at most |');
      expect(report.trimEnd().endsWith(END_MARK)).toBe(true);
    } finally {
      const admin = new pg.Client({ connectionString: testDb.serverUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
      rmSync(work, { recursive: true, force: true });
    }
  }, 300_000);
});

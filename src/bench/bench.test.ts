import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { fileOf, TABLE_NAMES } from './copy-files.ts';
import { openTarget, type BenchTarget } from './dataset.ts';
import { generateDataset } from './generate.ts';
import { runBench } from './run-bench.ts';
import { scaleOf } from './scales.ts';
import { compareKeptCounts, compareKeptEventCounts, keptRollupsOffTheirParts } from '../server/modules/statistics/statistics.repository.ts';

/**
 * A smoke run of the benchmark at tiny scale on the engine under test: generator, COPY load,
 * every scenario through a real server and on the database, the report. No timing is asserted;
 * the data and the results must be whole and well-formed.
 */

describe('partywork bench at tiny scale', () => {
  it('generates the same files from the same seed', async () => {
    const dirs = [mkdtempSync(join(tmpdir(), 'bench-gen-')), mkdtempSync(join(tmpdir(), 'bench-gen-'))];
    try {
      const runs = [];
      for (const dir of dirs) runs.push(await generateDataset({ scale: scaleOf('tiny'), seed: 5, today: '2026-01-15', dir }));
      const [a, b] = runs as [Awaited<ReturnType<typeof generateDataset>>, Awaited<ReturnType<typeof generateDataset>>];
      expect(a.rows).toEqual(b.rows);
      for (const part of ['tree', 'p00', 'p01']) {
        for (const table of TABLE_NAMES) {
          const [x, y] = dirs.map((d) => fileOf(join(d, part), table));
          if (!existsSync(x as string)) continue;
          expect(readFileSync(x as string, 'utf8')).toBe(readFileSync(y as string, 'utf8'));
        }
      }
      // Two provinces, one formed by merging two old ones: 3 old provinces closed or kept, 2 today.
      expect(a.units.byType.province).toBe(2);
      expect(a.units.byType.district).toBeUndefined();
      expect(a.members.active).toBeGreaterThan(2_500);
      expect(a.members.byKind.admitted).toBe(a.members.members);
    } finally {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads the dataset, runs every scenario end to end and writes the report', async () => {
    const testDb = inject('testDb');
    const work = mkdtempSync(join(tmpdir(), 'bench-run-'));
    let target: BenchTarget;
    if (testDb.engine === 'postgresql') {
      const url = new URL(testDb.serverUrl);
      url.pathname = `/partywork_bench_test_${process.pid}`;
      target = { engine: 'postgresql', url: url.toString() };
    } else {
      target = { engine: 'pglite', dataDir: join(work, 'pglite') };
    }
    const out = join(work, 'benchmarks.md');
    try {
      const run = await runBench({
        engine: target.engine, scale: 'tiny', seed: 3, today: '2026-01-15', out, keep: false, log: () => undefined,
        databaseUrl: target.engine === 'postgresql' ? target.url : undefined, dataDir: target.engine === 'pglite' ? target.dataDir : undefined,
        samples: 3, throughputSeconds: 1, connections: 2,
      });

      // What is in the database is what was generated.
      const db = await openTarget(target);
      try {
        const { rows: [counts] } = await db.pool.query<Record<string, number>>(
          `SELECT (SELECT count(*) FROM members)::int AS members, (SELECT count(*) FROM member_events)::int AS member_events,
                  (SELECT count(*) FROM membership_spans)::int AS membership_spans, (SELECT count(*) FROM units)::int AS units,
                  (SELECT count(*) FROM unit_versions)::int AS unit_versions,
                  (SELECT count(*) FROM membership_spans WHERE valid_to = 'infinity')::int AS active,
                  (SELECT count(*) FROM members m WHERE m.unit_path IS DISTINCT FROM
                     (SELECT s.unit_path FROM membership_spans s WHERE s.member_id = m.id ORDER BY s.valid_from DESC LIMIT 1))::int AS stale`);
        const { kept_count_days: _days, kept_count_months: _months, kept_count_years: _years, event_count_days: _events, ...generated } = run.dataset.rows;
        expect(counts).toEqual({ ...generated, active: run.dataset.members.active, stale: 0 });
        expect(run.dataset.members.members).toBe(run.dataset.rows.members);
        // The kept counts the generator wrote are those the triggers would have kept: equal to a recount.
        const dates = ['2006-01-01', '2020-06-30', '2025-06-30', '2025-07-01', '2026-01-15', '2040-01-01'];
        const kept = await compareKeptCounts(db.pool, dates, null);
        expect(kept.differences).toEqual([]);
        expect(kept.compared).toBeGreaterThan(500);
        expect(await keptRollupsOffTheirParts(db.pool)).toEqual([]);
        const events = await compareKeptEventCounts(db.pool, null);
        expect(events.differences).toEqual([]);
        expect(events.compared).toBeGreaterThan(1_000);
        expect(run.keptCheck).toMatchObject({ differences: 0 });
      } finally {
        await db.close();
      }

      const m = run.measurements;
      expect(m.scenarios.map((s) => s.key)).toEqual([
        'stats_nation_now', 'stats_nation_past', 'stats_province_now', 'stats_province_past', 'stats_cell_now', 'stats_cell_past',
        'search_nation', 'list_province', 'profile_read',
      ]);
      for (const s of m.scenarios) {
        expect(s.failures, s.key).toBe(0);
        expect(s.api.n, s.key).toBe(3);
        expect(s.sql.n, s.key).toBe(3);
        for (const x of [s.api.p50, s.api.p95, s.sql.p50, s.ratio]) expect(Number.isFinite(x) && x > 0, s.key).toBe(true);
        expect(s.slowestSql, s.key).toMatch(/SELECT/);
        expect(s.plan, s.key).toMatch(/Execution Time|The same statement as in/);
      }
      expect(m.throughput.requestsPerSecond).toBeGreaterThan(0);
      expect(m.throughput.sqlRequestsPerSecond).toBeGreaterThan(0);
      expect(m.throughput.non2xx + m.throughput.errors).toBe(0);
      expect(m.memory.underLoadMb).toBeGreaterThan(0);

      const report = readFileSync(out, 'utf8');
      const key = `${target.engine}:tiny`;
      expect(report).toContain(`<!-- bench:${key} -->`);
      expect(report).toContain(`<!-- /bench:${key} -->`);
      for (const s of m.scenarios) expect(report).toContain(`| ${s.title} |`);
      expect(report).toContain('## What was changed to get there, and known gaps');
    } finally {
      if (target.engine === 'postgresql') {
        const admin = new pg.Client({ connectionString: testDb.engine === 'postgresql' ? testDb.serverUrl : '' });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS "partywork_bench_test_${process.pid}" WITH (FORCE)`);
        await admin.end();
      }
      rmSync(work, { recursive: true, force: true });
    }
  }, 300_000);
});

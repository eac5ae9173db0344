import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { DatasetInfo } from './dataset.ts';
import type { Measurements, ScenarioKey, ScenarioResult } from './scenarios.ts';
import type { ScaleName } from './scales.ts';

/**
 * docs/benchmarks.md: each run (engine and scale) writes its own section between markers and
 * keeps the others, so the national PostgreSQL run and the provincial PGlite run stand side by
 * side. Every figure stands next to its target from issue 8 and says whether it is met.
 */

export type Engine = 'postgresql' | 'pglite';

export type RunInfo = {
  engine: Engine;
  scale: ScaleName;
  startedAt: string;
  minutes: number;
  machine: { cpu: string; cores: number; memoryGb: number; os: string };
  versions: { node: string; database: string; pglite: string };
  dataset: DatasetInfo;
  /** The generated kept member counts of one province against a recount after the load. */
  keptCheck: { unit: string; dates: string[]; compared: number; eventDays: number; differences: number; seconds: number };
  measurements: Measurements;
};

/** Where a target applies: PostgreSQL at national scale, PGlite at provincial scale (issue 8). */
export const TARGET_SCALE: Record<Engine, ScaleName> = { postgresql: 'nation', pglite: 'province' };

type Check = { what: string; target: string; measured: string; met: boolean | null };

const CAP = 'cap of 60 s';
const ms = (x: number) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : '–');
const yes = (met: boolean | null) => (met === null ? '–' : met ? 'met' : '**not met**');

/** The p95 latency target of a scenario on an engine, in ms; null when the issue sets none. */
export function latencyTarget(engine: Engine, key: ScenarioKey): number | null {
  if (engine === 'pglite') return key.startsWith('stats_') ? 200 : key === 'search_nation' ? 50 : null;
  if (key.startsWith('stats_')) return key.endsWith('_past') ? 500 : 50;
  if (key === 'search_nation' || key === 'list_province') return 30;
  return null;
}

export function checks(run: RunInfo): Check[] {
  const out: Check[] = [];
  const { engine, measurements: m } = run;
  for (const s of m.scenarios) {
    const target = latencyTarget(engine, s.key);
    if (target !== null) out.push({ what: `${s.title}: API p95`, target: `≤ ${target} ms`, measured: `${ms(s.api.p95)} ms`, met: s.api.p95 <= target });
  }
  if (engine === 'postgresql') {
    const t = m.throughput;
    out.push({ what: 'Member profile reads: throughput', target: '≥ 3,000 req/s', measured: `${t.requestsPerSecond.toFixed(0)} req/s`, met: t.requestsPerSecond >= 3000 });
    out.push({ what: 'Member profile reads under load: p99', target: '≤ 20 ms', measured: `${t.latencyP99} ms`, met: t.latencyP99 <= 20 });
    for (const s of m.scenarios) {
      // Both sides stopped at the statement cap: the ratio says nothing.
      const capped = s.failures + s.sqlFailures > 0;
      out.push({
        what: `${s.title}: API time / direct SQL time (p50)`, target: '≤ 1.3',
        measured: capped ? `${s.ratio.toFixed(2)} (stopped at the cap)` : s.ratio.toFixed(2), met: capped ? null : s.ratio <= 1.3,
      });
    }
    const rate = t.requestsPerSecond / t.sqlRequestsPerSecond;
    out.push({ what: 'Profile reads: SQL-only throughput / API throughput', target: '≤ 1.3', measured: (1 / rate).toFixed(2), met: 1 / rate <= 1.3 });
    out.push({ what: 'Server memory (RSS) under load', target: '≤ 300 MB', measured: m.memory.underLoadMb === null ? '–' : `${m.memory.underLoadMb.toFixed(0)} MB`, met: m.memory.underLoadMb === null ? null : m.memory.underLoadMb <= 300 });
    if (run.scale === 'nation') {
      const when = run.dataset.reused ? ' (when it was generated)' : '';
      out.push({ what: `Generation and load of the national dataset${when}`, target: '≤ 30 min', measured: `${(run.dataset.totalSeconds / 60).toFixed(1)} min`, met: run.dataset.totalSeconds <= 1800 });
    }
  }
  return out;
}

function section(run: RunInfo): string {
  const d = run.dataset;
  const m = run.measurements;
  const applies = TARGET_SCALE[run.engine] === run.scale;
  const engineName = run.engine === 'postgresql' ? 'PostgreSQL' : 'PGlite';
  const types = d.units.byType;
  const cells = (types.subordinate_cell ?? 0) + (types.grassroots_cell ?? 0);
  const lines: string[] = [];
  lines.push(`## ${engineName}, ${run.scale} scale`, '');
  lines.push(`Run of ${run.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${run.minutes.toFixed(1)} min in all` +
    `${d.reused ? ` (dataset of ${d.today} reused with --keep)` : ''}. ` +
    (applies ? `Issue 8 sets its targets for ${engineName} at this scale.` : `Issue 8 sets ${engineName}'s targets at ${TARGET_SCALE[run.engine]} scale: at this scale they are indicative only.`), '');
  lines.push('| machine | |', '|---|---|');
  lines.push(`| CPU | ${run.machine.cpu}, ${run.machine.cores} cores (shared with other work while measured) |`);
  lines.push(`| memory | ${run.machine.memoryGb.toFixed(1)} GiB |`, `| system | ${run.machine.os} |`);
  lines.push(`| Node.js | ${run.versions.node} |`, `| database | ${run.versions.database} |`, `| PGlite package | ${run.versions.pglite} |`, '');

  lines.push('### Dataset', '');
  lines.push(`Generated from seed ${d.seed} as of ${d.today}: twenty years of history from 2006, the 2025 reform included.`, '');
  lines.push('| provinces | communes | other committees | grassroots organizations | cells | member records | active today | events | membership spans | unit versions | database size |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  lines.push(`| ${types.province ?? 0} | ${types.commune ?? 0} | ${types.bloc ?? 0} | ${(types.grassroots_committee ?? 0) + (types.grassroots_cell ?? 0)} | ${cells} | ` +
    `${d.members.members.toLocaleString('en')} | ${d.members.active.toLocaleString('en')} | ${d.members.events.toLocaleString('en')} | ` +
    `${d.members.spans.toLocaleString('en')} | ${d.units.versions.toLocaleString('en')} | ${(d.databaseMb / 1024).toFixed(1)} GB |`, '');
  const kinds = Object.entries(d.members.byKind).map(([k, n]) => `${k} ${n.toLocaleString('en')}`).join(', ');
  lines.push(`Events by kind: ${kinds}.`, '');
  lines.push(`Generation ${d.seconds.toFixed(0)} s of CPU, overlapped with COPY: generated and copied in ${d.load.copySeconds.toFixed(0)} s; ` +
    `indexes, unique and foreign-key checks rebuilt in ${d.load.indexSeconds.toFixed(0)} s; ANALYZE ${d.load.analyzeSeconds.toFixed(0)} s; ` +
    `**${(d.totalSeconds / 60).toFixed(1)} min** from an empty database to a loaded one.`, '');
  const k = run.keptCheck;
  lines.push(`Kept counts (written by the generator, as the triggers would): ${d.rows.kept_count_days.toLocaleString('en')} daily, ` +
    `${d.rows.kept_count_months.toLocaleString('en')} monthly and ${d.rows.kept_count_years.toLocaleString('en')} yearly rows of members and units, ${d.rows.event_count_days.toLocaleString('en')} daily rows of events. Checked after the load against a recount for ${k.unit}, its members on ${k.dates.join(' and ')} and its events on every day: ` +
    `${k.differences === 0 ? 'equal' : `**${k.differences} differ**`} (${k.compared} member figures, ${k.eventDays} days of events, ${k.seconds.toFixed(1)} s).`, '');

  lines.push('### Figures', '');
  lines.push('Latency: requests one at a time through the HTTP API (a session cookie of a user with the right scope), then the SQL the service sends for the same request replayed directly on the database, as the scoped role with the same scope setting. Times in ms.', '');
  lines.push('| scenario | n | API p50 | API p95 | API p99 | SQL p50 | SQL p95 | API/SQL (p50) | target (API p95) | |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const s of m.scenarios) {
    const target = latencyTarget(run.engine, s.key);
    lines.push(`| ${s.title}${s.failures || s.sqlFailures ? ` (${s.failures + s.sqlFailures} stopped at the ${CAP}: > that)` : ''} | ${s.api.n} | ${ms(s.api.p50)} | ${ms(s.api.p95)} | ${ms(s.api.p99)} | ` +
      `${ms(s.sql.p50)} | ${ms(s.sql.p95)} | ${s.ratio.toFixed(2)} | ${target === null ? '–' : `≤ ${target}`} | ${target === null ? '' : yes(s.api.p95 <= target)} |`);
  }
  lines.push('');
  const t = m.throughput;
  lines.push(`Throughput (autocannon, ${t.connections} connections, ${t.seconds} s, member profile reads of random members nation-wide): ` +
    `**${t.requestsPerSecond.toFixed(0)} requests/s**, latency p50 ${t.latencyP50} ms, p99 ${t.latencyP99} ms, ${t.non2xx} non-2xx, ${t.errors} errors. ` +
    `The same reads' SQL replayed directly by ${t.connections} workers: ${t.sqlRequestsPerSecond.toFixed(0)} reads/s. ` +
    `autocannon runs on the same 2 cores as the server and the database.`, '');
  lines.push(`Server memory (RSS of the server process${run.engine === 'pglite' ? ', PGlite included: it runs in a worker thread of the server' : ''}): ` +
    `${m.memory.idleMb?.toFixed(0) ?? '–'} MB after start-up, **${m.memory.underLoadMb?.toFixed(0) ?? '–'} MB** at most under load, ${m.memory.peakMb?.toFixed(0) ?? '–'} MB at most over the whole run.`, '');

  const list = checks(run);
  if (list.length > 0) {
    lines.push('### Targets', '', '| target | measured | required | |', '|---|---:|---:|---|');
    for (const c of list) lines.push(`| ${c.what} | ${c.measured} | ${c.target} | ${applies ? yes(c.met) : `${yes(c.met)} (indicative)`} |`);
    lines.push('');
  }

  const missed = m.scenarios.filter((s) => {
    const target = latencyTarget(run.engine, s.key);
    return target !== null && s.api.p95 > target && s.plan;
  });
  if (missed.length > 0) {
    lines.push('### Where the time goes (missed latency targets)', '');
    lines.push('The slowest statement of each such scenario, with EXPLAIN (ANALYZE, BUFFERS) as the scoped role:', '');
    for (const s of missed) lines.push(...planBlock(s));
  }
  return lines.join('\n');
}

function planBlock(s: ScenarioResult): string[] {
  const plan = (s.plan ?? '').split('\n');
  const shown = plan.length > 45 ? [...plan.slice(0, 40), `… (${plan.length - 42} lines)`, ...plan.slice(-2)] : plan;
  return [
    `<details><summary>${s.title}: ${ms(s.sql.p50)} ms of SQL at p50</summary>`, '',
    '```sql', (s.slowestSql ?? '').slice(0, 1500), '```', '', '```', ...shown, '```', '</details>', '',
  ];
}

const HEADER = `# Benchmarks

Written by \`partywork bench\` (\`npm run bench\`, code in \`src/bench/\`); each run replaces its own
section below and keeps the others. The dataset is generated deterministically from a seed
(Vietnamese names, ages, statuses; twenty years of admissions, recognitions, transfers,
deaths and deletions; the 2025 merger of 63 provinces into 34 and the end of the district level)
and loaded with COPY. The scenarios run through the HTTP API of a real \`partywork serve\` process,
and next to each the same SQL runs directly on the database, so that the API's own cost shows as a
ratio measured in the same run. How to run it: [operations.md](operations.md#benchmarks).
`;

/** Replaces the run's section in `path` (creating the file), keeping the other runs and the notes. */
export function writeReport(path: string, run: RunInfo, notes: string): void {
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const sections = new Map<string, string>();
  for (const match of old.matchAll(/<!-- bench:([a-z]+:[a-z]+) -->\n([\s\S]*?)\n<!-- \/bench:\1 -->/g)) {
    sections.set(match[1] as string, match[2] as string);
  }
  sections.set(`${run.engine}:${run.scale}`, section(run));
  const order = ['postgresql:nation', 'pglite:province', 'postgresql:province', 'pglite:nation', 'postgresql:tiny', 'pglite:tiny'];
  const body = [...sections.entries()]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([key, text]) => `<!-- bench:${key} -->\n${text}\n<!-- /bench:${key} -->`);
  // Sections other commands write (bench-import) are kept as they are.
  const others = [...old.matchAll(/<!-- ([a-z-]+):start -->[\s\S]*?<!-- \1:end -->/g)].map((m) => m[0]);
  writeFileSync(path, `${HEADER}\n${body.join('\n\n')}\n\n${notes}\n${others.map((o) => `\n${o}\n`).join('')}`);
}

import autocannon from 'autocannon';
import type { Database } from '../server/db/client.ts';
import { encodeCursor } from '../server/db/rows.ts';
import { scopedDatabase } from '../server/db/scoped.ts';
import { actorFor } from '../server/modules/access/principal.ts';
import type { Permission } from '../shared/permissions.ts';
import { principalFromSession } from '../server/modules/auth/principals.service.ts';
import { getMember, listMembers } from '../server/modules/members/members.service.ts';
import { getUnitStats } from '../server/modules/statistics/statistics.service.ts';
import { foldForSearch } from '../shared/text/names.ts';
import { Random } from '../server/db/seed/random.ts';
import { ApiClient, rssMb, sampleRss, startServerProcess } from './server-process.ts';
import { explain, record, recordingDatabase, replay, slowestOf, waves, type RecordedSession, type Recording } from './sql-replay.ts';

/**
 * The scenarios, each a list of requests: timed one at a time through the HTTP API of the
 * running server, then the same requests' SQL (recorded from the service code) replayed
 * directly on the database. Profile reads are also driven by autocannon for throughput, with
 * the server's memory sampled meanwhile.
 */

export const PAST_DATE = '2023-12-31';

export type UserKey = 'nation' | 'province' | 'reader';
export const USERS: Record<UserKey, { username: string; role: string }> = {
  nation: { username: 'bench_nation', role: 'organization_board' },
  province: { username: 'bench_province', role: 'organization_board' },
  reader: { username: 'bench_reader', role: 'observer' },
};

type Request = {
  path: string;
  /** The same request made by the service code, for the SQL recording. */
  call: (db: Database, actor: Parameters<typeof getMember>[0]['actor']) => Promise<unknown>;
};

export type ScenarioKey =
  | 'stats_nation_now' | 'stats_nation_past' | 'stats_province_now' | 'stats_province_past' | 'stats_cell_now' | 'stats_cell_past'
  | 'search_nation' | 'list_province' | 'profile_read';

type ScenarioPlan = { key: ScenarioKey; title: string; user: UserKey; permission: Permission; requests: Request[] };

export type Fixtures = {
  root: number;
  province: { id: number; name: string; activeMembers: number };
  cells: number[];
  memberIds: number[];
  searchTerms: string[];
  /** Register-order positions inside the province, to start a list page from. */
  provinceCursors: (string | null)[];
};

export type Distribution = { n: number; p50: number; p95: number; p99: number; max: number };

export type ScenarioResult = {
  key: ScenarioKey; title: string;
  api: Distribution; sql: Distribution;
  /** API p50 / SQL p50. */
  ratio: number;
  failures: number;
  /** Recordings of the SQL that failed (stopped at the cap). */
  sqlFailures: number;
  slowestSql: string | null;
  plan: string | null;
};

export type ThroughputResult = {
  connections: number; seconds: number;
  requestsPerSecond: number; latencyP50: number; latencyP99: number; non2xx: number; errors: number;
  sqlRequestsPerSecond: number;
};

export type Measurements = {
  scenarios: ScenarioResult[];
  throughput: ThroughputResult;
  memory: { idleMb: number | null; peakMb: number | null; underLoadMb: number | null };
};

export type ScenarioOptions = {
  /** How many timed requests per scenario at most, and how long each may take at most. */
  samples: (key: ScenarioKey) => number;
  secondsPerScenario: number;
  throughputSeconds: number;
  connections: number;
  /**
   * PostgreSQL: statement_timeout of the server and of the SQL replay, so that a scenario whose
   * statements take minutes ends; such requests count as failed at the cap ("> cap").
   */
  capSeconds: number | null;
  log: (line: string) => void;
};

export function distribution(values: number[]): Distribution {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => (s.length === 0 ? Number.NaN : (s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] as number));
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
}

const COMMON_TERMS = ['nguyen van hung', 'tran thi lan', 'le minh', 'hoang thi thu huong', 'pham duc anh', 'vu van nam',
  'dang thi hoa', 'bui quang huy', 'do thi hang', 'ngo van long', 'trieu van', 'lo van', 'thach thi', 'ha thi mai'];

/** Units, members and search terms the requests use, drawn deterministically from the dataset. */
export async function loadFixtures(db: Database, o: { root: number; province: Fixtures['province']; seed: number }): Promise<Fixtures> {
  const rng = new Random(o.seed, 7);
  const { rows: [range] } = await db.pool.query<{ max: number }>('SELECT max(id)::int AS max FROM members');
  const candidates = Array.from({ length: 4000 }, () => rng.int(1, range?.max ?? 1));
  const { rows: active } = await db.pool.query<{ id: number; name: string; path: string; sortKey: string }>(
    `SELECT m.id, m.full_name AS name, s.unit_path AS path, m.sort_key AS "sortKey"
     FROM membership_spans s JOIN members m ON m.id = s.member_id
     WHERE s.member_id = ANY($1::bigint[]) AND s.valid_to = 'infinity' ORDER BY array_position($1::bigint[], s.member_id)`,
    [candidates]);
  const { rows: cells } = await db.pool.query<{ id: number }>(
    `SELECT id FROM units WHERE type_code IN ('subordinate_cell', 'grassroots_cell') AND valid_to = 'infinity'
     ORDER BY (id * 2654435761) % 1000003 LIMIT 400`);
  const { rows: [province] } = await db.pool.query<{ path: string }>(
    `SELECT path FROM unit_versions WHERE unit_id = $1 AND valid_to = 'infinity'`, [o.province.id]);
  const inProvince = active.filter((m) => province && m.path.startsWith(province.path));
  const names = active.slice(0, 40).map((m) => foldForSearch(m.name));
  return {
    root: o.root,
    province: o.province,
    cells: cells.map((c) => c.id),
    memberIds: active.map((m) => m.id),
    searchTerms: names.flatMap((n, i) => [n, COMMON_TERMS[i % COMMON_TERMS.length] as string]),
    provinceCursors: [null, ...inProvince.slice(0, 60).map((m) => encodeCursor([m.sortKey, m.id]))],
  };
}

function plans(f: Fixtures, o: ScenarioOptions): ScenarioPlan[] {
  const n = (key: ScenarioKey) => o.samples(key);
  const cycle = <T>(items: readonly T[], count: number) => Array.from({ length: count }, (_, i) => items[i % items.length] as T);
  const stats = (key: ScenarioKey, title: string, units: number[], asOf: string | undefined): ScenarioPlan => ({
    key, title, user: 'nation', permission: 'statistics.read',
    requests: cycle(units, n(key)).map((unitId) => ({
      path: `/api/v1/units/${unitId}/stats${asOf ? `?asOf=${asOf}` : ''}`,
      call: (db, actor) => getUnitStats({ db, actor, unitId, asOf, subtree: true }),
    })),
  });
  return [
    stats('stats_nation_now', 'Unit statistics, the nation, today', [f.root], undefined),
    stats('stats_nation_past', `Unit statistics, the nation, as of ${PAST_DATE}`, [f.root], PAST_DATE),
    stats('stats_province_now', `Unit statistics, a province (${f.province.name}), today`, [f.province.id], undefined),
    stats('stats_province_past', `Unit statistics, a province, as of ${PAST_DATE}`, [f.province.id], PAST_DATE),
    stats('stats_cell_now', 'Unit statistics, a cell, today', f.cells, undefined),
    stats('stats_cell_past', `Unit statistics, a cell, as of ${PAST_DATE}`, f.cells, PAST_DATE),
    {
      key: 'search_nation', title: 'Name search without diacritics, nation-wide (page of 50)', user: 'nation', permission: 'members.read',
      requests: cycle(f.searchTerms, n('search_nation')).map((q) => ({
        path: `/api/v1/members?q=${encodeURIComponent(q)}&limit=50`,
        call: (db, actor) => listMembers({ db, actor, q, subtree: true, limit: 50 }),
      })),
    },
    {
      key: 'list_province', title: `Member list of a province (${f.province.name}): official members, register order, page of 50 at a random position`,
      user: 'province', permission: 'members.read',
      requests: cycle(f.provinceCursors, n('list_province')).map((cursor) => ({
        path: `/api/v1/members?unit=${f.province.id}&status=official&limit=50${cursor ? `&cursor=${cursor}` : ''}`,
        call: (db, actor) => listMembers({ db, actor, unitId: f.province.id, subtree: true, status: 'official', limit: 50, cursor: cursor ?? undefined }),
      })),
    },
    {
      key: 'profile_read', title: 'Member profile read (observer: masked fields, no audit row)', user: 'reader', permission: 'members.read',
      requests: cycle(f.memberIds, n('profile_read')).map((id) => ({
        path: `/api/v1/members/${id}`,
        call: (db, actor) => getMember({ db, actor, id }),
      })),
    },
  ];
}

/** A request slower than this is timed from the first one on, without a warm-up. */
const SLOW_MS = 2_000;
/** Fewest timed requests per scenario, however long they take. */
const MIN_SAMPLES = 1;

/** Runs the scenarios against a server process on `serverEnv`, then their SQL on `openDb()`. */
export async function runScenarios(o: ScenarioOptions & {
  serverEnv: Record<string, string>;
  passwords: Record<UserKey, string>;
  fixtures: Fixtures;
  openDb: () => Promise<Database>;
}): Promise<Measurements> {
  const { log } = o;
  const scenarioPlans = plans(o.fixtures, o);
  const api = new Map<ScenarioKey, { ms: number[]; failures: number; used: number }>();
  const tokens = {} as Record<UserKey, string>;

  // 1. Through the HTTP API of the real server.
  const server = await startServerProcess(o.serverEnv);
  let throughputApi: Omit<ThroughputResult, 'sqlRequestsPerSecond'>;
  const memory: Measurements['memory'] = { idleMb: null, peakMb: null, underLoadMb: null };
  const rss = sampleRss(server.pid);
  const clients = {} as Record<UserKey, ApiClient>;
  try {
    log(`Server ${server.url} (pid ${server.pid}) started.`);
    for (const key of Object.keys(USERS) as UserKey[]) {
      clients[key] = new ApiClient(server.url);
      await clients[key].signIn(USERS[key].username, o.passwords[key]);
      tokens[key] = clients[key].cookie.replace(/^pw_session=/, '');
    }
    await clients.reader.request('GET', `/api/v1/members/${o.fixtures.memberIds[0]}`);
    memory.idleMb = rssMb(server.pid);
    for (const plan of scenarioPlans) {
      const client = clients[plan.user];
      const result = { ms: [] as number[], failures: 0, used: 0 };
      // A warm-up request; one that takes seconds is counted instead (caches matter little then).
      const first = await client.request('GET', (plan.requests[0] as Request).path);
      const slow = first.ms > SLOW_MS && first.status === 200;
      const deadline = performance.now() + o.secondsPerScenario * 1000;
      for (const [i, r] of plan.requests.entries()) {
        const res = i === 0 && slow ? first : await client.request('GET', r.path);
        if (res.status !== 200) {
          result.failures++;
          if (result.failures === 1) log(`  ${plan.key}: ${res.status} ${res.body.slice(0, 300)}`);
        }
        result.ms.push(res.ms);
        result.used++;
        if (performance.now() > deadline && result.used >= MIN_SAMPLES) break;
      }
      api.set(plan.key, result);
      const d = distribution(result.ms);
      log(`  API ${plan.key}: n=${d.n} p50 ${d.p50.toFixed(1)} ms, p95 ${d.p95.toFixed(1)} ms`);
    }

    // Throughput of profile reads, many connections at once.
    const ids = o.fixtures.memberIds;
    let next = 0;
    const loadStart = rss.samples.length;
    const result = await autocannon({
      url: server.url,
      connections: o.connections,
      duration: o.throughputSeconds,
      headers: { cookie: clients.reader.cookie, accept: 'application/json' },
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/v1/members/${ids[next++ % ids.length]}` }) }],
    });
    memory.underLoadMb = rss.peakSince(loadStart) || rssMb(server.pid);
    throughputApi = {
      connections: o.connections, seconds: o.throughputSeconds,
      requestsPerSecond: result.requests.average, latencyP50: result.latency.p50, latencyP99: result.latency.p99,
      non2xx: result.non2xx, errors: result.errors,
    };
    log(`  API throughput: ${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`);
  } finally {
    rss.stop();
    memory.peakMb = rss.peakSince(0) || null;
    for (const c of Object.values(clients)) c.close();
    await server.stop();
  }

  // 2. The same requests' SQL, directly on the database, as the scoped role with the same scope.
  // node-postgres reads PGOPTIONS whenever the pool opens a connection: set for the whole phase.
  const options = process.env.PGOPTIONS;
  if (o.capSeconds !== null) process.env.PGOPTIONS = `-c statement_timeout=${o.capSeconds * 1000}`;
  const restoreOptions = () => {
    if (options === undefined) delete process.env.PGOPTIONS;
    else process.env.PGOPTIONS = options;
  };
  const db = await o.openDb().catch((err: unknown) => {
    restoreOptions();
    throw err;
  });
  const scenarios: ScenarioResult[] = [];
  let sqlRequestsPerSecond = 0;
  try {
    const actors = {} as Record<UserKey, Record<string, ReturnType<typeof actorFor>>>;
    for (const key of Object.keys(USERS) as UserKey[]) {
      const principal = await principalFromSession({ db, token: tokens[key] });
      if (!principal) throw new Error(`The session of ${USERS[key].username} has ended before the SQL replay`);
      actors[key] = { 'statistics.read': actorFor(principal, 'statistics.read'), 'members.read': actorFor(principal, 'members.read') };
    }
    const explained = new Map<string, string>();
    for (const plan of scenarioPlans) {
      const measured = api.get(plan.key) as { ms: number[]; failures: number; used: number };
      const actor = actors[plan.user][plan.permission] as ReturnType<typeof actorFor>;
      const scoped = (d: Database) => scopedDatabase(d, actor.scopePaths);
      const sqlMs: number[] = [];
      let slowest: Awaited<ReturnType<typeof replay>>['slowest'] = null;
      // Each distinct request is recorded once (that run warms the caches up) and replayed timed.
      // A request that takes seconds is not run a second time: its SQL time is that of the
      // recording run (the service code in this process, without HTTP; its own share is
      // negligible beside seconds of SQL), and each is run once within the scenario's time.
      const recordings = new Map<string, Recording>();
      let sqlFailures = 0;
      const deadline = performance.now() + o.secondsPerScenario * 1000;
      const slowScenario = distribution(measured.ms).p50 > SLOW_MS;
      for (const r of plan.requests.slice(0, measured.used)) {
        let recording = recordings.get(r.path);
        if (!recording) {
          const t = performance.now();
          const sessions: RecordedSession[] = [];
          const failed = await r.call(scoped(recordingDatabase(db, sessions)), actor).then(() => false, () => true);
          recording = waves(sessions);
          recordings.set(r.path, recording);
          if (failed) sqlFailures++;
          if (slowScenario || failed) {
            sqlMs.push(performance.now() - t);
            const s = await slowestOf(recording);
            if (s && (!slowest || s.ms > slowest.ms)) slowest = s;
            if (performance.now() > deadline || failed) break;
            continue;
          }
        }
        const { ms, slowest: s } = await replay(db.pool, recording);
        sqlMs.push(ms);
        if (s && (!slowest || s.ms > slowest.ms)) slowest = s;
        if (performance.now() > deadline && sqlMs.length >= 1) break;
      }
      const apiD = distribution(measured.ms);
      const sqlD = distribution(sqlMs);
      // One EXPLAIN ANALYZE per statement text: the statistics of a nation, a province and a cell share their slowest one.
      let plan_: string | null = null;
      if (slowest) {
        const seen = explained.get(slowest.query.text);
        // A statement stopped at the cap is explained without running it (ANALYZE would take as long again).
        const capped = o.capSeconds !== null && slowest.ms >= o.capSeconds * 900;
        plan_ = seen ? `The same statement as in "${seen}" above (with other values).`
          : await explain(db.pool, slowest.session, slowest.query, !capped).catch((err: Error) => `EXPLAIN failed: ${err.message}`);
        if (capped && !seen) plan_ = `Stopped by statement_timeout after ${o.capSeconds} s; EXPLAIN without ANALYZE:\n${plan_}`;
        if (!seen) explained.set(slowest.query.text, plan.title);
      }
      scenarios.push({
        key: plan.key, title: plan.title, api: apiD, sql: sqlD, ratio: apiD.p50 / sqlD.p50, failures: measured.failures, sqlFailures,
        slowestSql: slowest ? slowest.query.text.replace(/\s+/g, ' ').trim() : null, plan: plan_,
      });
      log(`  SQL ${plan.key}: p50 ${sqlD.p50.toFixed(1)} ms, p95 ${sqlD.p95.toFixed(1)} ms (API/SQL ${(apiD.p50 / sqlD.p50).toFixed(2)})`);
    }

    // The SQL of profile reads replayed by as many workers as autocannon had connections.
    const profile = scenarioPlans.find((p) => p.key === 'profile_read') as ScenarioPlan;
    const actor = actors.reader['members.read'] as ReturnType<typeof actorFor>;
    const recordings: Recording[] = [];
    for (const r of profile.requests.slice(0, 200)) recordings.push(await record(db, (d) => r.call(scopedDatabase(d, actor.scopePaths), actor)));
    let done = 0;
    let i = 0;
    const until = performance.now() + o.throughputSeconds * 1000;
    const started = performance.now();
    await Promise.all(Array.from({ length: o.connections }, async () => {
      while (performance.now() < until) {
        await replay(db.pool, recordings[i++ % recordings.length] as Recording);
        done++;
      }
    }));
    sqlRequestsPerSecond = done / ((performance.now() - started) / 1000);
    log(`  SQL throughput: ${sqlRequestsPerSecond.toFixed(0)} profile reads/s`);
  } finally {
    await db.close();
    restoreOptions();
  }
  return { scenarios, throughput: { ...throughputApi, sqlRequestsPerSecond }, memory };
}

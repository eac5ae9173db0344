import type pg from 'pg';
import { inTransaction, type Database } from '../server/db/client.ts';

/**
 * The SQL floor of an API request: the statements the app's own service code sends for it,
 * recorded once (the service runs in this process on a recording connection pool, behind the
 * same scopedDatabase as a request) and then replayed verbatim — BEGIN, SET LOCAL ROLE
 * partywork_scoped, the scope setting, each query, COMMIT — on connections of their own, with
 * the same concurrency: transactions the service ran side by side (Promise.all) are replayed
 * side by side. What the API adds on top (HTTP, sign-in check, validation, JSON) is the
 * difference between the two timings.
 */

export type RecordedQuery = { text: string; values: unknown[] | undefined; ms?: number };
/** One checkout of a connection: the queries sent on it, and when. */
export type RecordedSession = { start: number; end: number; queries: RecordedQuery[] };
/** Sessions to run one after the other; the sessions of a wave run together. */
export type Recording = RecordedSession[][];

function recordingClient(client: pg.PoolClient, session: RecordedSession): pg.PoolClient {
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'query') {
        return async (text: string, values?: unknown[]) => {
          const query: RecordedQuery = { text, values };
          session.queries.push(query);
          const t = performance.now();
          try {
            return await target.query(text, values);
          } finally {
            query.ms = performance.now() - t;
          }
        };
      }
      if (prop === 'release') {
        return (err?: Error | boolean) => {
          session.end = performance.now();
          target.release(err);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** A Database whose connections record what is sent on them into `sessions`. */
export function recordingDatabase(db: Database, sessions: RecordedSession[]): Database {
  const pool = new Proxy(db.pool, {
    get(target, prop) {
      if (prop === 'connect') {
        return async () => {
          const session: RecordedSession = { start: performance.now(), end: Number.POSITIVE_INFINITY, queries: [] };
          sessions.push(session);
          return recordingClient(await target.connect(), session);
        };
      }
      if (prop === 'query') {
        return async (text: string, values?: unknown[]) => {
          const query: RecordedQuery = { text, values };
          const session: RecordedSession = { start: performance.now(), end: Number.POSITIVE_INFINITY, queries: [query] };
          sessions.push(session);
          try {
            return await target.query(text, values);
          } finally {
            session.end = performance.now();
            query.ms = session.end - session.start;
          }
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { ...db, pool, transaction: (fn) => inTransaction(pool, fn) };
}

/** Runs `call` against a recording database and returns what it sent, in waves. */
export async function record(db: Database, call: (db: Database) => Promise<unknown>): Promise<Recording> {
  const sessions: RecordedSession[] = [];
  await call(recordingDatabase(db, sessions));
  return waves(sessions);
}

/** A session starts a new wave once some session of the current wave had ended before it began. */
export function waves(sessions: RecordedSession[]): Recording {
  const out: Recording = [];
  let current: RecordedSession[] = [];
  let firstEnd = Number.POSITIVE_INFINITY;
  for (const s of [...sessions].sort((a, b) => a.start - b.start)) {
    if (current.length > 0 && s.start >= firstEnd) {
      out.push(current);
      current = [];
      firstEnd = Number.POSITIVE_INFINITY;
    }
    current.push(s);
    firstEnd = Math.min(firstEnd, s.end);
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Replays a recording on `pool`; the wall time in milliseconds and the slowest query. */
export async function replay(pool: pg.Pool, recording: Recording): Promise<{ ms: number; slowest: { query: RecordedQuery; ms: number; session: RecordedSession } | null }> {
  let slowest: { query: RecordedQuery; ms: number; session: RecordedSession } | null = null;
  const started = performance.now();
  for (const wave of recording) {
    await Promise.all(wave.map(async (session) => {
      const client = await pool.connect();
      try {
        for (const query of session.queries) {
          const t = performance.now();
          await client.query(query.text, query.values);
          const ms = performance.now() - t;
          if (!isControl(query.text) && (!slowest || ms > slowest.ms)) slowest = { query, ms, session };
        }
      } finally {
        client.release();
      }
    }));
  }
  return { ms: performance.now() - started, slowest };
}

/** The slowest query of a recording as it ran while recorded. */
export async function slowestOf(recording: Recording): Promise<{ query: RecordedQuery; ms: number; session: RecordedSession } | null> {
  let slowest: { query: RecordedQuery; ms: number; session: RecordedSession } | null = null;
  for (const session of recording.flat()) {
    for (const query of session.queries) {
      if (!isControl(query.text) && query.ms !== undefined && (!slowest || query.ms > slowest.ms)) slowest = { query, ms: query.ms, session };
    }
  }
  return slowest;
}

const isControl = (text: string) => /^\s*(BEGIN|COMMIT|ROLLBACK|SET|SELECT set_config)/i.test(text);

/**
 * EXPLAIN (ANALYZE, BUFFERS) of a recorded query, in its session's transaction as it ran (the
 * scoped role and scope setting come from the recorded BEGIN), rolled back afterwards.
 */
export async function explain(pool: pg.Pool, session: RecordedSession, query: RecordedQuery, analyze = true): Promise<string> {
  const client = await pool.connect();
  try {
    const begin = session.queries.find((q) => /^\s*BEGIN/i.test(q.text));
    await client.query(begin?.text ?? 'BEGIN');
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${analyze ? '(ANALYZE, BUFFERS) ' : ''}${query.text}`, query.values);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}

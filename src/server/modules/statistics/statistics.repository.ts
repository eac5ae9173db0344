import type { Sql } from '../../db/client.ts';

export type StatsTarget = {
  date: string;
  /** Members of the unit itself, or of the unit and everything below it. */
  unit: { id: number; path: string; pathEnd: string; subtree: boolean };
  scope: string;
  scopeParams: unknown[];
};

const DIMENSIONS = ['status', 'gender', 'age_band', 'ethnicity', 'religion', 'education', 'qualification', 'theory_level'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

function spanFilter(t: StatsTarget, params: unknown[], alias: string, pathColumn: string, unitColumn: string) {
  params.push(t.date);
  const d = `$${params.length}`;
  const where = [`${alias}.valid_from <= ${d}`, `${alias}.valid_to > ${d}`, t.scope];
  if (t.unit.subtree) {
    params.push(t.unit.path, t.unit.pathEnd);
    where.push(`${pathColumn} >= $${params.length - 1} AND ${pathColumn} < $${params.length}`);
  } else {
    params.push(t.unit.id);
    where.push(`${unitColumn} = $${params.length}`);
  }
  return { d, where: where.join(' AND ') };
}

/**
 * Every breakdown a committee reports (DOMAIN.md §9) in one pass over the members active on
 * the date: GROUPING SETS counts each dimension separately from the same rows.
 */
export async function countMembersBy(sql: Sql, t: StatsTarget): Promise<{ dimension: Dimension; key: string; count: number }[]> {
  const params: unknown[] = [...t.scopeParams];
  const { d, where } = spanFilter(t, params, 's', 's.unit_path', 's.unit_id');
  const { rows } = await sql.query<Record<Dimension, string | null> & { count: number; g: number }>(
    `WITH active AS (
       SELECT s.status, m.gender, m.ethnicity, m.religion,
              coalesce(m.education, 'unknown') AS education,
              coalesce(m.qualification, 'unknown') AS qualification,
              coalesce(m.theory_level, 'unknown') AS theory_level,
              CASE WHEN a.years <= 30 THEN 'up_to_30' WHEN a.years <= 40 THEN '31_40'
                   WHEN a.years <= 50 THEN '41_50' WHEN a.years <= 60 THEN '51_60'
                   WHEN a.years <= 70 THEN '61_70' ELSE 'over_70' END AS age_band
       FROM membership_spans s
       JOIN members m ON m.id = s.member_id
       CROSS JOIN LATERAL (SELECT extract(year FROM age(${d}::date, m.birth_date))::int AS years) a
       WHERE ${where})
     SELECT ${DIMENSIONS.join(', ')}, count(*)::int AS count, GROUPING(${DIMENSIONS.join(', ')}) AS g
     FROM active
     GROUP BY GROUPING SETS (${DIMENSIONS.map((x) => `(${x})`).join(', ')})`,
    params);
  // GROUPING() sets a bit for every column not grouped in the row; the one clear bit names the dimension.
  return rows.map((r) => {
    const index = DIMENSIONS.findIndex((_, i) => (r.g & (1 << (DIMENSIONS.length - 1 - i))) === 0);
    const dimension = DIMENSIONS[index] as Dimension;
    return { dimension, key: String(r[dimension]), count: r.count };
  });
}

/** Units open on the date in the subtree (or the unit alone), by type. */
export async function countUnitsByType(sql: Sql, t: StatsTarget): Promise<{ key: string; count: number }[]> {
  const params: unknown[] = [...t.scopeParams];
  const { where } = spanFilter(t, params, 'v', 'v.path', 'v.unit_id');
  const { rows } = await sql.query<{ key: string; count: number }>(
    `SELECT u.type_code AS key, count(*)::int AS count FROM unit_versions v JOIN units u ON u.id = v.unit_id
     WHERE ${where} GROUP BY u.type_code ORDER BY u.type_code`, params);
  return rows;
}

/** The lifecycle events a report counts. */
const COUNTED_EVENTS = ['admitted', 'recognized_official', 'died'];

/**
 * Admissions, official recognitions and deaths from `from` to the date, by the unit of the
 * event, each kind counted once or per calendar year.
 */
export async function countEvents(
  sql: Sql, t: StatsTarget, from: string, byYear: boolean,
): Promise<{ kind: string; year: number | null; count: number }[]> {
  const rows = await countEventsBelow(sql, t, { from, kinds: COUNTED_EVENTS, byYear, byChild: false });
  return rows.map(({ kind, year, count }) => ({ kind, year, count }));
}

/**
 * Events of some kinds from `from` to the date, by the unit of the event, each kind counted once
 * or per calendar year; with `byChild` (and a subtree), apart for each unit directly below the
 * unit on the path of the event's unit that day (`childId`, null for the unit's own events).
 * Events a correction voided are not counted. The scope is a condition on `e.unit_path`.
 */
export async function countEventsBelow(
  sql: Sql, t: StatsTarget, o: { from: string; kinds: readonly string[]; byYear: boolean; byChild: boolean },
): Promise<{ childId: number | null; kind: string; year: number | null; count: number }[]> {
  const params: unknown[] = [...t.scopeParams, o.from, t.date, o.kinds];
  const where = [t.scope, `e.effective_on >= $${params.length - 2}`, `e.effective_on <= $${params.length - 1}`,
    `e.kind = ANY($${params.length}::text[])`, 'e.voided_by IS NULL'];
  // The subtree is taken as it stood on each event's date, also for a unit that itself moved
  // meanwhile (its place on the as-of date would lose the events from before the move): each of
  // the unit's versions is one range of the events' paths over the days it stood there. The end
  // of the range is worked out first: row-level security lets only leakproof comparisons of
  // plain values into an index condition, and left() and || are not.
  let place = '';
  let versions = '';
  params.push(t.unit.id);
  if (t.unit.subtree) {
    versions = `WITH q AS MATERIALIZED (
      SELECT path, left(path, -1) || '/' AS path_end, valid_from, valid_to FROM unit_versions WHERE unit_id = $${params.length}) `;
    place = `JOIN q ON e.unit_path >= q.path AND e.unit_path < q.path_end
      AND e.effective_on >= q.valid_from AND e.effective_on < q.valid_to`;
  } else {
    // An event whose unit did not stand on its day has no path and is not the unit's.
    where.push(`e.unit_id = $${params.length}`, 'e.unit_path IS NOT NULL');
  }
  const year = o.byYear ? 'extract(year FROM e.effective_on)::int' : 'NULL::int';
  // The unit below on the path that day is the id that follows the unit's own path in it, so one
  // pass over the unit's events counts every child as the tree stood when each event happened.
  const child = t.unit.subtree && o.byChild ? `nullif(split_part(substr(e.unit_path, length(q.path) + 1), '.', 1), '')::bigint` : 'NULL::bigint';
  const { rows } = await sql.query<{ childId: number | null; kind: string; year: number | null; count: number }>(
    `${versions}SELECT ${child} AS "childId", e.kind, ${year} AS year, count(*)::int AS count FROM member_events e
     ${place}
     WHERE ${where.join(' AND ')} GROUP BY 1, 2, 3 ORDER BY 3, 2, 1`, params);
  return rows;
}

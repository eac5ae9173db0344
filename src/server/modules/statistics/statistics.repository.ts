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

/** The deepest units whose member counts are kept as data changes (migration 0017): the nation and the provinces. */
export const KEPT_COUNT_DEPTH = 2;

/**
 * Every breakdown a committee reports (DOMAIN.md §9), recounted in one pass over the members
 * active on the date: GROUPING SETS counts each dimension separately from the same rows.
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
              member_age_band(m.birth_date, ${d}::date) AS age_band
       FROM membership_spans s
       JOIN members m ON m.id = s.member_id
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

/**
 * The same breakdowns of a counted unit's subtree, and its units open by type (dimension
 * 'unit_type'), read from the kept counts: the sum of its contributions up to the date
 * (kept_counts_as_of: whole years, then the months of the date's year, then the days of its
 * month), some 150 rows per key whatever the number of members.
 */
export async function countKept(
  sql: Sql, node: string, date: string,
): Promise<{ members: { dimension: Dimension; key: string; count: number }[]; unitsByType: { key: string; count: number }[] }> {
  const { rows } = await sql.query<{ dimension: Dimension | 'unit_type'; key: string; count: number }>(
    'SELECT dimension, key, count FROM kept_counts_as_of($1, $2) ORDER BY 1, 2', [node, date]);
  const members: { dimension: Dimension; key: string; count: number }[] = [];
  const unitsByType: { key: string; count: number }[] = [];
  for (const { dimension, key, count } of rows) {
    if (dimension === 'unit_type') unitsByType.push({ key, count });
    else members.push({ dimension, key, count });
  }
  return { members, unitsByType };
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

/** The paths a unit had over a period: its events were filed under these. */
export async function unitPathsDuring(sql: Sql, unitId: number, from: string, to: string): Promise<string[]> {
  const { rows } = await sql.query<{ path: string }>(
    `SELECT DISTINCT path FROM unit_versions WHERE unit_id = $1 AND valid_from <= $3 AND valid_to > $2`, [unitId, from, to]);
  return rows.map((r) => r.path);
}

/**
 * `countEvents` from the kept event counts, for a unit whose every path over the period is a
 * counted unit's (the caller checks): for each version of the unit, the days it stood there.
 */
export async function countEventsKept(
  sql: Sql, unitId: number, from: string, to: string, byYear: boolean,
): Promise<{ kind: string; year: number | null; count: number }[]> {
  const year = byYear ? 'extract(year FROM e.day)::int' : 'NULL::int';
  const { rows } = await sql.query<{ kind: string; year: number | null; count: number }>(
    `WITH q AS MATERIALIZED (
       SELECT path, greatest(valid_from, $2::date) AS lo, valid_to FROM unit_versions
       WHERE unit_id = $1 AND valid_from <= $3 AND valid_to > $2)
     SELECT e.kind, ${year} AS year, sum(e.count)::int AS count
     FROM q JOIN event_count_days e ON e.node = q.path AND e.day >= q.lo AND e.day < q.valid_to AND e.day <= $3
     WHERE e.kind = ANY($4::text[])
     GROUP BY 1, 2 HAVING sum(e.count) <> 0 ORDER BY 2, 1`, [unitId, from, to, COUNTED_EVENTS]);
  return rows;
}

export type KeptCountDifference = { node: string; date: string; dimension: string; key: string; kept: number; recount: number };

/**
 * The kept counts of every counted unit (or of `nodes`) on each date against a recount of the
 * spans and unit versions, as the owner: the breakdowns where they differ (none, while the triggers hold) and
 * how many were compared.
 */
export async function compareKeptCounts(
  sql: Sql, dates: readonly string[], nodes: readonly string[] | null,
): Promise<{ compared: number; differences: KeptCountDifference[] }> {
  const { rows } = await sql.query<KeptCountDifference & { compared: number }>(
    `WITH dates AS (SELECT unnest($1::date[]) AS d),
     nodes AS (
       SELECT node FROM unnest($2::text[]) AS node WHERE $2 IS NOT NULL
       UNION SELECT DISTINCT node FROM kept_count_years WHERE $2 IS NULL),
     kept AS (
       SELECT n.node, dates.d, x.dimension, x.key, x.count AS c FROM nodes n CROSS JOIN dates
       CROSS JOIN LATERAL kept_counts_as_of(n.node, dates.d) x),
     recount AS (
       SELECT n.node, dates.d, x.dimension, x.key, count(*)::int AS c
       FROM nodes n CROSS JOIN dates
       JOIN membership_spans s ON s.unit_path >= n.node AND s.unit_path < left(n.node, -1) || '/'
         AND s.valid_from <= dates.d AND s.valid_to > dates.d
       JOIN members m ON m.id = s.member_id
       CROSS JOIN LATERAL (VALUES ('status', s.status), ('gender', m.gender), ('age_band', member_age_band(m.birth_date, dates.d)),
         ('ethnicity', m.ethnicity), ('religion', m.religion), ('education', coalesce(m.education, 'unknown')),
         ('qualification', coalesce(m.qualification, 'unknown')), ('theory_level', coalesce(m.theory_level, 'unknown'))
       ) AS x(dimension, key)
       GROUP BY 1, 2, 3, 4
       UNION ALL
       SELECT n.node, dates.d, 'unit_type', u.type_code, count(*)::int
       FROM nodes n CROSS JOIN dates
       JOIN unit_versions v ON v.path >= n.node AND v.path < left(n.node, -1) || '/' AND v.valid_from <= dates.d AND v.valid_to > dates.d
       JOIN units u ON u.id = v.unit_id
       GROUP BY 1, 2, 3, 4),
     compared AS (
       SELECT node, d, dimension, key, coalesce(k.c, 0) AS kept, coalesce(r.c, 0) AS recount
       FROM kept k FULL JOIN recount r USING (node, d, dimension, key))
     SELECT node, to_char(d, 'YYYY-MM-DD') AS date, dimension, key, kept, recount, (SELECT count(*)::int FROM compared) AS compared
     FROM compared WHERE kept <> recount
     UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, (SELECT count(*)::int FROM compared)
     ORDER BY 1, 2, 3, 4`,
    [dates, nodes]);
  const compared = rows.at(-1)?.compared ?? 0;
  return { compared, differences: rows.filter((r) => r.node !== null).map(({ compared: _, ...d }) => d) };
}

/**
 * Months whose kept row is not the sum of its days' rows, and years not the sum of their months'
 * (each table answers dates of its own: a count reads whole years from one, the months of its
 * year from another, the days of its month from the third).
 */
export async function keptRollupsOffTheirParts(sql: Sql): Promise<{ node: string; period: string; dimension: string; key: string }[]> {
  const { rows } = await sql.query<{ node: string; period: string; dimension: string; key: string }>(
    `(WITH days AS (
        SELECT node, date_trunc('month', day)::date AS month, dimension, key, sum(delta)::int AS delta
        FROM kept_count_days GROUP BY 1, 2, 3, 4)
      SELECT node, to_char(month, 'YYYY-MM') AS period, dimension, key
      FROM days FULL JOIN kept_count_months m USING (node, month, dimension, key)
      WHERE coalesce(days.delta, 0) <> coalesce(m.delta, 0) ORDER BY 1, 2, 3, 4 LIMIT 100)
     UNION ALL
     (WITH months AS (
        SELECT node, date_trunc('year', month)::date AS year, dimension, key, sum(delta)::int AS delta
        FROM kept_count_months GROUP BY 1, 2, 3, 4)
      SELECT node, to_char(year, 'YYYY') AS period, dimension, key
      FROM months FULL JOIN kept_count_years y USING (node, year, dimension, key)
      WHERE coalesce(months.delta, 0) <> coalesce(y.delta, 0) ORDER BY 1, 2, 3, 4 LIMIT 100)`);
  return rows;
}

/**
 * The kept event counts of every counted unit (or of `nodes`) against a count of the events,
 * day by day and kind by kind: the days where they differ (at most 100) and how many were compared.
 */
export async function compareKeptEventCounts(
  sql: Sql, nodes: readonly string[] | null,
): Promise<{ compared: number; differences: { node: string; day: string; kind: string; kept: number; recount: number }[] }> {
  const { rows } = await sql.query<{ node: string | null; day: string; kind: string; kept: number; recount: number; compared: number }>(
    `WITH recount AS (
       SELECT n.node, e.effective_on AS day, e.kind, count(*)::int AS c
       FROM member_events e CROSS JOIN LATERAL member_count_nodes(e.unit_path) AS n(node)
       WHERE e.unit_path IS NOT NULL AND e.voided_by IS NULL AND ($1::text[] IS NULL OR n.node = ANY($1::text[]))
       GROUP BY 1, 2, 3),
     kept AS (SELECT node, day, kind, count AS c FROM event_count_days WHERE $1::text[] IS NULL OR node = ANY($1::text[])),
     compared AS (
       SELECT node, day, kind, coalesce(k.c, 0) AS kept, coalesce(r.c, 0) AS recount
       FROM kept k FULL JOIN recount r USING (node, day, kind))
     (SELECT node, to_char(day, 'YYYY-MM-DD') AS day, kind, kept, recount, 0 AS compared FROM compared WHERE kept <> recount
      ORDER BY 1, 2, 3 LIMIT 100)
     UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, (SELECT count(*)::int FROM compared)`,
    [nodes]);
  const compared = rows.find((r) => r.node === null)?.compared ?? 0;
  return {
    compared,
    differences: rows.filter((r) => r.node !== null).map(({ compared: _, node, ...d }) => ({ node: node as string, ...d })),
  };
}

/** Recomputes the kept counts from the spans, unit versions and events, as the owner (migration 0017). */
export async function rebuildKeptCounts(sql: Sql): Promise<void> {
  await sql.query('SELECT kept_counts_rebuild()');
}

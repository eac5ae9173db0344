import type { Sql } from '../../db/client.ts';
import { subtreeRange } from '../../db/paths.ts';
import { containsPattern, openEnd } from '../../db/rows.ts';

/** A unit as it stood on one date: identity plus the version in force that day. */
export type UnitRow = {
  id: number; code: string; typeCode: string; validFrom: string; validTo: string | null; version: number;
  versionId: number; name: string; names: Record<string, string>; parentId: number | null; path: string;
  depth: number; versionFrom: string; versionTo: string | null;
};

type DbRow = {
  id: number; code: string; type_code: string; valid_from: string; valid_to: string; version: number;
  version_id: number; name: string; names: Record<string, string>; parent_id: number | null; path: string;
  depth: number; version_from: string; version_to: string;
};

const toUnit = (r: DbRow): UnitRow => ({
  id: r.id, code: r.code, typeCode: r.type_code, validFrom: r.valid_from, validTo: openEnd(r.valid_to),
  version: r.version, versionId: r.version_id, name: r.name, names: r.names, parentId: r.parent_id,
  path: r.path, depth: r.depth, versionFrom: r.version_from, versionTo: openEnd(r.version_to),
});

const UNIT_COLUMNS = `u.id, u.code, u.type_code, u.valid_from, u.valid_to, u.version,
  v.id AS version_id, v.name, v.names, v.parent_id, v.path, v.depth,
  v.valid_from AS version_from, v.valid_to AS version_to`;
const UNIT_FROM = 'FROM units u JOIN unit_versions v ON v.unit_id = u.id';
const SELECT_UNIT = `SELECT ${UNIT_COLUMNS} ${UNIT_FROM}`;

/** The unit's version in force on `date`, or its last version when closed before it. */
export async function findUnitAsOf(sql: Sql, id: number, date: string): Promise<UnitRow | null> {
  const { rows } = await sql.query<DbRow>(
    `${SELECT_UNIT} WHERE u.id = $1 AND v.valid_from <= $2 AND v.valid_to > $2`, [id, date]);
  return rows[0] ? toUnit(rows[0]) : null;
}

/** The unit's latest version (its current place, or where it stood when closed). */
export async function findUnitLatest(sql: Sql, id: number, lock = false): Promise<UnitRow | null> {
  if (lock) await sql.query('SELECT 1 FROM units WHERE id = $1 FOR UPDATE', [id]);
  const { rows } = await sql.query<DbRow>(
    `${SELECT_UNIT} WHERE u.id = $1 ORDER BY v.valid_from DESC LIMIT 1`, [id]);
  return rows[0] ? toUnit(rows[0]) : null;
}

export async function findUnitIdByCode(sql: Sql, code: string): Promise<number | null> {
  const { rows } = await sql.query<{ id: number }>('SELECT id FROM units WHERE code = $1', [code]);
  return rows[0]?.id ?? null;
}

/** Units by id as they stood on `date` (for breadcrumbs), in the order given. */
export async function findUnitsAsOf(sql: Sql, ids: number[], date: string): Promise<UnitRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql.query<DbRow>(
    `${SELECT_UNIT} WHERE u.id = ANY($1) AND v.valid_from <= $2 AND v.valid_to > $2`, [ids, date]);
  const byId = new Map(rows.map((r) => [r.id, toUnit(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export type ListUnitsFilter = {
  date: string;
  parentId: number | null | undefined;
  search: string | undefined;
  typeCode: string | undefined;
  scope: string;
  scopeParams: unknown[];
  after: [number, string, number] | null;
  limit: number;
};

/**
 * Children of a unit (or the top units), or units whose name matches a folded search, as of
 * a date, in rank then name order, with the number of children each has that day.
 * `filter.scope` is an SQL condition on `v.path` built by scopeCondition with `scopeParams`.
 */
export async function listUnits(sql: Sql, f: ListUnitsFilter): Promise<(UnitRow & { childCount: number; rank: number; nameKey: string })[]> {
  const params: unknown[] = [...f.scopeParams, f.date];
  const d = `$${params.length}`;
  const where = [`v.valid_from <= ${d}`, `v.valid_to > ${d}`, f.scope];
  if (f.parentId !== undefined) {
    if (f.parentId === null) where.push('v.parent_id IS NULL');
    else { params.push(f.parentId); where.push(`v.parent_id = $${params.length}`); }
  }
  // % and _ typed by the user are plain characters, not LIKE wildcards.
  if (f.search) { params.push(containsPattern(f.search)); where.push(`v.name_key LIKE $${params.length}`); }
  if (f.typeCode) { params.push(f.typeCode); where.push(`u.type_code = $${params.length}`); }
  if (f.after) {
    params.push(...f.after);
    const n = params.length;
    where.push(`(t.rank, v.name_key, u.id) > ($${n - 2}, $${n - 1}, $${n})`);
  }
  params.push(f.limit);
  const { rows } = await sql.query<DbRow & { child_count: number; rank: number; name_key: string }>(
    `SELECT ${UNIT_COLUMNS}, cc.child_count, t.rank, v.name_key ${UNIT_FROM} JOIN unit_types t ON t.code = u.type_code
     CROSS JOIN LATERAL (
       SELECT count(*)::int AS child_count FROM unit_versions c
       WHERE c.parent_id = u.id AND c.valid_from <= ${d} AND c.valid_to > ${d}) cc
     WHERE ${where.join(' AND ')}
     ORDER BY t.rank, v.name_key, u.id
     LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => ({ ...toUnit(r), childCount: r.child_count, rank: r.rank, nameKey: r.name_key }));
}

export async function countChildrenAsOf(sql: Sql, id: number, date: string): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM unit_versions WHERE parent_id = $1 AND valid_from <= $2 AND valid_to > $2`,
    [id, date]);
  return rows[0]?.n ?? 0;
}

export async function listVersions(sql: Sql, id: number) {
  const { rows } = await sql.query<{
    name: string; names: Record<string, string>; parent_id: number | null; path: string;
    valid_from: string; valid_to: string; reason: string;
  }>(`SELECT name, names, parent_id, path, valid_from, valid_to, reason FROM unit_versions
      WHERE unit_id = $1 ORDER BY valid_from`, [id]);
  return rows.map((r) => ({
    name: r.name, names: r.names, parentId: r.parent_id, path: r.path, validFrom: r.valid_from,
    validTo: openEnd(r.valid_to), reason: r.reason,
  }));
}

export async function insertUnit(sql: Sql, u: { code: string; typeCode: string; validFrom: string }): Promise<number> {
  const { rows } = await sql.query<{ id: number }>(
    'INSERT INTO units (code, type_code, valid_from) VALUES ($1, $2, $3) RETURNING id',
    [u.code, u.typeCode, u.validFrom]);
  return (rows[0] as { id: number }).id;
}

export type NewVersion = {
  unitId: number; name: string; names: Record<string, string>; nameKey: string; parentId: number | null;
  path: string; depth: number; validFrom: string; reason: 'created' | 'renamed' | 'moved' | 'restructured';
};

export async function insertVersion(sql: Sql, v: NewVersion): Promise<void> {
  await sql.query(
    `INSERT INTO unit_versions (unit_id, name, names, name_key, parent_id, path, depth, valid_from, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [v.unitId, v.name, JSON.stringify(v.names), v.nameKey, v.parentId, v.path, v.depth, v.validFrom, v.reason]);
}

/** A change on the very day a version began replaces it: that version never stood a full day. */
export async function replaceVersionName(sql: Sql, versionId: number, name: string, names: Record<string, string>, nameKey: string) {
  await sql.query('UPDATE unit_versions SET name = $2, names = $3, name_key = $4 WHERE id = $1',
    [versionId, name, JSON.stringify(names), nameKey]);
}

export async function closeVersion(sql: Sql, versionId: number, date: string): Promise<void> {
  await sql.query('UPDATE unit_versions SET valid_to = $2 WHERE id = $1', [versionId, date]);
}

export async function bumpVersion(sql: Sql, id: number, closeOn?: string): Promise<void> {
  await sql.query(
    `UPDATE units SET version = version + 1${closeOn ? ', valid_to = $2' : ''} WHERE id = $1`,
    closeOn ? [id, closeOn] : [id]);
}

/** Latest date on which anything in the subtree changed: a version or a membership span. */
export async function latestChangeInSubtree(sql: Sql, path: string): Promise<string | null> {
  const [lo, hi] = subtreeRange(path);
  const { rows } = await sql.query<{ latest: string | null }>(
    `SELECT max(d) AS latest FROM (
       SELECT max(valid_from) AS d FROM unit_versions WHERE path >= $1 AND path < $2
       UNION ALL SELECT max(valid_to) FROM unit_versions WHERE path >= $1 AND path < $2 AND valid_to <> 'infinity'
       UNION ALL SELECT max(valid_from) FROM membership_spans WHERE unit_path >= $1 AND unit_path < $2
       UNION ALL SELECT max(valid_to) FROM membership_spans
                 WHERE unit_path >= $1 AND unit_path < $2 AND valid_to <> 'infinity') x`,
    [lo, hi]);
  return rows[0]?.latest ?? null;
}

/** Members in the subtree whose membership there is still open on or after `date`. */
export async function countMembersFrom(sql: Sql, path: string, date: string): Promise<number> {
  const [lo, hi] = subtreeRange(path);
  const { rows } = await sql.query<{ n: number }>(
    `SELECT count(DISTINCT member_id)::int AS n FROM membership_spans
     WHERE unit_path >= $1 AND unit_path < $2 AND valid_to > $3`, [lo, hi, date]);
  return rows[0]?.n ?? 0;
}

export async function countOpenChildren(sql: Sql, id: number): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM unit_versions WHERE parent_id = $1 AND valid_to = 'infinity'`, [id]);
  return rows[0]?.n ?? 0;
}

/**
 * Moves every open unit version and open membership span of a subtree from `oldPath` to
 * `newPath` on `date`: versions and spans that began that very day are re-pathed in place;
 * older ones are closed on `date` and continued by a copy under the new path, so that the
 * tree and the counts before `date` stay exactly as they were.
 */
export async function repathSubtree(
  sql: Sql,
  o: { unitId: number; oldPath: string; newPath: string; newParentId: number; date: string; reason: 'moved' | 'restructured' },
): Promise<{ units: number; spans: number }> {
  const unitIds = await repathVersions(sql, o);
  const spans = await repathSpans(sql, o);
  await repathEventsFrom(sql, o.date, [o.oldPath]);
  return { units: unitIds.length, spans };
}

/** The unit-version half of repathSubtree; returns the ids of the units re-pathed. */
export async function repathVersions(
  sql: Sql,
  o: { unitId: number; oldPath: string; newPath: string; newParentId: number; date: string; reason: 'moved' | 'restructured' },
): Promise<number[]> {
  const [lo, hi] = subtreeRange(o.oldPath);
  const depthDelta = o.newPath.split('.').length - o.oldPath.split('.').length;
  const newPath = `$3 || substr(path, length($1) + 1)`;
  const sameDay = await sql.query<{ unit_id: number }>(
    `UPDATE unit_versions SET path = ${newPath}, depth = depth + $5,
       parent_id = CASE WHEN unit_id = $6 THEN $7 ELSE parent_id END
     WHERE path >= $1 AND path < $2 AND valid_to = 'infinity' AND valid_from = $4
     RETURNING unit_id`,
    [lo, hi, o.newPath, o.date, depthDelta, o.unitId, o.newParentId]);
  const continued = await sql.query<{ unit_id: number }>(
    `WITH closed AS (
       UPDATE unit_versions SET valid_to = $4
       WHERE path >= $1 AND path < $2 AND valid_to = 'infinity' AND valid_from < $4
       RETURNING unit_id, name, names, name_key, parent_id, path, depth)
     INSERT INTO unit_versions (unit_id, name, names, name_key, parent_id, path, depth, valid_from, reason)
     SELECT unit_id, name, names, name_key, CASE WHEN unit_id = $6 THEN $7 ELSE parent_id END,
            ${newPath}, depth + $5, $4, $8 FROM closed
     RETURNING unit_id`,
    [lo, hi, o.newPath, o.date, depthDelta, o.unitId, o.newParentId, o.reason]);
  return [...sameDay.rows, ...continued.rows].map((r) => Number(r.unit_id));
}

/**
 * Everything open strictly below `from` goes below `to` on `date` (a merge or an abolished
 * level hands all of a unit's children over at once): one range update instead of one per
 * child. Returns the ids of the units re-pathed.
 */
export async function repathBelow(
  sql: Sql,
  o: { from: { id: number; path: string; depth: number }; to: { id: number; path: string; depth: number }; date: string; reason: 'restructured' },
): Promise<number[]> {
  const [lo, hi] = subtreeRange(o.from.path);
  const newPath = `$3 || substr(path, length($1) + 1)`;
  const params = [lo, hi, o.to.path, o.date, o.to.depth - o.from.depth, o.from.id, o.to.id];
  const sameDay = await sql.query<{ unit_id: number }>(
    `UPDATE unit_versions SET path = ${newPath}, depth = depth + $5,
       parent_id = CASE WHEN parent_id = $6 THEN $7 ELSE parent_id END
     WHERE path > $1 AND path < $2 AND valid_to = 'infinity' AND valid_from = $4
     RETURNING unit_id`, params);
  const continued = await sql.query<{ unit_id: number }>(
    `WITH closed AS (
       UPDATE unit_versions SET valid_to = $4
       WHERE path > $1 AND path < $2 AND valid_to = 'infinity' AND valid_from < $4
       RETURNING unit_id, name, names, name_key, parent_id, path, depth)
     INSERT INTO unit_versions (unit_id, name, names, name_key, parent_id, path, depth, valid_from, reason)
     SELECT unit_id, name, names, name_key, CASE WHEN parent_id = $6 THEN $7 ELSE parent_id END,
            ${newPath}, depth + $5, $4, $8 FROM closed
     RETURNING unit_id`, [...params, o.reason]);
  return [...sameDay.rows, ...continued.rows].map((r) => Number(r.unit_id));
}

/**
 * Events on or after `date` filed under `paths` (each with everything below: the old places of
 * moved, merged or closed units) take the path their unit has on their day: those recorded for
 * days after the move or restructure were filed under the old place. Older events keep the path
 * of their day; an event whose unit no longer stands on its day (a version dropped) has none.
 */
export async function repathEventsFrom(sql: Sql, date: string, paths: readonly string[]): Promise<number> {
  if (paths.length === 0) return 0;
  const ranges = paths.map((p) => subtreeRange(p));
  const { rowCount } = await sql.query(
    `UPDATE member_events e
     SET unit_path = (SELECT v.path FROM unit_versions v
                      WHERE v.unit_id = e.unit_id AND v.valid_from <= e.effective_on AND v.valid_to > e.effective_on)
     FROM unnest($2::text[], $3::text[]) AS r(lo, hi)
     WHERE e.unit_path >= r.lo AND e.unit_path < r.hi AND e.effective_on >= $1`,
    [date, ranges.map((r) => r[0]), ranges.map((r) => r[1])]);
  return rowCount ?? 0;
}

/** The membership half of repathSubtree: open spans and members' paths follow the subtree. */
async function repathSpans(sql: Sql, o: { oldPath: string; newPath: string; date: string }): Promise<number> {
  const [lo, hi] = subtreeRange(o.oldPath);
  const spanPath = `$3 || substr(unit_path, length($1) + 1)`;
  const spansSameDay = await sql.query(
    `UPDATE membership_spans SET unit_path = ${spanPath}
     WHERE unit_path >= $1 AND unit_path < $2 AND valid_to = 'infinity' AND valid_from = $4`,
    [lo, hi, o.newPath, o.date]);
  const spansContinued = await sql.query(
    `WITH closed AS (
       UPDATE membership_spans SET valid_to = $4
       WHERE unit_path >= $1 AND unit_path < $2 AND valid_to = 'infinity' AND valid_from < $4
       RETURNING member_id, unit_id, unit_path, status)
     INSERT INTO membership_spans (member_id, unit_id, unit_path, status, valid_from, reason)
     SELECT member_id, unit_id, ${spanPath}, status, $4, 'restructured' FROM closed`,
    [lo, hi, o.newPath, o.date]);
  // Members whose open span moved follow it (their record's path is what row-level security checks).
  const [newLo, newHi] = subtreeRange(o.newPath);
  await sql.query(
    `UPDATE members m SET unit_path = s.unit_path FROM membership_spans s
     WHERE s.member_id = m.id AND s.valid_to = 'infinity' AND s.unit_path >= $1 AND s.unit_path < $2
       AND m.unit_path IS DISTINCT FROM s.unit_path`, [newLo, newHi]);
  return (spansSameDay.rowCount ?? 0) + (spansContinued.rowCount ?? 0);
}

import type { Sql } from '../../db/client.ts';
import { openEnd } from '../../db/rows.ts';

/** One revision of a unit's target for a year, numbered within the unit and year. */
export type RevisionRow = {
  id: number; unitId: number; year: number; revision: number; target: number; decisionRef: string | null;
  note: string | null; recordedOn: string; recordedAt: string; recordedById: number | null; recordedByLabel: string;
  supersededOn: string | null;
};

type DbRevision = Omit<RevisionRow, 'recordedAt'> & { recordedAt: Date };

export async function insertRevision(
  sql: Sql,
  r: { unitId: number; year: number; target: number; decisionRef: string | null; note: string | null;
    recordedOn: string; recordedBy: number | null; recordedByLabel: string },
): Promise<number> {
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO development_targets (unit_id, year, target, decision_ref, note, recorded_on, recorded_by, recorded_by_label)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [r.unitId, r.year, r.target, r.decisionRef, r.note, r.recordedOn, r.recordedBy, r.recordedByLabel]);
  return (rows[0] as { id: number }).id;
}

/** The revisions of a unit (of one year, or of every year), by year and in the order recorded. */
export async function listRevisions(sql: Sql, unitId: number, year?: number): Promise<RevisionRow[]> {
  const params: unknown[] = [unitId];
  if (year !== undefined) params.push(year);
  const { rows } = await sql.query<DbRevision>(
    `SELECT id, unit_id AS "unitId", year, target, decision_ref AS "decisionRef", note, recorded_on AS "recordedOn",
            recorded_at AS "recordedAt", recorded_by AS "recordedById", recorded_by_label AS "recordedByLabel",
            (row_number() OVER w)::int AS revision, lead(recorded_on) OVER w AS "supersededOn"
     FROM development_targets
     WHERE unit_id = $1 ${year === undefined ? '' : 'AND year = $2'}
     WINDOW w AS (PARTITION BY year ORDER BY recorded_on, id)
     ORDER BY year, recorded_on, id`, params);
  return rows.map((r) => ({ ...r, recordedAt: r.recordedAt.toISOString() }));
}

export type TargetInForce = { unitId: number; target: number; recordedOn: string; decisionRef: string | null };

/** For each unit, the target for the year as known on `asOf`: the latest revision recorded by then. */
export async function targetsInForce(sql: Sql, unitIds: readonly number[], year: number, asOf: string): Promise<TargetInForce[]> {
  if (unitIds.length === 0) return [];
  const { rows } = await sql.query<TargetInForce>(
    `SELECT DISTINCT ON (unit_id) unit_id AS "unitId", target, recorded_on AS "recordedOn", decision_ref AS "decisionRef"
     FROM development_targets
     WHERE unit_id = ANY($1::bigint[]) AND year = $2 AND recorded_on <= $3
     ORDER BY unit_id, recorded_on DESC, id DESC`, [unitIds, year, asOf]);
  return rows;
}

export type PlacedUnit = {
  id: number; code: string; name: string; typeCode: string; path: string;
  validFrom: string; validTo: string | null; versionTo: string | null;
};

/**
 * The unit as it stood on the last day of [from, to] on which it existed: a unit closed or
 * created during a year is still found for that year.
 */
export async function findUnitInPeriod(sql: Sql, id: number, from: string, to: string): Promise<PlacedUnit | null> {
  const { rows } = await sql.query<PlacedUnit & { validTo: string; versionTo: string }>(
    `SELECT u.id, u.code, v.name, u.type_code AS "typeCode", v.path, u.valid_from AS "validFrom", u.valid_to AS "validTo",
            v.valid_to AS "versionTo"
     FROM units u JOIN unit_versions v ON v.unit_id = u.id
     WHERE u.id = $1 AND v.valid_from <= $3 AND v.valid_to > $2
     ORDER BY v.valid_from DESC LIMIT 1`, [id, from, to]);
  const row = rows[0];
  return row ? { ...row, validTo: openEnd(row.validTo), versionTo: openEnd(row.versionTo) } : null;
}

/**
 * The units directly below a unit on a date, in rank then name order. `scope` is an SQL
 * condition on `v.path` built by scopeCondition with `scopeParams`.
 */
export async function listChildrenOn(
  sql: Sql, o: { parentId: number; date: string; scope: string; scopeParams: unknown[] },
): Promise<PlacedUnit[]> {
  const params: unknown[] = [...o.scopeParams, o.parentId, o.date];
  const [parent, date] = [`$${params.length - 1}`, `$${params.length}`];
  const { rows } = await sql.query<PlacedUnit & { validTo: string; versionTo: string }>(
    `SELECT u.id, u.code, v.name, u.type_code AS "typeCode", v.path, u.valid_from AS "validFrom", u.valid_to AS "validTo",
            v.valid_to AS "versionTo"
     FROM unit_versions v JOIN units u ON u.id = v.unit_id JOIN unit_types t ON t.code = u.type_code
     WHERE v.parent_id = ${parent} AND v.valid_from <= ${date} AND v.valid_to > ${date} AND ${o.scope}
     ORDER BY t.rank, v.name_key, u.id`, params);
  return rows.map((r) => ({ ...r, validTo: openEnd(r.validTo), versionTo: openEnd(r.versionTo) }));
}

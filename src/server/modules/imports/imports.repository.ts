import type { Sql } from '../../db/client.ts';
import { subtreeRange } from '../../db/paths.ts';
import { withOwnerRights } from '../../db/scoped.ts';
import type { ImportKind, ImportMapping, ImportMode, ImportState } from '../../../shared/schemas/imports.ts';
import { PROFILE_COLUMNS, type ProfileField } from '../members/members.repository.ts';

/** The SQL of imports: jobs, the rows a run keeps, lookups, and the set-based apply of members. */

export type JobRow = {
  id: number; kind: ImportKind; unitId: number; fileName: string; fileKey: string; fileBytes: number;
  format: 'csv' | 'xlsx'; encoding: string | null; header: string[]; headerRow: number; mapping: ImportMapping | null;
  mode: ImportMode | null; dryRun: boolean | null; state: ImportState; totalRows: number; newRows: number;
  updatedRows: number; unchangedRows: number; rejectedRows: number; failure: string | null; createdBy: number | null;
  createdAt: string; startedAt: string | null; finishedAt: string | null;
};

const JOB_COLUMNS = `id, kind, unit_id AS "unitId", file_name AS "fileName", file_key AS "fileKey", file_bytes AS "fileBytes",
  format, encoding, header, header_row AS "headerRow", mapping, mode, dry_run AS "dryRun", state,
  total_rows AS "totalRows", new_rows AS "newRows", updated_rows AS "updatedRows", unchanged_rows AS "unchangedRows",
  rejected_rows AS "rejectedRows", failure, created_by AS "createdBy", created_at AS "createdAt",
  started_at AS "startedAt", finished_at AS "finishedAt"`;

export async function insertJob(
  sql: Sql,
  j: Pick<JobRow, 'kind' | 'unitId' | 'fileName' | 'fileKey' | 'fileBytes' | 'format' | 'encoding' | 'header' | 'headerRow' | 'createdBy'>,
): Promise<JobRow> {
  const { rows } = await sql.query<JobRow>(
    `INSERT INTO import_jobs (kind, unit_id, file_name, file_key, file_bytes, format, encoding, header, header_row, state, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'uploaded', $10) RETURNING ${JOB_COLUMNS}`,
    [j.kind, j.unitId, j.fileName, j.fileKey, j.fileBytes, j.format, j.encoding, JSON.stringify(j.header), j.headerRow, j.createdBy]);
  return rows[0] as JobRow;
}

export async function findJob(sql: Sql, id: number): Promise<JobRow | null> {
  const { rows } = await sql.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM import_jobs WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listJobs(sql: Sql, createdBy: number | null, limit: number): Promise<JobRow[]> {
  const { rows } = await sql.query<JobRow>(
    `SELECT ${JOB_COLUMNS} FROM import_jobs WHERE created_by IS NOT DISTINCT FROM $1 ORDER BY id DESC LIMIT $2`, [createdBy, limit]);
  return rows;
}

const JOB_UPDATES: Record<string, string> = {
  mapping: 'mapping', mode: 'mode', dryRun: 'dry_run', state: 'state', totalRows: 'total_rows', newRows: 'new_rows',
  updatedRows: 'updated_rows', unchangedRows: 'unchanged_rows', rejectedRows: 'rejected_rows', failure: 'failure',
  startedAt: 'started_at', finishedAt: 'finished_at',
};

export async function updateJob(sql: Sql, id: number, patch: Partial<JobRow>): Promise<void> {
  const entries = Object.entries(patch).filter(([k]) => k in JOB_UPDATES);
  if (entries.length === 0) return;
  const values = entries.map(([k, v]) => (k === 'mapping' && v !== null ? JSON.stringify(v) : v));
  await sql.query(
    `UPDATE import_jobs SET ${entries.map(([k], i) => `${JOB_UPDATES[k]} = $${i + 2}`).join(', ')} WHERE id = $1`,
    [id, ...values]);
}

/** Jobs a stopped process left running: failed, and their kept rows dropped (nothing was applied). */
export async function failInterruptedJobs(sql: Sql, reason: string): Promise<number> {
  const { rows } = await sql.query<{ id: number }>(
    `UPDATE import_jobs SET state = 'failed', failure = $1, finished_at = now()
      WHERE state IN ('checking', 'applying') RETURNING id`, [reason]);
  if (rows.length > 0) await sql.query('DELETE FROM import_rows WHERE job_id = ANY($1)', [rows.map((r) => r.id)]);
  return rows.length;
}

/** Takes the job for a run, unless a run of it is under way (in any server process). */
export async function claimJob(sql: Sql, id: number): Promise<boolean> {
  const { rowCount } = await sql.query(
    `UPDATE import_jobs SET state = 'checking' WHERE id = $1 AND state NOT IN ('checking', 'applying')`, [id]);
  return (rowCount ?? 0) > 0;
}

/** Whether the job is still this run's to apply (locked until the apply commits). */
export async function stillApplying(sql: Sql, id: number): Promise<boolean> {
  const { rows } = await sql.query<{ state: string }>('SELECT state FROM import_jobs WHERE id = $1 FOR UPDATE', [id]);
  return rows[0]?.state === 'applying';
}

/**
 * Whether a cell of the job's new members closed or moved its opening past an admission since
 * the check. The cells are locked until the apply commits, so they cannot change meanwhile.
 */
export async function cellsChangedSinceCheck(sql: Sql, jobId: number): Promise<boolean> {
  const { rows } = await sql.query<{ changed: boolean }>(`
    WITH cells AS (
      SELECT (data->>'unitId')::bigint AS unit_id, min((data->>'admissionDecisionDate')::date) AS first_admission
        FROM import_rows WHERE job_id = $1 AND action = 'new' GROUP BY 1),
    locked AS (SELECT u.id, u.valid_from, u.valid_to FROM units u WHERE u.id IN (SELECT unit_id FROM cells) FOR SHARE)
    SELECT EXISTS (SELECT 1 FROM cells c LEFT JOIN locked u ON u.id = c.unit_id
                    WHERE u.id IS NULL OR u.valid_to <> 'infinity' OR u.valid_from > c.first_admission) AS changed`, [jobId]);
  return rows[0]?.changed ?? false;
}

export async function fileKeysOlderThan(sql: Sql, days: number): Promise<string[]> {
  const { rows } = await sql.query<{ key: string }>(
    `SELECT file_key AS key FROM import_jobs WHERE created_at < now() - make_interval(days => $1)`, [days]);
  return rows.map((r) => r.key);
}

export async function clearRows(sql: Sql, jobId: number): Promise<void> {
  await sql.query('DELETE FROM import_rows WHERE job_id = $1', [jobId]);
}

/** After a run only the refused rows stay (for the error file); what was written is on record. */
export async function deleteWritten(sql: Sql, jobId: number): Promise<void> {
  await sql.query(`DELETE FROM import_rows WHERE job_id = $1 AND action <> 'rejected'`, [jobId]);
}

export type KeptRow = {
  rowNumber: number; action: 'new' | 'updated' | 'rejected'; targetId: number | null; matchKey: string | null;
  data: object | null; cells: string[] | null; issues: object[] | null;
};

/** A page of rows in one statement (arrays unnested: one round trip for thousands of rows). */
export async function insertRows(sql: Sql, jobId: number, rows: KeptRow[]): Promise<void> {
  if (rows.length === 0) return;
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  await sql.query(
    `INSERT INTO import_rows (job_id, row_number, action, target_id, match_key, data, cells, issues)
     SELECT $1, * FROM unnest($2::int[], $3::text[], $4::bigint[], $5::text[], $6::jsonb[], $7::jsonb[], $8::jsonb[])`,
    [jobId, rows.map((r) => r.rowNumber), rows.map((r) => r.action), rows.map((r) => r.targetId), rows.map((r) => r.matchKey),
      rows.map((r) => json(r.data)), rows.map((r) => json(r.cells)), rows.map((r) => json(r.issues))]);
}

/** The rows to write, in file order (units are written one by one). */
export async function writtenRows(sql: Sql, jobId: number): Promise<{ rowNumber: number; action: 'new' | 'updated'; data: object }[]> {
  const { rows } = await sql.query<{ rowNumber: number; action: 'new' | 'updated'; data: object }>(
    `SELECT row_number AS "rowNumber", action, data FROM import_rows WHERE job_id = $1 AND action <> 'rejected' ORDER BY row_number`, [jobId]);
  return rows;
}

/** A row the apply refused after all: it joins the error file. */
export async function markRefused(sql: Sql, jobId: number, rowNumber: number, issues: object[]): Promise<void> {
  await sql.query(`UPDATE import_rows SET action = 'rejected', issues = $3 WHERE job_id = $1 AND row_number = $2`,
    [jobId, rowNumber, JSON.stringify(issues)]);
}

export type RejectedRow = { rowNumber: number; cells: string[]; issues: { path: string; rule: string; params?: Record<string, string | number> }[] };

/** Refused rows in file order, by keyset (the error file is written page by page). */
export async function rejectedRows(sql: Sql, jobId: number, afterRow: number, limit: number): Promise<RejectedRow[]> {
  const { rows } = await sql.query<RejectedRow>(
    `SELECT row_number AS "rowNumber", cells, issues FROM import_rows
      WHERE job_id = $1 AND action = 'rejected' AND row_number > $2 ORDER BY row_number LIMIT $3`, [jobId, afterRow, limit]);
  return rows;
}

export type StoredMember = { [K in ProfileField]: string | null } & {
  id: number; version: number; unitPath: string | null; cellId: number | null; cellCode: string | null; active: boolean;
};

/**
 * Members holding any of these citizen IDs or card numbers, whoever may see them: a row naming
 * a member outside the importer's reach must be refused, not imported as a second record. The
 * service shows the caller nothing of a record outside their reach.
 */
export async function membersByIdentity(sql: Sql, citizenIds: string[], cardNumbers: string[]): Promise<StoredMember[]> {
  if (citizenIds.length === 0 && cardNumbers.length === 0) return [];
  const columns = Object.entries(PROFILE_COLUMNS).map(([k, c]) => `m.${c} AS "${k}"`).join(', ');
  return withOwnerRights(sql, async () => (await sql.query<StoredMember>(
    `SELECT m.id, m.version, m.unit_path AS "unitPath", ${columns},
            s.unit_id AS "cellId", u.code AS "cellCode", coalesce(s.valid_to = 'infinity', false) AS active
       FROM members m
       LEFT JOIN LATERAL (SELECT unit_id, valid_to FROM membership_spans WHERE member_id = m.id
                           ORDER BY valid_from DESC LIMIT 1) s ON true
       LEFT JOIN units u ON u.id = s.unit_id
      WHERE m.citizen_id = ANY($1) OR m.card_number = ANY($2)`, [citizenIds, cardNumbers])).rows);
}

export type ImportUnit = {
  id: number; code: string; name: string; path: string; typeCode: string; holdsMembers: boolean;
  validFrom: string; validTo: string | null; parentId: number | null;
};

const IMPORT_UNIT = `SELECT DISTINCT ON (u.id) u.id, u.code, v.name, v.path, u.type_code AS "typeCode", t.holds_members AS "holdsMembers",
    u.valid_from AS "validFrom", CASE WHEN u.valid_to = 'infinity' THEN NULL ELSE u.valid_to END AS "validTo",
    v.parent_id AS "parentId"
  FROM units u JOIN unit_versions v ON v.unit_id = u.id JOIN unit_types t ON t.code = u.type_code`;

/** Units by code, each at its latest place. */
export async function unitsByCode(sql: Sql, codes: string[]): Promise<ImportUnit[]> {
  if (codes.length === 0) return [];
  const { rows } = await sql.query<ImportUnit>(
    `${IMPORT_UNIT} WHERE u.code = ANY($1) ORDER BY u.id, v.valid_from DESC`, [codes]);
  return rows;
}

/** Units under `path` (inclusive) whose latest name folds to `nameKey`. */
export async function unitsByName(sql: Sql, path: string, nameKey: string): Promise<ImportUnit[]> {
  const [from, to] = subtreeRange(path);
  const { rows } = await sql.query<ImportUnit>(
    `SELECT * FROM (${IMPORT_UNIT} WHERE v.path >= $1 AND v.path < $2 ORDER BY u.id, v.valid_from DESC) latest
      WHERE latest.id IN (SELECT unit_id FROM unit_versions WHERE name_key = $3 AND valid_to = 'infinity')`, [from, to, nameKey]);
  return rows.filter((u) => u.path.startsWith(path));
}

export async function unitById(sql: Sql, id: number): Promise<ImportUnit | null> {
  const { rows } = await sql.query<ImportUnit>(`${IMPORT_UNIT} WHERE u.id = $1 ORDER BY u.id, v.valid_from DESC`, [id]);
  return rows[0] ?? null;
}

/* ---- Applying members, set-based, a range of rows at a time, inside the apply transaction. ---- */

const COLUMN_TYPES: Partial<Record<ProfileField, string>> = {
  birthDate: 'date', admissionDecisionDate: 'date', ceremonyDate: 'date', officialDate: 'date',
};
const profileValue = (field: ProfileField, source: string) => {
  const cast = COLUMN_TYPES[field];
  return cast ? `(${source}->>'${field}')::${cast}` : `${source}->>'${field}'`;
};
const FIELDS = Object.keys(PROFILE_COLUMNS) as ProfileField[];

/**
 * The places each cell of the job's new members has had in the tree: its versions, with
 * consecutive versions at the same path joined (a rename is no move). A member's spans follow
 * them, as a registration through the form does.
 */
export async function preparePlaces(sql: Sql, jobId: number): Promise<void> {
  // The kept rows were written since the table was last analyzed: without fresh statistics the
  // planner takes a run of new members for a handful and joins them by nested loops, each row
  // rescanning the others (minutes for 20,000 rows). Only the owner may analyze.
  await withOwnerRights(sql, () => sql.query('ANALYZE import_rows'));
  await sql.query(`
    CREATE TEMP TABLE import_places ON COMMIT DROP AS
    SELECT unit_id, path, min(valid_from) AS valid_from, max(valid_to) AS valid_to FROM (
      SELECT unit_id, path, valid_from, valid_to, sum(brk) OVER (PARTITION BY unit_id ORDER BY valid_from) AS grp FROM (
        SELECT unit_id, path, valid_from, valid_to,
               CASE WHEN lag(path) OVER w = path AND lag(valid_to) OVER w = valid_from THEN 0 ELSE 1 END AS brk
          FROM unit_versions
         WHERE unit_id IN (SELECT DISTINCT (data->>'unitId')::bigint FROM import_rows WHERE job_id = $1 AND action = 'new')
        WINDOW w AS (PARTITION BY unit_id ORDER BY valid_from)) a) b
    GROUP BY unit_id, path, grp`, [jobId]);
  // A new table has no statistics: without them the planner would loop over it for every row.
  await sql.query('CREATE INDEX ON import_places (unit_id, valid_from)');
  await sql.query('ANALYZE import_places');
}

/** Creates the members of rows [from, to): record, admission, official recognition, spans. */
export async function applyNewMembers(sql: Sql, jobId: number, from: number, to: number): Promise<{ members: number; expected: number }> {
  const range = `r.job_id = $1 AND r.action = 'new' AND r.row_number >= $2 AND r.row_number < $3`;
  const { rows: expectedRows } = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM import_rows r WHERE ${range}`, [jobId, from, to]);
  const inserted = await sql.query(`
    WITH ins AS (
      INSERT INTO members (${FIELDS.map((f) => PROFILE_COLUMNS[f]).join(', ')}, search_key, sort_key, unit_path)
      SELECT ${FIELDS.map((f) => profileValue(f, 'r.data')).join(', ')}, r.data->>'searchKey', r.data->>'sortKey',
             -- The path of the member's newest span, known before the spans are written: the cell
             -- is open (the check made sure), so its last place is where the member is now.
             now.path
        FROM import_rows r
        JOIN (SELECT DISTINCT ON (unit_id) unit_id, path FROM import_places ORDER BY unit_id, valid_from DESC) now
          ON now.unit_id = (r.data->>'unitId')::bigint
       WHERE ${range}
      RETURNING id, CASE WHEN citizen_id IS NOT NULL THEN 'c' || citizen_id ELSE 'n' || card_number END AS key)
    UPDATE import_rows r SET target_id = ins.id FROM ins WHERE r.job_id = $1 AND r.match_key = ins.key`, [jobId, from, to]);

  // One status at a time: the probationary span from admission (to recognition), then the official one.
  for (const phase of [
    { kind: 'admitted', status: 'probationary', start: 'admissionDecisionDate', end: 'officialDate',
      details: `jsonb_build_object('decisionNo', r.data->'admissionDecisionNo', 'ceremonyDate', r.data->'ceremonyDate', 'importId', $1::bigint)` },
    { kind: 'recognized_official', status: 'official', start: 'officialDate', end: null,
      details: `jsonb_build_object('cardNumber', r.data->'cardNumber', 'importId', $1::bigint)` },
  ]) {
    const start = `(r.data->>'${phase.start}')::date`;
    const end = phase.end ? `coalesce((r.data->>'${phase.end}')::date, 'infinity')` : `'infinity'::date`;
    await sql.query(`
      WITH ev AS (
        INSERT INTO member_events (member_id, kind, effective_on, unit_id, details)
        SELECT r.target_id, '${phase.kind}', ${start}, (r.data->>'unitId')::bigint, ${phase.details}
          FROM import_rows r WHERE ${range} AND r.data->>'${phase.start}' IS NOT NULL
        RETURNING id, member_id)
      INSERT INTO membership_spans (member_id, unit_id, unit_path, status, valid_from, valid_to, reason, opened_by)
      SELECT r.target_id, p.unit_id, p.path, '${phase.status}', greatest(p.valid_from, ${start}), least(p.valid_to, ${end}),
             CASE WHEN p.valid_from <= ${start} THEN '${phase.kind}' ELSE 'restructured' END,
             CASE WHEN p.valid_from <= ${start} THEN ev.id END
        FROM ev JOIN import_rows r ON ${range} AND r.target_id = ev.member_id
        JOIN import_places p ON p.unit_id = (r.data->>'unitId')::bigint AND p.valid_to > ${start} AND p.valid_from < ${end}`,
    [jobId, from, to]);
  }
  return { members: inserted.rowCount ?? 0, expected: expectedRows[0]?.n ?? 0 };
}

/**
 * Writes the changed profile fields of rows [from, to), each member's earlier values kept in a
 * `profile_updated` event. A member changed by someone else since the check is not overwritten:
 * the count comes back short and the service refuses the whole apply.
 */
export async function applyUpdatedMembers(sql: Sql, jobId: number, from: number, to: number, today: string): Promise<{ expected: number; done: number }> {
  const sets = FIELDS.map((f) => `${PROFILE_COLUMNS[f]} = CASE WHEN d.after ? '${f}' THEN ${profileValue(f, 'd.after')} ELSE m.${PROFILE_COLUMNS[f]} END`);
  const { rows } = await sql.query<{ expected: number; done: number }>(`
    WITH d AS (
      SELECT r.target_id, r.data->'after' AS after, r.data->'before' AS before, (r.data->>'version')::int AS version,
             r.data->>'searchKey' AS search_key, r.data->>'sortKey' AS sort_key
        FROM import_rows r WHERE r.job_id = $1 AND r.action = 'updated' AND r.row_number >= $2 AND r.row_number < $3),
    upd AS (
      UPDATE members m SET ${sets.join(', ')},
             search_key = coalesce(d.search_key, m.search_key), sort_key = coalesce(d.sort_key, m.sort_key),
             version = m.version + 1, updated_at = now()
        FROM d WHERE m.id = d.target_id AND m.version = d.version
      RETURNING m.id),
    ev AS (
      INSERT INTO member_events (member_id, kind, effective_on, unit_id, details)
      SELECT d.target_id, 'profile_updated', $4::date, NULL, jsonb_build_object('before', d.before, 'after', d.after, 'importId', $1::bigint)
        FROM d JOIN upd ON upd.id = d.target_id
      RETURNING 1)
    SELECT (SELECT count(*) FROM d)::int AS expected, (SELECT count(*) FROM ev)::int AS done`, [jobId, from, to, today]);
  return rows[0] as { expected: number; done: number };
}

/** The last row number of the job's kept rows of one action (the apply walks up to it). */
export async function lastRowNumber(sql: Sql, jobId: number): Promise<number> {
  const { rows } = await sql.query<{ last: number | null }>('SELECT max(row_number) AS last FROM import_rows WHERE job_id = $1', [jobId]);
  return rows[0]?.last ?? 0;
}

/* ---- Saved mappings ---- */

export type MappingRow = { id: number; kind: ImportKind; name: string; mapping: ImportMapping; createdAt: string };
const MAPPING_COLUMNS = 'id, kind, name, mapping, created_at AS "createdAt"';

export async function listMappings(sql: Sql, createdBy: number | null, kind: ImportKind): Promise<MappingRow[]> {
  const { rows } = await sql.query<MappingRow>(
    `SELECT ${MAPPING_COLUMNS} FROM import_mappings WHERE created_by IS NOT DISTINCT FROM $1 AND kind = $2 ORDER BY name`, [createdBy, kind]);
  return rows;
}

export async function saveMapping(sql: Sql, m: { createdBy: number | null; kind: ImportKind; name: string; mapping: ImportMapping }): Promise<MappingRow> {
  await sql.query('DELETE FROM import_mappings WHERE created_by IS NOT DISTINCT FROM $1 AND kind = $2 AND name = $3', [m.createdBy, m.kind, m.name]);
  const { rows } = await sql.query<MappingRow>(
    `INSERT INTO import_mappings (kind, name, mapping, created_by) VALUES ($1, $2, $3, $4) RETURNING ${MAPPING_COLUMNS}`,
    [m.kind, m.name, JSON.stringify(m.mapping), m.createdBy]);
  return rows[0] as MappingRow;
}

export async function deleteMapping(sql: Sql, id: number, createdBy: number | null): Promise<boolean> {
  const { rowCount } = await sql.query('DELETE FROM import_mappings WHERE id = $1 AND created_by IS NOT DISTINCT FROM $2', [id, createdBy]);
  return (rowCount ?? 0) > 0;
}

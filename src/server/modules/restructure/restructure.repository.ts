import type { Sql } from '../../db/client.ts';
import { scopeCondition, subtreeRange } from '../../db/paths.ts';
import type { PlanState, RestructureOperation, RestructureTotals } from '../../../shared/schemas/restructure.ts';
import type { Actor } from '../access/actor.ts';

/** Plans, the successor map, and the set-based steps of an apply. */

export type PlanRow = {
  id: number; unitId: number; unitName: string; unitPath: string; title: string; effectiveOn: string;
  operations: RestructureOperation[]; state: PlanState; outcome: RestructureTotals | null; version: number;
  createdBy: string | null; createdAt: string; appliedBy: string | null; appliedAt: string | null;
};

const PLAN_SELECT = `
  SELECT p.id, p.unit_id AS "unitId", v.name AS "unitName", v.path AS "unitPath", p.title,
         p.effective_on AS "effectiveOn", p.operations, p.state, p.outcome, p.version,
         cu.username AS "createdBy", p.created_at AS "createdAt", au.username AS "appliedBy", p.applied_at AS "appliedAt"
  FROM restructure_plans p
  JOIN LATERAL (SELECT name, path FROM unit_versions WHERE unit_id = p.unit_id ORDER BY valid_from DESC LIMIT 1) v ON true
  LEFT JOIN users cu ON cu.id = p.created_by
  LEFT JOIN users au ON au.id = p.applied_by`;

const toPlan = (r: PlanRow & { createdAt: Date | string; appliedAt: Date | string | null }): PlanRow => ({
  ...r,
  createdAt: new Date(r.createdAt).toISOString(),
  appliedAt: r.appliedAt ? new Date(r.appliedAt).toISOString() : null,
});

export async function insertPlan(
  sql: Sql, p: { unitId: number; title: string; effectiveOn: string; operations: RestructureOperation[]; createdBy: number | null },
): Promise<number> {
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO restructure_plans (unit_id, title, effective_on, operations, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [p.unitId, p.title, p.effectiveOn, JSON.stringify(p.operations), p.createdBy]);
  return Number((rows[0] as { id: number }).id);
}

export async function updatePlan(
  sql: Sql, id: number, p: { unitId: number; title: string; effectiveOn: string; operations: RestructureOperation[] },
): Promise<void> {
  await sql.query(
    `UPDATE restructure_plans SET unit_id = $2, title = $3, effective_on = $4, operations = $5,
       version = version + 1, updated_at = now() WHERE id = $1`,
    [id, p.unitId, p.title, p.effectiveOn, JSON.stringify(p.operations)]);
}

export async function findPlan(sql: Sql, id: number, lock = false): Promise<PlanRow | null> {
  if (lock) await sql.query('SELECT 1 FROM restructure_plans WHERE id = $1 FOR UPDATE', [id]);
  const { rows } = await sql.query<PlanRow>(`${PLAN_SELECT} WHERE p.id = $1`, [id]);
  return rows[0] ? toPlan(rows[0]) : null;
}

/** Plans for units inside the actor's reach, newest first. */
export async function listPlans(sql: Sql, actor: Actor, f: { unitId?: number | undefined; state?: PlanState | undefined }) {
  const params: unknown[] = [];
  const where = [scopeCondition('v.path', actor, params)];
  if (f.unitId !== undefined) { params.push(f.unitId); where.push(`p.unit_id = $${params.length}`); }
  if (f.state) { params.push(f.state); where.push(`p.state = $${params.length}`); }
  const { rows } = await sql.query<PlanRow>(`${PLAN_SELECT} WHERE ${where.join(' AND ')} ORDER BY p.id DESC LIMIT 200`, params);
  return rows.map(toPlan);
}

export async function setPlanState(
  sql: Sql, id: number, s: { state: PlanState; outcome?: RestructureTotals; appliedBy?: number | null },
): Promise<void> {
  await sql.query(
    `UPDATE restructure_plans SET state = $2, outcome = coalesce($3, outcome), version = version + 1, updated_at = now(),
       applied_by = CASE WHEN $2 = 'applied' THEN $4 ELSE applied_by END,
       applied_at = CASE WHEN $2 = 'applied' THEN now() ELSE applied_at END
     WHERE id = $1`,
    [id, s.state, s.outcome ? JSON.stringify(s.outcome) : null, s.appliedBy ?? null]);
}

// ---- the apply's working tables -------------------------------------------------------------

/**
 * What the operations decide for members, gathered while the unit versions change and carried
 * out in one set-based pass at the end: a member-holding unit's members go to another unit,
 * named members go to a part of a split, and members of re-pathed units follow their unit.
 */
export async function createWorkTables(sql: Sql): Promise<void> {
  await sql.query(`
    CREATE TEMP TABLE rs_unit_moves (from_unit bigint PRIMARY KEY, to_unit bigint NOT NULL) ON COMMIT DROP;
    CREATE TEMP TABLE rs_member_moves (member_id bigint PRIMARY KEY, from_unit bigint NOT NULL, to_unit bigint NOT NULL) ON COMMIT DROP;
    CREATE TEMP TABLE rs_repathed (unit_id bigint PRIMARY KEY) ON COMMIT DROP;`);
}

/** Members of `from` go to `to`; moves already decided into `from` now end in `to`. */
export async function addUnitMove(sql: Sql, from: number, to: number): Promise<void> {
  await sql.query('UPDATE rs_unit_moves SET to_unit = $2 WHERE to_unit = $1', [from, to]);
  await sql.query('UPDATE rs_member_moves SET to_unit = $2 WHERE to_unit = $1', [from, to]);
  await sql.query('INSERT INTO rs_unit_moves (from_unit, to_unit) VALUES ($1, $2)', [from, to]);
}

export async function addMemberMoves(sql: Sql, from: number, to: number, memberIds: number[]): Promise<void> {
  await sql.query(
    'INSERT INTO rs_member_moves (member_id, from_unit, to_unit) SELECT unnest($1::bigint[]), $2, $3',
    [memberIds, from, to]);
}

export async function addRepathed(sql: Sql, unitIds: number[]): Promise<void> {
  if (unitIds.length === 0) return;
  await sql.query('INSERT INTO rs_repathed (unit_id) SELECT DISTINCT unnest($1::bigint[]) ON CONFLICT DO NOTHING', [unitIds]);
}

/** Of `memberIds`, those whose open span is in `unitId` and not already moved by this plan. */
export async function membersOpenIn(sql: Sql, unitId: number, memberIds: number[]): Promise<number[]> {
  const { rows } = await sql.query<{ member_id: number }>(
    `SELECT s.member_id FROM membership_spans s
     WHERE s.unit_id = $1 AND s.valid_to = 'infinity' AND s.member_id = ANY($2::bigint[])
       AND NOT EXISTS (SELECT 1 FROM rs_member_moves mm WHERE mm.member_id = s.member_id)`,
    [unitId, memberIds]);
  return rows.map((r) => Number(r.member_id));
}

/**
 * Members the unit holds once the operations so far are carried out: those whose open span is
 * in it and whom the plan does not move elsewhere, and those the plan sends to it.
 */
export async function countMembersHeld(sql: Sql, unitId: number): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(
    `SELECT (SELECT count(*)::int FROM membership_spans s
             WHERE s.unit_id = $1 AND s.valid_to = 'infinity'
               AND NOT EXISTS (SELECT 1 FROM rs_unit_moves um WHERE um.from_unit = s.unit_id)
               AND NOT EXISTS (SELECT 1 FROM rs_member_moves mm WHERE mm.member_id = s.member_id))
          + (SELECT count(*)::int FROM rs_unit_moves um JOIN membership_spans s ON s.unit_id = um.from_unit AND s.valid_to = 'infinity'
             WHERE um.to_unit = $1 AND NOT EXISTS (SELECT 1 FROM rs_member_moves mm WHERE mm.member_id = s.member_id))
          + (SELECT count(*)::int FROM rs_member_moves WHERE to_unit = $1) AS n`, [unitId]);
  return rows[0]?.n ?? 0;
}

/** A unit closed on or before the date that still has an open membership span after the pass (none may). */
export async function openSpansInClosedUnits(sql: Sql): Promise<string | null> {
  const { rows } = await sql.query<{ code: string }>(
    `SELECT u.code FROM rs_spans r JOIN units u ON u.id = r.new_unit WHERE u.valid_to <> 'infinity'
     UNION ALL
     SELECT u.code FROM rs_units ru JOIN units u ON u.id = ru.unit_id AND u.valid_to <> 'infinity'
     JOIN membership_spans s ON s.unit_id = u.id AND s.valid_to = 'infinity'
     LIMIT 1`);
  return rows[0]?.code ?? null;
}

/**
 * The set-based pass: every open span the plan touches is continued from `date` in its new
 * unit or under its unit's new path (a span that began that very day is changed in place), and
 * each moved member's record follows the span.
 */
export async function moveSpans(sql: Sql, date: string): Promise<{ spans: number; members: number }> {
  // The work tables are fresh temporary tables: without statistics the planner would take the
  // 300,000 re-pathed units of a national reform for a handful and loop over them per span.
  await sql.query('ANALYZE rs_unit_moves, rs_member_moves, rs_repathed');
  await sql.query(
    `CREATE TEMP TABLE rs_units ON COMMIT DROP AS
     SELECT unit_id FROM rs_repathed UNION SELECT from_unit FROM rs_unit_moves UNION SELECT from_unit FROM rs_member_moves`);
  await sql.query('ANALYZE rs_units');
  await sql.query(
    `CREATE TEMP TABLE rs_spans ON COMMIT DROP AS
     SELECT t.id, t.member_id, t.status, t.valid_from, t.new_unit, v.path AS new_path
     FROM (
       SELECT s.id, s.member_id, s.status, s.valid_from, s.unit_id, s.unit_path,
              coalesce(mm.to_unit, um.to_unit, s.unit_id) AS new_unit
       FROM rs_units r
       JOIN membership_spans s ON s.unit_id = r.unit_id AND s.valid_to = 'infinity'
       LEFT JOIN rs_member_moves mm ON mm.member_id = s.member_id AND mm.from_unit = s.unit_id
       LEFT JOIN rs_unit_moves um ON um.from_unit = s.unit_id
     ) t
     JOIN unit_versions v ON v.unit_id = t.new_unit AND v.valid_from <= $1 AND v.valid_to > $1
     WHERE t.new_unit <> t.unit_id OR v.path <> t.unit_path`, [date]);
  await sql.query('ANALYZE rs_spans');
  await sql.query(
    `UPDATE membership_spans s SET unit_id = r.new_unit, unit_path = r.new_path
     FROM rs_spans r WHERE s.id = r.id AND r.valid_from = $1`, [date]);
  await sql.query(
    `UPDATE membership_spans s SET valid_to = $1 FROM rs_spans r WHERE s.id = r.id AND r.valid_from < $1`, [date]);
  await sql.query(
    `INSERT INTO membership_spans (member_id, unit_id, unit_path, status, valid_from, reason)
     SELECT member_id, new_unit, new_path, status, $1, 'restructured' FROM rs_spans WHERE valid_from < $1`, [date]);
  const members = await sql.query(
    `UPDATE members m SET unit_path = r.new_path FROM rs_spans r
     WHERE m.id = r.member_id AND m.unit_path IS DISTINCT FROM r.new_path`);
  const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM rs_spans');
  return { spans: rows[0]?.n ?? 0, members: members.rowCount ?? 0 };
}

// ---- units as the operations see them --------------------------------------------------------

export async function dropVersion(sql: Sql, versionId: number): Promise<void> {
  await sql.query('DELETE FROM unit_versions WHERE id = $1', [versionId]);
}

export type OpenChild = { id: number; code: string; typeCode: string; path: string };

export async function openChildren(sql: Sql, unitId: number): Promise<OpenChild[]> {
  const { rows } = await sql.query<OpenChild & { type_code: string }>(
    `SELECT u.id, u.code, u.type_code, v.path FROM unit_versions v JOIN units u ON u.id = v.unit_id
     WHERE v.parent_id = $1 AND v.valid_to = 'infinity' ORDER BY u.code`, [unitId]);
  return rows.map((r) => ({ id: Number(r.id), code: r.code, typeCode: r.type_code, path: r.path }));
}

/** Open units of a type at or below `path`, deepest first so that nested ones go before their parents. */
export async function openUnitsOfType(sql: Sql, path: string, typeCode: string): Promise<number[]> {
  const [lo, hi] = subtreeRange(path);
  const { rows } = await sql.query<{ id: number }>(
    `SELECT u.id FROM unit_versions v JOIN units u ON u.id = v.unit_id
     WHERE v.path >= $1 AND v.path < $2 AND v.valid_to = 'infinity' AND u.type_code = $3
     ORDER BY v.depth DESC, u.code`, [lo, hi, typeCode]);
  return rows.map((r) => Number(r.id));
}

export async function insertSuccessor(
  sql: Sql, s: { predecessorId: number; successorId: number; date: string; kind: 'merged' | 'split' | 'abolished'; main: boolean; planId: number },
): Promise<void> {
  await sql.query(
    `INSERT INTO unit_successors (predecessor_id, successor_id, effective_on, kind, main, plan_id) VALUES ($1, $2, $3, $4, $5, $6)`,
    [s.predecessorId, s.successorId, s.date, s.kind, s.main, s.planId]);
}

/**
 * Grants at units that closed: to the successor of a merge they are carried (the old grant is
 * revoked, the new one remembers it); any other grant at a closed unit lapses, as it always has.
 */
export async function carryGrants(
  sql: Sql, o: { carry: { from: number; to: number }[]; closed: number[]; by: number | null },
): Promise<{ carried: number; lapsed: number }> {
  let carried = 0;
  if (o.carry.length > 0) {
    const moved = await sql.query(
      `WITH pairs AS (SELECT unnest($1::bigint[]) AS from_unit, unnest($2::bigint[]) AS to_unit),
       old AS (
         UPDATE grants g SET revoked_at = now(), revoked_by = $3 FROM pairs p
         WHERE g.unit_id = p.from_unit AND g.revoked_at IS NULL
         RETURNING g.id, g.user_id, g.role_code, g.include_subtree, p.to_unit)
       INSERT INTO grants (user_id, role_code, unit_id, include_subtree, granted_by, carried_from)
       SELECT user_id, role_code, to_unit, include_subtree, $3, id FROM old`,
      [o.carry.map((c) => c.from), o.carry.map((c) => c.to), o.by]);
    carried = moved.rowCount ?? 0;
  }
  const carriedFrom = new Set(o.carry.map((c) => c.from));
  const lapsing = o.closed.filter((id) => !carriedFrom.has(id));
  const { rows } = await sql.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM grants WHERE unit_id = ANY($1::bigint[]) AND revoked_at IS NULL', [lapsing]);
  return { carried, lapsed: rows[0]?.n ?? 0 };
}

/** Records kept by units that closed, which their successors now reach. */
export async function countRecordsOf(sql: Sql, unitIds: number[]): Promise<number> {
  if (unitIds.length === 0) return 0;
  const { rows } = await sql.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM development_targets WHERE unit_id = ANY($1::bigint[]))
          + (SELECT count(*) FROM candidates WHERE unit_id = ANY($1::bigint[]))
          + (SELECT count(*) FROM member_transfers WHERE from_unit_id = ANY($1::bigint[]) OR to_unit_id = ANY($1::bigint[]))
          + (SELECT count(*) FROM member_exemptions WHERE unit_id = ANY($1::bigint[]))
          + (SELECT count(*) FROM party_badges WHERE unit_id = ANY($1::bigint[])) AS n`, [unitIds]);
  return Number(rows[0]?.n ?? 0);
}

/** A unit's figures on a date: name, parent, open children and members at or below it. */
export async function unitFigure(sql: Sql, unitId: number, date: string) {
  const { rows } = await sql.query<{ name: string; parent_id: number | null; path: string }>(
    `SELECT name, parent_id, path FROM unit_versions WHERE unit_id = $1 AND valid_from <= $2 AND valid_to > $2`, [unitId, date]);
  const v = rows[0];
  if (!v) {
    const { rows: last } = await sql.query<{ name: string; parent_id: number | null }>(
      `SELECT name, parent_id FROM unit_versions WHERE unit_id = $1 AND valid_from <= $2 ORDER BY valid_from DESC LIMIT 1`, [unitId, date]);
    return last[0] ? { name: last[0].name, parentId: last[0].parent_id === null ? null : Number(last[0].parent_id), open: false, members: 0, children: 0 } : null;
  }
  const [lo, hi] = subtreeRange(v.path);
  const { rows: counts } = await sql.query<{ members: number; children: number }>(
    `SELECT (SELECT count(*)::int FROM membership_spans WHERE unit_path >= $1 AND unit_path < $2 AND valid_from <= $3 AND valid_to > $3) AS members,
            (SELECT count(*)::int FROM unit_versions WHERE parent_id = $4 AND valid_from <= $3 AND valid_to > $3) AS children`,
    [lo, hi, date, unitId]);
  return {
    name: v.name, parentId: v.parent_id === null ? null : Number(v.parent_id), open: true,
    members: counts[0]?.members ?? 0, children: counts[0]?.children ?? 0,
  };
}

export async function unitCodes(sql: Sql, ids: number[]): Promise<Map<number, { code: string; typeCode: string }>> {
  const { rows } = await sql.query<{ id: number; code: string; type_code: string }>(
    'SELECT id, code, type_code FROM units WHERE id = ANY($1::bigint[])', [ids]);
  return new Map(rows.map((r) => [Number(r.id), { code: r.code, typeCode: r.type_code }]));
}

// ---- lineage and regrouping --------------------------------------------------------------------

/** Units the unit carries on for, directly or through earlier restructures. */
export async function predecessors(sql: Sql, unitId: number) {
  const { rows } = await sql.query<{ id: number; code: string; name: string; path: string; kind: string; effective_on: string; depth: number }>(
    `WITH RECURSIVE up AS (
       SELECT predecessor_id AS id, kind, effective_on, 1 AS depth FROM unit_successors WHERE successor_id = $1
       UNION
       SELECT s.predecessor_id, s.kind, s.effective_on, up.depth + 1 FROM unit_successors s JOIN up ON s.successor_id = up.id
       WHERE up.depth < 20)
     SELECT up.id, u.code, v.name, v.path, up.kind, up.effective_on, up.depth FROM up JOIN units u ON u.id = up.id
     JOIN LATERAL (SELECT name, path FROM unit_versions WHERE unit_id = up.id ORDER BY valid_from DESC LIMIT 1) v ON true
     ORDER BY up.depth, u.code`, [unitId]);
  return rows.map((r) => ({ id: Number(r.id), code: r.code, name: r.name, path: r.path, kind: r.kind, effectiveOn: r.effective_on, depth: r.depth }));
}

export async function successors(sql: Sql, unitId: number) {
  const { rows } = await sql.query<{ id: number; code: string; name: string; path: string; kind: string; effective_on: string; main: boolean }>(
    `SELECT s.successor_id AS id, u.code, v.name, v.path, s.kind, s.effective_on, s.main FROM unit_successors s
     JOIN units u ON u.id = s.successor_id
     JOIN LATERAL (SELECT name, path FROM unit_versions WHERE unit_id = s.successor_id ORDER BY valid_from DESC LIMIT 1) v ON true
     WHERE s.predecessor_id = $1 ORDER BY s.main DESC, u.code`, [unitId]);
  return rows.map((r) => ({ id: Number(r.id), code: r.code, name: r.name, path: r.path, kind: r.kind, effectiveOn: r.effective_on, main: r.main }));
}

/**
 * Events of one kind in a period that happened in units then at or below `path`, or in units
 * whose successors today are, each counted under the unit that carries on today for the unit
 * where it happened (following main successors), grouped by the child of `path` that holds it
 * today. A row with child null is the unit itself; `outside` rows happened here but their unit
 * carries on elsewhere today.
 */
export async function regroupEvents(
  sql: Sql, o: { kind: string; from: string; to: string; path: string; today: string },
): Promise<{ childId: number | null; count: number; outside: boolean }[]> {
  const [lo, hi] = subtreeRange(o.path);
  const { rows } = await sql.query<{ child_id: string | null; count: number; outside: boolean }>(
    `WITH RECURSIVE events AS (
       SELECT e.unit_id, bool_or(v.path >= $4 AND v.path < $5) AS was_inside, count(*)::int AS n
       FROM member_events e
       JOIN unit_versions v ON v.unit_id = e.unit_id AND v.valid_from <= e.effective_on AND v.valid_to > e.effective_on
       WHERE e.kind = $1 AND e.effective_on >= $2 AND e.effective_on <= $3
       GROUP BY e.unit_id),
     chain AS (
       SELECT e.unit_id AS origin, e.unit_id AS unit, 0 AS step FROM events e
       UNION ALL
       SELECT c.origin, s.successor_id, c.step + 1 FROM chain c
       JOIN unit_successors s ON s.predecessor_id = c.unit AND s.main
       WHERE c.step < 20),
     today_unit AS (
       SELECT DISTINCT ON (c.origin) c.origin, v.path FROM chain c
       JOIN unit_versions v ON v.unit_id = c.unit AND v.valid_from <= $6 AND v.valid_to > $6
       ORDER BY c.origin, c.step DESC),
     placed AS (
       SELECT e.n, e.was_inside, coalesce(t.path >= $4 AND t.path < $5, false) AS now_inside, t.path
       FROM events e LEFT JOIN today_unit t ON t.origin = e.unit_id)
     SELECT CASE WHEN now_inside THEN nullif(split_part(substr(path, length($4) + 1), '.', 1), '') END AS child_id,
            sum(n)::int AS count, NOT now_inside AS outside
     FROM placed WHERE now_inside OR was_inside
     GROUP BY 1, 3`,
    [o.kind, o.from, o.to, lo, hi, o.today]);
  return rows.map((r) => ({ childId: r.child_id === null ? null : Number(r.child_id), count: r.count, outside: r.outside }));
}

import type { Sql } from '../../db/client.ts';
import { containsPattern } from '../../db/rows.ts';
import type { TransferDirection, TransferListState } from '../../../shared/schemas/transfers.ts';
import type { MemberStatus } from '../../../shared/reference.ts';

/** A transfer as stored, with the names a list shows (each unit as it stands now). */
export type TransferRow = {
  id: number; memberId: number; fullName: string; birthDate: string | null; gender: string | null;
  status: MemberStatus; kind: 'official' | 'temporary'; purpose: 'work' | 'study' | 'retirement' | 'residence' | 'other';
  fromUnit: UnitRef; toUnit: UnitRef | null; destination: string | null; viaUnit: UnitRef | null;
  letterNo: string; letterDate: string; changeDate: string | null; expectedReturn: string | null;
  state: 'awaiting_forward' | 'in_transit' | 'received' | 'departed' | 'ended' | 'cancelled';
  forwardLetterNo: string | null; forwardedOn: string | null; receivedOn: string | null; endedOn: string | null;
  cancelledOn: string | null; cancelReason: string | null; note: string | null; eventId: number | null;
};
type UnitRef = { id: number; code: string; name: string };

/** States in which a transfer is still under way (and the member may not start another). */
export const OPEN_CONDITION = `(t.state IN ('awaiting_forward', 'in_transit') OR (t.state = 'received' AND t.kind = 'temporary'))`;

const unitRef = (alias: string) =>
  `(SELECT json_build_object('id', u.id, 'code', u.code, 'name', v.name) FROM units u
    JOIN LATERAL (SELECT name FROM unit_versions WHERE unit_id = u.id ORDER BY valid_from DESC LIMIT 1) v ON true
    WHERE u.id = t.${alias})`;

const SELECT_TRANSFER = `SELECT t.id, t.member_id AS "memberId", m.full_name AS "fullName", m.birth_date AS "birthDate",
  m.gender, t.member_status AS status, t.kind, t.purpose,
  ${unitRef('from_unit_id')} AS "fromUnit", ${unitRef('to_unit_id')} AS "toUnit", t.destination, ${unitRef('via_unit_id')} AS "viaUnit",
  t.letter_no AS "letterNo", t.letter_date AS "letterDate", t.change_date AS "changeDate", t.expected_return AS "expectedReturn",
  t.state, t.forward_letter_no AS "forwardLetterNo", t.forwarded_on AS "forwardedOn", t.received_on AS "receivedOn",
  t.ended_on AS "endedOn", t.cancelled_on AS "cancelledOn", t.cancel_reason AS "cancelReason", t.note, t.event_id AS "eventId"
  FROM member_transfers t JOIN members m ON m.id = t.member_id`;

export async function findTransfer(sql: Sql, id: number, lock = false): Promise<TransferRow | null> {
  if (lock) await sql.query('SELECT 1 FROM member_transfers WHERE id = $1 FOR UPDATE', [id]);
  const { rows } = await sql.query<TransferRow>(`${SELECT_TRANSFER} WHERE t.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function transfersOf(sql: Sql, memberId: number): Promise<TransferRow[]> {
  const { rows } = await sql.query<TransferRow>(
    `${SELECT_TRANSFER} WHERE t.member_id = $1 ORDER BY t.letter_date DESC, t.id DESC`, [memberId]);
  return rows;
}

/** The member's transfer under way, if any: sent and not yet received, or a temporary stay. */
export async function openTransferOf(sql: Sql, memberId: number): Promise<{ id: number; letterNo: string; letterDate: string } | null> {
  const { rows } = await sql.query<{ id: number; letterNo: string; letterDate: string }>(
    `SELECT t.id, t.letter_no AS "letterNo", t.letter_date AS "letterDate" FROM member_transfers t
     WHERE t.member_id = $1 AND ${OPEN_CONDITION}`, [memberId]);
  return rows[0] ?? null;
}

export async function insertTransfer(
  sql: Sql,
  t: {
    memberId: number; memberStatus: MemberStatus; kind: string; purpose: string; fromUnitId: number; toUnitId: number | null;
    destination: string | null; viaUnitId: number | null; letterNo: string; letterDate: string; changeDate: string | null;
    expectedReturn: string | null; state: string; note: string | null; recordedBy: number | null;
  },
): Promise<number> {
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO member_transfers (member_id, member_status, kind, purpose, from_unit_id, to_unit_id, destination, via_unit_id,
       letter_no, letter_date, change_date, expected_return, state, note, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
    [t.memberId, t.memberStatus, t.kind, t.purpose, t.fromUnitId, t.toUnitId, t.destination, t.viaUnitId,
      t.letterNo, t.letterDate, t.changeDate, t.expectedReturn, t.state, t.note, t.recordedBy]);
  return (rows[0] as { id: number }).id;
}

/** Moves a transfer to its next state with the columns that step records. */
export async function updateTransfer(
  sql: Sql, id: number,
  changes: Partial<Record<'state' | 'forward_letter_no' | 'forwarded_on' | 'received_on' | 'ended_on' | 'cancelled_on' | 'cancel_reason', string | null>
    & { event_id: number | null }>,
): Promise<void> {
  const entries = Object.entries(changes);
  await sql.query(
    `UPDATE member_transfers SET ${entries.map(([column], i) => `${column} = $${i + 2}`).join(', ')} WHERE id = $1`,
    [id, ...entries.map(([, value]) => value)]);
}

/** Death ends whatever transfer was under way: a letter on its way is cancelled, a stay ended. */
export async function closeOnDeath(sql: Sql, memberId: number, date: string): Promise<void> {
  await sql.query(
    `UPDATE member_transfers t SET
       state = CASE WHEN t.state = 'received' THEN 'ended' ELSE 'cancelled' END,
       ended_on = CASE WHEN t.state = 'received' THEN $2::date END,
       cancelled_on = CASE WHEN t.state = 'received' THEN NULL ELSE $2::date END,
       cancel_reason = CASE WHEN t.state = 'received' THEN NULL ELSE 'died' END
     WHERE t.member_id = $1 AND ${OPEN_CONDITION}`, [memberId, date]);
}

/**
 * A voided 'transferred' event undoes what it completed: a received letter is on its way again,
 * a departure to an organization outside is cancelled with the correction's reason.
 */
export async function reopenOnVoid(sql: Sql, eventId: number, reason: string): Promise<void> {
  await sql.query(
    `UPDATE member_transfers SET
       state = CASE WHEN state = 'received' THEN 'in_transit' ELSE 'cancelled' END,
       received_on = NULL, event_id = NULL,
       cancelled_on = CASE WHEN state = 'departed' THEN current_date END,
       cancel_reason = CASE WHEN state = 'departed' THEN $2 END
     WHERE event_id = $1`, [eventId, reason]);
}

/**
 * Transfers touching a unit's subtree (its present place): coming in, going out, or waiting to
 * be forwarded by a unit in it. `scope` limits the other end the same way for the caller.
 */
export async function listTransfers(
  sql: Sql,
  o: { path: string; pathEnd: string; direction: TransferDirection; state: TransferListState; limit: number },
): Promise<TransferRow[]> {
  const column = { incoming: 't.to_unit_id', outgoing: 't.from_unit_id', forwarding: 't.via_unit_id' }[o.direction];
  // A letter still waiting to be forwarded has not reached the receiving side yet.
  const states = {
    open: o.direction === 'incoming' ? `(t.state = 'in_transit' OR (t.state = 'received' AND t.kind = 'temporary'))` : OPEN_CONDITION,
    closed: `NOT ${OPEN_CONDITION}`,
    all: 'TRUE',
  }[o.state];
  const forwarding = o.direction === 'forwarding' ? `AND t.state = 'awaiting_forward'` : '';
  const { rows } = await sql.query<TransferRow>(
    `${SELECT_TRANSFER}
     WHERE ${column} IN (SELECT unit_id FROM unit_versions WHERE valid_to = 'infinity' AND path >= $1 AND path < $2)
       AND ${states} ${forwarding}
     ORDER BY t.letter_date DESC, t.id DESC LIMIT $3`,
    [o.path, o.pathEnd, o.limit]);
  return rows;
}

/**
 * Open cells anywhere in the installation whose name or code contains the text: the receiving
 * end of a transfer need not be in the sender's reach (unit names are not member data).
 */
export async function searchDestinations(
  sql: Sql, folded: string, code: string, limit: number,
): Promise<{ id: number; code: string; name: string; parentName: string | null; path: string }[]> {
  const { rows } = await sql.query<{ id: number; code: string; name: string; parentName: string | null; path: string }>(
    `SELECT u.id, u.code, v.name, pv.name AS "parentName", v.path
     FROM units u JOIN unit_types ty ON ty.code = u.type_code AND ty.holds_members
     JOIN unit_versions v ON v.unit_id = u.id AND v.valid_to = 'infinity'
     LEFT JOIN unit_versions pv ON pv.unit_id = v.parent_id AND pv.valid_to = 'infinity'
     WHERE u.valid_to = 'infinity' AND (v.name_key LIKE $1 OR upper(u.code) = $2)
     ORDER BY v.name_key, u.id LIMIT $3`,
    [containsPattern(folded), code, limit]);
  return rows;
}

import type { Sql } from '../../db/client.ts';

type Row = {
  id: number; memberId: number; memberName: string; changes: Record<string, unknown>; note: string | null;
  status: 'pending' | 'approved' | 'rejected'; createdAt: Date; decidedAt: Date | null; decisionNote: string | null;
};

const SELECT = `SELECT r.id, r.member_id AS "memberId", m.full_name AS "memberName", r.changes, r.note, r.status,
  r.created_at AS "createdAt", r.decided_at AS "decidedAt", r.decision_note AS "decisionNote"
  FROM member_change_requests r JOIN members m ON m.id = r.member_id`;

const out = (r: Row) => ({ ...r, createdAt: r.createdAt.toISOString(), decidedAt: r.decidedAt?.toISOString() ?? null });

export async function insertChangeRequest(sql: Sql, r: { memberId: number; userId: number; changes: object; note: string | null }) {
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO member_change_requests (member_id, requested_by, changes, note) VALUES ($1, $2, $3, $4) RETURNING id`,
    [r.memberId, r.userId, JSON.stringify(r.changes), r.note]);
  return (rows[0] as { id: number }).id;
}

export async function findChangeRequest(sql: Sql, id: number, lock = false) {
  const { rows } = await sql.query<Row>(`${SELECT} WHERE r.id = $1${lock ? ' FOR UPDATE OF r' : ''}`, [id]);
  return rows[0] ? out(rows[0]) : null;
}

export async function listForMember(sql: Sql, memberId: number) {
  const { rows } = await sql.query<Row>(`${SELECT} WHERE r.member_id = $1 ORDER BY r.id DESC`, [memberId]);
  return rows.map(out);
}

/** Requests of members whose current (or last) unit lies in the condition on `s.unit_path`. */
export async function listInScope(sql: Sql, status: string, scope: string, scopeParams: unknown[]) {
  const params = [...scopeParams, status];
  const { rows } = await sql.query<Row>(
    `${SELECT} JOIN LATERAL (SELECT unit_path FROM membership_spans WHERE member_id = r.member_id
                             ORDER BY valid_from DESC LIMIT 1) s ON true
     WHERE ${scope} AND r.status = $${params.length} ORDER BY r.id LIMIT 500`, params);
  return rows.map(out);
}

export async function decide(sql: Sql, id: number, status: 'approved' | 'rejected', userId: number | null, note: string | null) {
  await sql.query(
    `UPDATE member_change_requests SET status = $2, decided_by = $3, decided_at = now(), decision_note = $4 WHERE id = $1`,
    [id, status, userId, note]);
}

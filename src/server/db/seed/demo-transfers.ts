import type { Sql } from '../client.ts';
import { commonAncestor, pathIds } from '../paths.ts';
import { addDays, addMonths } from '../../../shared/dates.ts';
import { insertTransfer, updateTransfer } from '../../modules/transfers/transfers.repository.ts';
import { Random } from './random.ts';

/**
 * Transfers under way in the demo province on the day it is loaded, so that the lists have
 * something to show: letters waiting for receipt (a few past their hand-in day), letters waiting
 * at the unit above both ends to be forwarded, members on a temporary stay in another cell (one
 * past its expected return), and some finished or withdrawn ones. Completed official transfers
 * are in the members' history already, as events.
 */

type Active = { memberId: number; unitId: number; path: string; status: 'probationary' | 'official'; since: string };
type Cell = { id: number; path: string };

const PURPOSES = ['work', 'work', 'work', 'residence', 'retirement', 'other'] as const;

/** The grassroots branch of a path: its first three units (province, committee, organization). */
const branch = (path: string) => pathIds(path).slice(0, 3).join('.');

export async function seedDemoTransfers(sql: Sql, o: { seed: number; today: string; prefix: string }): Promise<number> {
  const rng = new Random(o.seed, 5);
  const { rows: active } = await sql.query<Active>(
    `SELECT s.member_id AS "memberId", s.unit_id AS "unitId", s.unit_path AS path, s.status, s.valid_from AS since
     FROM membership_spans s JOIN units u ON u.id = s.unit_id
     WHERE s.valid_to = 'infinity' AND s.valid_from < $1::date - 200 AND (u.code = $2 OR u.code LIKE $2 || '.%')
     ORDER BY s.member_id`, [o.today, o.prefix]);
  const { rows: cells } = await sql.query<Cell>(
    `SELECT u.id, v.path FROM units u JOIN unit_types t ON t.code = u.type_code AND t.holds_members
     JOIN unit_versions v ON v.unit_id = u.id AND v.valid_to = 'infinity'
     WHERE u.valid_to = 'infinity' AND (u.code = $1 OR u.code LIKE $1 || '.%') ORDER BY u.id`, [o.prefix]);
  if (active.length < 100 || cells.length < 4) return 0;

  const chosen = new Set<number>();
  const pick = (): Active => {
    for (;;) {
      const m = rng.pick(active);
      if (!chosen.has(m.memberId)) { chosen.add(m.memberId); return m; }
    }
  };
  /** A receiving cell: in the same grassroots branch (the sender reaches it) or another one. */
  const destination = (from: Active, near: boolean): Cell => {
    const pool = cells.filter((c) => c.id !== from.unitId && (branch(c.path) === branch(from.path)) === near);
    return rng.pick(pool.length > 0 ? pool : cells.filter((c) => c.id !== from.unitId));
  };

  let count = 0;
  const issue = async (
    m: Active, to: Cell, kind: 'official' | 'temporary', letterDate: string, state: string, extra: Record<string, string | null> = {},
  ) => {
    const near = branch(to.path) === branch(m.path);
    const id = await insertTransfer(sql, {
      memberId: m.memberId, memberStatus: m.status, kind, purpose: kind === 'temporary' ? rng.pick(['work', 'study'] as const) : rng.pick(PURPOSES),
      fromUnitId: m.unitId, toUnitId: to.id, destination: null, viaUnitId: near ? null : commonAncestor(m.path, to.path),
      letterNo: `${rng.int(1, 400)}-GGT/ĐU`, letterDate, changeDate: kind === 'official' ? addDays(letterDate, -rng.int(5, 40)) : null,
      expectedReturn: kind === 'temporary' ? addMonths(letterDate, rng.int(4, 11)) : null, state, note: null, recordedBy: null,
    });
    if (Object.keys(extra).length > 0) await updateTransfer(sql, id, extra);
    count += 1;
  };

  // Letters on their way to a cell of the same branch, a few past the 30 days to hand them in.
  for (let i = 0; i < 14; i += 1) {
    const m = pick();
    await issue(m, destination(m, true), 'official', addDays(o.today, -rng.int(1, 45)), 'in_transit');
  }
  // Letters to another branch: waiting at the unit above both, or forwarded already.
  for (let i = 0; i < 8; i += 1) {
    const m = pick();
    const letterDate = addDays(o.today, -rng.int(2, 25));
    if (i % 2 === 0) await issue(m, destination(m, false), 'official', letterDate, 'awaiting_forward');
    else {
      await issue(m, destination(m, false), 'official', letterDate, 'in_transit',
        { forward_letter_no: `${rng.int(1, 200)}-CV/TU`, forwarded_on: addDays(letterDate, 1) });
    }
  }
  // Temporary stays under way (received), and finished or withdrawn ones.
  for (let i = 0; i < 10; i += 1) {
    const m = pick();
    const letterDate = addDays(o.today, -rng.int(20, 200));
    const received = addDays(letterDate, rng.int(2, 10));
    const state = i < 7 ? 'received' : 'ended';
    await issue(m, destination(m, rng.chance(0.6)), 'temporary', letterDate, state, {
      received_on: received, ...(state === 'ended' ? { ended_on: addDays(received, rng.int(60, 120)) } : {}),
    });
  }
  for (let i = 0; i < 4; i += 1) {
    const m = pick();
    const letterDate = addDays(o.today, -rng.int(30, 120));
    await issue(m, destination(m, true), 'official', letterDate, 'cancelled',
      { cancelled_on: addDays(letterDate, rng.int(3, 20)), cancel_reason: 'Đảng viên không chuyển công tác nữa' });
  }
  return count;
}

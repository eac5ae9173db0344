import { randomInt } from 'node:crypto';
import type { Database } from '../../db/client.ts';
import { SYSTEM_ACTOR } from '../access/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { hashPassword } from '../auth/passwords.ts';
import * as repo from './users.repository.ts';

/**
 * Accounts made by the operator from the command line (the first administrator of an
 * installation) and the demo province's one user per role. Passwords are generated, shown
 * once, and must be changed at the first sign-in: no password is ever built in.
 */

const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 16 characters from an unambiguous alphabet: ~92 bits. */
export function temporaryPassword(): string {
  return Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

export type NewAccount = { username: string; displayName: string; roleCode: string; unitId: number | null; includeSubtree?: boolean; memberId?: number | null };

export async function createAccount(db: Database, a: NewAccount): Promise<{ username: string; password: string }> {
  const password = temporaryPassword();
  const hash = await hashPassword(password);
  await db.transaction(async (sql) => {
    if (!(await repo.findRole(sql, a.roleCode))) throw new Error(`No role ${a.roleCode}`);
    if (await repo.usernameTaken(sql, a.username)) throw new Error(`The user name ${a.username} is taken`);
    const id = await repo.insertUser(sql, { username: a.username, displayName: a.displayName, passwordHash: hash, locale: 'vi', memberId: a.memberId ?? null });
    await repo.insertGrant(sql, { userId: id, roleCode: a.roleCode, unitId: a.unitId, includeSubtree: a.includeSubtree ?? true, grantedBy: null });
    await recordAudit(sql, SYSTEM_ACTOR, {
      action: 'user.create', targetType: 'user', targetId: String(id), unitPath: null,
      details: { username: a.username, roleCode: a.roleCode, unitId: a.unitId, by: 'command line' },
    });
  });
  return { username: a.username, password };
}

export async function resetPasswordByUsername(db: Database, username: string): Promise<string> {
  const password = temporaryPassword();
  const hash = await hashPassword(password);
  await db.transaction(async (sql) => {
    const { rows } = await sql.query<{ id: number }>('SELECT id FROM users WHERE username = $1', [username]);
    const user = rows[0];
    if (!user) throw new Error(`No user ${username}`);
    await repo.setPassword(sql, user.id, hash, true);
    await sql.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [user.id]);
    await recordAudit(sql, SYSTEM_ACTOR, { action: 'user.reset_password', targetType: 'user', targetId: String(user.id), unitPath: null, details: { by: 'command line' } });
  });
  return password;
}

/** Picks realistic units of the demo province and makes one user per default role there. */
export async function seedDemoUsers(db: Database): Promise<{ username: string; password: string; role: string; unit: string }[]> {
  const pick = async (sqlText: string) => (await db.pool.query<{ id: number; name: string }>(sqlText)).rows[0] ?? null;
  const province = await pick(`SELECT u.id, v.name FROM units u JOIN unit_versions v ON v.unit_id = u.id AND v.valid_to = 'infinity'
    WHERE u.type_code = 'province' ORDER BY u.id LIMIT 1`);
  if (!province) return [];
  const commune = await pick(`SELECT u.id, v.name FROM units u JOIN unit_versions v ON v.unit_id = u.id AND v.valid_to = 'infinity'
    WHERE u.type_code = 'commune' ORDER BY u.id LIMIT 1`);
  // A cell with members, and one of its official members for the self-service account.
  const cell = await pick(`SELECT s.unit_id AS id, v.name FROM membership_spans s
    JOIN unit_versions v ON v.unit_id = s.unit_id AND v.valid_to = 'infinity'
    WHERE s.valid_to = 'infinity' GROUP BY s.unit_id, v.name ORDER BY count(*) DESC, s.unit_id LIMIT 1`);
  const member = cell ? await pick(`SELECT m.id, m.full_name AS name FROM membership_spans s JOIN members m ON m.id = s.member_id
    WHERE s.unit_id = ${Number(cell.id)} AND s.valid_to = 'infinity' AND s.status = 'official' ORDER BY m.id LIMIT 1`) : null;

  const accounts: (NewAccount & { unitName: string })[] = [
    { username: 'quantri', displayName: 'Quản trị hệ thống', roleCode: 'system_admin', unitId: null, unitName: '—' },
    { username: 'bantochuc', displayName: 'Cán bộ Ban Tổ chức Tỉnh ủy', roleCode: 'organization_board', unitId: province.id, unitName: province.name },
    { username: 'ubkt', displayName: 'Cán bộ Ủy ban Kiểm tra Tỉnh ủy', roleCode: 'inspection_commission', unitId: province.id, unitName: province.name },
  ];
  if (commune) accounts.push({ username: 'theodoi', displayName: 'Theo dõi (chỉ xem)', roleCode: 'observer', unitId: commune.id, unitName: commune.name });
  if (cell) accounts.push({ username: 'bithuchibo', displayName: `Bí thư ${cell.name}`, roleCode: 'cell_secretary', unitId: cell.id, includeSubtree: false, unitName: cell.name });
  if (cell && member) {
    accounts.push({ username: 'dangvien', displayName: member.name, roleCode: 'member', unitId: cell.id, includeSubtree: false, memberId: member.id, unitName: cell.name });
  }
  const made = [];
  for (const a of accounts) {
    const { password } = await createAccount(db, a);
    made.push({ username: a.username, password, role: a.roleCode, unit: a.unitName });
  }
  return made;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/db.ts';
import { appendAudit, verifyAuditChain } from './audit.service.ts';

let db: Awaited<ReturnType<typeof openTestDatabase>>;

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const entry = (n: number) => ({
  actorId: 7, actorLabel: 'cán bộ Ban Tổ chức', ip: '127.0.0.1', requestId: `req-${n}`, action: 'member.update',
  targetType: 'member', targetId: String(n), unitPath: '1.2.', details: { before: { phone: null }, after: { phone: `09${n}` } },
});

/** Tampering needs the append-only trigger out of the way, as an intruder with the database would. */
async function tamper(statement: string, params: unknown[] = []) {
  await db.pool.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
  await db.pool.query(statement, params);
  await db.pool.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
}

describe('audit chain', () => {
  it('refuses updates and deletes from the application', async () => {
    const id = await db.transaction((sql) => appendAudit(sql, entry(0)));
    await expect(db.pool.query('UPDATE audit_log SET action = $2 WHERE id = $1', [id, 'x'])).rejects.toThrow(/append-only/);
    await expect(db.pool.query('DELETE FROM audit_log WHERE id = $1', [id])).rejects.toThrow(/append-only/);
  });

  it('verifies an intact chain', async () => {
    for (let n = 1; n <= 5; n++) await db.transaction((sql) => appendAudit(sql, entry(n)));
    const report = await verifyAuditChain({ db, batch: 2 });
    expect(report).toMatchObject({ ok: true, rows: 6 });
  });

  it('names the first row that was changed', async () => {
    const { rows } = await db.pool.query<{ id: number }>('SELECT id FROM audit_log ORDER BY id');
    const third = rows[2]!.id;
    await tamper(`UPDATE audit_log SET details = '{"after":{"phone":"0000"}}' WHERE id = $1`, [third]);
    expect(await verifyAuditChain({ db, batch: 2 })).toMatchObject({ ok: false, problem: 'changed', id: third });
    await tamper(`UPDATE audit_log SET details = '{"before":{"phone":null},"after":{"phone":"092"}}' WHERE id = $1`, [third]);
    expect(await verifyAuditChain({ db })).toMatchObject({ ok: true });
  });

  it('detects a removed row and removed newest rows', async () => {
    const { rows } = await db.pool.query<{ id: number }>('SELECT id FROM audit_log ORDER BY id');
    const [, second, third] = rows.map((r) => r.id);
    await tamper('DELETE FROM audit_log WHERE id = $1', [second]);
    expect(await verifyAuditChain({ db })).toMatchObject({ ok: false, problem: 'removed', id: third });

    const other = await openTestDatabase();
    try {
      for (let n = 1; n <= 3; n++) await other.transaction((sql) => appendAudit(sql, entry(n)));
      await other.pool.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
      await other.pool.query('DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)');
      expect(await verifyAuditChain({ db: other })).toMatchObject({ ok: false, problem: 'head_mismatch' });
    } finally {
      await other.drop();
    }
  });
});

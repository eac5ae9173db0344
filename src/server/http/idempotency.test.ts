import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.ts';
import { makeTree, memberInput } from '../../../test/factories.ts';

const { db, app } = useTestApp();

const count = async () => (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM members')).rows[0]?.n;

describe('Idempotency-Key', () => {
  it('carries out a creating POST once and answers a retry with the first answer', async () => {
    const tree = await makeTree(db);
    const payload = memberInput(tree.cellA.id);
    const send = () => app.inject({ method: 'POST', url: '/api/v1/members', headers: { 'idempotency-key': 'k-1' }, payload });
    const before = await count();
    const first = await send();
    expect(first.statusCode).toBe(201);
    const retry = await send();
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json().id).toBe(first.json().id);
    expect(await count()).toBe((before ?? 0) + 1);
  });

  it('refuses a key reused with another body, and frees a key whose request failed', async () => {
    const tree = await makeTree(db);
    const ok = await app.inject({ method: 'POST', url: '/api/v1/members', headers: { 'idempotency-key': 'k-2' }, payload: memberInput(tree.cellA.id) });
    expect(ok.statusCode).toBe(201);
    const other = await app.inject({ method: 'POST', url: '/api/v1/members', headers: { 'idempotency-key': 'k-2', 'accept-language': 'en' }, payload: memberInput(tree.cellB.id) });
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency_key_reused');

    const bad = memberInput(tree.cellA.id, { officialDate: '2015-04-01' });
    const refused = await app.inject({ method: 'POST', url: '/api/v1/members', headers: { 'idempotency-key': 'k-3' }, payload: bad });
    expect(refused.statusCode).toBe(400);
    const fixed = await app.inject({ method: 'POST', url: '/api/v1/members', headers: { 'idempotency-key': 'k-3' }, payload: memberInput(tree.cellA.id) });
    expect(fixed.statusCode).toBe(201);
  });

  it('refuses a malformed key', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/units', headers: { 'idempotency-key': 'x'.repeat(201) }, payload: {} });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('Idempotency-Key');
  });
});

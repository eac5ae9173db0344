import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './app-error.ts';

/**
 * Idempotency-Key on POST: a client that lost the answer to a creating request (a timeout, a
 * dropped connection) sends it again with the same key and gets the first answer, instead of a
 * second record. Keys belong to the caller and live 24 hours. A key reused with another body is
 * refused, and so is a retry that arrives while the first request is still running.
 */

const HEADER = 'idempotency-key';
const KEEP_HOURS = 24;

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { principal: string; key: string } | null;
  }
}

function requestHash(request: FastifyRequest): string {
  return createHash('sha256').update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`).digest('hex');
}

export function registerIdempotency(app: FastifyInstance) {
  app.decorateRequest('idempotency', null);

  // After authentication and parsing, before validation: the key is scoped to the caller, the
  // hash to the body, and a bad key is reported before anything else.
  app.addHook('preValidation', async (request, reply) => {
    const key = request.headers[HEADER];
    if (request.method !== 'POST' || typeof key !== 'string' || !request.principal) return;
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw new AppError(400, 'validation_failed', {}, [{ path: 'Idempotency-Key', rule: 'idempotency_key' }]);
    }
    const principal = `${request.principal.kind}:${request.principal.tokenId ?? request.principal.userId}`;
    const hash = requestHash(request);
    await app.db.pool.query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [KEEP_HOURS]);
    const inserted = await app.db.pool.query(
      `INSERT INTO idempotency_keys (principal, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [principal, key, hash]);
    if (inserted.rowCount === 1) {
      request.idempotency = { principal, key };
      return;
    }
    const { rows } = await app.db.pool.query<{ request_hash: string; status: number | null; response: string | null }>(
      'SELECT request_hash, status, response FROM idempotency_keys WHERE principal = $1 AND key = $2', [principal, key]);
    const first = rows[0];
    if (!first || first.request_hash !== hash) throw new AppError(422, 'idempotency_key_reused');
    if (first.status === null) throw new AppError(409, 'idempotency_in_progress');
    return reply
      .status(first.status)
      .header('content-type', 'application/json; charset=utf-8')
      .header('idempotent-replayed', 'true')
      .send(first.response);
  });

  // A success is kept for replays; anything else frees the key for a corrected retry.
  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim) return payload;
    if (reply.statusCode >= 200 && reply.statusCode < 300 && typeof payload === 'string') {
      await app.db.pool.query('UPDATE idempotency_keys SET status = $3, response = $4 WHERE principal = $1 AND key = $2',
        [claim.principal, claim.key, reply.statusCode, payload]);
    } else {
      await app.db.pool.query('DELETE FROM idempotency_keys WHERE principal = $1 AND key = $2', [claim.principal, claim.key]);
    }
    return payload;
  });
}

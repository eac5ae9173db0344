import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/db.ts';
import { testApp, useTestApp } from '../../../../test/app.ts';

const { db, app } = useTestApp();

/** Migration names as shipped, oldest first (node-pg-migrate records the file name without .sql). */
const shipped = readdirSync(fileURLToPath(new URL('../../db/migrations', import.meta.url)))
  .filter((f) => f.endsWith('.sql')).sort().map((f) => f.replace(/\.sql$/, ''));
const expectedEngine = process.env.DATABASE_URL ? 'postgresql' : 'pglite';

describe('GET /api/v1/health', () => {
  it('reports the engine, the server version and the migration version', async () => {
    const res = await app.inject({ url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const body = res.json();
    expect(body).toEqual({
      status: 'ok',
      engine: expectedEngine,
      serverVersion: expect.stringMatching(/^\d+(\.\d+)?/),
      migration: { version: shipped.at(-1), pending: 0 },
    });
    expect(body.engine).toBe(db.engine);
    const { rows } = await db.pool.query<{ server_version: string }>('SHOW server_version');
    expect(body.serverVersion).toBe(rows[0]?.server_version);
  });

  it('says degraded, with the version reached, while a migration is pending', async () => {
    const own = await openTestDatabase();
    const ownApp = await testApp(own);
    try {
      await own.pool.query('DELETE FROM schema_migrations WHERE name = $1', [shipped.at(-1)]);
      const res = await ownApp.inject({ url: '/api/v1/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'degraded', engine: expectedEngine, migration: { version: shipped.at(-2) ?? null, pending: 1 } });
    } finally {
      await ownApp.close();
      await own.drop();
    }
  });

  it('needs no credentials and takes no body', async () => {
    const res = await app.inject({ url: '/api/v1/health', headers: { authorization: 'Bearer nonsense' } });
    expect(res.statusCode).toBe(200);
    const post = await app.inject({ method: 'POST', url: '/api/v1/health', payload: {} });
    expect(post.statusCode).toBe(404);
    expect(post.json().code).toBe('route_not_found');
  });
});

describe('/api/docs', () => {
  it('serves the OpenAPI 3.1 document with every route of the tree, types, statistics and health', async () => {
    const res = await app.inject({ url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ title: 'partywork API' });
    const operations: [string, string][] = [
      ['/api/v1/health', 'get'],
      ['/api/v1/unit-types', 'get'], ['/api/v1/unit-types', 'post'],
      ['/api/v1/unit-types/{code}', 'get'], ['/api/v1/unit-types/{code}', 'put'],
      ['/api/v1/units', 'get'], ['/api/v1/units', 'post'],
      ['/api/v1/units/{id}', 'get'], ['/api/v1/units/{id}/history', 'get'],
      ['/api/v1/units/{id}/rename', 'post'], ['/api/v1/units/{id}/move', 'post'], ['/api/v1/units/{id}/close', 'post'],
      ['/api/v1/units/{id}/stats', 'get'],
      ['/api/v1/members', 'get'], ['/api/v1/members', 'post'], ['/api/v1/members/{id}/events', 'post'],
    ];
    for (const [path, method] of operations) {
      expect(doc.paths[path]?.[method], `${method.toUpperCase()} ${path}`).toBeDefined();
    }
    // Error responses are documented as problem details.
    const getUnit = doc.paths['/api/v1/units/{id}'].get;
    for (const status of ['200', '400', '404', '500']) expect(getUnit.responses[status], status).toBeDefined();
    expect(JSON.stringify(getUnit.responses['404'])).toMatch(/Problem|requestId/);
    expect(getUnit.parameters).toEqual(expect.arrayContaining([
      expect.objectContaining({ in: 'path', name: 'id' }), expect.objectContaining({ in: 'query', name: 'asOf' }),
    ]));
    const stats = doc.paths['/api/v1/units/{id}/stats'].get;
    expect(stats.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['id', 'asOf', 'subtree']));
    expect(doc.paths['/api/v1/units/{id}/move'].post.requestBody).toBeDefined();
    // The root page and the documentation UI are not API routes.
    expect(doc.paths['/']).toBeUndefined();
  });

  it('serves the documentation UI', async () => {
    const res = await app.inject({ url: '/api/docs' });
    expect([200, 302]).toContain(res.statusCode);
    const page = res.statusCode === 302 ? await app.inject({ url: new URL(res.headers.location as string, 'http://x/api/docs').pathname }) : res;
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
  });
});

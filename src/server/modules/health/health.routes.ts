import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { migrationStatus } from '../../db/migrate.ts';

const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  engine: z.enum(['pglite', 'postgresql']),
  serverVersion: z.string(),
  migration: z.object({ version: z.string().nullable(), pending: z.number() }),
}).meta({ id: 'Health' });

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/health', {
    config: { permission: 'public' },
    schema: { tags: ['Health'], summary: 'Engine, database version and migration state', response: { 200: healthSchema } },
  }, async () => {
    const [{ rows }, migration] = await Promise.all([
      app.db.pool.query<{ server_version: string }>('SHOW server_version'),
      migrationStatus(app.db),
    ]);
    return {
      status: migration.pending === 0 ? ('ok' as const) : ('degraded' as const),
      engine: app.db.engine,
      serverVersion: rows[0]?.server_version ?? 'unknown',
      migration,
    };
  });
};

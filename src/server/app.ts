import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from './db/client.ts';
import { errorHandler, notFoundHandler } from './http/problem.ts';
import { SYSTEM_ACTOR, type Actor } from './modules/access/actor.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { membersRoutes } from './modules/members/members.routes.ts';
import { statisticsRoutes } from './modules/statistics/statistics.routes.ts';
import { unitTypesRoutes } from './modules/unit-types/unit-types.routes.ts';
import { unitsRoutes } from './modules/units/units.routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
  }
  interface FastifyRequest {
    actor: Actor;
  }
}

export type AppOptions = {
  db: Database;
  logLevel?: string;
  bodyLimit?: number;
};

/** Builds the HTTP application; tests call `app.inject` on it without opening a port. */
export async function buildApp({ db, logLevel = 'info', bodyLimit = 1_048_576 }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
    bodyLimit,
    genReqId: () => randomUUID(),
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      disableRequestLogging: logLevel !== 'debug' && logLevel !== 'trace',
    }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  app.decorate('db', db);
  // Until accounts exist every request acts with the whole tree in scope.
  app.decorateRequest('actor', null as unknown as Actor);
  app.addHook('onRequest', async (request, reply) => {
    request.actor = SYSTEM_ACTOR;
    reply.header('x-request-id', request.id);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'partywork API',
        version: '1',
        description: 'Organization tree, member registry and statistics of party-building work. Errors are RFC 9457 problem+json in the language of Accept-Language (vi, en, ru, ar, fa).',
      },
      tags: [
        { name: 'Units' }, { name: 'Unit types' }, { name: 'Members' }, { name: 'Statistics' }, { name: 'Health' },
      ],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await app.register(async (api) => {
    await api.register(healthRoutes);
    await api.register(unitTypesRoutes);
    await api.register(unitsRoutes);
    await api.register(statisticsRoutes);
    await api.register(membersRoutes);
  }, { prefix: '/api/v1' });

  app.get('/', { config: { permission: 'public' }, schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(
      '<!doctype html><html lang="vi"><meta charset="utf-8"><title>partywork</title>' +
      '<h1>partywork</h1><p>API: <a href="/api/docs">/api/docs</a> · <a href="/api/v1/health">/api/v1/health</a></p></html>'));

  return app;
}

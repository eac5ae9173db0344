import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AuthSettings, OidcSettings } from './config.ts';
import type { Database } from './db/client.ts';
import { DEFAULT_AUTH_SETTINGS } from './modules/auth/auth.service.ts';
import { registerAuthentication } from './http/authenticate.ts';
import { registerIdempotency } from './http/idempotency.ts';
import { openAttachmentStore } from './storage/attachment-store.ts';
import { errorHandler, notFoundHandler } from './http/problem.ts';
import { attachmentsRoutes } from './modules/attachments/attachments.routes.ts';
import type { AttachmentSettings } from './modules/attachments/attachments.service.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { candidatesRoutes } from './modules/candidates/candidates.routes.ts';
import { changeRequestsRoutes } from './modules/change-requests/change-requests.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { oidcRoutes } from './modules/auth/oidc.routes.ts';
import { tokensRoutes } from './modules/auth/tokens.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { membersRoutes } from './modules/members/members.routes.ts';
import { badgesRoutes } from './modules/badges/badges.routes.ts';
import { exemptionsRoutes } from './modules/exemptions/exemptions.routes.ts';
import { exportsRoutes } from './modules/exports/exports.routes.ts';
import { importsRoutes } from './modules/imports/imports.routes.ts';
import { casesRoutes } from './modules/inspections/cases.routes.ts';
import { declarationsRoutes } from './modules/inspections/declarations.routes.ts';
import { disciplinesRoutes } from './modules/inspections/disciplines.routes.ts';
import { programsRoutes } from './modules/inspections/programs.routes.ts';
import { ImportJobs, type ImportSettings } from './modules/imports/imports.service.ts';
import { restructureRoutes } from './modules/restructure/restructure.routes.ts';
import { lifecycleRoutes } from './modules/lifecycle/lifecycle.routes.ts';
import { statisticsRoutes } from './modules/statistics/statistics.routes.ts';
import { targetsRoutes } from './modules/targets/targets.routes.ts';
import { transfersRoutes } from './modules/transfers/transfers.routes.ts';
import { unitTypesRoutes } from './modules/unit-types/unit-types.routes.ts';
import { unitsRoutes } from './modules/units/units.routes.ts';
import { usersRoutes } from './modules/users/users.routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    auth: AuthSettings;
    oidc: OidcSettings | null;
    importJobs: ImportJobs;
    attachments: AttachmentSettings;
  }
}

export type AppOptions = {
  db: Database;
  logLevel?: string;
  bodyLimit?: number;
  auth?: AuthSettings;
  oidc?: OidcSettings | null;
  /** Fastify's trustProxy: the client address and protocol come from a reverse proxy's headers. */
  trustProxy?: boolean | number | string;
  /** Where uploaded import files are kept, and the largest accepted. */
  imports?: ImportSettings;
  /** Where attached files are stored (local disk or S3-compatible), and the largest accepted. */
  attachments?: AttachmentSettings;
};

/** Builds the HTTP application; tests call `app.inject` on it without opening a port. */
export async function buildApp(
  { db, logLevel = 'info', bodyLimit = 1_048_576, auth = DEFAULT_AUTH_SETTINGS, oidc = null, trustProxy = false,
    imports = { dir: join(tmpdir(), 'partywork-imports'), maxBytes: 200 * 1_048_576 },
    attachments = { store: openAttachmentStore({ kind: 'local', dir: join(tmpdir(), 'partywork-attachments') }), maxBytes: 20 * 1_048_576 } }: AppOptions,
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
    bodyLimit,
    // Fastify's overloads do not narrow a union here; each member is a valid trustProxy value.
    trustProxy: trustProxy as boolean,
    genReqId: () => randomUUID(),
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      disableRequestLogging: logLevel !== 'debug' && logLevel !== 'trace',
    }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // A bad or over-long URL is answered before routing; render it as problem+json like the rest.
    frameworkErrors: errorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  // The API takes JSON only: a text/plain body is answered 415 like any other type.
  app.removeContentTypeParser('text/plain');
  app.decorate('db', db);
  app.decorate('auth', auth);
  app.decorate('oidc', oidc);
  app.decorate('importJobs', new ImportJobs(imports));
  app.decorate('attachments', attachments);
  await app.register(cookie);
  // Off by default; routes that need it (sign-in) declare their own limit.
  await app.register(rateLimit, { global: false });
  registerAuthentication(app);
  registerIdempotency(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'partywork API',
        version: '1',
        description: 'Organization tree, member registry and statistics of party-building work. Errors are RFC 9457 problem+json in the language of Accept-Language (vi, en, ru, ar, fa).',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'pw_session', description: 'Set by POST /api/v1/auth/sign-in; writes also need the x-csrf-token header' },
          token: { type: 'http', scheme: 'bearer', description: 'An API token from POST /api/v1/tokens' },
        },
      },
      security: [{ session: [] }, { token: [] }],
      tags: [
        { name: 'Sign-in' }, { name: 'Units' }, { name: 'Unit types' }, { name: 'Members' }, { name: 'Candidates' }, { name: 'Party badges' },
        { name: 'Statistics' },
        { name: 'Member self-service' }, { name: 'Users and grants' }, { name: 'API tokens' }, { name: 'Audit' }, { name: 'Health' },
      ],
    },
    transform: jsonSchemaTransform,
  });
  // The documentation pages are public; this declares it for the routes the plugin adds.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs') || route.url.startsWith('/assets/')) route.config = { ...route.config, permission: 'public' };
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await registerWebApp(app);

  await app.register(async (api) => {
    await api.register(healthRoutes);
    await api.register(authRoutes);
    await api.register(oidcRoutes);
    await api.register(tokensRoutes);
    await api.register(usersRoutes);
    await api.register(auditRoutes);
    await api.register(changeRequestsRoutes);
    await api.register(unitTypesRoutes);
    await api.register(unitsRoutes);
    await api.register(statisticsRoutes);
    await api.register(lifecycleRoutes);
    await api.register(badgesRoutes);
    await api.register(exemptionsRoutes);
    await api.register(targetsRoutes);
    await api.register(transfersRoutes);
    await api.register(membersRoutes);
    await api.register(candidatesRoutes);
    await api.register(exportsRoutes);
    await api.register(importsRoutes);
    await api.register(restructureRoutes);
    await api.register(programsRoutes);
    await api.register(casesRoutes);
    await api.register(disciplinesRoutes);
    await api.register(declarationsRoutes);
    await api.register(attachmentsRoutes);
  }, { prefix: '/api/v1' });

  return app;
}

const WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/**
 * The web app built by Vite into dist/web (`npm run build:web`, run by `npm start` when stale):
 * /assets/* are its hashed files (cached for good; .br/.gz twins sent when accepted), and any other
 * page address that no route answers gets index.html, so that the app's own addresses survive a
 * reload. Addresses under /api, and anything that looks like a file, stay problem+json 404s.
 * Without a build, / shows a page pointing to the API.
 */
async function registerWebApp(app: FastifyInstance) {
  const built = existsSync(`${WEB_ROOT}index.html`);
  if (built) {
    await app.register(fastifyStatic, {
      root: `${WEB_ROOT}assets`, prefix: '/assets/', preCompressed: true, maxAge: '365d', immutable: true, index: false,
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const page = (request.method === 'GET' || request.method === 'HEAD')
      && path !== '/api' && !path.startsWith('/api/') && !/\.[A-Za-z0-9]+$/.test(path);
    if (page && built) return reply.code(200).sendFile('index.html', WEB_ROOT, { maxAge: 0, immutable: false });
    if (page && path === '/') {
      return reply.code(200).type('text/html; charset=utf-8').send(
        '<!doctype html><html lang="vi"><meta charset="utf-8"><title>partywork</title>' +
        '<h1>partywork</h1><p>API: <a href="/api/docs">/api/docs</a> · <a href="/api/v1/health">/api/v1/health</a></p></html>');
    }
    return notFoundHandler(request, reply);
  });
}

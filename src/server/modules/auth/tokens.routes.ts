import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createdTokenSchema, createTokenBody, tokenParams, tokenSchema } from '../../../shared/schemas/auth.ts';
import { metaOf } from '../../http/authenticate.ts';
import { problems } from '../../http/route-helpers.ts';
import type { Principal } from '../access/principal.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './tokens.service.ts';

export const tokensRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['API tokens'];
  const principal = (req: { principal: Principal | null }) => req.principal as Principal;

  app.get('/tokens', {
    config: { permission: 'session' },
    schema: { tags, summary: 'My API tokens', response: { 200: z.array(tokenSchema), ...problems } },
  }, async (req) => listApiTokens({ db: app.db, principal: principal(req) }));

  app.post('/tokens', {
    config: { permission: 'session' },
    schema: {
      tags, summary: 'Create an API token with some of my permissions',
      description: 'The token is shown once. It reaches the same units as my grants, with only the permissions listed.',
      body: createTokenBody, response: { 201: createdTokenSchema, ...problems },
    },
  }, async (req, reply) => {
    const created = await createApiToken({ db: app.db, principal: principal(req), ...req.body, meta: metaOf(req) });
    return reply.status(201).send(created);
  });

  app.delete('/tokens/:id', {
    config: { permission: 'session' },
    schema: { tags, summary: 'Revoke one of my API tokens', params: tokenParams, response: { 204: z.null(), ...problems } },
  }, async (req, reply) => {
    await revokeApiToken({ db: app.db, principal: principal(req), id: req.params.id, meta: metaOf(req) });
    return reply.status(204).send(null);
  });
};

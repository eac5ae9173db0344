import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createUserBody, grantBody, grantParams, resetPasswordBody, roleSchema, userParams, userSchema,
} from '../../../shared/schemas/users.ts';
import { problems } from '../../http/route-helpers.ts';
import * as service from './users.service.ts';

export const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['Users and grants'];

  app.get('/roles', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: 'Roles and their permissions', response: { 200: z.array(roleSchema), ...problems } },
  }, async (req) => service.listRoles({ db: req.db }));

  app.get('/users', {
    config: { permission: 'users.admin' },
    schema: { tags, summary: 'Users holding a grant within my reach', response: { 200: z.array(userSchema), ...problems } },
  }, async (req) => service.listUsers({ db: req.db, actor: req.actor }));

  app.get('/users/:id', {
    config: { permission: 'users.admin' },
    schema: { tags, summary: 'A user and their grants within my reach', params: userParams, response: { 200: userSchema, ...problems } },
  }, async (req) => service.getUser({ db: req.db, actor: req.actor, id: req.params.id }));

  app.post('/users', {
    config: { permission: 'users.admin' },
    schema: {
      tags, summary: 'Create a user with a first grant',
      description: 'The password is temporary: the user is asked to change it. The grant may not carry more than I hold over that unit.',
      body: createUserBody, response: { 201: userSchema, ...problems },
    },
  }, async (req, reply) => {
    const user = await service.createUser({ db: req.db, actor: req.actor, principal: req.principal, input: req.body });
    return reply.status(201).header('location', `/api/v1/users/${user.id}`).send(user);
  });

  app.post('/users/:id/grants', {
    config: { permission: 'users.admin' },
    schema: { tags, summary: 'Give a user a role at a unit', params: userParams, body: grantBody, response: { 201: userSchema, ...problems } },
  }, async (req, reply) => {
    const user = await service.addGrant({ db: req.db, actor: req.actor, principal: req.principal, userId: req.params.id, grant: req.body });
    return reply.status(201).send(user);
  });

  app.delete('/users/:id/grants/:grantId', {
    config: { permission: 'users.admin' },
    schema: { tags, summary: 'Revoke a grant', params: grantParams, response: { 204: z.null(), ...problems } },
  }, async (req, reply) => {
    await service.revokeGrant({ db: req.db, actor: req.actor, principal: req.principal, userId: req.params.id, grantId: req.params.grantId });
    return reply.status(204).send(null);
  });

  app.post('/users/:id/password', {
    config: { permission: 'users.admin' },
    schema: { tags, summary: 'Set a temporary password (ends the user’s sessions)', params: userParams, body: resetPasswordBody, response: { 204: z.null(), ...problems } },
  }, async (req, reply) => {
    await service.resetPassword({ db: req.db, actor: req.actor, principal: req.principal, userId: req.params.id, password: req.body.password });
    return reply.status(204).send(null);
  });
};

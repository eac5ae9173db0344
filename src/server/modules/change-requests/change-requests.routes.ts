import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  changeRequestParams, changeRequestSchema, createChangeRequestBody, decideChangeRequestBody, listChangeRequestsQuery,
} from '../../../shared/schemas/change-requests.ts';
import { memberSchema } from '../../../shared/schemas/members.ts';
import { problems } from '../../http/route-helpers.ts';
import * as service from './change-requests.service.ts';

export const changeRequestsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['Member self-service'];

  app.get('/me/member', {
    config: { permission: 'self.read' },
    schema: { tags, summary: 'My own member record', response: { 200: memberSchema, ...problems } },
  }, async (req) => service.getOwnRecord({ db: app.db, actor: req.actor }));

  app.get('/me/change-requests', {
    config: { permission: 'self.read' },
    schema: { tags, summary: 'My requests for corrections', response: { 200: z.array(changeRequestSchema), ...problems } },
  }, async (req) => service.listOwnRequests({ db: app.db, actor: req.actor }));

  app.post('/me/change-requests', {
    config: { permission: 'self.request_change' },
    schema: {
      tags, summary: 'Ask for a correction of my record', description: 'Staff of my unit approve or reject it.',
      body: createChangeRequestBody, response: { 201: changeRequestSchema, ...problems },
    },
  }, async (req, reply) => {
    const created = await service.requestChange({ db: app.db, actor: req.actor, ...req.body });
    return reply.status(201).send(created);
  });

  app.get('/change-requests', {
    config: { permission: 'members.write' },
    schema: {
      tags, summary: 'Correction requests of members within my reach', querystring: listChangeRequestsQuery,
      response: { 200: z.array(changeRequestSchema), ...problems },
    },
  }, async (req) => service.listRequests({ db: req.db, actor: req.actor, status: req.query.status }));

  app.post('/change-requests/:id/approve', {
    config: { permission: 'members.write' },
    schema: {
      tags, summary: 'Approve a correction: it is applied as my edit', params: changeRequestParams,
      body: decideChangeRequestBody, response: { 200: changeRequestSchema, ...problems },
    },
  }, async (req) => service.decideRequest({ db: req.db, actor: req.actor, id: req.params.id, approve: true, note: req.body.note }));

  app.post('/change-requests/:id/reject', {
    config: { permission: 'members.write' },
    schema: {
      tags, summary: 'Reject a correction', params: changeRequestParams,
      body: decideChangeRequestBody, response: { 200: changeRequestSchema, ...problems },
    },
  }, async (req) => service.decideRequest({ db: req.db, actor: req.actor, id: req.params.id, approve: false, note: req.body.note }));
};

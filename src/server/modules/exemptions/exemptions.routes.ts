import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  endExemptionBody, exemptionParams, exemptionSchema, exemptListSchema, startExemptionBody,
} from '../../../shared/schemas/exemptions.ts';
import { memberParams } from '../../../shared/schemas/members.ts';
import { unitParams, unitQuery } from '../../../shared/schemas/units.ts';
import { problems } from '../../http/route-helpers.ts';
import * as service from './exemptions.service.ts';

export const exemptionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['Members'];

  app.get('/members/:id/exemptions', {
    config: { permission: 'members.read' },
    schema: { tags, summary: 'Exemptions of a member from work and meetings', params: memberParams, response: { 200: z.array(exemptionSchema), ...problems } },
  }, async (req) => service.listMemberExemptions({ db: req.db, actor: req.actor, memberId: req.params.id }));

  app.post('/members/:id/exemptions', {
    config: { permission: 'members.write' },
    schema: {
      tags, summary: 'Exempt a member from work and meetings (age or health), by the cell’s resolution',
      params: memberParams, body: startExemptionBody, response: { 201: exemptionSchema, ...problems },
    },
  }, async (req, reply) => reply.status(201).send(await service.startExemption({ db: req.db, actor: req.actor, memberId: req.params.id, input: req.body })));

  app.post('/members/:id/exemptions/:exemptionId/end', {
    config: { permission: 'members.write' },
    schema: { tags, summary: 'End an exemption', params: exemptionParams, body: endExemptionBody, response: { 200: exemptionSchema, ...problems } },
  }, async (req) => service.endExemption({ db: req.db, actor: req.actor, memberId: req.params.id, exemptionId: req.params.exemptionId, ...req.body }));

  app.get('/units/:id/exemptions', {
    config: { permission: 'members.read' },
    schema: { tags, summary: 'Members of a unit (and below) exempt on a date', params: unitParams, querystring: unitQuery, response: { 200: exemptListSchema, ...problems } },
  }, async (req) => service.listExempt({ db: req.db, actor: req.actor, unitId: req.params.id, asOf: req.query.asOf }));
};

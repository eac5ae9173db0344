import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createUnitTypeBody, unitTypeBody, unitTypeParams, unitTypeSchema } from '../../../shared/schemas/unit-types.ts';
import { ifMatch, problems, setEtag } from '../../http/route-helpers.ts';
import * as service from './unit-types.service.ts';

export const unitTypesRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['Unit types'];

  app.get('/unit-types', {
    config: { permission: 'units.read' },
    schema: { tags, summary: 'List unit types', response: { 200: z.array(unitTypeSchema), ...problems } },
  }, async (req) => service.listUnitTypes({ db: req.db }));

  app.get('/unit-types/:code', {
    config: { permission: 'units.read' },
    schema: { tags, summary: 'Get a unit type', params: unitTypeParams, response: { 200: unitTypeSchema, ...problems } },
  }, async (req, reply) => {
    const type = await service.getUnitType({ db: req.db, code: req.params.code });
    setEtag(reply, type.version);
    return type;
  });

  app.post('/unit-types', {
    config: { permission: 'unit_types.write' },
    schema: { tags, summary: 'Create a unit type', body: createUnitTypeBody, response: { 201: unitTypeSchema, ...problems } },
  }, async (req, reply) => {
    const { code, ...input } = req.body;
    const type = await service.createUnitType({ db: req.db, actor: req.actor, code, input });
    setEtag(reply, type.version);
    return reply.status(201).header('location', `/api/v1/unit-types/${code}`).send(type);
  });

  app.put('/unit-types/:code', {
    config: { permission: 'unit_types.write' },
    schema: {
      tags, summary: 'Replace a unit type definition', description: 'Send If-Match with the ETag you read.',
      params: unitTypeParams, body: unitTypeBody, response: { 200: unitTypeSchema, ...problems },
    },
  }, async (req, reply) => {
    const type = await service.updateUnitType({ db: req.db, actor: req.actor, code: req.params.code, input: req.body, ifMatch: ifMatch(req) });
    setEtag(reply, type.version);
    return type;
  });
};

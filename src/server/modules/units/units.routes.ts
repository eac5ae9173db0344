import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  closeUnitBody, createUnitBody, listUnitsQuery, moveUnitBody, renameUnitBody, unitDetailSchema, unitPageSchema,
  unitParams, unitQuery, unitSchema, unitVersionSchema,
} from '../../../shared/schemas/units.ts';
import { ifMatch, problems, setEtag } from '../../http/route-helpers.ts';
import * as service from './units.service.ts';

export const unitsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['Units'];

  app.get('/units', {
    config: { permission: 'units.read' },
    schema: {
      tags, summary: 'List units',
      description: 'Children of `parent`, or units whose name contains `q` (case and diacritics ignored), as of `asOf`. Without either: the top units the caller may see.',
      querystring: listUnitsQuery, response: { 200: unitPageSchema, ...problems },
    },
  }, async (req) => {
    const { parent, ...q } = req.query;
    return service.listUnits({ db: req.db, actor: req.actor, parentId: parent, typeCode: q.type, q: q.q, asOf: q.asOf, cursor: q.cursor, limit: q.limit });
  });

  app.get('/units/:id', {
    config: { permission: 'units.read' },
    schema: { tags, summary: 'Get a unit as of a date', params: unitParams, querystring: unitQuery, response: { 200: unitDetailSchema, ...problems } },
  }, async (req, reply) => {
    const unit = await service.getUnit({ db: req.db, actor: req.actor, id: req.params.id, asOf: req.query.asOf });
    setEtag(reply, unit.version);
    return unit;
  });

  app.get('/units/:id/history', {
    config: { permission: 'units.read' },
    schema: { tags, summary: 'Names and places of a unit over time', params: unitParams, response: { 200: z.array(unitVersionSchema), ...problems } },
  }, async (req) => service.listUnitVersions({ db: req.db, actor: req.actor, id: req.params.id }));

  app.post('/units', {
    config: { permission: 'units.write' },
    schema: { tags, summary: 'Create a unit', body: createUnitBody, response: { 201: unitSchema, ...problems } },
  }, async (req, reply) => {
    const unit = await service.createUnit({ db: req.db, actor: req.actor, input: req.body });
    setEtag(reply, unit.version);
    return reply.status(201).header('location', `/api/v1/units/${unit.id}`).send(unit);
  });

  app.post('/units/:id/rename', {
    config: { permission: 'units.write' },
    schema: { tags, summary: 'Rename a unit from a date', params: unitParams, body: renameUnitBody, response: { 200: unitSchema, ...problems } },
  }, async (req, reply) => {
    const unit = await service.renameUnit({ db: req.db, actor: req.actor, id: req.params.id, ...req.body, ifMatch: ifMatch(req) });
    setEtag(reply, unit.version);
    return unit;
  });

  app.post('/units/:id/move', {
    config: { permission: 'units.write' },
    schema: {
      tags, summary: 'Move a unit and everything below it under another parent from a date',
      params: unitParams, body: moveUnitBody,
      response: { 200: z.object({ unit: unitSchema, moved: z.object({ units: z.number(), spans: z.number() }) }), ...problems },
    },
  }, async (req, reply) => {
    const result = await service.moveUnit({ db: req.db, actor: req.actor, id: req.params.id, ...req.body, ifMatch: ifMatch(req) });
    setEtag(reply, result.unit.version);
    return result;
  });

  app.post('/units/:id/close', {
    config: { permission: 'units.write' },
    schema: { tags, summary: 'Close (dissolve) a unit from a date', params: unitParams, body: closeUnitBody, response: { 200: unitSchema, ...problems } },
  }, async (req, reply) => {
    const unit = await service.closeUnit({ db: req.db, actor: req.actor, id: req.params.id, ...req.body, ifMatch: ifMatch(req) });
    setEtag(reply, unit.version);
    return unit;
  });
};

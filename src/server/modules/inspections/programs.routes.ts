import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  addProgramItemBody, createProgramBody, listProgramsQuery, programParams, programSchema,
} from '../../../shared/schemas/inspections.ts';
import { unitParams } from '../../../shared/schemas/units.ts';
import { problems } from '../../http/route-helpers.ts';
import * as service from './programs.service.ts';

export const programsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['Inspection programs'];

  app.get('/units/:id/inspection-programs', {
    config: { permission: 'inspections.read' },
    schema: {
      tags, summary: 'The annual inspection and supervision programs of a unit’s committee and commission, with progress',
      params: unitParams, querystring: listProgramsQuery, response: { 200: z.array(programSchema), ...problems },
    },
  }, async (req) => service.listPrograms({ db: req.db, actor: req.actor, unitId: req.params.id, year: req.query.year }));

  app.post('/units/:id/inspection-programs', {
    config: { permission: 'inspections.write' },
    schema: {
      tags, summary: 'Create the year’s program of the unit’s committee or inspection commission',
      description: 'One program per unit, body and year; a second is refused with 409 `inspection_program_exists`.',
      params: unitParams, body: createProgramBody, response: { 201: programSchema, ...problems },
    },
  }, async (req, reply) => reply.status(201).send(await service.createProgram({ db: req.db, actor: req.actor, unitId: req.params.id, input: req.body })));

  app.get('/inspection-programs/:id', {
    config: { permission: 'inspections.read' },
    schema: { tags, summary: 'A program with its items and the case opened for each', params: programParams, response: { 200: programSchema, ...problems } },
  }, async (req) => service.getProgram({ db: req.db, actor: req.actor, id: req.params.id }));

  app.post('/inspection-programs/:id/items', {
    config: { permission: 'inspections.write' },
    schema: {
      tags, summary: 'Plan an inspection or supervision of a unit or member below the program’s unit',
      description: 'The planned period lies within the program’s year; the subject must be within reach and below the program’s unit.',
      params: programParams, body: addProgramItemBody, response: { 201: programSchema, ...problems },
    },
  }, async (req, reply) => reply.status(201).send(await service.addProgramItem({ db: req.db, actor: req.actor, programId: req.params.id, input: req.body })));
};

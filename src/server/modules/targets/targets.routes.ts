import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { unitParams } from '../../../shared/schemas/units.ts';
import {
  developmentQuery, developmentSchema, listTargetsQuery, setTargetBody, targetParams, targetRevisionSchema,
} from '../../../shared/schemas/targets.ts';
import { ifMatch, problems, setEtag } from '../../http/route-helpers.ts';
import * as service from './targets.service.ts';

export const targetsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['Statistics'];

  app.put('/units/:id/targets/:year', {
    config: { permission: 'units.write' },
    schema: {
      tags, summary: 'Set a unit’s member development target for a year',
      description: 'Records a new revision, in force from today; earlier revisions are kept. The ETag is the revision number: send it as If-Match to refuse a revision made meanwhile by someone else. Sending the target in force again with the same reference and note records nothing.',
      params: targetParams, body: setTargetBody, response: { 200: targetRevisionSchema, ...problems },
    },
  }, async (req, reply) => {
    const revision = await service.setTarget({
      db: req.db, actor: req.actor, unitId: req.params.id, year: req.params.year, input: req.body, ifMatch: ifMatch(req),
    });
    setEtag(reply, revision.revision);
    return revision;
  });

  app.get('/units/:id/targets', {
    config: { permission: 'statistics.read' },
    schema: {
      tags, summary: 'Every revision of a unit’s development targets',
      params: unitParams, querystring: listTargetsQuery, response: { 200: z.array(targetRevisionSchema), ...problems },
    },
  }, async (req) => service.listTargets({ db: req.db, actor: req.actor, unitId: req.params.id, year: req.query.year }));

  app.get('/units/:id/development', {
    config: { permission: 'statistics.read' },
    schema: {
      tags, summary: 'Admissions of a year against the development target, for a unit and the units directly below it',
      description: 'The target in force on asOf, the admissions from 1 January to asOf (at most to 31 December) in the unit and below as the tree stood on each day, and admitted / target.',
      params: unitParams, querystring: developmentQuery, response: { 200: developmentSchema, ...problems },
    },
  }, async (req) => service.getDevelopment({ db: req.db, actor: req.actor, unitId: req.params.id, ...req.query }));
};

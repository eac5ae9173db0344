import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { movementsQuery, movementsSchema, probationListSchema, probationQuery } from '../../../shared/schemas/lifecycle.ts';
import { unitParams } from '../../../shared/schemas/units.ts';
import { problems } from '../../http/route-helpers.ts';
import * as service from './lifecycle.service.ts';

export const lifecycleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/units/:id/movements', {
    config: { permission: 'statistics.read' },
    schema: {
      tags: ['Statistics'], summary: 'Movements of members in a unit (and below) over a period',
      description: 'Members at the start, admissions, transfers and reorganizations in, deaths, deletions, expulsions, removals during probation, transfers and reorganizations out, members at the end; start + in − out = end. A move between two units below the unit is neither in nor out.',
      params: unitParams, querystring: movementsQuery, response: { 200: movementsSchema, ...problems },
    },
  }, async (req) => service.getMovements({ db: req.db, actor: req.actor, unitId: req.params.id, ...req.query }));

  app.get('/units/:id/probation', {
    config: { permission: 'members.read' },
    schema: {
      tags: ['Members'], summary: 'Probationary members of a unit (and below) and when their recognition is due',
      description: '`state=due` (default): due within `within` days of the date or overdue; `overdue`; `no_ceremony` (no ceremony date, so no due date); `all`. Sorted by due date.',
      params: unitParams, querystring: probationQuery, response: { 200: probationListSchema, ...problems },
    },
  }, async (req) => service.listProbation({ db: req.db, actor: req.actor, unitId: req.params.id, ...req.query }));
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { unitParams, unitStatsQuery, unitStatsSchema } from '../../../shared/schemas/units.ts';
import { problems } from '../../http/route-helpers.ts';
import * as service from './statistics.service.ts';

export const statisticsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/units/:id/stats', {
    config: { permission: 'statistics.read' },
    schema: {
      tags: ['Statistics'], summary: 'Member counts of a unit (and below) as of a date',
      description: 'Breakdowns by status, gender, age band, ethnicity, religion, education, qualification and political theory, units by type, and the year’s admissions, recognitions and deaths up to the date.',
      params: unitParams, querystring: unitStatsQuery, response: { 200: unitStatsSchema, ...problems },
    },
  }, async (req) => service.getUnitStats({ db: req.db, actor: req.actor, unitId: req.params.id, ...req.query }));
};

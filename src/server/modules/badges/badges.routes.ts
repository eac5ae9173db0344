import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { awardBadgeBody, badgeSchema, eligibleBadgesQuery, eligibleBadgesSchema } from '../../../shared/schemas/badges.ts';
import { memberParams } from '../../../shared/schemas/members.ts';
import { unitParams } from '../../../shared/schemas/units.ts';
import { problems } from '../../http/route-helpers.ts';
import * as service from './badges.service.ts';

export const badgesRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['Party badges'];

  app.get('/units/:id/badges/eligible', {
    config: { permission: 'members.read' },
    schema: {
      tags, summary: 'Members of a unit (and below) due a party badge on an award day',
      description: '`awardDate` must be an award day (3/2, 19/5, 2/9, 7/11 under the rules in force). Lists the milestone reached in the twelve months up to the day and not yet awarded (so a member missed in one round comes up in the next three). With `early=true` (default) also those who reach a milestone within the early-award months (12 months up to 65 years, 24 months from 70), marked `early`.',
      params: unitParams, querystring: eligibleBadgesQuery, response: { 200: eligibleBadgesSchema, ...problems },
    },
  }, async (req) => service.listEligible({ db: req.db, actor: req.actor, unitId: req.params.id, ...req.query }));

  app.get('/members/:id/badges', {
    config: { permission: 'members.read' },
    schema: { tags, summary: 'Party badges of a member', params: memberParams, response: { 200: z.array(badgeSchema), ...problems } },
  }, async (req) => service.listBadges({ db: req.db, actor: req.actor, memberId: req.params.id }));

  app.post('/members/:id/badges', {
    config: { permission: 'members.write' },
    schema: {
      tags, summary: 'Record a party badge awarded to a member',
      params: memberParams, body: awardBadgeBody, response: { 201: badgeSchema, ...problems },
    },
  }, async (req, reply) => reply.status(201).send(await service.awardBadge({ db: req.db, actor: req.actor, memberId: req.params.id, input: req.body })));
};

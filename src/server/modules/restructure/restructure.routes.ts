import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  lineageSchema, listPlansQuery, planBody, planParams, planSchema, previewSchema, regroupQuery, regroupSchema,
} from '../../../shared/schemas/restructure.ts';
import { unitParams } from '../../../shared/schemas/units.ts';
import { ifMatch, localeOf, problems, setEtag } from '../../http/route-helpers.ts';
import * as service from './restructure.service.ts';

/** A national plan lists thousands of operations. */
const PLAN_BODY_LIMIT = 20 * 1024 * 1024;

export const restructureRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['Restructuring'];

  app.get('/restructure-plans', {
    config: { permission: 'units.restructure' },
    schema: { tags, summary: 'Restructure plans for units within my reach', querystring: listPlansQuery, response: { 200: z.array(planSchema), ...problems } },
  }, async (req) => service.listPlans({ db: req.db, actor: req.actor, unitId: req.query.unit, state: req.query.state }));

  app.post('/restructure-plans', {
    config: { permission: 'units.restructure' },
    bodyLimit: PLAN_BODY_LIMIT,
    schema: { tags, summary: 'Draft a restructure plan', body: planBody, response: { 201: planSchema, ...problems } },
  }, async (req, reply) => {
    const plan = await service.createPlan({ db: req.db, actor: req.actor, body: req.body });
    setEtag(reply, plan.version);
    return reply.status(201).header('location', `/api/v1/restructure-plans/${plan.id}`).send(plan);
  });

  app.get('/restructure-plans/:id', {
    config: { permission: 'units.restructure' },
    schema: { tags, summary: 'A restructure plan', params: planParams, response: { 200: planSchema, ...problems } },
  }, async (req, reply) => {
    const plan = await service.getPlan({ db: req.db, actor: req.actor, id: req.params.id });
    setEtag(reply, plan.version);
    return plan;
  });

  app.put('/restructure-plans/:id', {
    config: { permission: 'units.restructure' },
    bodyLimit: PLAN_BODY_LIMIT,
    schema: { tags, summary: 'Change a draft plan', params: planParams, body: planBody, response: { 200: planSchema, ...problems } },
  }, async (req, reply) => {
    const plan = await service.updatePlan({ db: req.db, actor: req.actor, id: req.params.id, body: req.body, ifMatch: ifMatch(req) });
    setEtag(reply, plan.version);
    return plan;
  });

  app.post('/restructure-plans/:id/preview', {
    config: { permission: 'units.restructure' },
    schema: {
      tags, summary: 'What the plan would do: the resulting tree, figures before and after, every conflict',
      description: 'The plan is carried out inside a transaction that is rolled back; nothing changes.',
      params: planParams, response: { 200: previewSchema, ...problems },
    },
  }, async (req) => service.previewPlan({ db: req.db, actor: req.actor, id: req.params.id, locale: localeOf(req) }));

  app.post('/restructure-plans/:id/apply', {
    config: { permission: 'units.restructure' },
    schema: {
      tags, summary: 'Apply the plan, all or nothing',
      description: 'Refused (409, nothing changed) while the plan has a conflict, before its effective date, or once applied or cancelled.',
      params: planParams, response: { 200: planSchema, ...problems },
    },
  }, async (req, reply) => {
    const plan = await service.applyPlan({ db: req.db, actor: req.actor, id: req.params.id, ifMatch: ifMatch(req), locale: localeOf(req) });
    setEtag(reply, plan.version);
    return plan;
  });

  app.post('/restructure-plans/:id/cancel', {
    config: { permission: 'units.restructure' },
    schema: { tags, summary: 'Cancel a draft plan', params: planParams, response: { 200: planSchema, ...problems } },
  }, async (req, reply) => {
    const plan = await service.cancelPlan({ db: req.db, actor: req.actor, id: req.params.id, ifMatch: ifMatch(req) });
    setEtag(reply, plan.version);
    return plan;
  });

  app.get('/units/:id/lineage', {
    config: { permission: 'units.read' },
    schema: {
      tags, summary: 'Units this unit carries on for, and its successors if it closed in a restructure',
      params: unitParams, response: { 200: lineageSchema, ...problems },
    },
  }, async (req) => service.unitLineage({ db: req.db, actor: req.actor, unitId: req.params.id }));

  app.get('/units/:id/regrouped', {
    config: { permission: 'statistics.read' },
    schema: {
      tags: ['Statistics'], summary: 'Earlier figures under today’s units',
      description: 'Events of a period (admissions, recognitions, deaths) counted under the unit below this one that carries on today for the unit where each happened, following restructures.',
      params: unitParams, querystring: regroupQuery, response: { 200: regroupSchema, ...problems },
    },
  }, async (req) => service.regroup({ db: req.db, actor: req.actor, unitId: req.params.id, ...req.query }));
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  declarationListSchema, declarationSchema, figuresQuery, figuresSchema, listDeclarationsQuery, remedyCompletionQuery,
  remedyCompletionSchema, requireDeclarationBody, updateDeclarationBody,
} from '../../../shared/schemas/inspections.ts';
import { id } from '../../../shared/schemas/common.ts';
import { unitParams } from '../../../shared/schemas/units.ts';
import { problems } from '../../http/route-helpers.ts';
import * as declarations from './declarations.service.ts';
import * as figures from './figures.service.ts';

const params = z.object({ id });

export const declarationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['Asset declarations'];

  app.get('/units/:id/asset-declarations', {
    config: { permission: 'inspections.read' },
    schema: {
      tags, summary: 'Who must declare assets and income for a year at a unit and below; `missing=true` for those who have not',
      params: unitParams, querystring: listDeclarationsQuery, response: { 200: declarationListSchema, ...problems },
    },
  }, async (req) => declarations.listDeclarations({ db: req.db, actor: req.actor, unitId: req.params.id, ...req.query }));

  app.post('/asset-declarations', {
    config: { permission: 'inspections.write' },
    schema: {
      tags, summary: 'Record that a member holding a declaring post must declare for a year',
      body: requireDeclarationBody, response: { 201: declarationSchema, ...problems },
    },
  }, async (req, reply) => reply.status(201).send(await declarations.requireDeclaration({ db: req.db, actor: req.actor, input: req.body })));

  app.patch('/asset-declarations/:id', {
    config: { permission: 'inspections.write' },
    schema: {
      tags, summary: 'Record the submission and the verification of a declaration',
      params, body: updateDeclarationBody, response: { 200: declarationSchema, ...problems },
    },
  }, async (req) => declarations.updateDeclaration({ db: req.db, actor: req.actor, id: req.params.id, input: req.body }));

  app.get('/units/:id/inspection-figures', {
    config: { permission: 'inspections.read' },
    schema: {
      tags: ['Inspection figures'], summary: 'Inspection, supervision and discipline figures of a unit and below for a period',
      description: 'Cases opened in the period by kind, the organizations and members they covered, violations by category, disciplines by form, remedies due in the period and the declarations of the period’s last year. Counts as of the period’s end.',
      params: unitParams, querystring: figuresQuery, response: { 200: figuresSchema, ...problems },
    },
  }, async (req) => figures.getFigures({ db: req.db, actor: req.actor, unitId: req.params.id, ...req.query }));

  for (const subjectType of ['unit', 'member'] as const) {
    app.get(`/${subjectType}s/:id/remedy-completion`, {
      config: { permission: 'inspections.read' },
      schema: {
        tags: ['Inspection figures'], summary: `How a ${subjectType} carried out the remedies due in a year, for its annual classification`,
        params, querystring: remedyCompletionQuery, response: { 200: remedyCompletionSchema, ...problems },
      },
    }, async (req) => figures.getRemedyCompletion({ db: req.db, actor: req.actor, subjectType, subjectId: req.params.id, year: req.query.year }));
  }
};

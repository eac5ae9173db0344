import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  appealOutcomeBody, appealSchema, decideDisciplineBody, disciplineSchema, fileAppealBody, listDisciplinesQuery,
} from '../../../shared/schemas/inspections.ts';
import { unitParams } from '../../../shared/schemas/units.ts';
import { id } from '../../../shared/schemas/common.ts';
import { localeOf, problems } from '../../http/route-helpers.ts';
import * as service from './disciplines.service.ts';

const params = z.object({ id });

export const disciplinesRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['Discipline'];

  app.get('/units/:id/discipline-decisions', {
    config: { permission: 'inspections.read' },
    schema: {
      tags, summary: 'Discipline decisions on members and organizations at a unit and below, newest first',
      params: unitParams, querystring: listDisciplinesQuery, response: { 200: z.object({ items: z.array(disciplineSchema), truncated: z.boolean() }), ...problems },
    },
  }, async (req) => service.listDisciplines({ db: req.db, actor: req.actor, unitId: req.params.id, ...req.query }));

  app.post('/discipline-decisions', {
    config: { permission: 'inspections.write' },
    schema: {
      tags, summary: 'Record a discipline decision on a member or an organization',
      description: 'Forms follow the regulation in force on the decision day: an official member reprimand, warning, removal from post or expulsion; a probationary member only reprimand or warning; an organization reprimand, warning or dissolution. An expulsion closes the membership (an `expelled` event) in the same transaction.',
      body: decideDisciplineBody, response: { 201: disciplineSchema, ...problems },
    },
  }, async (req, reply) => reply.status(201).send(await service.decideDiscipline({ db: req.db, actor: req.actor, locale: localeOf(req), input: req.body })));

  app.get('/discipline-decisions/:id', {
    config: { permission: 'inspections.read' },
    schema: { tags, summary: 'A discipline decision with its appeals and attachments', params, response: { 200: disciplineSchema, ...problems } },
  }, async (req) => service.getDiscipline({ db: req.db, actor: req.actor, id: req.params.id }));

  app.post('/discipline-decisions/:id/appeals', {
    config: { permission: 'inspections.write' },
    schema: { tags, summary: 'Record an appeal against a decision', params, body: fileAppealBody, response: { 201: disciplineSchema, ...problems } },
  }, async (req, reply) => reply.status(201).send(await service.fileAppeal({ db: req.db, actor: req.actor, id: req.params.id, input: req.body })));

  app.put('/discipline-appeals/:id/outcome', {
    config: { permission: 'inspections.write' },
    schema: {
      tags, summary: 'Record the outcome of an appeal: upheld, reduced or annulled',
      description: 'An annulled expulsion is followed by the member’s reinstatement (`reinstated` event), which names the cell.',
      params, body: appealOutcomeBody, response: { 200: appealSchema, ...problems },
    },
  }, async (req) => service.decideAppeal({ db: req.db, actor: req.actor, id: req.params.id, input: req.body }));
};

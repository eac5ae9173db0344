import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  addSubjectBody, caseListSchema, caseParams, caseSchema, completeRemedyBody, listCasesQuery, openCaseBody, recommendationsBody,
  recordFindingBody, recordStepBody, remedySchema, setRemedyBody,
} from '../../../shared/schemas/inspections.ts';
import { unitParams } from '../../../shared/schemas/units.ts';
import { problems } from '../../http/route-helpers.ts';
import * as service from './cases.service.ts';

export const casesRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['Inspection cases'];
  const ctx = (req: FastifyRequest) => ({ db: req.db, actor: req.actor });

  app.get('/units/:id/inspection-cases', {
    config: { permission: 'inspections.read' },
    schema: {
      tags, summary: 'Cases conducted at a unit and below, newest first',
      description: 'Filter by opening date (`from`, `to`), `state` (`open`, `concluded`, or `overdue`: open past the due date) and `kind`.',
      params: unitParams, querystring: listCasesQuery, response: { 200: caseListSchema, ...problems },
    },
  }, async (req) => service.listCases({ ...ctx(req), unitId: req.params.id, query: req.query }));

  app.post('/units/:id/inspection-cases', {
    config: { permission: 'inspections.write' },
    schema: {
      tags, summary: 'Open a case by its decision, with its plan, team, due date and subjects',
      description: 'Subjects are units or members below the conducting unit, within reach on the opening date. Not opened in the future; due on or after the opening.',
      params: unitParams, body: openCaseBody, response: { 201: caseSchema, ...problems },
    },
  }, async (req, reply) => reply.status(201).send(await service.openCase({ ...ctx(req), unitId: req.params.id, input: req.body })));

  app.get('/inspection-cases/:id', {
    config: { permission: 'inspections.read' },
    schema: {
      tags, summary: 'A case in full: steps, subjects, findings, remedies, attachments',
      description: 'Every read is recorded in the audit trail (`inspection_case.read`).',
      params: caseParams, response: { 200: caseSchema, ...problems },
    },
  }, async (req) => service.getCase({ ...ctx(req), id: req.params.id }));

  app.post('/inspection-cases/:id/subjects', {
    config: { permission: 'inspections.write' },
    schema: { tags, summary: 'Add a unit or member to an open case', params: caseParams, body: addSubjectBody, response: { 201: caseSchema, ...problems } },
  }, async (req, reply) => reply.status(201).send(await service.addSubject({ ...ctx(req), id: req.params.id, input: req.body })));

  app.post('/inspection-cases/:id/steps', {
    config: { permission: 'inspections.write' },
    schema: {
      tags, summary: 'Record a dated step: explanatory report, verification minutes, result report, conclusion notice',
      description: 'Not before the case was opened, not in the future. The conclusion notice needs its number, comes after every other step and concludes the case (409 `inspection_case_concluded` afterwards).',
      params: caseParams, body: recordStepBody, response: { 201: caseSchema, ...problems },
    },
  }, async (req, reply) => reply.status(201).send(await service.recordStep({ ...ctx(req), id: req.params.id, input: req.body })));

  app.post('/inspection-cases/:id/findings', {
    config: { permission: 'inspections.write' },
    schema: { tags, summary: 'Record a violation found in one of the case’s subjects', params: caseParams, body: recordFindingBody, response: { 201: caseSchema, ...problems } },
  }, async (req, reply) => reply.status(201).send(await service.recordFinding({ ...ctx(req), id: req.params.id, input: req.body })));

  app.put('/inspection-cases/:id/recommendations', {
    config: { permission: 'inspections.write' },
    schema: { tags, summary: 'Set the recommendations to one of the case’s subjects', params: caseParams, body: recommendationsBody, response: { 200: caseSchema, ...problems } },
  }, async (req) => service.setRecommendations({ ...ctx(req), id: req.params.id, input: req.body }));

  app.post('/inspection-cases/:id/remedies', {
    config: { permission: 'inspections.write' },
    schema: {
      tags, summary: 'Require a subject to put something right, by a deadline',
      description: 'Only after the conclusion (409 `inspection_case_not_concluded` before), with a deadline on or after it.',
      params: caseParams, body: setRemedyBody, response: { 201: caseSchema, ...problems },
    },
  }, async (req, reply) => reply.status(201).send(await service.setRemedy({ ...ctx(req), id: req.params.id, input: req.body })));

  app.put('/inspection-remedies/:id/completion', {
    config: { permission: 'inspections.write' },
    schema: {
      tags, summary: 'Record that a remedy was carried out, with its evidence',
      params: caseParams, body: completeRemedyBody, response: { 200: remedySchema, ...problems },
    },
  }, async (req) => service.completeRemedy({ ...ctx(req), id: req.params.id, input: req.body }));
};

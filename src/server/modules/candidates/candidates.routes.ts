import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  admitCandidateBody, candidatePageSchema, candidateParams, candidateSchema, candidateStageBody, createCandidateBody,
  listCandidatesQuery, pipelineQuery, pipelineSchema, updateCandidateBody,
} from '../../../shared/schemas/candidates.ts';
import { unitParams } from '../../../shared/schemas/units.ts';
import { ifMatch, problems, setEtag } from '../../http/route-helpers.ts';
import * as service from './candidates.service.ts';

export const candidatesRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['Candidates'];

  app.get('/candidates', {
    config: { permission: 'members.read' },
    schema: {
      tags, summary: 'List and search candidates for admission',
      description: 'Candidates developed by the units within `unit` (and below), with their current stage and since when. `q` matches names ignoring case and diacritics, or the start of a citizen ID. Without `stage`, those still in development.',
      querystring: listCandidatesQuery, response: { 200: candidatePageSchema, ...problems },
    },
  }, async (req) => {
    const { unit, ...q } = req.query;
    return service.listCandidates({ db: req.db, actor: req.actor, unitId: unit, ...q });
  });

  app.get('/candidates/:id', {
    config: { permission: 'members.read' },
    schema: { tags, summary: 'Get a candidate with the stage history', params: candidateParams, response: { 200: candidateSchema, ...problems } },
  }, async (req, reply) => {
    const candidate = await service.getCandidate({ db: req.db, actor: req.actor, id: req.params.id });
    setEtag(reply, candidate.version);
    return candidate;
  });

  app.post('/candidates', {
    config: { permission: 'members.write' },
    schema: {
      tags, summary: 'Register a candidate',
      description: 'Starts at `outstanding_mass` unless another `stage` is given with its details (a development begun before it was recorded here).',
      body: createCandidateBody, response: { 201: candidateSchema, ...problems },
    },
  }, async (req, reply) => {
    const candidate = await service.registerCandidate({ db: req.db, actor: req.actor, input: req.body });
    setEtag(reply, candidate.version);
    return reply.status(201).header('location', `/api/v1/candidates/${candidate.id}`).send(candidate);
  });

  app.patch('/candidates/:id', {
    config: { permission: 'members.write' },
    schema: {
      tags, summary: 'Edit a candidate’s profile', description: 'Send If-Match with the ETag you read to avoid overwriting someone else’s change.',
      params: candidateParams, body: updateCandidateBody, response: { 200: candidateSchema, ...problems },
    },
  }, async (req, reply) => {
    const candidate = await service.updateCandidate({ db: req.db, actor: req.actor, id: req.params.id, input: req.body, ifMatch: ifMatch(req) });
    setEtag(reply, candidate.version);
    return candidate;
  });

  app.post('/candidates/:id/stages', {
    config: { permission: 'members.write' },
    schema: {
      tags, summary: 'Record the next stage, or the withdrawal',
      description: 'Stages come in order: outstanding_mass → sympathizer → course_passed (courseName, certificateNo) → applied (the age on `since` is checked; over the maximum needs ageApprovalRef). `withdrawn` (reason) ends the development at any stage before admission.',
      params: candidateParams, body: candidateStageBody, response: { 201: candidateSchema, ...problems },
    },
  }, async (req, reply) => {
    const candidate = await service.recordStage({ db: req.db, actor: req.actor, id: req.params.id, input: req.body });
    setEtag(reply, candidate.version);
    return reply.status(201).send(candidate);
  });

  app.post('/candidates/:id/admit', {
    config: { permission: 'members.write' },
    schema: {
      tags, summary: 'Admit a candidate who has applied',
      description: 'Registers the member (probationary from the decision date) and links it; `Location` is the new member record.',
      params: candidateParams, body: admitCandidateBody, response: { 201: candidateSchema, ...problems },
    },
  }, async (req, reply) => {
    const { candidate, memberId } = await service.admitCandidate({ db: req.db, actor: req.actor, id: req.params.id, input: req.body });
    setEtag(reply, candidate.version);
    return reply.status(201).header('location', `/api/v1/members/${memberId}`).send(candidate);
  });

  app.get('/units/:id/pipeline', {
    config: { permission: 'members.read' },
    schema: {
      tags, summary: 'Candidates per stage in a unit and below, as of a date',
      params: unitParams, querystring: pipelineQuery, response: { 200: pipelineSchema, ...problems },
    },
  }, async (req) => service.getPipeline({ db: req.db, actor: req.actor, unitId: req.params.id, asOf: req.query.asOf }));
};

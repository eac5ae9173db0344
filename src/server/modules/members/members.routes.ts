import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  createMemberBody, listMembersQuery, memberEventBody, memberEventParams, memberPageSchema, memberParams, memberQuery,
  memberSchema, timelineSchema, updateMemberBody, voidEventBody,
} from '../../../shared/schemas/members.ts';
import { ifMatch, problems, setEtag } from '../../http/route-helpers.ts';
import { recordMemberEvent, voidLatestEvent } from './membership.service.ts';
import * as service from './members.service.ts';

export const membersRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['Members'];

  app.get('/members', {
    config: { permission: 'members.read' },
    schema: {
      tags, summary: 'List and search members as of a date',
      description: '`q` matches names ignoring case and diacritics (“nguyen van an” finds “Nguyễn Văn An”), or the start of a citizen ID or card number. Sorted by given name, then family and middle names; page with `cursor`.',
      querystring: listMembersQuery, response: { 200: memberPageSchema, ...problems },
    },
  }, async (req) => {
    const { unit, ...q } = req.query;
    return service.listMembers({ db: req.db, actor: req.actor, unitId: unit, ...q });
  });

  app.get('/members/:id', {
    config: { permission: 'members.read' },
    schema: { tags, summary: 'Get a member', params: memberParams, querystring: memberQuery, response: { 200: memberSchema, ...problems } },
  }, async (req, reply) => {
    const member = await service.getMember({ db: req.db, actor: req.actor, id: req.params.id, asOf: req.query.asOf });
    setEtag(reply, member.version);
    return member;
  });

  app.get('/members/:id/timeline', {
    config: { permission: 'members.read' },
    schema: { tags, summary: 'Membership spans and events of a member', params: memberParams, response: { 200: timelineSchema, ...problems } },
  }, async (req) => service.getMemberTimeline({ db: req.db, actor: req.actor, id: req.params.id }));

  app.post('/members', {
    config: { permission: 'members.write' },
    schema: { tags, summary: 'Register a member', body: createMemberBody, response: { 201: memberSchema, ...problems } },
  }, async (req, reply) => {
    const member = await service.createMember({ db: req.db, actor: req.actor, input: req.body });
    setEtag(reply, member.version);
    return reply.status(201).header('location', `/api/v1/members/${member.id}`).send(member);
  });

  app.patch('/members/:id', {
    config: { permission: 'members.write' },
    schema: {
      tags, summary: 'Edit a member’s profile', description: 'Send If-Match with the ETag you read to avoid overwriting someone else’s change.',
      params: memberParams, body: updateMemberBody, response: { 200: memberSchema, ...problems },
    },
  }, async (req, reply) => {
    const member = await service.updateMember({ db: req.db, actor: req.actor, id: req.params.id, input: req.body, ifMatch: ifMatch(req) });
    setEtag(reply, member.version);
    return member;
  });

  app.post('/members/:id/events', {
    config: { permission: 'members.write' },
    schema: {
      tags, summary: 'Record a membership event (official recognition, transfer, exit, reinstatement)',
      params: memberParams, body: memberEventBody, response: { 201: timelineSchema, ...problems },
    },
  }, async (req, reply) => {
    const timeline = await recordMemberEvent({ db: req.db, actor: req.actor, memberId: req.params.id, event: req.body });
    return reply.status(201).send(timeline);
  });

  app.post('/members/:id/events/:eventId/void', {
    config: { permission: 'members.write' },
    schema: {
      tags, summary: 'Void the member’s latest event, to record it again as it should have been',
      description: 'A `corrected` event records the reason; the voided event stays on the timeline with `voidedBy`.',
      params: memberEventParams, body: voidEventBody, response: { 200: timelineSchema, ...problems },
    },
  }, async (req) => voidLatestEvent({ db: req.db, actor: req.actor, memberId: req.params.id, eventId: req.params.eventId, input: req.body }));
};

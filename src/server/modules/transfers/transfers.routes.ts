import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { memberParams } from '../../../shared/schemas/members.ts';
import {
  cancelTransferBody, destinationQuery, destinationSchema, endTransferBody, forwardTransferBody, issueTransferBody,
  receiveTransferBody, transferListQuery, transferListSchema, transferParams, transferSchema,
} from '../../../shared/schemas/transfers.ts';
import { unitParams } from '../../../shared/schemas/units.ts';
import { problems } from '../../http/route-helpers.ts';
import * as service from './transfers.service.ts';

export const transfersRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['Transfers'];

  app.post('/members/:id/transfers', {
    config: { permission: 'members.write' },
    schema: {
      tags, summary: 'Issue a transfer letter (official or temporary) for a member',
      description: 'Straight to the receiving cell when the caller reaches it (`in_transit`); otherwise it waits at the nearest unit above both ends (`awaiting_forward`). A `destination` outside this installation ends the member’s activity here on the letter’s date (`departed`).',
      params: memberParams, body: issueTransferBody, response: { 201: transferSchema, ...problems },
    },
  }, async (req, reply) => reply.status(201).send(await service.issueTransfer({ db: req.db, actor: req.actor, memberId: req.params.id, input: req.body })));

  app.get('/members/:id/transfers', {
    config: { permission: 'members.read' },
    schema: { tags, summary: 'Transfers of a member, newest first', params: memberParams, response: { 200: z.array(transferSchema), ...problems } },
  }, async (req) => service.memberTransfers({ db: req.db, actor: req.actor, memberId: req.params.id }));

  app.get('/transfers/:id', {
    config: { permission: 'members.read' },
    schema: { tags, summary: 'One transfer, seen from either end or the unit forwarding it', params: transferParams, response: { 200: transferSchema, ...problems } },
  }, async (req) => service.getTransfer({ db: req.db, actor: req.actor, id: req.params.id }));

  app.post('/transfers/:id/forward', {
    config: { permission: 'members.write' },
    schema: { tags, summary: 'Forward a letter to the receiving side (the unit above both ends)', params: transferParams, body: forwardTransferBody, response: { 200: transferSchema, ...problems } },
  }, async (req) => service.forwardTransfer({ db: req.db, actor: req.actor, id: req.params.id, ...req.body }));

  app.post('/transfers/:id/receive', {
    config: { permission: 'members.write' },
    schema: {
      tags, summary: 'Receive a transfer: an official one moves the member from this day, a temporary one attaches them',
      params: transferParams, body: receiveTransferBody, response: { 200: transferSchema, ...problems },
    },
  }, async (req) => service.receiveTransfer({ db: req.db, actor: req.actor, id: req.params.id, receivedOn: req.body.receivedOn }));

  app.post('/transfers/:id/end', {
    config: { permission: 'members.write' },
    schema: { tags, summary: 'End a temporary stay (home or host side)', params: transferParams, body: endTransferBody, response: { 200: transferSchema, ...problems } },
  }, async (req) => service.endTransfer({ db: req.db, actor: req.actor, id: req.params.id, endedOn: req.body.endedOn }));

  app.post('/transfers/:id/cancel', {
    config: { permission: 'members.write' },
    schema: { tags, summary: 'Withdraw a letter not yet received (sending side)', params: transferParams, body: cancelTransferBody, response: { 200: transferSchema, ...problems } },
  }, async (req) => service.cancelTransfer({ db: req.db, actor: req.actor, id: req.params.id, ...req.body }));

  app.get('/units/:id/transfers', {
    config: { permission: 'members.read' },
    schema: {
      tags, summary: 'Transfers coming into, going out of, or to be forwarded by a unit and its subtree',
      params: unitParams, querystring: transferListQuery, response: { 200: transferListSchema, ...problems },
    },
  }, async (req) => service.listTransfers({ db: req.db, actor: req.actor, unitId: req.params.id, ...req.query }));

  app.get('/transfer-destinations', {
    config: { permission: 'members.write' },
    schema: {
      tags, summary: 'Open cells anywhere in the installation that can receive a transfer',
      querystring: destinationQuery, response: { 200: z.array(destinationSchema), ...problems },
    },
  }, async (req) => service.searchDestinations({ db: req.db, actor: req.actor, q: req.query.q }));
};

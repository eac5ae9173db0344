import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id } from '../../../shared/schemas/common.ts';
import { problems } from '../../http/route-helpers.ts';
import { listAudit } from './audit.service.ts';

const auditQuery = z.object({
  targetType: z.enum(['member', 'unit', 'unit_type', 'user', 'api_token']).optional(),
  targetId: z.string().max(40).optional(),
  before: id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
}).strict();

const auditRow = z.object({
  id: z.number(), at: z.string(), actorId: z.number().nullable(), actorLabel: z.string(), ip: z.string().nullable(),
  requestId: z.string().nullable(), action: z.string(), targetType: z.string(), targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
}).meta({ id: 'AuditRow' });

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/audit', {
    config: { permission: 'audit.read' },
    schema: {
      tags: ['Audit'], summary: 'The audit trail within my reach, newest first',
      description: 'Filter by `targetType` and `targetId` for the history of one member or unit; page with `before` (the smallest id seen).',
      querystring: auditQuery, response: { 200: z.object({ items: z.array(auditRow), nextBefore: z.number().nullable() }), ...problems },
    },
  }, async (req) => listAudit({ db: req.db, actor: req.actor, ...req.query }));
};

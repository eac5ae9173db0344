import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AUDIT_ACTION_LIST } from '../../../shared/audit-actions.ts';
import { id } from '../../../shared/schemas/common.ts';
import { problems } from '../../http/route-helpers.ts';
import { listAudit } from './audit.service.ts';

const auditQuery = z.object({
  targetType: z.enum(['member', 'unit', 'unit_type', 'user', 'api_token', 'candidate']).optional(),
  targetId: z.string().max(40).optional(),
  action: z.string().max(400).regex(AUDIT_ACTION_LIST, { error: 'action_codes' })
    .transform((list) => [...new Set(list.split(','))])
    .optional()
    .meta({ description: 'One action code (`member.update`) or several separated by commas', example: 'member.update,member.transferred' }),
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
      description: 'Filter by `targetType` and `targetId` for the history of one member or unit, and by `action`; page with `before` (the smallest id seen).',
      querystring: auditQuery, response: { 200: z.object({ items: z.array(auditRow), nextBefore: z.number().nullable() }), ...problems },
    },
  }, async (req) => listAudit({ db: req.db, actor: req.actor, ...req.query }));
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id } from '../../../shared/schemas/common.ts';
import { scopeCondition } from '../../db/paths.ts';
import { problems } from '../../http/route-helpers.ts';
import * as repo from './audit.repository.ts';

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
  }, async (req) => {
    const scopeParams: unknown[] = [];
    const scope = scopeCondition('unit_path', req.actor, scopeParams);
    const includeUnplaced = req.actor.scopePaths === null || req.actor.scopePaths.some((e) => e.subtree && e.path.split('.').length === 2);
    const rows = await repo.listAuditRows(req.db.pool, {
      scope, scopeParams, includeUnplaced, targetType: req.query.targetType, targetId: req.query.targetId,
      beforeId: req.query.before ?? null, limit: req.query.limit + 1,
    });
    const items = rows.slice(0, req.query.limit);
    return { items, nextBefore: rows.length > req.query.limit ? (items.at(-1)?.id ?? null) : null };
  });
};

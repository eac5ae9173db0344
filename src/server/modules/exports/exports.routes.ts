import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { memberExportQuery, statisticsExportQuery } from '../../../shared/schemas/exports.ts';
import { unitParams } from '../../../shared/schemas/units.ts';
import { localeOf, problems } from '../../http/route-helpers.ts';
import * as service from './exports.service.ts';

/** The file's language: Accept-Language when the request names one, else the user's own. */

const fileResponse = z.string().describe('The file (text/csv or XLSX), streamed');

function sendFile(reply: FastifyReply, file: service.ExportFile) {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', file.disposition)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(file.stream);
}

export const exportsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/members/export', {
    config: { permission: 'members.read' },
    schema: {
      tags: ['Members'], summary: 'Export a member list to CSV or XLSX',
      description: 'The rows of `GET /members` with the same filters (all pages, in register order), streamed. Headers and coded values in the caller’s language (`labels=codes` for the stored codes). Sensitive columns only where the caller may read them for the whole list (otherwise 400 naming `columns`). A failure after the first byte cuts the download off.',
      querystring: memberExportQuery,
      response: { 200: fileResponse, ...problems },
    },
  }, async (req, reply) => {
    const file = await service.exportMembers({
      db: req.db, actor: req.actor, locale: localeOf(req), query: req.query,
      log: (err) => req.log.error({ err }, 'member export failed'),
    });
    return sendFile(reply, file);
  });

  app.get('/units/:id/statistics/export', {
    config: { permission: 'statistics.read' },
    schema: {
      tags: ['Statistics'], summary: 'Export a unit’s statistics to CSV or XLSX',
      description: 'The breakdowns of `GET /units/:id/stats`: in XLSX a sheet per breakdown (key, label, count); in CSV one long table (breakdown, key, label, count).',
      params: unitParams, querystring: statisticsExportQuery,
      response: { 200: fileResponse, ...problems },
    },
  }, async (req, reply) => {
    const file = await service.exportStatistics({
      db: req.db, actor: req.actor, locale: localeOf(req), unitId: req.params.id, query: req.query,
      log: (err) => req.log.error({ err }, 'statistics export failed'),
    });
    return sendFile(reply, file);
  });
};

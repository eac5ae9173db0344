import type { Readable } from 'node:stream';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id } from '../../../shared/schemas/common.ts';
import { attachmentQuery, attachmentSchema } from '../../../shared/schemas/inspections.ts';
import { problems } from '../../http/route-helpers.ts';
import type { OwnerType } from './attachments.repository.ts';
import * as service from './attachments.service.ts';

const params = z.object({ id });

export const attachmentsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['Attachments'];
  // Files arrive as the raw body of any type (JSON included); their type is decided by their content.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
  const ctx = (req: FastifyRequest) => ({ db: req.db, actor: req.actor, attachments: app.attachments });

  const owners: [string, OwnerType, string][] = [
    ['/inspection-cases/:id/attachments', 'inspection_case', 'a case'],
    ['/discipline-decisions/:id/attachments', 'discipline_decision', 'a discipline decision'],
  ];
  for (const [url, ownerType, what] of owners) {
    app.post(url, {
      config: { permission: 'inspections.write' },
      schema: {
        tags, summary: `Attach a file (decision, notice, minutes) to ${what}`,
        description: 'The body is the file itself; `fileName` names it. Accepted: PDF, Word, Excel, OpenDocument text, JPEG, PNG, TIFF, checked by content. Larger than ATTACHMENTS_MAX_MB: 413 `attachment_too_large`.',
        params, querystring: attachmentQuery, response: { 201: attachmentSchema, ...problems, 413: problems[400] },
      },
    }, async (req, reply) => {
      const body = await service.readLimited(req.body as Readable | undefined, app.attachments.maxBytes);
      return reply.status(201).send(await service.uploadAttachment({
        ...ctx(req), ownerType, ownerId: req.params.id, fileName: req.query.fileName, note: req.query.note ?? null, body,
      }));
    });
  }

  app.get('/attachments/:id', {
    config: { permission: 'inspections.read' },
    schema: {
      tags, summary: 'Download an attached file', description: 'Every download is recorded in the audit trail (`attachment.download`).',
      params, response: { 200: z.string().describe('The file'), ...problems },
    },
  }, async (req, reply) => {
    const file = await service.downloadAttachment({ ...ctx(req), id: req.params.id });
    // The schema's string describes the file for the API docs; the answer is the stream itself.
    return (reply as FastifyReply)
      .header('content-type', file.contentType).header('content-length', file.byteSize)
      .header('content-disposition', contentDisposition(file.fileName)).header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store').send(file.stream);
  });
};

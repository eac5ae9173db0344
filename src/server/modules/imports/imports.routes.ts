import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  importErrorsQuery, importJobSchema, importListSchema, importParams, mappingListQuery, runImportBody, saveMappingBody,
  savedMappingSchema, uploadImportQuery, type ImportKind,
} from '../../../shared/schemas/imports.ts';
import { localeOf, problems } from '../../http/route-helpers.ts';
import * as service from './imports.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';


/** A streamed answer (events, a file); the schema's string type describes it for the API docs only. */
function sendStream(reply: FastifyReply, contentType: string, stream: Readable, disposition?: string) {
  if (disposition) reply.header('content-disposition', disposition).header('x-content-type-options', 'nosniff');
  return reply.header('content-type', contentType).header('cache-control', 'no-store').send(stream);
}

/** The file's name: the query's, else Content-Disposition's filename, else a plain one. */
function fileNameOf(req: FastifyRequest, given: string | undefined): string {
  if (given) return given;
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(req.headers['content-disposition'] ?? '');
  if (!match?.[1]) return 'import';
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1]; // not percent-encoded after all
  }
}

export const importsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['Imports'];
  // The file arrives as the raw body, streamed to disk with its own size limit (IMPORT_MAX_MB).
  app.addContentTypeParser(['text/csv', 'application/octet-stream', XLSX], (_req, payload, done) => done(null, payload));
  const ctx = (req: FastifyRequest) => ({ db: req.db, actor: req.actor, jobs: app.importJobs, locale: localeOf(req) });

  for (const kind of ['members', 'units'] as ImportKind[]) {
    app.post(`/${kind}/import`, {
      config: { permission: 'imports.run' },
      schema: {
        tags, summary: `Upload a ${kind === 'members' ? 'member' : 'unit'} list (CSV or XLSX) to import`,
        description: 'The body is the file itself (Content-Type text/csv, the XLSX type, or application/octet-stream). The answer has the header and a suggested mapping; nothing is checked or written until `check` or `apply`. Refused with 400 (not a spreadsheet, encrypted, corrupt, no header) or 413 (over IMPORT_MAX_MB).',
        querystring: uploadImportQuery, response: { 201: importJobSchema, ...problems },
      },
    }, async (req, reply) => reply.status(201).send(await service.uploadImport({
      ...ctx(req), kind, unitId: req.query.unit, fileName: fileNameOf(req, req.query.fileName), body: req.body as Readable,
    })));
  }

  app.get('/imports', {
    config: { permission: 'imports.run' },
    schema: { tags, summary: 'The caller’s imports, newest first', response: { 200: importListSchema, ...problems } },
  }, async (req) => service.listImports(ctx(req)));

  app.get('/imports/:id', {
    config: { permission: 'imports.run' },
    schema: { tags, summary: 'An import: state, progress, counts and the first errors', params: importParams, response: { 200: importJobSchema, ...problems } },
  }, async (req) => service.getImport({ ...ctx(req), id: req.params.id }));

  for (const step of ['check', 'apply'] as const) {
    app.post(`/imports/:id/${step}`, {
      config: { permission: 'imports.run' },
      schema: {
        tags,
        summary: step === 'check' ? 'Check the file (a dry run): counts and errors, nothing written' : 'Check and apply the file',
        description: 'Runs in the background; follow it with `GET /imports/:id` or `GET /imports/:id/progress`. An apply writes in one transaction: in `all_or_nothing` mode nothing when any row is refused; a cancel or a restart leaves nothing applied.',
        params: importParams, body: runImportBody, response: { 202: importJobSchema, ...problems },
      },
    }, async (req, reply) => reply.status(202).send(await service.runImport({
      ...ctx(req), id: req.params.id, mapping: req.body.mapping, mode: req.body.mode, dryRun: step === 'check',
      log: (err) => req.log.error({ err, importId: req.params.id }, 'import failed'),
    })));
  }

  app.post('/imports/:id/cancel', {
    config: { permission: 'imports.run' },
    schema: { tags, summary: 'Cancel a running check or apply (nothing of it stays)', params: importParams, response: { 200: importJobSchema, ...problems } },
  }, async (req) => service.cancelImport({ ...ctx(req), id: req.params.id }));

  app.get('/imports/:id/progress', {
    config: { permission: 'imports.run' },
    schema: {
      tags, summary: 'Progress as server-sent events',
      description: '`event: progress` with the import (as `GET /imports/:id`) about every second, until the run ends.',
      params: importParams, response: { 200: z.string().describe('text/event-stream'), ...problems },
    },
  }, async (req, reply) => {
    const c = { ...ctx(req), id: req.params.id };
    await service.getImport(c); // 404 before the stream starts
    async function* events() {
      for (;;) {
        const job = await service.getImport(c);
        yield `event: progress\ndata: ${JSON.stringify(job)}\n\n`;
        if (job.state !== 'checking' && job.state !== 'applying') return;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    return sendStream(reply, 'text/event-stream', Readable.from(events()));
  });

  app.get('/imports/:id/errors', {
    config: { permission: 'imports.run' },
    schema: {
      tags, summary: 'The error file: the refused rows as given, with what is wrong, in the caller’s language',
      params: importParams, querystring: importErrorsQuery, response: { 200: z.string().describe('CSV or XLSX'), ...problems },
    },
  }, async (req, reply) => {
    const file = await service.errorFile({
      db: req.db, actor: req.actor, locale: req.query.lang ?? localeOf(req), id: req.params.id, format: req.query.format,
      log: (err) => req.log.error({ err }, 'error file failed'),
    });
    return sendStream(reply, file.contentType, file.stream, file.disposition);
  });

  app.get('/import-mappings', {
    config: { permission: 'imports.run' },
    schema: { tags, summary: 'The caller’s saved column mappings', querystring: mappingListQuery, response: { 200: z.array(savedMappingSchema), ...problems } },
  }, async (req) => service.listMappings({ db: req.db, actor: req.actor, kind: req.query.kind }));

  app.post('/import-mappings', {
    config: { permission: 'imports.run' },
    schema: { tags, summary: 'Save a column mapping for reuse (a name already used is replaced)', body: saveMappingBody, response: { 201: savedMappingSchema, ...problems } },
  }, async (req, reply) => reply.status(201).send(await service.saveMapping({ db: req.db, actor: req.actor, ...req.body })));

  app.delete('/import-mappings/:id', {
    config: { permission: 'imports.run' },
    schema: { tags, summary: 'Delete a saved mapping', params: importParams, response: { 204: z.null(), ...problems } },
  }, async (req, reply) => {
    await service.deleteMapping({ db: req.db, actor: req.actor, id: req.params.id });
    return reply.status(204).send(null);
  });
};

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { hasKey, pickLocale, translate, type Params } from '../../shared/i18n/translate.ts';
import type { Locale } from '../../shared/reference.ts';
import type { FieldError } from '../../shared/schemas/common.ts';
import { AppError, type FieldIssue } from './app-error.ts';

/**
 * Renders every failure as RFC 9457 problem+json: a stable `code`, a sentence in the caller's
 * language, per-field errors that name the field and the rule, and the request id. Nothing
 * about the server's internals leaves this function; unexpected errors are logged with the id.
 */

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 412: 'Precondition Failed',
  413: 'Content Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content', 429: 'Too Many Requests',
  500: 'Internal Server Error', 503: 'Service Unavailable',
};

function fieldLabel(locale: Locale, path: string): string {
  const segment = path.split('.').filter((s) => !/^\d+$/.test(s)).pop() ?? path;
  const key = `fields.${segment}`;
  return hasKey(key) ? translate(locale, key) : segment;
}

export function renderFieldIssue(locale: Locale, issue: FieldIssue): FieldError {
  const params: Params = { ...issue.params, field: fieldLabel(locale, issue.path) };
  for (const ref of ['other', 'approval'] as const) {
    const value = issue.params?.[ref];
    if (typeof value === 'string') params[ref] = fieldLabel(locale, value);
  }
  const rule = hasKey(`rules.${issue.rule}`) ? issue.rule : 'invalid_format';
  return { path: issue.path, code: rule, message: translate(locale, `rules.${rule}`, params) };
}

type ZodValidationEntry = { instancePath: string; message: string; keyword: string; params: Record<string, unknown> };

/** One zod issue (as fastify-type-provider-zod hands it over) → field issues. */
function issuesFromZod(entry: ZodValidationEntry, context: string | undefined): FieldIssue[] {
  const base = entry.instancePath.split('/').filter(Boolean).join('.');
  const p = entry.params;
  if (entry.keyword === 'unrecognized_keys' && Array.isArray(p.keys)) {
    return (p.keys as string[]).map((k) => ({ path: base ? `${base}.${k}` : k, rule: 'unknown_field' }));
  }
  const params: Params = {};
  if (typeof p.minimum === 'number' || typeof p.minimum === 'bigint') params.min = Number(p.minimum);
  if (typeof p.maximum === 'number' || typeof p.maximum === 'bigint') params.max = Number(p.maximum);
  if (Array.isArray(p.values)) params.values = (p.values as unknown[]).map(String);
  if (p.params && typeof p.params === 'object') Object.assign(params, p.params);
  return [{ path: base || context || 'body', rule: entry.message, params }];
}

export function problemFor(request: FastifyRequest, error: unknown): { status: number; body: Record<string, unknown> } {
  const locale = pickLocale(request.headers['accept-language']);
  let status = 500;
  let code = 'internal';
  let params: Params = { requestId: request.id };
  let fieldIssues: FieldIssue[] = [];

  if (error instanceof AppError) {
    ({ status, code, fieldIssues } = error);
    params = { ...error.params };
    if (typeof params.resource === 'string') params.resource = translate(locale, `resources.${params.resource}`);
  } else if (hasZodFastifySchemaValidationErrors(error)) {
    status = 400;
    code = 'validation_failed';
    const context = (error as { validationContext?: string }).validationContext;
    fieldIssues = (error.validation as unknown as ZodValidationEntry[]).flatMap((e) => issuesFromZod(e, context));
  } else {
    const e = error as FastifyError;
    switch (e.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        status = 400; code = 'malformed_json'; params = {};
        break;
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        status = 413; code = 'payload_too_large'; params = { limit: request.routeOptions.bodyLimit ?? 0 };
        break;
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        status = 415; code = 'unsupported_media_type'; params = {};
        break;
      default:
        if (typeof e.statusCode === 'number' && e.statusCode === 429) {
          status = 429; code = 'rate_limited'; params = {};
        } else if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
          // Fastify's own client errors (bad header, ...): the reason is safe to show.
          status = 400; code = 'bad_request'; params = { reason: e.message };
        }
    }
  }

  const body: Record<string, unknown> = {
    type: `urn:partywork:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail: translate(locale, `errors.${code}`, params),
    instance: request.url,
    requestId: request.id,
  };
  if (fieldIssues.length > 0) body.errors = fieldIssues.map((i) => renderFieldIssue(locale, i));
  return { status, body };
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const { status, body } = problemFor(request, error);
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  return reply
    .status(status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .header('content-language', pickLocale(request.headers['accept-language']))
    // Also set here: errors raised before routing (bad URL) never run the onRequest hook.
    .header('x-request-id', request.id)
    .send(body);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  const locale = pickLocale(request.headers['accept-language']);
  return reply
    .status(404)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .header('content-language', locale)
    .send({
      type: 'urn:partywork:problem:route_not_found',
      title: 'Not Found',
      status: 404,
      code: 'route_not_found',
      detail: translate(locale, 'errors.route_not_found', { method: request.method, url: request.url.split('?')[0] }),
      instance: request.url,
      requestId: request.id,
    });
}

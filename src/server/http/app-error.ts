import type { Params } from '../../shared/i18n/translate.ts';

/** A rule broken by one field: `rule` is a key of the catalogs' `rules` section. */
export type FieldIssue = { path: string; rule: string; params?: Params };

/**
 * An expected failure with a stable code. Services throw it; the HTTP layer renders it as
 * problem+json in the caller's language. `code` is a key of the catalogs' `errors` section.
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly params: Params;
  readonly fieldIssues: FieldIssue[];

  constructor(status: number, code: string, params: Params = {}, fieldIssues: FieldIssue[] = []) {
    super(code);
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.params = params;
    this.fieldIssues = fieldIssues;
  }
}

export const notFound = (
  resource: 'unit' | 'member' | 'unit_type' | 'api_token' | 'user' | 'grant' | 'change_request' | 'candidate' | 'exemption'
    | 'inspection_program' | 'inspection_case' | 'inspection_remedy' | 'discipline_decision' | 'discipline_appeal' | 'asset_declaration' | 'attachment'
    | 'member_event' | 'transfer' | 'import' | 'import_mapping' | 'restructure_plan',
) =>
  new AppError(404, 'not_found', { resource });

export const conflict = (code: string, params: Params = {}) => new AppError(409, code, params);

export const invalidFields = (...issues: FieldIssue[]) => new AppError(400, 'validation_failed', {}, issues);

export const preconditionFailed = (current: number) => new AppError(412, 'precondition_failed', { current });

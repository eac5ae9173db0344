import { useQuery, type QueryClient } from '@tanstack/react-query';
import type {
  ImportJob, ImportKind, ImportMapping, ImportMode, ImportState, SavedMapping,
} from '../../../shared/schemas/imports.ts';
import type { Locale } from '../../../shared/reference.ts';
import { apiGet, apiSend, apiUpload, apiUrl } from '../../api/client.ts';
import { useLocale } from '../../i18n/useLocale.ts';

export type { ImportJob, ImportKind, ImportMapping, ImportMode, ImportState, SavedMapping };

// The API's vocabularies, kept here so that the web bundle does not pull in zod.
export const KINDS = ['members', 'units'] as const satisfies readonly ImportKind[];
export const MODES = ['all_or_nothing', 'valid_rows'] as const satisfies readonly ImportMode[];

/** The file types the upload takes, by the name's ending (a browser may not know .xlsx's type). */
const CONTENT_TYPES: Record<string, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
export const ACCEPT = '.csv,.xlsx';

export function contentTypeOf(fileName: string): string {
  return CONTENT_TYPES[fileName.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}

export const importKeys = {
  list: () => ['imports', 'list'] as const,
  /** The job's messages (first errors, failure) come in the reader's language: one entry per language. */
  job: (id: number, locale: Locale) => ['imports', 'job', id, locale] as const,
  mappings: (kind: ImportKind) => ['imports', 'mappings', kind] as const,
};

/** A check or an import under way: the job is read again every second until it ends. */
export const isRunning = (job: Pick<ImportJob, 'state'> | undefined) => job?.state === 'checking' || job?.state === 'applying';

/** Whether a check or an import may be started (again): not while one runs, not once the file is imported. */
export const canRun = (job: Pick<ImportJob, 'state'>) => !isRunning(job) && job.state !== 'applied';

/** The caller's own imports, newest first; read again every second while one of them runs. */
export function useImports() {
  return useQuery({
    queryKey: importKeys.list(),
    queryFn: ({ signal }) => apiGet<{ items: ImportJob[] }>('/imports', undefined, signal),
    refetchInterval: (query) => (query.state.data?.items.some(isRunning) ? 1000 : false),
  });
}

/** One import, read again every second while its check or its import runs. */
export function useImport(id: number) {
  const locale = useLocale();
  return useQuery<ImportJob, Error, ImportJob, ReturnType<typeof importKeys.job>>({
    queryKey: importKeys.job(id, locale),
    // On a change of language the job stays on screen while its messages are read again.
    placeholderData: (previous: ImportJob | undefined) => (previous?.id === id ? previous : undefined),
    queryFn: ({ signal }) => apiGet<ImportJob>(`/imports/${id}`, undefined, signal),
    refetchInterval: (query) => (isRunning(query.state.data) ? 1000 : false),
  });
}

/** The caller's saved column mappings for a kind of file. */
export function useSavedMappings(kind: ImportKind) {
  return useQuery({
    queryKey: importKeys.mappings(kind),
    queryFn: ({ signal }) => apiGet<SavedMapping[]>('/import-mappings', { kind }, signal),
  });
}

/** Sends a file as it is; the server reads its header and suggests a mapping. */
export function uploadImport(kind: ImportKind, unitId: number, file: File): Promise<ImportJob> {
  return apiUpload<ImportJob>(`/${kind}/import`, { unit: unitId, fileName: file.name }, file, contentTypeOf(file.name));
}

/** Starts a dry run (`check`) or the import itself (`apply`); the job comes back running. */
export function runImport(id: number, action: 'check' | 'apply', mapping: ImportMapping, mode: ImportMode): Promise<ImportJob> {
  return apiSend<ImportJob>('POST', `/imports/${id}/${action}`, { mapping, mode });
}

export function cancelImport(id: number): Promise<ImportJob> {
  return apiSend<ImportJob>('POST', `/imports/${id}/cancel`);
}

export function saveMapping(kind: ImportKind, name: string, mapping: ImportMapping): Promise<SavedMapping> {
  return apiSend<SavedMapping>('POST', '/import-mappings', { kind, name, mapping });
}

export function deleteMapping(id: number): Promise<null> {
  return apiSend<null>('DELETE', `/import-mappings/${id}`);
}

/** Where the refused rows are downloaded from, as given, with a column saying what is wrong. */
/** The error file in the language the app shows (a plain link sends the browser's, not the app's). */
export const errorFileUrl = (id: number, format: 'csv' | 'xlsx', lang: string) => apiUrl(`/imports/${id}/errors`, { format, lang });

/** A job as the server answered it: shown at once, in its page and in the list. */
export function putJob(queryClient: QueryClient, job: ImportJob, locale: Locale): void {
  queryClient.setQueryData(importKeys.job(job.id, locale), job);
  void queryClient.invalidateQueries({ queryKey: importKeys.list() });
}

/** After an import wrote members or units: the lists, the tree, the counts and the audit log. */
export function afterImportApplied(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: ['members'] });
  void queryClient.invalidateQueries({ queryKey: ['units'] });
  void queryClient.invalidateQueries({ queryKey: ['audit'] });
  void queryClient.invalidateQueries({ queryKey: importKeys.list() });
}

/**
 * The colour of a state's tag (colours whose text keeps a 4.5:1 contrast): running in blue,
 * waiting for the user in indigo, imported in green, refused or failed in red, cancelled plain.
 */
export function stateColor(state: ImportState): string {
  switch (state) {
    case 'checking': case 'applying': return 'blue';
    case 'uploaded': case 'checked': return 'geekblue';
    case 'applied': return '#237804';
    case 'rejected': case 'failed': return 'red';
    default: return 'default';
  }
}

/** Header cell → field, keeping only the cells of this file's header and each field once (the first column wins). */
export function mappingFor(header: readonly string[], mapping: ImportMapping, fields: readonly string[]): ImportMapping {
  const known = new Set(fields);
  const taken = new Set<string>();
  const out: ImportMapping = {};
  for (const cell of header) {
    const field = mapping[cell];
    if (field && known.has(field) && !taken.has(field)) {
      out[cell] = field;
      taken.add(field);
    }
  }
  return out;
}

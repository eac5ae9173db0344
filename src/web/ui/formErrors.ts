import type { FormInstance } from 'antd';
import { ApiError } from '../api/client.ts';

/**
 * Puts the API's field errors (already in the reader's language) under the fields they name,
 * keeping what was typed. Answers the messages that belong to no field on this form.
 */
export function showFieldErrors(form: FormInstance, error: unknown, fields: readonly string[]): string[] {
  if (!(error instanceof ApiError)) return [];
  const known = new Set(fields);
  const byField = new Map<string, string[]>();
  const other: string[] = [];
  for (const e of error.errors) {
    // A nested field (names.en) goes under its own input when the form has one, else under its parent.
    const field = known.has(e.path) ? e.path : e.path.split('.')[0] ?? e.path;
    if (known.has(field)) byField.set(field, [...(byField.get(field) ?? []), e.message]);
    else other.push(e.message);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name: name.split('.'), errors })));
  return other;
}

/**
 * A form's `onValuesChange`: the API's message under a field goes once the user changes that
 * field (the forms have no rules of their own that would clear it).
 */
export function clearFieldErrors(form: FormInstance) {
  return (changed: object) => form.setFields(Object.keys(changed).map((name) => ({ name, errors: [] })));
}

import type { FormInstance } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/client.ts';
import { showFieldErrors } from './formErrors.ts';

/**
 * What every form does with the API's answer: a busy flag while it is sent; on failure the field
 * errors under their fields (focusing the first), the other messages above the form, and a 412
 * (someone changed the record meanwhile) as `stale`, all keeping what was typed.
 */
export function useFormSubmit(form: FormInstance, fields: readonly string[]) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [extra, setExtra] = useState<string[]>([]);
  const [stale, setStale] = useState(false);

  const run = async (send: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setExtra([]);
    setStale(false);
    try {
      await send();
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        setStale(true);
        return;
      }
      setExtra(showFieldErrors(form, e, fields));
      setError(e);
      const first = e instanceof ApiError
        ? e.errors.map((fe) => (fields.includes(fe.path) ? fe.path : fe.path.split('.')[0] ?? fe.path)).find((p) => fields.includes(p))
        : undefined;
      if (first) form.scrollToField(first.split('.'), { focus: true, block: 'center' });
    } finally {
      setBusy(false);
    }
  };

  return { busy, error, extra, stale, setStale, run };
}

import type { ReactNode } from 'react';
import { Typography } from 'antd';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';

/**
 * A form on a record's page (a step, a finding, a remedy, an appeal): a titled section, named
 * by its title for screen readers, with what the server refused shown above the fields.
 */
export function FormSection(
  { id, title, state, spaced = false, children }:
  { id: string; title: string; state: { error: unknown; extra: string[] }; spaced?: boolean; children: ReactNode },
) {
  return (
    <section aria-labelledby={`${id}-title`} data-testid={id} style={spaced ? { marginBlockStart: 16 } : undefined}>
      <Typography.Title level={3} id={`${id}-title`} style={{ fontSize: 15 }}>{title}</Typography.Title>
      <ErrorAlert error={state.error} extra={state.extra} />
      {children}
    </section>
  );
}

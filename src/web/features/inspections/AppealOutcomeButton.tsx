import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppealOutcomeModal } from './AppealOutcomeModal.tsx';
import type { DisciplineAppeal } from './inspections.api.ts';

/** A pending appeal's button that opens the dialog recording its outcome. */
export function AppealOutcomeButton({ appeal }: { appeal: DisciplineAppeal }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" type="primary" onClick={() => setOpen(true)} data-testid="appeal-outcome-action">{t('ui.inspections.appeals.decide')}</Button>
      {open && <AppealOutcomeModal appeal={appeal} onClose={() => setOpen(false)} />}
    </>
  );
}

import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CompleteRemedyModal } from './CompleteRemedyModal.tsx';
import type { InspectionRemedy } from './inspections.api.ts';

/** A remedy's button that opens the dialog recording its completion. */
export function CompleteRemedyButton({ remedy, caseId, concludedOn }: { remedy: InspectionRemedy; caseId: number; concludedOn: string | null }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" type="primary" onClick={() => setOpen(true)} data-testid="complete-remedy">{t('ui.inspections.remedies.complete')}</Button>
      {open && <CompleteRemedyModal remedy={remedy} caseId={caseId} concludedOn={concludedOn} onClose={() => setOpen(false)} />}
    </>
  );
}

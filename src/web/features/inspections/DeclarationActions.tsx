import { Button, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DeclarationModal, type DeclarationStep } from './DeclarationModal.tsx';
import type { AssetDeclaration } from './inspections.api.ts';

/** A declaration's next step: its submission, then its verification, each recorded in a dialog. */
export function DeclarationActions({ declaration }: { declaration: AssetDeclaration }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<DeclarationStep | null>(null);
  const step: DeclarationStep | null = !declaration.submittedOn ? 'submit' : !declaration.verifiedOn ? 'verify' : null;
  if (!step) return null;
  return (
    <Space>
      <Button size="small" type={step === 'submit' ? 'primary' : 'default'} onClick={() => setOpen(step)} data-testid={`declaration-${step}`}>
        {t(`ui.inspections.declarations.${step}.action`)}
      </Button>
      {open && <DeclarationModal declaration={declaration} step={open} onClose={() => setOpen(null)} />}
    </Space>
  );
}

import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/useFormat.ts';
import { isolate } from '../transfers/transfers.api.ts';
import { useUnitTypes } from '../units/units.api.ts';
import type { RestructureOperation } from './restructure.api.ts';

/** An operation as one sentence, for a plan that can no longer change (applied or cancelled). */
export function useOperationText(): (op: RestructureOperation) => string {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const unitTypes = useUnitTypes();
  // Codes keep their own direction inside an Arabic or Persian sentence.
  const list = (codes: readonly string[]) => codes.map(isolate).join(i18n.dir() === 'rtl' ? '، ' : ', ');
  return (op) => {
    switch (op.kind) {
      case 'create':
        return t('ui.restructure.summary.create', { name: isolate(op.name), code: isolate(op.code), type: unitTypes.name(op.typeCode), parent: isolate(op.parent) });
      case 'merge':
        return t('ui.restructure.summary.merge', { units: list(op.units), into: isolate(op.into) });
      case 'split':
        return t('ui.restructure.summary.split', { unit: isolate(op.unit), parts: list(op.parts.map((p) => p.into)) });
      case 'move':
        return t('ui.restructure.summary.move', { unit: isolate(op.unit), parent: isolate(op.parent) });
      case 'abolish_level':
        return t('ui.restructure.summary.abolish_level', { type: unitTypes.name(op.typeCode), successors: fmt.number(Object.keys(op.successors).length) });
      case 'rename':
        return t('ui.restructure.summary.rename', { unit: isolate(op.unit), name: isolate(op.name) });
      case 'close':
        return t('ui.restructure.summary.close', { unit: isolate(op.unit) });
    }
  };
}

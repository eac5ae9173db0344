import { useSearchParams } from 'react-router';
import type { Permission } from '../../../shared/permissions.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { useSignedInUser } from '../auth/session.ts';
import { unitName, useUnit } from './units.api.ts';

/**
 * The unit a new piece of work starts at: the one the user came from (`?unit=`), else the unit of
 * their first grant carrying `permission`. `ready` is false while it loads; `initial` is what a
 * UnitPicker shows before anything is typed.
 */
export function useStartUnit(permission: Permission) {
  const locale = useLocale();
  const me = useSignedInUser();
  const [search] = useSearchParams();
  const unitParam = Number(search.get('unit'));
  const own = me.grants.find((g) => g.unitId !== null && g.permissions.includes(permission))?.unitId ?? null;
  const startId = Number.isInteger(unitParam) && unitParam > 0 ? unitParam : own;
  const startUnit = useUnit(startId);
  const ready = !(startUnit.isPending && startUnit.fetchStatus !== 'idle');
  const initial = startUnit.data ? { id: startUnit.data.id, name: unitName(startUnit.data, locale), typeCode: startUnit.data.typeCode } : null;
  return { ready, initial };
}

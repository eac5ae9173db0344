import { useQuery } from '@tanstack/react-query';
import { Navigate } from 'react-router';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { useSignedInUser } from '../auth/session.ts';
import { fetchAllUnits, unitKeys } from '../units/units.api.ts';

/** Inspection and supervision from the main menu: the user's own unit (their first grant that reads them), else the top of their tree. */
export function InspectionsHome() {
  const me = useSignedInUser();
  const own = me.grants.find((g) => g.unitId !== null && g.permissions.includes('inspections.read'))?.unitId ?? null;
  const top = useQuery({ queryKey: unitKeys.top(), queryFn: () => fetchAllUnits({}), enabled: own === null });
  const target = own ?? top.data?.[0]?.id ?? null;
  if (target !== null) return <Navigate to={`/units/${target}/inspections`} replace />;
  if (top.isError) return <ErrorAlert error={top.error} onRetry={() => void top.refetch()} />;
  return <PageSpinner />;
}

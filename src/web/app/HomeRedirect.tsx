import { useQuery } from '@tanstack/react-query';
import { Navigate } from 'react-router';
import { useSignedInUser } from '../features/auth/session.ts';
import { fetchAllUnits, unitKeys } from '../features/units/units.api.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageSpinner } from '../ui/PageSpinner.tsx';

/** The start page is the dashboard of the user's own unit (their first grant), else the top of their tree. */
export function HomeRedirect() {
  const me = useSignedInUser();
  const own = me.grants.find((g) => g.unitId !== null && g.permissions.includes('units.read'))?.unitId ?? null;
  const top = useQuery({ queryKey: unitKeys.top(), queryFn: () => fetchAllUnits({}), enabled: own === null });
  const target = own ?? top.data?.[0]?.id ?? null;
  if (target !== null) return <Navigate to={`/units/${target}`} replace />;
  if (top.isError) return <ErrorAlert error={top.error} onRetry={() => void top.refetch()} />;
  return <PageSpinner />;
}

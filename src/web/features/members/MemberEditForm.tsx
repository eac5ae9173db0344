import { useParams } from 'react-router';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { useMember } from './members.api.ts';
import { MemberEditor } from './MemberEditor.tsx';

/** The edit screen of a member's profile: loads the profile with its ETag, then the form. */
export function MemberEditForm() {
  const memberId = Number(useParams().memberId);
  const record = useMember(memberId);
  if (record.isError) return <ErrorAlert error={record.error} onRetry={() => void record.refetch()} />;
  if (!record.data) return <PageSpinner />;
  return <MemberEditor key={memberId} record={record.data} onReload={async () => (await record.refetch()).data} />;
}

import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { Candidate } from '../../../shared/schemas/candidates.ts';
import { apiRequest } from '../../api/client.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { normalize, ProfileFieldsGrid } from '../members/memberFields.tsx';
import { afterCandidateChange, useCandidate, type CandidateRecord } from './candidates.api.ts';
import { CANDIDATE_FIELDS } from './candidateFields.tsx';
import { clearFieldErrors } from '../../ui/formErrors.ts';

type Values = Record<string, string | null | undefined>;
const NAMES = CANDIDATE_FIELDS.map((f) => f.name);

function formValues(c: Candidate): Values {
  const out: Values = {};
  for (const name of NAMES) if (!c.maskedFields.includes(name)) out[name] = (c[name as keyof Candidate] as string | null) ?? null;
  return out;
}

/** The edit screen of a candidate's profile: loads it with its ETag, then the form. */
export function CandidateEditForm() {
  const id = Number(useParams().candidateId);
  const record = useCandidate(id);
  if (record.isError) return <ErrorAlert error={record.error} onRetry={() => void record.refetch()} />;
  if (!record.data) return <PageSpinner />;
  return <CandidateEditor key={id} record={record.data} onReload={async () => (await record.refetch()).data} />;
}

/**
 * Edits a candidate's profile as the member editor does: only the fields changed are sent, with
 * If-Match from the ETag first read, so that a change made meanwhile by someone else answers 412
 * and what was typed stays on screen until the latest version is loaded.
 */
function CandidateEditor({ record, onReload }: { record: CandidateRecord; onReload: () => Promise<CandidateRecord | undefined> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [base, setBase] = useState(record);
  const [form] = Form.useForm<Values>();
  const { busy, error, extra, stale, setStale, run } = useFormSubmit(form, NAMES);
  const c = base.candidate;
  const title = t('ui.development.editTitle', { name: c.fullName });
  usePageTitle(title);
  const original = formValues(c);

  const submit = async (values: Values) => {
    const changes: Record<string, string | null> = {};
    for (const f of CANDIDATE_FIELDS) {
      if (c.maskedFields.includes(f.name)) continue;
      const after = normalize(values[f.name]);
      // An emptied field is sent as null, or '' where required (the API then names the rule).
      if (after !== normalize(original[f.name])) changes[f.name] = after ?? (f.required ? '' : null);
    }
    if (Object.keys(changes).length === 0) {
      void message.info(t('ui.member.noChanges'));
      return;
    }
    await run(async () => {
      const { data, etag } = await apiRequest<Candidate>(`/candidates/${c.id}`, { method: 'PATCH', body: changes, ifMatch: base.etag });
      afterCandidateChange(queryClient, data, etag);
      void message.success(t('ui.member.saved'));
      void navigate(`/candidates/${c.id}`);
    });
  };

  const reload = async () => {
    const latest = await onReload();
    if (!latest) return;
    setBase(latest);
    form.setFieldsValue(formValues(latest.candidate));
    setStale(false);
  };

  return (
    <article aria-labelledby="candidate-edit-title">
      <Typography.Title level={1} id="candidate-edit-title" style={{ fontSize: 24, marginBlockStart: 0 }}><bdi>{title}</bdi></Typography.Title>
      {stale && (
        <Alert type="warning" showIcon role="alert" title={t('ui.member.stale')} style={{ marginBlockEnd: 16 }}
          action={<Button size="small" onClick={() => void reload()}>{t('ui.member.reload')}</Button>} />
      )}
      <ErrorAlert error={error} extra={extra} />
      <Form<Values> form={form} onValuesChange={clearFieldErrors(form)} layout="vertical" initialValues={original} onFinish={(v) => void submit(v)} name="candidate" scrollToFirstError>
        <Card size="small">
          <ProfileFieldsGrid fields={CANDIDATE_FIELDS.filter((f) => !c.maskedFields.includes(f.name))} />
        </Card>
        <Flex gap={8} style={{ marginBlockStart: 16 }}>
          <Button type="primary" htmlType="submit" loading={busy}>{t('ui.member.save')}</Button>
          <ButtonLink to={`/candidates/${c.id}`}>{t('ui.member.cancel')}</ButtonLink>
        </Flex>
      </Form>
    </article>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Member, UpdateMemberBody } from '../../../shared/schemas/members.ts';
import { apiRequest } from '../../api/client.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { normalize, PROFILE_FIELDS, ProfileFieldsGrid, type ProfileField } from './memberFields.tsx';
import { memberKeys, type MemberRecord } from './members.api.ts';
import { clearFieldErrors } from '../../ui/formErrors.ts';

type Values = Partial<Record<ProfileField, string | null>>;
const NAMES = PROFILE_FIELDS.map((f) => f.name);

function formValues(m: Member): Values {
  const out: Values = {};
  for (const name of NAMES) if (!m.maskedFields.includes(name)) out[name] = (m[name] as string | null) ?? null;
  return out;
}

/**
 * Edits a member's profile: only the fields changed are sent, with If-Match from the ETag read;
 * the API's field errors appear under their fields, in the reader's language, and what was typed
 * stays. Sensitive fields the user may not read are not offered.
 */
export function MemberEditor({ record, onReload }: { record: MemberRecord; onReload: () => Promise<MemberRecord | undefined> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // The version the user started from: a change made meanwhile by someone else answers 412,
  // even if the profile on screen elsewhere has been refreshed since.
  const [base, setBase] = useState(record);
  const [form] = Form.useForm<Values>();
  const { busy, error, extra, stale, setStale, run } = useFormSubmit(form, NAMES);
  const m = base.member;
  const memberId = m.id;
  usePageTitle(t('ui.member.editTitle', { name: m.fullName }));
  const original = formValues(m);
  const etag = base.etag;

  const submit = async (values: Values) => {
    const changes: Record<string, string | null> = {};
    for (const name of NAMES) {
      if (m.maskedFields.includes(name)) continue;
      const before = normalize(original[name]);
      // Text is sent as typed (the API trims it); an emptied field is sent as null, or '' where required.
      const after = normalize(values[name]);
      if (after !== before) changes[name] = after ?? (PROFILE_FIELDS.find((f) => f.name === name)?.required ? '' : null);
    }
    if (Object.keys(changes).length === 0) {
      void message.info(t('ui.member.noChanges'));
      return;
    }
    await run(async () => {
      const saved = await apiRequest<Member>(`/members/${memberId}`, { method: 'PATCH', body: changes as UpdateMemberBody, ifMatch: etag });
      queryClient.setQueryData(memberKeys.detail(memberId), { member: saved.data, etag: saved.etag });
      void queryClient.invalidateQueries({ queryKey: memberKeys.timeline(memberId) });
      void queryClient.invalidateQueries({ queryKey: ['members', 'list'] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
      void message.success(t('ui.member.saved'));
      void navigate(`/members/${memberId}`);
    });
  };

  const reload = async () => {
    const latest = await onReload();
    if (!latest) return;
    setBase(latest);
    form.setFieldsValue(formValues(latest.member));
    setStale(false);
  };

  return (
    <article aria-labelledby="edit-title">
      <Typography.Title level={1} id="edit-title" style={{ fontSize: 24, marginBlockStart: 0 }}>
        {t('ui.member.editTitle', { name: m.fullName })}
      </Typography.Title>
      {stale && (
        <Alert type="warning" showIcon role="alert" title={t('ui.member.stale')} style={{ marginBlockEnd: 16 }}
          action={<Button size="small" onClick={() => void reload()}>{t('ui.member.reload')}</Button>} />
      )}
      <ErrorAlert error={error} extra={extra} />
      <Form<Values> form={form} onValuesChange={clearFieldErrors(form)} layout="vertical" initialValues={original} onFinish={(v) => void submit(v)} name="member" scrollToFirstError>
        <Card size="small">
          <ProfileFieldsGrid fields={PROFILE_FIELDS.filter((f) => !m.maskedFields.includes(f.name))} />
        </Card>
        <Flex gap={8} style={{ marginBlockStart: 16 }}>
          <Button type="primary" htmlType="submit" loading={busy}>{t('ui.member.save')}</Button>
          <ButtonLink to={`/members/${memberId}`}>{t('ui.member.cancel')}</ButtonLink>
        </Flex>
      </Form>
    </article>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Flex, Form, Input, Row, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  ACADEMIC_TITLES, EDUCATION_LEVELS, ETHNICITIES, GENDERS, QUALIFICATIONS, RELIGIONS, THEORY_LEVELS,
} from '../../../shared/reference.ts';
import type { Member, UpdateMemberBody } from '../../../shared/schemas/members.ts';
import { ApiError, apiRequest } from '../../api/client.ts';
import { useLabels, type EnumGroup } from '../../i18n/useLabels.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { DateField } from '../../ui/DateField.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { showFieldErrors } from '../../ui/formErrors.ts';
import { todayInVietnam } from '../../ui/today.ts';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { memberKeys, type MemberRecord } from './members.api.ts';

type Editable = keyof UpdateMemberBody;
type Values = Partial<Record<Editable, string | null>>;
type FieldSpec = { name: Editable; kind: 'text' | 'date' | 'ethnicity'; required?: boolean } | { name: Editable; kind: 'enum'; group: EnumGroup; values: readonly string[]; required?: boolean };

const FIELDS: FieldSpec[] = [
  { name: 'fullName', kind: 'text', required: true },
  { name: 'otherNames', kind: 'text' },
  { name: 'gender', kind: 'enum', group: 'gender', values: GENDERS, required: true },
  { name: 'birthDate', kind: 'date', required: true },
  { name: 'birthPlace', kind: 'text' },
  { name: 'hometown', kind: 'text' },
  { name: 'residence', kind: 'text' },
  { name: 'ethnicity', kind: 'ethnicity', required: true },
  { name: 'religion', kind: 'enum', group: 'religion', values: RELIGIONS, required: true },
  { name: 'citizenId', kind: 'text' },
  { name: 'phone', kind: 'text' },
  { name: 'education', kind: 'enum', group: 'education', values: EDUCATION_LEVELS },
  { name: 'qualification', kind: 'enum', group: 'qualification', values: QUALIFICATIONS },
  { name: 'academicTitle', kind: 'enum', group: 'academicTitle', values: ACADEMIC_TITLES },
  { name: 'theoryLevel', kind: 'enum', group: 'theoryLevel', values: THEORY_LEVELS },
  { name: 'occupation', kind: 'text' },
  { name: 'position', kind: 'text' },
  { name: 'cardNumber', kind: 'text' },
  { name: 'ageApprovalRef', kind: 'text' },
];
const NAMES = FIELDS.map((f) => f.name);

const normalize = (value: string | null | undefined): string | null => {
  if (value === undefined || value === null) return null;
  return value.trim() === '' ? null : value;
};

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
  const labels = useLabels();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // The version the user started from: a change made meanwhile by someone else answers 412,
  // even if the profile on screen elsewhere has been refreshed since.
  const [base, setBase] = useState(record);
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [extra, setExtra] = useState<string[]>([]);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);
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
      if (after !== before) changes[name] = after ?? (FIELDS.find((f) => f.name === name)?.required ? '' : null);
    }
    if (Object.keys(changes).length === 0) {
      void message.info(t('ui.member.noChanges'));
      return;
    }
    setBusy(true);
    setError(null);
    setExtra([]);
    setStale(false);
    try {
      const saved = await apiRequest<Member>(`/members/${memberId}`, { method: 'PATCH', body: changes as UpdateMemberBody, ifMatch: etag });
      queryClient.setQueryData(memberKeys.detail(memberId), { member: saved.data, etag: saved.etag });
      void queryClient.invalidateQueries({ queryKey: memberKeys.timeline(memberId) });
      void queryClient.invalidateQueries({ queryKey: ['members', 'list'] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
      void message.success(t('ui.member.saved'));
      void navigate(`/members/${memberId}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) setStale(true);
      else {
        const other = showFieldErrors(form, e, NAMES);
        setExtra(other);
        setError(e);
        const first = e instanceof ApiError ? e.errors.find((fe) => (NAMES as string[]).includes(fe.path)) : undefined;
        if (first) form.scrollToField(first.path, { focus: true, block: 'center' });
      }
    } finally {
      setBusy(false);
    }
  };

  const reload = async () => {
    const latest = await onReload();
    if (!latest) return;
    setBase(latest);
    form.setFieldsValue(formValues(latest.member));
    setStale(false);
  };

  const control = (f: FieldSpec) => {
    if (f.kind === 'date') return <DateField max={todayInVietnam()} allowClear={false} />;
    if (f.kind === 'ethnicity') {
      return (
        <Select showSearch={{ optionFilterProp: 'label' }}
          options={Object.entries(ETHNICITIES).map(([code, name]) => ({ value: code, label: name }))} />
      );
    }
    if (f.kind === 'enum') {
      return (
        <Select allowClear={!f.required} placeholder={t('ui.member.clear')}
          options={f.values.map((v) => ({ value: v, label: labels.enumValue(f.group, v) }))} />
      );
    }
    // Names and places are Vietnamese (left to right) even on a right-to-left screen.
    return <Input autoComplete="off" dir="auto" />;
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
      <Form<Values> form={form} layout="vertical" initialValues={original} onFinish={(v) => void submit(v)} name="member" scrollToFirstError>
        <Card size="small">
          <Row gutter={16}>
            {FIELDS.filter((f) => !m.maskedFields.includes(f.name)).map((f) => (
              <Col key={f.name} xs={24} md={12} xl={8}>
                <Form.Item name={f.name} label={labels.field(f.name)} required={f.required}>
                  {control(f)}
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Card>
        <Flex gap={8} style={{ marginBlockStart: 16 }}>
          <Button type="primary" htmlType="submit" loading={busy}>{t('ui.member.save')}</Button>
          <ButtonLink to={`/members/${memberId}`}>{t('ui.member.cancel')}</ButtonLink>
        </Flex>
      </Form>
    </article>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Flex, Form, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { CreateMemberBody, Member } from '../../../shared/schemas/members.ts';
import { apiSend } from '../../api/client.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { todayInVietnam } from '../../ui/today.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { UnitPicker } from '../units/UnitPicker.tsx';
import { unitName, useUnit } from '../units/units.api.ts';
import { normalize, PROFILE_FIELDS, ProfileControl, ProfileFieldsGrid, type FieldSpec } from './memberFields.tsx';
import { clearFieldErrors } from '../../ui/formErrors.ts';

type Values = Record<string, string | number | null | undefined>;

/** The admission as the decision records it; the profile follows. */
const ADMISSION: FieldSpec<'admissionDecisionDate' | 'admissionDecisionNo' | 'ceremonyDate' | 'officialDate'>[] = [
  { name: 'admissionDecisionDate', kind: 'date', required: true },
  { name: 'admissionDecisionNo', kind: 'text' },
  { name: 'ceremonyDate', kind: 'date' },
  { name: 'officialDate', kind: 'date' },
];
const NAMES = ['unitId', ...ADMISSION.map((f) => f.name), ...PROFILE_FIELDS.map((f) => f.name)];

/**
 * Registers a member of a cell (or a grassroots unit that holds members directly) with the
 * admission decision; the unit comes from the screen the user came from and can be changed.
 * The API checks the rest (admission age, probation before the official date, a card only for
 * an official member, unique citizen ID) and its answers appear under the fields.
 */
export function MemberCreateForm() {
  const { t } = useTranslation();
  const labels = useLabels();
  const locale = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [search] = useSearchParams();
  const unitParam = Number(search.get('unit'));
  const startUnit = useUnit(Number.isInteger(unitParam) && unitParam > 0 ? unitParam : null);
  const [form] = Form.useForm<Values>();
  const { busy, error, extra, run } = useFormSubmit(form, NAMES);
  usePageTitle(t('ui.memberForm.title'));
  const today = todayInVietnam();

  const submit = (values: Values) => run(async () => {
    const body: Record<string, unknown> = {};
    for (const name of NAMES) {
      const value = values[name];
      const kept = typeof value === 'string' ? normalize(value) : value ?? null;
      if (kept !== null) body[name] = kept;
    }
    const created = await apiSend<Member>('POST', '/members', body as CreateMemberBody);
    void queryClient.invalidateQueries({ queryKey: ['members', 'list'] });
    void queryClient.invalidateQueries({ queryKey: ['units', 'stats'] });
    void message.success(t('ui.memberForm.created', { name: created.fullName }));
    void navigate(`/members/${created.id}`);
  });

  if (startUnit.isPending && startUnit.fetchStatus !== 'idle') return null;
  const initialUnit = startUnit.data ? { id: startUnit.data.id, name: unitName(startUnit.data, locale), typeCode: startUnit.data.typeCode } : null;
  const back = initialUnit ? `/members?unit=${initialUnit.id}` : '/members';

  return (
    <article aria-labelledby="member-create-title">
      <Typography.Title level={1} id="member-create-title" style={{ fontSize: 24, marginBlockStart: 0 }}>
        {t('ui.memberForm.title')}
      </Typography.Title>
      <ErrorAlert error={error} extra={extra} />
      <Form<Values> form={form} onValuesChange={clearFieldErrors(form)} layout="vertical" name="member-create" scrollToFirstError
        initialValues={{ unitId: initialUnit?.id ?? null, admissionDecisionDate: today, ethnicity: '01', religion: 'none' }}
        onFinish={(v) => void submit(v)}>
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.memberForm.admission')}</h2>} style={{ marginBlockEnd: 16 }}>
          <Row gutter={16}>
            <Col xs={24} xl={8}>
              <Form.Item name="unitId" label={labels.field('unitId')} required extra={t('ui.memberForm.unitHint')}>
                <UnitPicker initial={initialUnit} />
              </Form.Item>
            </Col>
            {ADMISSION.map((f) => (
              <Col key={f.name} xs={24} md={12} xl={4}>
                <Form.Item name={f.name} label={labels.field(f.name)} required={f.required}>
                  <ProfileControl spec={f} />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Card>
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.member.identity')}</h2>}>
          <ProfileFieldsGrid fields={PROFILE_FIELDS} />
        </Card>
        <Flex gap={8} style={{ marginBlockStart: 16 }}>
          <Button type="primary" htmlType="submit" loading={busy}>{t('ui.memberForm.submit')}</Button>
          <ButtonLink to={back}>{t('ui.member.cancel')}</ButtonLink>
        </Flex>
      </Form>
    </article>
  );
}

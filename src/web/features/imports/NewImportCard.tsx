import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Flex, Form, Radio, Row, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useLocale } from '../../i18n/useLocale.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { clearFieldErrors } from '../../ui/formErrors.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { UnitPicker } from '../units/UnitPicker.tsx';
import { useStartUnit } from '../units/useStartUnit.ts';
import { ACCEPT, KINDS, putJob, uploadImport, type ImportKind } from './imports.api.ts';

type Values = { kind: ImportKind; unit: number | null; file: File | null };
const FIELDS = ['kind', 'unit', 'file'];

type FileInputProps = { id?: string; onChange?: (file: File | null) => void; 'aria-describedby'?: string };

/**
 * The browser's own file chooser, kept for the keyboard and for its label, under a button and the
 * name of the file chosen in the reader's language (the browser would write its own words).
 */
function FileInput({ id, onChange, ...aria }: FileInputProps) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [name, setName] = useState<string | null>(null);
  return (
    <Flex className="file-input" align="center" gap={8} wrap>
      <input
        ref={input} type="file" id={id} accept={ACCEPT} aria-describedby={aria['aria-describedby']} data-testid="import-file"
        className="visually-hidden"
        onChange={(e) => {
          const file = e.target.files?.[0] ?? null;
          setName(file?.name ?? null);
          onChange?.(file);
        }}
      />
      {/* The input above is what the keyboard and screen readers use; this button only shows it. */}
      <Button icon={<PaperClipOutlined aria-hidden />} tabIndex={-1} aria-hidden onClick={() => input.current?.click()}>
        {t('ui.imports.chooseFile')}
      </Button>
      <Typography.Text type={name ? undefined : 'secondary'} style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
        {name ? <bdi>{name}</bdi> : t('ui.imports.noFile')}
      </Typography.Text>
    </Flex>
  );
}

/**
 * A new import: what the file holds (members or units), the unit it belongs to (the one the user
 * came from, else their own), and the file. The server reads the header and suggests a mapping;
 * the job's page follows. A file the server cannot read is refused with its reason above the form.
 */
export function NewImportCard() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [search] = useSearchParams();
  const start = useStartUnit('imports.run');
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? 'members';
  const { busy, error, extra, run } = useFormSubmit(form, FIELDS);

  const submit = (values: Values) => void run(async () => {
    if (!values.file || !values.unit) return;
    const job = await uploadImport(values.kind, values.unit, values.file);
    putJob(queryClient, job, locale);
    void message.success(t('ui.imports.uploaded', { file: job.fileName }));
    void navigate(`/imports/${job.id}`);
  });

  if (!start.ready) return null;
  const initialUnit = start.initial;
  const kindParam = search.get('kind');
  const initialKind: ImportKind = kindParam === 'units' ? 'units' : 'members';

  return (
    <Card size="small" style={{ marginBlockEnd: 24 }} data-testid="new-import"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.imports.newTitle')}</h2>}>
      <ErrorAlert error={error} extra={extra} />
      <Form<Values> form={form} layout="vertical" name="new-import" onValuesChange={clearFieldErrors(form)}
        initialValues={{ kind: initialKind, unit: initialUnit?.id ?? null, file: null }} onFinish={submit}>
        <Row gutter={16}>
          <Col xs={24} lg={6}>
            <Form.Item name="kind" label={t('ui.imports.kind')} required>
              <Radio.Group options={KINDS.map((k) => ({ value: k, label: t(`ui.imports.kinds.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} lg={10}>
            <Form.Item name="unit" label={t('ui.imports.unit')} required extra={t(`ui.imports.unitHint.${kind}`)}
              rules={[{ required: true, message: t('ui.imports.unitRequired') }]}>
              <UnitPicker initial={initialUnit} />
            </Form.Item>
          </Col>
          <Col xs={24} lg={8}>
            <Form.Item name="file" label={t('ui.imports.file')} required extra={t('ui.imports.fileHint')}
              rules={[{ required: true, message: t('ui.imports.fileRequired') }]}>
              <FileInput />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" icon={<UploadOutlined aria-hidden />} loading={busy}>{t('ui.imports.upload')}</Button>
      </Form>
    </Card>
  );
}

import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { afterInspectionChange, ATTACHMENT_ACCEPT, attachmentUrl, inspectionKeys, uploadAttachment, type Attachment } from './inspections.api.ts';

type Props = { owner: 'inspection-cases' | 'discipline-decisions'; ownerId: number; attachments: Attachment[]; canWrite: boolean };

/**
 * The files attached to a case or a decision (decisions, notices, minutes), each downloaded
 * through the API (which records the download), and where the user may write, a file chooser
 * that sends the chosen file at once. The server checks the type by the content and the size;
 * its refusal shows above the list.
 */
export function AttachmentsCard({ owner, ownerId, attachments, canWrite }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const upload = async (file: File) => {
    setBusy(true);
    setError(null);
    try {
      const saved = await uploadAttachment(owner, ownerId, file);
      void queryClient.invalidateQueries({ queryKey: owner === 'inspection-cases' ? inspectionKeys.case(ownerId) : inspectionKeys.discipline(ownerId) });
      afterInspectionChange(queryClient);
      void message.success(t('ui.inspections.attachments.uploaded', { file: saved.fileName }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const size = (bytes: number) => (bytes < 1_048_576
    ? t('ui.inspections.attachments.kilobytes', { size: fmt.number(Math.max(1, Math.round(bytes / 1024))) })
    : t('ui.inspections.attachments.megabytes', { size: fmt.number(Math.round((bytes / 1_048_576) * 10) / 10) }));

  const columns: TableColumnsType<Attachment> = [
    {
      key: 'file', title: t('ui.inspections.attachments.file'),
      render: (_, a) => (
        <a href={attachmentUrl(a.id)} download={a.fileName} data-testid="attachment-link">
          <PaperClipOutlined aria-hidden /> <bdi>{a.fileName}</bdi>
        </a>
      ),
    },
    { key: 'size', title: t('ui.inspections.attachments.size'), align: 'end', render: (_, a) => <span style={{ whiteSpace: 'nowrap' }}>{size(a.byteSize)}</span> },
    { key: 'uploadedAt', title: t('ui.inspections.attachments.uploadedAt'), render: (_, a) => <span style={{ whiteSpace: 'nowrap' }}>{fmt.instant(a.uploadedAt)}</span> },
  ];

  return (
    <Card size="small" style={{ marginBlockEnd: 16 }} data-testid="attachments"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.inspections.attachments.title')}</h2>}>
      <ErrorAlert error={error} extra={error instanceof ApiError ? error.errors.map((e) => e.message) : []} />
      <Table<Attachment> rowKey="id" size="small" pagination={false} dataSource={attachments} columns={columns} scroll={attachments.length > 0 ? { x: 560 } : undefined}
        locale={{ emptyText: <Typography.Text type="secondary">{t('ui.inspections.attachments.none')}</Typography.Text> }} />
      {canWrite && (
        <Flex className="file-input" align="center" gap={8} wrap style={{ marginBlockStart: 12 }}>
          <label htmlFor={inputId} className="visually-hidden">{t('ui.inspections.attachments.choose')}</label>
          <input
            ref={input} type="file" id={inputId} accept={ATTACHMENT_ACCEPT} className="visually-hidden" data-testid="attachment-file"
            aria-describedby={`${inputId}-hint`} disabled={busy}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void upload(file);
            }}
          />
          {/* The input above is what the keyboard and screen readers use; this button only shows it. */}
          <Button icon={<UploadOutlined aria-hidden />} tabIndex={-1} aria-hidden loading={busy} onClick={() => input.current?.click()}>
            {t('ui.inspections.attachments.choose')}
          </Button>
          <Typography.Text type="secondary" id={`${inputId}-hint`}>{t('ui.inspections.attachments.hint')}</Typography.Text>
        </Flex>
      )}
    </Card>
  );
}

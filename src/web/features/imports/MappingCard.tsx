import { DeleteOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Input, Radio, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import {
  canRun, deleteMapping, importKeys, mappingFor, MODES, putJob, runImport, saveMapping, useSavedMappings,
  type ImportJob, type ImportMapping, type ImportMode,
} from './imports.api.ts';

/** The Select's value for a column that fills no field. */
const IGNORE = '';

type Row = { index: number; cell: string };

/**
 * Step "Map columns": one row per header cell with the field it fills (suggested by the server
 * from the header and the user's saved mappings, or as last run), a saved mapping to load, the
 * current one to save under a name, what to do with refused rows, and the dry run or the import.
 * A field goes to one column at a time: choosing it for another moves it there.
 */
export function MappingCard({ job, onStarted }: { job: ImportJob; onStarted?: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fmt = useFormat();
  const locale = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const fieldNames = job.fields.map((f) => f.field);
  const [mapping, setMapping] = useState<ImportMapping>(() => mappingFor(job.header, job.mapping ?? job.suggestedMapping, fieldNames));
  const [mode, setMode] = useState<ImportMode>(job.mode ?? 'all_or_nothing');
  const [savedId, setSavedId] = useState<number | null>(null);
  const [saveName, setSaveName] = useState('');
  const [busy, setBusy] = useState<'check' | 'apply' | 'save' | 'delete' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const saved = useSavedMappings(job.kind);
  const editable = canRun(job) && busy === null;

  /** Runs a request, showing the API's refusal (with its field messages) above the buttons. */
  const attempt = async (what: NonNullable<typeof busy>, send: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await send();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const choose = (cell: string, field: string) => setMapping((old) => {
    const next: ImportMapping = {};
    for (const [c, f] of Object.entries(old)) if (c !== cell && f !== field) next[c] = f;
    if (field !== IGNORE) next[cell] = field;
    return next;
  });

  const run = (action: 'check' | 'apply') => void attempt(action, async () => {
    putJob(queryClient, await runImport(job.id, action, mapping, mode), locale);
    onStarted?.();
  });

  const loadSaved = (id: number | null) => {
    setSavedId(id);
    const found = saved.data?.find((m) => m.id === id);
    if (!found) return;
    setMapping(mappingFor(job.header, found.mapping, fieldNames));
    void message.success(t('ui.imports.map.loaded', { name: found.name }));
  };

  const save = () => void attempt('save', async () => {
    const name = saveName.trim();
    const done = await saveMapping(job.kind, name, mapping);
    await queryClient.invalidateQueries({ queryKey: importKeys.mappings(job.kind) });
    setSavedId(done.id);
    setSaveName('');
    void message.success(t('ui.imports.map.savedDone', { name: done.name }));
  });

  const remove = () => void attempt('delete', async () => {
    const found = saved.data?.find((m) => m.id === savedId);
    if (!found) return;
    await deleteMapping(found.id);
    await queryClient.invalidateQueries({ queryKey: importKeys.mappings(job.kind) });
    setSavedId(null);
    void message.success(t('ui.imports.map.deleted', { name: found.name }));
  });

  const used = new Set(Object.values(mapping));
  const missing = job.fields.filter((f) => f.required && !used.has(f.field)).map((f) => labels.field(f.field));
  const fieldOptions = [
    { value: IGNORE, label: t('ui.imports.map.ignore') },
    ...job.fields.map((f) => ({
      value: f.field,
      label: f.required ? t('ui.imports.map.requiredField', { field: labels.field(f.field) }) : labels.field(f.field),
    })),
  ];
  const rows: Row[] = job.header.map((cell, index) => ({ index, cell }));
  // The API names a refused column as `mapping.<header cell>`: its message goes under that column's field.
  const apiErrors = error instanceof ApiError ? error.errors : [];
  const byCell = new Map<string, string[]>();
  for (const e of apiErrors) {
    const cell = e.path.startsWith('mapping.') ? e.path.slice('mapping.'.length) : null;
    if (cell !== null && job.header.includes(cell)) byCell.set(cell, [...(byCell.get(cell) ?? []), e.message]);
  }
  const underColumn = (path: string) => path.startsWith('mapping.') && byCell.has(path.slice('mapping.'.length));
  const details = apiErrors.filter((e) => !underColumn(e.path)).map((e) => e.message)
    .filter((m) => !(error instanceof ApiError) || m !== error.message);

  return (
    <Card size="small" style={{ marginBlockEnd: 16 }} data-testid="import-mapping"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.imports.map.title')}</h2>}>
      <Typography.Paragraph type="secondary">{t('ui.imports.map.intro')}</Typography.Paragraph>
      <Flex wrap gap={16} align="end" style={{ marginBlockEnd: 16 }}>
        <Flex vertical gap={4} style={{ minWidth: 220, flex: '1 1 220px', maxWidth: 360 }}>
          <label htmlFor="saved-mapping">{t('ui.imports.map.saved')}</label>
          <Space.Compact style={{ width: '100%' }}>
            <Select<number>
              id="saved-mapping" value={savedId ?? undefined} onChange={(v) => loadSaved(v ?? null)} allowClear disabled={!editable}
              placeholder={t('ui.imports.map.savedPlaceholder')} notFoundContent={t('ui.imports.map.savedNone')}
              loading={saved.isPending} style={{ width: '100%' }}
              options={(saved.data ?? []).map((m) => ({ value: m.id, label: m.name }))}
            />
            <Button icon={<DeleteOutlined aria-hidden />} onClick={remove} disabled={!editable || savedId === null}
              loading={busy === 'delete'} aria-label={t('ui.imports.map.deleteSaved')} title={t('ui.imports.map.deleteSaved')} />
          </Space.Compact>
        </Flex>
        <Flex vertical gap={4} style={{ minWidth: 220, flex: '1 1 220px', maxWidth: 360 }}>
          <label htmlFor="save-mapping-name">{t('ui.imports.map.saveAs')}</label>
          <Space.Compact style={{ width: '100%' }}>
            <Input id="save-mapping-name" value={saveName} onChange={(e) => setSaveName(e.target.value)} maxLength={100} dir="auto"
              placeholder={t('ui.imports.map.saveAsPlaceholder')} disabled={!editable} onPressEnter={() => { if (saveName.trim()) save(); }} />
            <Button onClick={save} disabled={!editable || saveName.trim() === ''} loading={busy === 'save'}>{t('ui.imports.map.save')}</Button>
          </Space.Compact>
        </Flex>
      </Flex>
      <Table<Row>
        rowKey="index"
        size="small"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 480 }}
        data-testid="mapping-table"
        columns={[
          {
            key: 'cell', title: t('ui.imports.map.column'), width: '45%',
            render: (_, r) => <bdi data-testid="mapping-cell">{r.cell || t('ui.imports.map.emptyCell', { n: fmt.number(r.index + 1) })}</bdi>,
          },
          {
            key: 'field', title: t('ui.imports.map.field'),
            render: (_, r) => {
              const field = mapping[r.cell] ?? IGNORE;
              const problems = byCell.get(r.cell) ?? [];
              const errorId = `mapping-error-${r.index}`;
              return (
                <Flex gap={8} align="center" wrap>
                  <Select<string>
                    aria-label={t('ui.imports.map.fieldFor', { column: r.cell })}
                    aria-describedby={problems.length > 0 ? errorId : undefined}
                    status={problems.length > 0 ? 'error' : undefined}
                    value={field}
                    onChange={(v) => choose(r.cell, v)}
                    disabled={!editable || r.cell === ''}
                    options={fieldOptions}
                    showSearch={{ optionFilterProp: 'label' }}
                    style={{ minWidth: 200, flex: '1 1 200px' }}
                    data-testid="mapping-field"
                  />
                  {problems.length > 0 && (
                    <Typography.Text type="danger" id={errorId} style={{ flexBasis: '100%' }}>{problems.join(' ')}</Typography.Text>
                  )}
                </Flex>
              );
            },
          },
        ]}
      />
      {missing.length > 0 && (
        <Alert type="warning" showIcon style={{ marginBlockStart: 16 }} data-testid="mapping-missing"
          title={t('ui.imports.map.requiredMissing', { fields: missing.join(', ') })} />
      )}
      <fieldset style={{ border: 0, padding: 0, margin: '16px 0' }}>
        <legend style={{ fontSize: 14, marginBlockEnd: 8, border: 0 }}>{t('ui.imports.mode.label')}</legend>
        <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as ImportMode)} disabled={!editable}>
          <Flex vertical gap={4}>
            {MODES.map((m) => <Radio key={m} value={m}>{t(`ui.imports.mode.${m}`)}</Radio>)}
          </Flex>
        </Radio.Group>
      </fieldset>
      <ErrorAlert error={error} extra={details} />
      <Flex wrap gap={8} align="center">
        <Button onClick={() => run('check')} disabled={!editable} loading={busy === 'check'} data-testid="import-check">
          {t('ui.imports.check')}
        </Button>
        <Button type="primary" onClick={() => run('apply')} disabled={!editable} loading={busy === 'apply'} data-testid="import-apply">
          {t('ui.imports.apply')}
        </Button>
        <Typography.Text type="secondary">{t('ui.imports.checkHint')}</Typography.Text>
      </Flex>
    </Card>
  );
}

import { Collapse, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { LOCALES } from '../../../../shared/reference.ts';
import { useLabels } from '../../../i18n/useLabels.ts';

/** Other languages than Vietnamese, in which a unit may also have a name. */
export const OTHER_LANGUAGES = LOCALES.filter((l) => l !== 'vi');
export const NAME_FIELDS = ['name', ...OTHER_LANGUAGES.map((l) => `names.${l}`)];

export type NameValues = { name?: string; names?: Partial<Record<string, string>> };

/** The names typed, with the empty translations left out. */
export function namesBody(values: NameValues): { name: string; names?: Record<string, string> } {
  const names = Object.fromEntries(Object.entries(values.names ?? {}).filter((e): e is [string, string] => Boolean(e[1]?.trim())));
  return { name: values.name ?? '', ...(Object.keys(names).length > 0 ? { names } : {}) };
}

/** The official (Vietnamese) name, and its translations folded away until wanted. */
export function NameFields({ openTranslations = false }: { openTranslations?: boolean }) {
  const { t } = useTranslation();
  const labels = useLabels();
  return (
    <>
      <Form.Item name="name" label={labels.field('name')} required>
        <Input autoComplete="off" dir="auto" />
      </Form.Item>
      <Collapse
        size="small"
        style={{ marginBlockEnd: 16 }}
        defaultActiveKey={openTranslations ? ['names'] : []}
        items={[{
          key: 'names',
          label: t('ui.unitForm.translations'),
          forceRender: true,
          children: OTHER_LANGUAGES.map((l) => (
            <Form.Item key={l} name={['names', l]} label={t(`ui.unitForm.nameIn.${l}`)}>
              <Input autoComplete="off" dir="auto" lang={l} />
            </Form.Item>
          )),
        }]}
      />
    </>
  );
}

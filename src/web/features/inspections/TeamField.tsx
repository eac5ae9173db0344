import { Select } from 'antd';
import { useTranslation } from 'react-i18next';

type Props = { id?: string; value?: string[]; onChange?: (value: string[]) => void; 'aria-describedby'?: string };

/** The members of a team, by name: each typed and confirmed with Enter (or a comma). */
export function TeamField({ id, value, onChange, ...aria }: Props) {
  const { t } = useTranslation();
  return (
    <Select<string[]>
      id={id}
      aria-describedby={aria['aria-describedby']}
      mode="tags"
      value={value ?? []}
      onChange={(v) => onChange?.(v.map((n) => n.trim()).filter(Boolean))}
      tokenSeparators={[',', ';']}
      placeholder={t('ui.inspections.fields.teamPlaceholder')}
      notFoundContent={null}
      suffixIcon={null}
      style={{ width: '100%' }}
    />
  );
}

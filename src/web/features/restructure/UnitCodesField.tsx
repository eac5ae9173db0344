import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUnitOptions } from './useUnitOptions.tsx';

type Props = {
  id?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
  'aria-describedby'?: string;
};

/** Several units' codes, each typed (Enter adds it) or found by name; see UnitCodeField. */
export function UnitCodesField({ id, value, onChange, ...aria }: Props) {
  const { t } = useTranslation();
  const { options, onSearch, loading } = useUnitOptions();
  return (
    <Select<string[]>
      id={id}
      mode="tags"
      aria-describedby={aria['aria-describedby']}
      value={value ?? []}
      onChange={(v) => onChange?.(v)}
      showSearch={{ filterOption: false, onSearch }}
      options={options}
      loading={loading}
      placeholder={t('ui.restructure.codesPlaceholder')}
      popupMatchSelectWidth={false}
      style={{ width: '100%' }}
    />
  );
}

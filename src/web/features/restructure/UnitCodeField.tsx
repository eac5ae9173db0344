import { AutoComplete } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUnitOptions } from './useUnitOptions.tsx';

type Props = {
  id?: string;
  value?: string;
  onChange?: (value: string) => void;
  onBlur?: () => void;
  'aria-describedby'?: string;
};

/**
 * A unit's code: typed as it is (a unit an earlier operation of the plan creates has no record
 * yet), or found by typing part of a name and chosen from the list, which fills in its code.
 */
export function UnitCodeField({ id, value, onChange, onBlur, ...aria }: Props) {
  const { t } = useTranslation();
  const { options, onSearch } = useUnitOptions();
  return (
    <AutoComplete
      id={id}
      aria-describedby={aria['aria-describedby']}
      value={value}
      onChange={(v: string) => onChange?.(v)}
      onBlur={onBlur}
      showSearch={{ filterOption: false, onSearch }}
      options={options}
      placeholder={t('ui.restructure.codePlaceholder')}
      popupMatchSelectWidth={false}
      style={{ width: '100%' }}
    />
  );
}

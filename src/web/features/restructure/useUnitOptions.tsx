import { Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useLocale } from '../../i18n/useLocale.ts';
import { unitName, useUnitTypes } from '../units/units.api.ts';
import { useUnitSearch } from './restructure.api.ts';

/**
 * Units matching what the user types into a code field, offered by name and filling in the code.
 * The search waits for the typing to pause, and needs two letters.
 */
export function useUnitOptions() {
  const locale = useLocale();
  const unitTypes = useUnitTypes();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const found = useUnitSearch(q);
  const options = (found.data?.items ?? []).map((u) => ({
    value: u.code,
    label: (
      <span>
        <bdi>{unitName(u, locale)}</bdi>{' '}
        <Typography.Text type="secondary">· {unitTypes.name(u.typeCode)} · <bdi>{u.code}</bdi></Typography.Text>
      </span>
    ),
  }));
  return { options, onSearch: setTyped, loading: found.isFetching };
}

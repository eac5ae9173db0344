import { Typography } from 'antd';
import { useLocale } from '../../i18n/useLocale.ts';
import { useTypedQuery } from '../../ui/useTypedQuery.ts';
import { unitName, useUnitTypes } from '../units/units.api.ts';
import { useUnitSearch } from './restructure.api.ts';

/**
 * Units matching what the user types into a code field, offered by name and filling in the code.
 * The search waits for the typing to pause, and needs two letters.
 */
export function useUnitOptions() {
  const locale = useLocale();
  const unitTypes = useUnitTypes();
  const { q, onType } = useTypedQuery();
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
  return { options, onSearch: onType, loading: found.isFetching };
}

import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLocale } from '../../i18n/useLocale.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { fetchAllUnits, unitKeys, unitName, useUnitTypes } from './units.api.ts';

type Props = { q: string; linkSearch: string; onClear: () => void };

/** Units whose name contains the words typed, case and diacritics ignored (`GET /units?q=`). */
export function UnitSearchResults({ q, linkSearch, onClear }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const unitTypes = useUnitTypes();
  const found = useQuery({ queryKey: unitKeys.search(q), queryFn: () => fetchAllUnits({ q }, 200) });

  return (
    <section aria-labelledby="unit-search-results">
      <Typography.Title level={2} id="unit-search-results" style={{ fontSize: 14, marginBlock: 8 }}>
        {t('ui.tree.results')}
      </Typography.Title>
      {found.isPending && <PageSpinner />}
      {found.isError && <ErrorAlert error={found.error} />}
      {found.data?.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ui.tree.noResults')} />}
      {found.data && found.data.length > 0 && (
        <ul style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="unit-search-results">
          {found.data.map((u) => (
            <li key={u.id} style={{ paddingBlock: 4 }}>
              <Link to={{ pathname: `/units/${u.id}`, search: linkSearch }}><bdi>{unitName(u, locale)}</bdi></Link>
              <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{unitTypes.name(u.typeCode)}</Typography.Text></div>
            </li>
          ))}
        </ul>
      )}
      <Button type="link" onClick={onClear} style={{ paddingInline: 0 }}>{t('ui.tree.clear')}</Button>
    </section>
  );
}

import { SearchOutlined } from '@ant-design/icons';
import { Button, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useMatch, useNavigate } from 'react-router';
import { UnitSearchResults } from './UnitSearchResults.tsx';
import { UnitTree } from './UnitTree.tsx';

/**
 * The side panel: find a unit by name, or walk the tree; either opens the unit's dashboard.
 * Untitled inside a drawer, whose own title already names it.
 */
export function UnitNavigator({ titled = true }: { titled?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const match = useMatch('/units/:unitId/*');
  const selectedId = match?.params.unitId ? Number(match.params.unitId) : null;
  const [q, setQ] = useState('');
  const [typed, setTyped] = useState('');
  // The date chosen on a dashboard stays when another unit is opened.
  const asOf = new URLSearchParams(location.search).get('asOf');
  const linkSearch = asOf ? `?asOf=${asOf}` : '';

  return (
    <nav aria-label={t('ui.tree.title')} style={{ padding: 12 }}>
      {titled && <Typography.Title level={2} style={{ fontSize: 16, marginBlockStart: 0 }}>{t('ui.tree.title')}</Typography.Title>}
      <Input.Search
        aria-label={t('ui.tree.search')}
        placeholder={t('ui.tree.search')}
        allowClear
        enterButton={<Button aria-label={t('ui.tree.search')} icon={<SearchOutlined />} />}
        value={typed}
        onChange={(e) => { setTyped(e.target.value); if (!e.target.value) setQ(''); }}
        onSearch={(value) => setQ(value.trim())}
        style={{ marginBlockEnd: 12 }}
      />
      {q ? (
        <UnitSearchResults q={q} linkSearch={linkSearch} onClear={() => { setQ(''); setTyped(''); }} />
      ) : (
        <UnitTree
          label={t('ui.tree.title')}
          selectedId={selectedId}
          onSelect={(id) => void navigate({ pathname: `/units/${id}`, search: linkSearch })}
        />
      )}
    </nav>
  );
}

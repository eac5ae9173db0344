import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Tree, type TreeDataNode } from 'antd';
import { useCallback, useEffect, useRef, useState, type Key } from 'react';
import type { Unit } from '../../../shared/schemas/units.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { fetchAllUnits, unitKeys, unitName, useUnit } from './units.api.ts';

type Props = { selectedId: number | null; label: string; onSelect: (id: number) => void };

type Node = TreeDataNode & { key: string; children?: Node[] };

function toNode(unit: Unit, locale: ReturnType<typeof useLocale>): Node {
  return { key: String(unit.id), title: <bdi>{unitName(unit, locale)}</bdi>, isLeaf: unit.childCount === 0 };
}

function withChildren(nodes: Node[], key: string, children: Node[]): Node[] {
  return nodes.map((n) => {
    if (n.key === key) return { ...n, children };
    return n.children ? { ...n, children: withChildren(n.children, key, children) } : n;
  });
}

/**
 * The organization tree as it stands today, from the units the user may see: children are
 * fetched when a branch opens (`GET /units?parent=`), and the branch of the unit on screen
 * opens by itself.
 */
export function UnitTree({ selectedId, label, onSelect }: Props) {
  const locale = useLocale();
  const queryClient = useQueryClient();
  const top = useQuery({ queryKey: unitKeys.top(), queryFn: () => fetchAllUnits({}) });
  const [treeData, setTreeData] = useState<Node[]>([]);
  const [expandedKeys, setExpandedKeys] = useState<Key[]>([]);
  const [loadedKeys, setLoadedKeys] = useState<Key[]>([]);
  const loaded = useRef(new Map<string, Unit[]>());

  // Rebuilt from what is loaded when the roots arrive or the language changes (names are localized).
  useEffect(() => {
    if (!top.data) return;
    const build = (units: Unit[]): Node[] =>
      units.map((u) => {
        const children = loaded.current.get(String(u.id));
        return children ? { ...toNode(u, locale), children: build(children) } : toNode(u, locale);
      });
    setTreeData(build(top.data));
  }, [top.data, locale]);

  const loadChildren = useCallback(async (key: string) => {
    if (loaded.current.has(key)) return;
    const id = Number(key);
    const children = await queryClient.fetchQuery({
      queryKey: unitKeys.children(id), queryFn: () => fetchAllUnits({ parent: id }), staleTime: 5 * 60_000,
    });
    loaded.current.set(key, children);
    setTreeData((nodes) => withChildren(nodes, key, children.map((u) => toNode(u, locale))));
    setLoadedKeys((keys) => (keys.includes(key) ? keys : [...keys, key]));
  }, [queryClient, locale]);

  // Opens the branch down to the selected unit (reached from a search, a link or a bookmark).
  const selected = useUnit(selectedId).data;
  useEffect(() => {
    if (!selected || !top.data) return;
    const roots = new Set(top.data.map((u) => String(u.id)));
    // The branch from a root the user sees down to the unit, which opens too when it has children.
    const chain = [...selected.ancestors.map((a) => String(a.id)), ...(selected.childCount > 0 ? [String(selected.id)] : [])];
    const start = chain.findIndex((k) => roots.has(k));
    if (start < 0) return;
    const path = chain.slice(start);
    let cancelled = false;
    void (async () => {
      for (const key of path) await loadChildren(key);
      if (!cancelled) setExpandedKeys((keys) => [...new Set([...keys, ...path])]);
    })();
    return () => { cancelled = true; };
  }, [selected, top.data, loadChildren]);

  if (top.isPending) return <PageSpinner />;
  if (top.isError) return <ErrorAlert error={top.error} onRetry={() => void top.refetch()} />;
  return (
    <Tree<Node>
      aria-label={label}
      blockNode
      showLine
      treeData={treeData}
      loadData={(node) => loadChildren(node.key)}
      loadedKeys={loadedKeys}
      expandedKeys={expandedKeys}
      onExpand={(keys) => setExpandedKeys(keys)}
      selectedKeys={selectedId ? [String(selectedId)] : []}
      onSelect={(_keys, info) => onSelect(Number(info.node.key))}
    />
  );
}

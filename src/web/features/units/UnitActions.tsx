import { DownOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useFormat } from '../../i18n/useFormat.ts';
import { useCan } from '../auth/session.ts';
import { useUnitTypes, type UnitDetail } from './units.api.ts';

/**
 * What the user may do to the unit on screen, each a form of its own: found a unit below it,
 * register a member or a candidate for admission (where members are kept), list the candidates,
 * the members due a badge and the transfers of party activity, open its inspection, supervision
 * and discipline figures, import members or units from a file, set the year's admission target,
 * rename, move, close. Offered only with the permission; the server checks again. `year` is the
 * dashboard's.
 */
export function UnitActions({ unit, year }: { unit: UnitDetail; year: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const fmt = useFormat();
  const unitTypes = useUnitTypes();
  const canUnits = useCan('units.write');
  const canMembers = useCan('members.write');
  const canReadMembers = useCan('members.read');
  const canImport = useCan('imports.run');
  const canInspect = useCan('inspections.read');
  const type = unitTypes.get(unit.typeCode);
  const open = unit.validTo === null;

  const items = [
    ...(canUnits && open && (type?.allowedChildTypes.length ?? 0) > 0 ? [{ key: 'new', label: t('ui.unitForm.create.action') }] : []),
    ...(canMembers && open && type?.holdsMembers ? [{ key: 'member', label: t('ui.memberForm.add') }] : []),
    ...(canMembers && open && type?.holdsMembers ? [{ key: 'candidate', label: t('ui.development.register') }] : []),
    ...(canReadMembers ? [{ key: 'candidates', label: t('ui.development.viewList') }] : []),
    ...(canReadMembers ? [{ key: 'badges', label: t('ui.badges.listAction') }] : []),
    ...(canReadMembers ? [{ key: 'transfers', label: t('ui.transfers.listAction') }] : []),
    ...(canInspect ? [{ key: 'inspections', label: t('ui.inspections.menu') }] : []),
    ...(canImport && open ? [{ key: 'import', label: t('ui.imports.unitAction') }] : []),
    ...(canUnits && open ? [
      { key: 'target', label: t('ui.targets.action', { year: fmt.year(year) }) },
      { key: 'rename', label: t('ui.unitForm.rename.action') },
      { key: 'move', label: t('ui.unitForm.move.action') },
      { type: 'divider' as const },
      { key: 'close', label: t('ui.unitForm.close.action'), danger: true },
    ] : []),
  ];
  if (items.length === 0) return null;

  const go = (key: string) => void navigate(key === 'member' ? `/members/new?unit=${unit.id}`
    : key === 'candidate' ? `/candidates/new?unit=${unit.id}` : key === 'candidates' ? `/candidates?unit=${unit.id}`
    : key === 'target' ? `/units/${unit.id}/targets/${year}` : key === 'import' ? `/imports?unit=${unit.id}` : `/units/${unit.id}/${key}`);
  return (
    <Dropdown trigger={['click']} menu={{ items, onClick: ({ key }) => go(key) }}>
      <Button data-testid="unit-actions">{t('ui.unitForm.actions')} <DownOutlined aria-hidden /></Button>
    </Dropdown>
  );
}

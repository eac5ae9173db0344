import type { Database, Sql } from '../../db/client.ts';
import { childPath, inScope, pathIds, scopeCondition } from '../../db/paths.ts';
import { decodeCursor, encodeCursor, today } from '../../db/rows.ts';
import { conflict, invalidFields, notFound, preconditionFailed } from '../../http/app-error.ts';
import { foldForSearch } from '../../../shared/text/names.ts';
import type { CreateUnitBody, Unit } from '../../../shared/schemas/units.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as types from '../unit-types/unit-types.repository.ts';
import * as repo from './units.repository.ts';

/**
 * The typed organization tree. Unit types say which child types a unit may have; a unit's
 * name and place are versions over time, so the tree of any past date can be shown again.
 */

type Names = Record<string, string>;

const label = (u: { name: string; code: string }) => `${u.name} (${u.code})`;

function toUnit(u: repo.UnitRow, childCount: number): Unit {
  return {
    id: u.id, code: u.code, typeCode: u.typeCode, name: u.name, names: u.names, parentId: u.parentId,
    path: u.path, depth: u.depth, validFrom: u.validFrom, validTo: u.validTo, versionFrom: u.versionFrom,
    childCount, version: u.version,
  };
}

/** Loads a unit the actor may see; outside the scope it does not exist for them. */
async function visibleUnit(sql: Sql, actor: Actor, id: number, date?: string) {
  const unit = date ? await repo.findUnitAsOf(sql, id, date) : await repo.findUnitLatest(sql, id);
  if (!unit || !inScope(actor, unit.path)) throw notFound('unit');
  return unit;
}

export async function getUnit({ db, actor, id, asOf }: { db: Database; actor: Actor; id: number; asOf?: string | undefined }) {
  const date = asOf ?? today();
  const unit = await visibleUnit(db.pool, actor, id, date);
  const ancestorIds = pathIds(unit.path).slice(0, -1);
  const ancestors = (await repo.findUnitsAsOf(db.pool, ancestorIds, date))
    .filter((a) => inScope(actor, a.path))
    .map((a) => ({ id: a.id, code: a.code, name: a.name, typeCode: a.typeCode }));
  return { ...toUnit(unit, await repo.countChildrenAsOf(db.pool, id, date)), ancestors };
}

export async function listUnitVersions({ db, actor, id }: { db: Database; actor: Actor; id: number }) {
  await visibleUnit(db.pool, actor, id);
  return repo.listVersions(db.pool, id);
}

export async function listUnits(
  { db, actor, parentId, q, typeCode, asOf, cursor, limit }:
  { db: Database; actor: Actor; parentId?: number | undefined; q?: string | undefined; typeCode?: string | undefined;
    asOf?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const date = asOf ?? today();
  const after = decodeCursor(cursor);
  // A tampered cursor must not reach SQL with values of the wrong type (a 500 instead of a 400).
  const wellFormed = after?.length === 3 && Number.isSafeInteger(after[0]) && typeof after[1] === 'string' && Number.isSafeInteger(after[2]);
  if (cursor && !wellFormed) throw invalidFields({ path: 'cursor', rule: 'invalid_cursor' });
  const search = q ? foldForSearch(q) : '';
  if (parentId !== undefined) await visibleUnit(db.pool, actor, parentId, date);
  // Without a parent or a search, the top of what the actor may see: the tree's roots for
  // the whole tree, or the units of the actor's grants.
  let parent: number | null | undefined = parentId;
  const scopeParams: unknown[] = [];
  let scope = scopeCondition('v.path', actor, scopeParams);
  if (parentId === undefined && !search && !typeCode) {
    if (actor.scopePaths === null) parent = null;
    else {
      scopeParams.length = 0;
      scopeParams.push(actor.scopePaths.map((e) => pathIds(e.path).at(-1)));
      scope = 'u.id = ANY($1)';
    }
  }
  const rows = await repo.listUnits(db.pool, {
    date, parentId: parent, search: search || undefined, typeCode, scope, scopeParams,
    after: after as [number, string, number] | null, limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor([last.rank, last.nameKey, last.id]) : null;
  return { items: page.map((r) => toUnit(r, r.childCount)), nextCursor };
}

async function requireType(sql: Sql, code: string) {
  const type = await types.findUnitType(sql, code);
  if (!type) throw invalidFields({ path: 'typeCode', rule: 'unit_type_unknown', params: { type: code } });
  return type;
}

function mergeNames(name: string, names: Names | undefined, previous: Names = {}): Names {
  const merged: Names = { ...previous, ...Object.fromEntries(Object.entries(names ?? {}).filter(([, v]) => v)) };
  merged.vi = name;
  return merged;
}

export async function createUnit({ db, actor, input }: { db: Database; actor: Actor; input: CreateUnitBody }) {
  return db.transaction((sql) => createUnitIn(sql, { actor, input }));
}

/** The creation inside a transaction the caller holds (an import of units is one). */
export async function createUnitIn(sql: Sql, { actor, input, audit = true }: { actor: Actor; input: CreateUnitBody; audit?: boolean }) {
  const type = await requireType(sql, input.typeCode);
  if (input.validFrom < type.validFrom || (type.validTo !== null && input.validFrom >= type.validTo)) {
    throw conflict('unit_type_not_in_force', { type: type.names, date: input.validFrom });
  }
  if (await repo.findUnitIdByCode(sql, input.code)) throw conflict('unit_code_taken', { code: input.code });

  let parentPath: string | null = null;
  let depth = 0;
  if (input.parentId) {
    const parent = await repo.findUnitLatest(sql, input.parentId, true);
    if (!parent || !inScope(actor, parent.path)) {
      throw invalidFields({ path: 'parentId', rule: 'not_found_ref' });
    }
    const parentType = await types.findUnitType(sql, parent.typeCode);
    if (!parentType?.allowedChildTypes.includes(type.code)) {
      throw conflict('unit_child_type_not_allowed', {
        parentType: parentType?.names ?? parent.typeCode, childType: type.names });
    }
    if (parent.validTo !== null || input.validFrom < parent.validFrom) {
      throw conflict('unit_not_open', { unit: label(parent), date: input.validFrom });
    }
    // The child's one version must sit under the parent's place on every day from validFrom.
    if (input.validFrom < parent.versionFrom) {
      const atStart = await repo.findUnitAsOf(sql, parent.id, input.validFrom);
      if (atStart?.path !== parent.path) {
        throw conflict('unit_change_before_latest', { date: input.validFrom, latest: parent.versionFrom });
      }
    }
    parentPath = parent.path;
    depth = parent.depth + 1;
  } else if (!type.rootAllowed || actor.scopePaths !== null) {
    throw conflict('unit_root_not_allowed', { type: type.names });
  }

  const id = await repo.insertUnit(sql, { code: input.code, typeCode: type.code, validFrom: input.validFrom });
  await repo.insertVersion(sql, {
    unitId: id, name: input.name, names: mergeNames(input.name, input.names), nameKey: foldForSearch(input.name),
    parentId: input.parentId ?? null, path: childPath(parentPath, id), depth, validFrom: input.validFrom,
    reason: 'created',
  });
  const created = (await repo.findUnitLatest(sql, id)) as repo.UnitRow;
  // A restructure preview rolls back: it must not hold the audit trail's lock meanwhile.
  if (audit) await recordAudit(sql, actor, {
    action: 'unit.create', targetType: 'unit', targetId: String(id), unitPath: created.path, details: { after: input },
  });
  return toUnit(created, 0);
}

/** Loads the open unit for a change effective on `date`, enforcing scope, version and date order. */
async function unitForChange(sql: Sql, actor: Actor, id: number, date: string, ifMatch: number | null) {
  const unit = await repo.findUnitLatest(sql, id, true);
  if (!unit || !inScope(actor, unit.path)) throw notFound('unit');
  if (ifMatch !== null && ifMatch !== unit.version) throw preconditionFailed(unit.version);
  if (unit.validTo !== null) throw conflict('unit_not_open', { unit: label(unit), date });
  if (date < unit.validFrom) throw conflict('unit_date_before_start', { unit: label(unit), date, start: unit.validFrom });
  return unit;
}

export async function renameUnit(
  { db, actor, id, name, names, effectiveOn, ifMatch }:
  { db: Database; actor: Actor; id: number; name: string; names?: Names | undefined; effectiveOn: string; ifMatch: number | null },
) {
  return db.transaction((sql) => renameUnitIn(sql, { actor, id, name, names, effectiveOn, ifMatch }));
}

/** The rename inside a transaction the caller holds (an import of units is one). */
export async function renameUnitIn(
  sql: Sql,
  { actor, id, name, names, effectiveOn, ifMatch, audit = true }:
  { actor: Actor; id: number; name: string; names?: Names | undefined; effectiveOn: string; ifMatch: number | null; audit?: boolean },
) {
  const unit = await unitForChange(sql, actor, id, effectiveOn, ifMatch);
  if (effectiveOn < unit.versionFrom) {
    throw conflict('unit_change_before_latest', { date: effectiveOn, latest: unit.versionFrom });
  }
  const merged = mergeNames(name, names, unit.names);
  if (effectiveOn === unit.versionFrom) {
    await repo.replaceVersionName(sql, unit.versionId, name, merged, foldForSearch(name));
  } else {
    await repo.closeVersion(sql, unit.versionId, effectiveOn);
    await repo.insertVersion(sql, {
      unitId: id, name, names: merged, nameKey: foldForSearch(name), parentId: unit.parentId, path: unit.path,
      depth: unit.depth, validFrom: effectiveOn, reason: 'renamed',
    });
  }
  await repo.bumpVersion(sql, id);
  if (audit) await recordAudit(sql, actor, {
    action: 'unit.rename', targetType: 'unit', targetId: String(id), unitPath: unit.path,
    details: { before: { name: unit.name, names: unit.names }, after: { name, names: merged }, effectiveOn },
  });
  return toUnit((await repo.findUnitLatest(sql, id)) as repo.UnitRow, await repo.countOpenChildren(sql, id));
}

export async function moveUnit(
  { db, actor, id, parentId, effectiveOn, ifMatch }:
  { db: Database; actor: Actor; id: number; parentId: number; effectiveOn: string; ifMatch: number | null },
) {
  return db.transaction(async (sql) => {
    const unit = await unitForChange(sql, actor, id, effectiveOn, ifMatch);
    const parent = await repo.findUnitLatest(sql, parentId, true);
    if (!parent || !inScope(actor, parent.path)) throw invalidFields({ path: 'parentId', rule: 'not_found_ref' });
    if (parent.path.startsWith(unit.path)) throw conflict('unit_cycle');
    if (parent.id === unit.parentId) throw conflict('unit_same_parent', { unit: label(unit) });
    if (parent.validTo !== null || effectiveOn < parent.versionFrom) {
      throw conflict('unit_not_open', { unit: label(parent), date: effectiveOn });
    }
    const [unitType, parentType] = await Promise.all([
      types.findUnitType(sql, unit.typeCode), types.findUnitType(sql, parent.typeCode)]);
    if (!parentType?.allowedChildTypes.includes(unit.typeCode)) {
      throw conflict('unit_child_type_not_allowed', {
        parentType: parentType?.names ?? parent.typeCode, childType: unitType?.names ?? unit.typeCode });
    }
    const latest = await repo.latestChangeInSubtree(sql, unit.path);
    if (latest && effectiveOn < latest) throw conflict('unit_change_before_latest', { date: effectiveOn, latest });

    const moved = await repo.repathSubtree(sql, {
      unitId: id, oldPath: unit.path, newPath: childPath(parent.path, id), newParentId: parent.id,
      date: effectiveOn, reason: 'moved',
    });
    await repo.bumpVersion(sql, id);
    const after = (await repo.findUnitLatest(sql, id)) as repo.UnitRow;
    await recordAudit(sql, actor, {
      action: 'unit.move', targetType: 'unit', targetId: String(id), unitPath: after.path,
      details: { before: { parentId: unit.parentId, path: unit.path }, after: { parentId: parent.id, path: after.path }, effectiveOn, moved },
    });
    return { unit: toUnit(after, await repo.countOpenChildren(sql, id)), moved };
  });
}

export async function closeUnit(
  { db, actor, id, effectiveOn, ifMatch }:
  { db: Database; actor: Actor; id: number; effectiveOn: string; ifMatch: number | null },
) {
  return db.transaction(async (sql) => {
    const unit = await unitForChange(sql, actor, id, effectiveOn, ifMatch);
    if (effectiveOn <= unit.versionFrom) {
      throw conflict('unit_change_before_latest', { date: effectiveOn, latest: unit.versionFrom });
    }
    const children = await repo.countOpenChildren(sql, id);
    if (children > 0) throw conflict('unit_has_open_children', { unit: label(unit), count: children });
    const members = await repo.countMembersFrom(sql, unit.path, effectiveOn);
    if (members > 0) throw conflict('unit_has_active_members', { unit: label(unit), count: members });
    // A child closed or moved out after the date was still under the unit on that day.
    const latest = await repo.latestChangeInSubtree(sql, unit.path);
    if (latest && effectiveOn < latest) throw conflict('unit_change_before_latest', { date: effectiveOn, latest });
    await repo.closeVersion(sql, unit.versionId, effectiveOn);
    await repo.bumpVersion(sql, id, effectiveOn);
    await recordAudit(sql, actor, { action: 'unit.close', targetType: 'unit', targetId: String(id), unitPath: unit.path, details: { effectiveOn } });
    return toUnit((await repo.findUnitLatest(sql, id)) as repo.UnitRow, 0);
  });
}


import { FOREVER } from './days.ts';

/**
 * The organization tree built in memory with the same operations and the same history rules
 * as the units service: a unit's name and place are versions over time; moving a unit closes
 * the open version of it and of everything below it and continues each under the new path
 * (units.repository.ts repathSubtree); closing a unit ends its life and its last version.
 * Units are numbered 0, 1, … here; database ids are given to them only when rows are written.
 */

export type VersionReason = 'created' | 'renamed' | 'moved' | 'restructured';

export type TreeVersion = {
  name: string;
  parent: number | null;
  /** Unit numbers from the root down to this unit: the materialized path before ids exist. */
  pathUnits: readonly number[];
  from: number;
  to: number;
  reason: VersionReason;
};

export type TreeUnit = {
  code: string;
  typeCode: string;
  from: number;
  to: number;
  /** The optimistic-locking counter the services bump on each change made to the unit itself. */
  version: number;
  versions: TreeVersion[];
  /** Units whose open version has this unit as parent. */
  children: Set<number>;
};

/** Who carries on for a unit a restructure closed (the unit_successors table). */
export type TreeSuccessor = { from: number; to: number; on: number; kind: 'merged' | 'abolished' };

export class UnitTree {
  readonly units: TreeUnit[] = [];
  readonly successors: TreeSuccessor[] = [];

  create(o: { code: string; typeCode: string; name: string; parent: number | null; from: number }): number {
    const index = this.units.length;
    const pathUnits = o.parent === null ? [index] : [...this.current(o.parent).pathUnits, index];
    this.units.push({
      code: o.code, typeCode: o.typeCode, from: o.from, to: FOREVER, version: 1, children: new Set(),
      versions: [{ name: o.name, parent: o.parent, pathUnits, from: o.from, to: FOREVER, reason: 'created' }],
    });
    if (o.parent !== null) this.unit(o.parent).children.add(index);
    return index;
  }

  /** Moves a unit (and, with it, its subtree) under another parent on `on`, optionally renaming it. */
  move(index: number, parent: number, on: number, reason: VersionReason, name?: string): void {
    const previous = this.current(index).parent;
    if (previous !== null) this.unit(previous).children.delete(index);
    this.unit(parent).children.add(index);
    this.unit(index).version += 1;
    this.continueUnder(index, parent, on, reason, name);
  }

  /** Ends a unit's life on `on`; like closeUnit, only once nothing below it is open. */
  close(index: number, on: number, successor?: Omit<TreeSuccessor, 'from' | 'on'>): void {
    if (successor) this.successors.push({ from: index, on, ...successor });
    const unit = this.unit(index);
    if (unit.children.size > 0) throw new Error(`Demo tree: ${unit.code} still has open children`);
    const last = this.current(index);
    if (on <= last.from) throw new Error(`Demo tree: ${unit.code} closed before its latest version`);
    last.to = on;
    unit.to = on;
    unit.version += 1;
    if (last.parent !== null) this.unit(last.parent).children.delete(index);
  }

  /**
   * A unit's places in the tree over time: consecutive versions with one path merged, as
   * openMembership splits a membership span (members.repository.ts unitPlaces).
   */
  places(index: number): { from: number; to: number; pathUnits: readonly number[] }[] {
    const places: { from: number; to: number; pathUnits: readonly number[] }[] = [];
    for (const v of this.unit(index).versions) {
      const prev = places.at(-1);
      if (prev && prev.to === v.from && samePath(prev.pathUnits, v.pathUnits)) prev.to = v.to;
      else places.push({ from: v.from, to: v.to, pathUnits: v.pathUnits });
    }
    return places;
  }

  unit(index: number): TreeUnit {
    const unit = this.units[index];
    if (!unit) throw new Error(`Demo tree: no unit ${index}`);
    return unit;
  }

  /** The latest version: the open one, or the last one of a closed unit. */
  current(index: number): TreeVersion {
    return this.unit(index).versions.at(-1) as TreeVersion;
  }

  private continueUnder(index: number, parent: number, on: number, reason: VersionReason, name?: string): void {
    const open = this.current(index);
    const pathUnits = [...this.current(parent).pathUnits, index];
    if (open.from === on) {
      // A version that began this very day is replaced, not closed: it never stood a full day.
      open.parent = parent;
      open.pathUnits = pathUnits;
      if (name) open.name = name;
    } else {
      open.to = on;
      this.unit(index).versions.push({ name: name ?? open.name, parent, pathUnits, from: on, to: FOREVER, reason });
    }
    for (const child of this.unit(index).children) this.continueUnder(child, index, on, reason);
  }
}

function samePath(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

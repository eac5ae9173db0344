import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { foldForSearch } from '../shared/text/names.ts';
import { toIso } from '../server/db/seed/days.ts';
import { Random } from '../server/db/seed/random.ts';
import { openTableFiles, type DatasetPart, type TableName } from './copy-files.ts';
import { ACTIVE_SHARE, emptyCounts, MemberWriter, type MemberCounts } from './national-members.ts';
import { buildNationalTree, type NationalTree } from './national-tree.ts';
import type { Scale } from './scales.ts';

/**
 * Generates a scale's dataset into COPY files under `dir`: the tree first, then each
 * province's members with their history, each part in a folder of its own and handed to
 * `ready` as soon as it is complete (the loader copies it while the next one is generated).
 * Deterministic: the same scale, seed and day give the same files; each province draws from
 * its own stream, so provinces do not shift one another.
 */

export type UnitCounts = { units: number; versions: number; byType: Record<string, number> };

export type GeneratedDataset = {
  scale: Scale['name'];
  seed: number;
  today: string;
  rows: Record<TableName, number>;
  units: UnitCounts;
  members: MemberCounts;
  /** Units the scenarios read (database ids): the root and each province with its size. */
  picks: { root: number; provinces: { id: number; name: string; activeMembers: number; kept: boolean }[] };
  /** Time spent generating (without waiting for the loader). */
  seconds: number;
};

export async function generateDataset(o: {
  scale: Scale; seed: number; today: string; dir: string;
  ready?: (part: DatasetPart) => void; log?: (line: string) => void;
}): Promise<GeneratedDataset> {
  let busy = 0;
  let t = performance.now();
  const log = o.log ?? (() => undefined);
  const ready = o.ready ?? (() => undefined);
  const national = buildNationalTree(new Random(o.seed, 1), o.scale);
  const treeDir = join(o.dir, 'tree');
  mkdirSync(treeDir, { recursive: true });
  const units = writeUnits(national, treeDir);
  busy += performance.now() - t;
  log(`  tree: ${units.units} units, ${units.versions} versions (${(busy / 1000).toFixed(1)} s)`);
  ready({ dir: treeDir, tables: ['units', 'unit_versions'], rows: units.units + units.versions });

  const writer = new MemberWriter({ member: 1, event: 1, span: 1 }, emptyCounts(), o.today);
  const rows = { units: units.units, unit_versions: units.versions, members: 0, member_events: 0, membership_spans: 0 };
  for (const [i, pc] of national.provinces.entries()) {
    t = performance.now();
    const dir = join(o.dir, `p${String(i).padStart(2, '0')}`);
    mkdirSync(dir, { recursive: true });
    const files = openTableFiles(dir, ['members', 'member_events', 'membership_spans'] as const);
    writer.files = files;
    await writer.province(new Random(o.seed, 100 + i), national, pc, Math.round(pc.activeMembers / ACTIVE_SHARE));
    for (const f of Object.values(files)) f.close();
    rows.members += files.members.rows;
    rows.member_events += files.member_events.rows;
    rows.membership_spans += files.membership_spans.rows;
    busy += performance.now() - t;
    ready({ dir, tables: ['members', 'member_events', 'membership_spans'], rows: files.members.rows + files.member_events.rows + files.membership_spans.rows });
    if (national.provinces.length > 1 && (i % 5 === 4 || i === national.provinces.length - 1)) {
      log(`  members: ${i + 1}/${national.provinces.length} provinces, ${writer.counts.members} records (${(busy / 1000).toFixed(1)} s)`);
    }
  }
  return {
    scale: o.scale.name, seed: o.seed, today: o.today, rows, units, members: writer.counts,
    picks: {
      root: national.root + 1,
      provinces: national.provinces.map((pc) => ({
        id: pc.unit + 1, name: pc.province.name, activeMembers: pc.activeMembers, kept: pc.province.from.length === 1,
      })),
    },
    seconds: busy / 1000,
  };
}

function writeUnits(national: NationalTree, dir: string): UnitCounts {
  const files = openTableFiles(dir, ['units', 'unit_versions'] as const);
  const byType: Record<string, number> = {};
  let versionId = 1;
  national.tree.units.forEach((u, i) => {
    files.units.row([i + 1, u.code, u.typeCode, toIso(u.from), toIso(u.to), u.version]);
    if (u.to === Number.POSITIVE_INFINITY) byType[u.typeCode] = (byType[u.typeCode] ?? 0) + 1;
    for (const v of u.versions) {
      files.unit_versions.row([
        versionId++, i + 1, v.name, JSON.stringify({ vi: v.name }), foldForSearch(v.name), v.parent === null ? null : v.parent + 1,
        `${v.pathUnits.map((x) => x + 1).join('.')}.`, v.pathUnits.length - 1, toIso(v.from), toIso(v.to), v.reason,
      ]);
    }
  });
  files.units.close();
  files.unit_versions.close();
  return { units: national.tree.units.length, versions: versionId - 1, byType };
}

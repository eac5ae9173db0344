import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { foldForSearch } from '../shared/text/names.ts';
import { toIso } from '../server/db/seed/days.ts';
import { Random } from '../server/db/seed/random.ts';
import { openTableFiles, type DatasetPart, type TableName } from './copy-files.ts';
import { ACTIVE_SHARE, emptyCounts, MemberWriter, type MemberCounts } from './national-members.ts';
import { KeptCounts } from './kept-counts.ts';
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
  const kept = new KeptCounts();
  const units = writeUnits(national, treeDir, kept);
  busy += performance.now() - t;
  log(`  tree: ${units.units} units, ${units.versions} versions (${(busy / 1000).toFixed(1)} s)`);
  ready({ dir: treeDir, tables: ['units', 'unit_versions'], rows: units.units + units.versions });

  const writer = new MemberWriter({ member: 1, event: 1, span: 1 }, emptyCounts(), o.today, kept);
  const rows = {
    units: units.units, unit_versions: units.versions, members: 0, member_events: 0, membership_spans: 0, kept_count_days: 0, kept_count_months: 0, kept_count_years: 0, event_count_days: 0,
  };
  const counts = ['kept_count_days', 'kept_count_months', 'kept_count_years', 'event_count_days'] as const;
  const tables = ['members', 'member_events', 'membership_spans', ...counts] as const;
  /** Closes a part's files and adds up their rows. */
  const counted = (files: Partial<Record<keyof typeof rows, { rows: number; close(): void }>>) => {
    let n = 0;
    for (const [table, f] of Object.entries(files)) {
      f.close();
      rows[table as keyof typeof rows] += f.rows;
      n += f.rows;
    }
    return n;
  };
  // The nation's kept counts grow with every province and are written last (with any unit left
  // without members); a province's are complete once its members are (an old province lies
  // within one new one).
  const nation = `${national.root + 1}.`;
  for (const [i, pc] of national.provinces.entries()) {
    t = performance.now();
    const dir = join(o.dir, `p${String(i).padStart(2, '0')}`);
    mkdirSync(dir, { recursive: true });
    const files = openTableFiles(dir, tables);
    writer.files = files;
    await writer.province(new Random(o.seed, 100 + i), national, pc, Math.round(pc.activeMembers / ACTIVE_SHARE));
    const own = new Set(pc.cells.flatMap((c) => c.places.map((p) => `${p.pathUnits.slice(0, 2).map((u) => u + 1).join('.')}.`)));
    kept.write({
      days: files.kept_count_days, months: files.kept_count_months, years: files.kept_count_years, events: files.event_count_days,
    }, (node) => own.has(node) && node !== nation);
    const n = counted(files);
    busy += performance.now() - t;
    ready({ dir, tables, rows: n });
    if (national.provinces.length > 1 && (i % 5 === 4 || i === national.provinces.length - 1)) {
      log(`  members: ${i + 1}/${national.provinces.length} provinces, ${writer.counts.members} records (${(busy / 1000).toFixed(1)} s)`);
    }
  }
  t = performance.now();
  const nationDir = join(o.dir, 'nation');
  mkdirSync(nationDir, { recursive: true });
  const countFiles = openTableFiles(nationDir, counts);
  kept.write({
    days: countFiles.kept_count_days, months: countFiles.kept_count_months, years: countFiles.kept_count_years, events: countFiles.event_count_days,
  });
  const n = counted(countFiles);
  busy += performance.now() - t;
  ready({ dir: nationDir, tables: counts, rows: n });
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

function writeUnits(national: NationalTree, dir: string, kept: KeptCounts): UnitCounts {
  const files = openTableFiles(dir, ['units', 'unit_versions'] as const);
  const byType: Record<string, number> = {};
  let versionId = 1;
  national.tree.units.forEach((u, i) => {
    files.units.row([i + 1, u.code, u.typeCode, toIso(u.from), toIso(u.to), u.version]);
    if (u.to === Number.POSITIVE_INFINITY) byType[u.typeCode] = (byType[u.typeCode] ?? 0) + 1;
    for (const v of u.versions) {
      const path = `${v.pathUnits.map((x) => x + 1).join('.')}.`;
      kept.unit(path, v.from, v.to, u.typeCode);
      files.unit_versions.row([
        versionId++, i + 1, v.name, JSON.stringify({ vi: v.name }), foldForSearch(v.name), v.parent === null ? null : v.parent + 1,
        path, v.pathUnits.length - 1, toIso(v.from), toIso(v.to), v.reason,
      ]);
    }
  });
  files.units.close();
  files.unit_versions.close();
  return { units: national.tree.units.length, versions: versionId - 1, byType };
}

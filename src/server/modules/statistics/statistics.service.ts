import type { Database } from '../../db/client.ts';
import { coversSubtreeOf, inScope, pathIds, scopeCondition, subtreeRange } from '../../db/paths.ts';
import { today } from '../../db/rows.ts';
import { notFound } from '../../http/app-error.ts';
import {
  AGE_BANDS, EDUCATION_LEVELS, GENDERS, MAJORITY_ETHNICITY, MEMBER_STATUSES, QUALIFICATIONS, RELIGIONS, THEORY_LEVELS,
} from '../../../shared/reference.ts';
import type { UnitStats } from '../../../shared/schemas/units.ts';
import type { Actor } from '../access/actor.ts';
import * as units from '../units/units.repository.ts';
import * as repo from './statistics.repository.ts';

type Count = { key: string; count: number };

/** Every known key appears, in the order of the reference list, so reports keep their rows. */
function ordered(rows: Count[], keys: readonly string[]): Count[] {
  const byKey = new Map(rows.map((r) => [r.key, r.count]));
  const known = keys.map((key) => ({ key, count: byKey.get(key) ?? 0 }));
  const extra = rows.filter((r) => !keys.includes(r.key)).sort((a, b) => a.key.localeCompare(b.key));
  return [...known, ...extra];
}

/** The counts a committee reports for a unit (and below) as the tree and membership stood on a date. */
export async function getUnitStats(
  { db, actor, unitId, asOf, subtree }: { db: Database; actor: Actor; unitId: number; asOf?: string | undefined; subtree: boolean },
): Promise<UnitStats> {
  const date = asOf ?? today();
  const unit = await units.findUnitAsOf(db.pool, unitId, date);
  if (!unit || !inScope(actor, unit.path)) throw notFound('unit');
  const [path, pathEnd] = subtreeRange(unit.path);
  // Each query filters by the actor's scope on its own path column.
  const target = (column: string): repo.StatsTarget => {
    const scopeParams: unknown[] = [];
    return {
      date, unit: { id: unit.id, path, pathEnd, subtree },
      scope: scopeCondition(column, actor, scopeParams), scopeParams,
    };
  };

  // The nation's and a province's counts are kept as data changes; they hold everything in the
  // subtree, so they answer only a caller who may count the whole subtree. Its events were
  // filed under each path the unit had over the ten years.
  const counted = (path: string) => pathIds(path).length <= repo.KEPT_COUNT_DEPTH && coversSubtreeOf(actor.scopePaths, path);
  const kept = subtree && counted(unit.path);
  const yearStart = `${date.slice(0, 4)}-01-01`;
  const decadeStart = `${Number(date.slice(0, 4)) - 9}-01-01`;
  // Asked while the members are being counted, not before.
  const keptEvents = kept ? repo.unitPathsDuring(db.pool, unit.id, decadeStart, date).then((paths) => paths.every(counted)) : false;
  const events = async (from: string, byYear: boolean) => ((await keptEvents)
    ? repo.countEventsKept(db.pool, unit.id, from, date, byYear)
    : repo.countEvents(db.pool, target('e.unit_path'), from, byYear));
  const counts = async () => {
    if (kept) return repo.countKept(db.pool, unit.path, date);
    const [members, unitsByType] = await Promise.all([
      repo.countMembersBy(db.pool, target('s.unit_path')), repo.countUnitsByType(db.pool, target('v.path')),
    ]);
    return { members, unitsByType };
  };
  const [{ members, unitsByType }, ytdEvents, perYear] = await Promise.all([counts(), events(yearStart, false), events(decadeStart, true)]);
  return report(unit.id, date, subtree, { members, unitsByType, ytdEvents, perYear });
}

/** The report from the counts, in the order and shape the API gives them. */
function report(
  unitId: number, date: string, subtree: boolean,
  { members, unitsByType, ytdEvents, perYear }: {
    members: { dimension: repo.Dimension; key: string; count: number }[]; unitsByType: Count[];
    ytdEvents: { kind: string; count: number }[]; perYear: { kind: string; year: number | null; count: number }[];
  },
): UnitStats {
  const yearStart = `${date.slice(0, 4)}-01-01`;
  const ytd = Object.fromEntries(ytdEvents.map((r) => [r.kind, r.count]));
  const by = (dimension: repo.Dimension) => members.filter((r) => r.dimension === dimension).map(({ key, count }) => ({ key, count }));
  const byStatus = ordered(by('status'), MEMBER_STATUSES);
  const byGender = ordered(by('gender'), GENDERS);
  const byEthnicity = by('ethnicity').sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  const byReligion = ordered(by('religion'), RELIGIONS);
  const total = byStatus.reduce((n, r) => n + r.count, 0);
  return {
    unitId,
    asOf: date,
    subtree,
    total,
    women: byGender.find((r) => r.key === 'female')?.count ?? 0,
    ethnicMinority: total - (byEthnicity.find((r) => r.key === MAJORITY_ETHNICITY)?.count ?? 0),
    religious: total - (byReligion.find((r) => r.key === 'none')?.count ?? 0),
    byStatus,
    byGender,
    byAgeBand: ordered(by('age_band'), AGE_BANDS),
    byEthnicity,
    byReligion,
    byEducation: ordered(by('education'), [...EDUCATION_LEVELS, 'unknown']),
    byQualification: ordered(by('qualification'), [...QUALIFICATIONS, 'unknown']),
    byTheoryLevel: ordered(by('theory_level'), [...THEORY_LEVELS, 'unknown']),
    unitsByType,
    yearToDate: {
      from: yearStart,
      admitted: ytd.admitted ?? 0,
      recognizedOfficial: ytd.recognized_official ?? 0,
      died: ytd.died ?? 0,
    },
    byYear: Array.from({ length: 10 }, (_, i) => Number(date.slice(0, 4)) - 9 + i).map((year) => {
      const of = (kind: string) => perYear.find((r) => r.year === year && r.kind === kind)?.count ?? 0;
      return { year, admitted: of('admitted'), recognizedOfficial: of('recognized_official'), died: of('died') };
    }),
  };
}

import type { Sql } from '../client.ts';
import type { Gender } from '../../../shared/reference.ts';
import type { CandidateStage } from '../../../shared/schemas/candidates.ts';
import { foldForSearch, vietnameseSortKey } from '../../../shared/text/names.ts';
import { insertRows, reserveIds } from './bulk-insert.ts';
import { addMonthsTo, FOREVER, toDay, toIso, yearOf } from './days.ts';
import type { DemoMember } from './demo-members.ts';
import type { DemoProvince } from './demo-province.ts';
import type { CellInfo } from './demo-tree.ts';
import * as profile from './member-profile.ts';
import { vietnameseName } from './names.ts';
import { Random, Weighted } from './random.ts';

/**
 * The demo province's candidates for admission: people its open cells are developing now, at
 * every stage, some waiting long at one, some withdrawn; and the development of the members
 * admitted in the last six months, each ending in the admission that created the member
 * record. Stages come in order with dates that never go back, and every application is made
 * between 18 and 60 years of age (in months), as the candidates service requires.
 */

/** Candidates in development per member: a few hundred for the default province of 20,000. */
const CANDIDATES_PER_MEMBER = 0.015;
/** Members admitted this recently get the development that led to their admission. */
const ADMITTED_WITHIN_MONTHS = 6;
/** Share of candidates waiting two to five years at their stage. */
const STUCK_SHARE = 0.12;

const IN_DEVELOPMENT: readonly CandidateStage[] = ['outstanding_mass', 'sympathizer', 'course_passed', 'applied'];
const CURRENT_STAGE = Weighted.of<CandidateStage>({
  outstanding_mass: 32, sympathizer: 24, course_passed: 18, applied: 14, withdrawn: 12,
});
const WITHDRAWAL_REASONS = [
  'Chuyển nơi cư trú ra ngoài tỉnh', 'Đi học tập, lao động ở nước ngoài', 'Bản thân xin dừng để tiếp tục phấn đấu',
  'Chưa đáp ứng tiêu chuẩn sau thời gian bồi dưỡng', 'Chuyển công tác sang đơn vị khác',
] as const;
/** Age in months at the first stage: mostly young people, some older workers. */
const FIRST_STAGE_AGE = new Weighted<[number, number]>([[[216, 300], 45], [[301, 420], 40], [[421, 600], 15]]);

type DemoStage = {
  stage: CandidateStage; since: number; courseName?: string; certificateNo?: string; decisionNo?: string;
  ceremonyDate?: string | null; reason?: string;
};

type DemoCandidate = {
  cell: number; fullName: string; gender: Gender; birthDate: string; birthPlace: string | null; hometown: string | null;
  residence: string | null; ethnicity: string; religion: string; citizenId: string; phone: string | null; education: string;
  qualification: string; academicTitle: string; theoryLevel: string; occupation: string; position: string | null;
  /** The member's citizen ID, for an admitted candidate (its database id is looked up by it). */
  memberCitizenId: string | null;
  stages: DemoStage[];
};

const DAY_MONTHS = 30;

function course(rng: Random, day: number): Pick<DemoStage, 'courseName' | 'certificateNo'> {
  return {
    courseName: `Lớp bồi dưỡng nhận thức về Đảng khóa ${rng.int(1, 6)}/${yearOf(day)}`,
    certificateNo: `${rng.int(1, 950)}/GCN-TTCT`,
  };
}

/** Stages up to and including `last`, dated backwards from `lastSince`, each a few months after the one before. */
function stagesUpTo(rng: Random, last: CandidateStage, lastSince: number): DemoStage[] {
  const index = IN_DEVELOPMENT.indexOf(last);
  const days: number[] = [lastSince];
  for (let i = index - 1; i >= 0; i--) days.unshift((days[0] as number) - rng.int(2 * DAY_MONTHS, 9 * DAY_MONTHS));
  return IN_DEVELOPMENT.slice(0, index + 1).map((stage, i) => {
    const since = days[i] as number;
    return stage === 'course_passed' ? { stage, since, ...course(rng, since) } : { stage, since };
  });
}

class CandidateGenerator {
  private readonly openCells: Weighted<number>;
  readonly candidates: DemoCandidate[] = [];

  constructor(private readonly rng: Random, private readonly demo: DemoProvince, private readonly todayDay: number,
    private readonly taken: Set<string>) {
    const units = demo.tree.tree.units;
    this.openCells = new Weighted(demo.tree.cells.flatMap((c, i) =>
      ((units[c.unit]?.to ?? 0) === FOREVER && c.from <= todayDay ? [[i, c.weight] as const] : [])));
  }

  private cell(i: number): CellInfo {
    return this.demo.tree.cells[i] as CellInfo;
  }

  /** A person being developed now; `forced` gives the first few candidates every stage in turn. */
  inDevelopment(forced: CandidateStage | null): void {
    const { rng } = this;
    const current = forced ?? CURRENT_STAGE.draw(rng);
    let stages: DemoStage[];
    if (current === 'withdrawn') {
      const dropped = this.todayDay - rng.int(0, 24 * DAY_MONTHS);
      const reached = IN_DEVELOPMENT[rng.int(0, 3)] as CandidateStage;
      stages = [...stagesUpTo(rng, reached, dropped - rng.int(DAY_MONTHS, 12 * DAY_MONTHS)),
        { stage: 'withdrawn', since: dropped, reason: rng.pick(WITHDRAWAL_REASONS) }];
    } else {
      const waited = rng.chance(STUCK_SHARE) ? rng.int(24 * DAY_MONTHS, 60 * DAY_MONTHS) : rng.int(0, 10 * DAY_MONTHS);
      stages = stagesUpTo(rng, current, this.todayDay - waited);
    }
    const first = (stages[0] as DemoStage).since;
    // A cell founded later (the communes' office cells of 2025) cannot have begun an older development.
    let cell = this.openCells.draw(rng);
    for (let attempt = 0; attempt < 20 && this.cell(cell).from > first; attempt++) cell = this.openCells.draw(rng);
    if (this.cell(cell).from > first) return;
    const [lo, hi] = FIRST_STAGE_AGE.draw(rng);
    const birthDay = addMonthsTo(first, -rng.int(lo, hi)) - rng.int(0, 27);
    this.push(cell, birthDay, stages);
  }

  /** The development that led to a recent admission: the member's own profile, cell and decision. */
  admitted(member: DemoMember, cell: number): void {
    const { rng } = this;
    const decision = toDay(member.admissionDecisionDate);
    const birthDay = toDay(member.birthDate);
    // The application is made at 18 at the earliest (the admission may follow soon after).
    const applied = Math.max(decision - rng.int(2 * DAY_MONTHS, 5 * DAY_MONTHS), addMonthsTo(birthDay, 216));
    // A cell founded shortly before (the communes' office cells of 2025) developed them from its first day.
    const founded = this.cell(cell).from;
    const stages = [...stagesUpTo(rng, 'applied', Math.min(applied, decision)), {
      stage: 'admitted' as const, since: decision, decisionNo: member.admissionDecisionNo, ceremonyDate: member.ceremonyDate,
    }].map((s) => ({ ...s, since: Math.max(s.since, founded) }));
    this.candidates.push({
      cell, fullName: member.fullName, gender: member.gender, birthDate: member.birthDate, birthPlace: member.birthPlace,
      hometown: member.hometown, residence: member.residence, ethnicity: member.ethnicity, religion: member.religion,
      citizenId: member.citizenId, phone: member.phone, education: member.education, qualification: member.qualification,
      academicTitle: member.academicTitle, theoryLevel: member.theoryLevel, occupation: member.occupation,
      position: member.position, memberCitizenId: member.citizenId, stages,
    });
  }

  /** A new person with a profile drawn for the cell's kind of place. */
  private push(cell: number, birthDay: number, stages: DemoStage[]): void {
    const { rng } = this;
    const info = this.cell(cell);
    const gender: Gender = rng.chance(profile.FEMALE_SHARE[info.kind]) ? 'female' : 'male';
    const birthYear = yearOf(birthDay);
    const ethnicity = profile.ethnicity(rng, info.profile);
    const birthPlace = info.birthPlace ?? 'tỉnh Quảng Ninh';
    const age = Math.floor((this.todayDay - birthDay) / 365.25);
    const { education, qualification, academicTitle, theoryLevel } = profile.schooling(rng, info.kind, true);
    const { occupation, position } = profile.work(rng, info.kind, age);
    this.candidates.push({
      cell, fullName: vietnameseName(rng, gender, ethnicity, birthYear), gender, birthDate: toIso(birthDay),
      birthPlace, hometown: rng.chance(0.8) ? birthPlace : null, residence: info.residence, ethnicity,
      religion: profile.religion(rng), citizenId: profile.citizenId(rng, gender, birthYear, this.taken), phone: profile.phone(rng),
      education, qualification, academicTitle, theoryLevel, occupation, position, memberCitizenId: null, stages,
    });
  }
}

/** The province's candidates in memory: `count` in development, and the recently admitted members' developments. */
export function generateDemoCandidates(
  demo: DemoProvince, o: { seed: number; today: string; taken: Set<string> },
): DemoCandidate[] {
  const todayDay = toDay(o.today);
  const generator = new CandidateGenerator(new Random(o.seed, 3), demo, todayDay, o.taken);
  const count = Math.max(10, Math.round(demo.people.members.length * CANDIDATES_PER_MEMBER));
  const every: CandidateStage[] = [...IN_DEVELOPMENT, 'withdrawn'];
  for (let i = 0; i < count; i++) generator.inDevelopment(every[i] ?? null);
  const since = addMonthsTo(todayDay, -ADMITTED_WITHIN_MONTHS);
  for (const e of demo.people.events) {
    if (e.kind !== 'admitted' || e.day < since) continue;
    generator.admitted(demo.people.members[e.member] as DemoMember, e.cell);
  }
  return generator.candidates;
}

type CandidateRow = readonly [DemoCandidate, number];
type StageRow = readonly [DemoStage, number];

/**
 * Writes the candidates of a demo province just written in the same transaction: cells are
 * found by their codes, admitted members by their citizen IDs.
 */
export async function seedDemoCandidates(sql: Sql, o: { demo: DemoProvince; seed: number; today: string }): Promise<number> {
  const { rows: taken } = await sql.query<{ v: string }>(
    `SELECT citizen_id AS v FROM members WHERE citizen_id LIKE '022%'
     UNION SELECT citizen_id FROM candidates WHERE citizen_id LIKE '022%'`);
  const candidates = generateDemoCandidates(o.demo, { seed: o.seed, today: o.today, taken: new Set(taken.map((r) => r.v)) });
  const units = o.demo.tree.tree.units;
  const codes = o.demo.tree.cells.map((c) => units[c.unit]?.code as string);
  const { rows: unitRows } = await sql.query<{ id: number; code: string }>('SELECT id, code FROM units WHERE code = ANY($1)', [codes]);
  const unitIds = new Map(unitRows.map((r) => [r.code, r.id]));
  const admitted = candidates.flatMap((c) => (c.memberCitizenId ? [c.memberCitizenId] : []));
  const { rows: memberRows } = await sql.query<{ id: number; citizen_id: string }>(
    'SELECT id, citizen_id FROM members WHERE citizen_id = ANY($1)', [admitted]);
  const memberIds = new Map(memberRows.map((r) => [r.citizen_id, r.id]));

  const first = await reserveIds(sql, 'candidates', candidates.length);
  const text = (name: string, read: (c: DemoCandidate) => string | null) =>
    [name, 'text', ([c]: CandidateRow) => read(c)] as const;
  await insertRows<CandidateRow>(sql, 'candidates', [
    ['id', 'bigint', ([, i]) => first + i],
    ['unit_id', 'bigint', ([c]) => unitIds.get(codes[c.cell] as string)],
    text('full_name', (c) => c.fullName), text('gender', (c) => c.gender), ['birth_date', 'date', ([c]) => c.birthDate],
    text('birth_place', (c) => c.birthPlace), text('hometown', (c) => c.hometown), text('residence', (c) => c.residence),
    text('ethnicity', (c) => c.ethnicity), text('religion', (c) => c.religion), text('citizen_id', (c) => c.citizenId),
    text('phone', (c) => c.phone), text('education', (c) => c.education), text('qualification', (c) => c.qualification),
    text('academic_title', (c) => c.academicTitle), text('theory_level', (c) => c.theoryLevel),
    text('occupation', (c) => c.occupation), text('position', (c) => c.position),
    ['member_id', 'bigint', ([c]) => (c.memberCitizenId ? memberIds.get(c.memberCitizenId) : null)],
    text('search_key', (c) => foldForSearch(c.fullName)), text('sort_key', (c) => vietnameseSortKey(c.fullName)),
    ['version', 'integer', ([c]) => c.stages.length],
  ], candidates.map((c, i) => [c, i] as const), { overridingIds: true });
  const stages = candidates.flatMap((c, i) => c.stages.map((s) => [s, first + i] as const));
  await insertRows<StageRow>(sql, 'candidate_stages', [
    ['candidate_id', 'bigint', ([, id]) => id],
    ['stage', 'text', ([s]) => s.stage],
    ['since', 'date', ([s]) => toIso(s.since)],
    ['course_name', 'text', ([s]) => s.courseName ?? null],
    ['certificate_no', 'text', ([s]) => s.certificateNo ?? null],
    ['decision_no', 'text', ([s]) => s.decisionNo ?? null],
    ['ceremony_date', 'date', ([s]) => s.ceremonyDate ?? null],
    ['reason', 'text', ([s]) => s.reason ?? null],
  ], stages);
  return candidates.length;
}

import type { Sql } from '../client.ts';
import { addDays } from '../../../shared/dates.ts';
import { CASE_KINDS, VIOLATION_CATEGORIES, type CaseKind, type DisciplineForm } from '../../../shared/schemas/inspections.ts';
import { SYSTEM_ACTOR } from '../../modules/access/actor.ts';
import * as cases from '../../modules/inspections/cases.repository.ts';
import * as declarations from '../../modules/inspections/declarations.repository.ts';
import * as disciplines from '../../modules/inspections/disciplines.repository.ts';
import * as programs from '../../modules/inspections/programs.repository.ts';
import type { Subject } from '../../modules/inspections/subjects.ts';
import { applyMemberEvent } from '../../modules/members/membership.service.ts';
import { Random } from './random.ts';

/**
 * A year of inspection and supervision work in the demo province, ending on the day it is
 * loaded: the programs of the provincial commission and of the organizations right below the
 * province, the cases that carry them out (and a few opened on complaints or signs of
 * violation), their steps, findings, conclusions and remedies, discipline decisions with two
 * expulsions through the lifecycle and their appeals, and the year's asset declarations. Some
 * cases run past their due date and some remedies are late, so every list has something to show.
 */

type Unit = { id: number; path: string; name: string; depth: number; holdsMembers: boolean; since: string };
type Person = { id: number; path: string; name: string; status: 'probationary' | 'official'; since: string; unitId: number };

const LEADS = ['Nguyễn Văn Hùng', 'Trần Thị Lan', 'Lê Minh Tuấn', 'Phạm Thị Hoa', 'Đỗ Văn Nam', 'Vũ Thị Hạnh'];
const POSTS = ['committee_secretary', 'committee_deputy_secretary', 'standing_committee_member', 'committee_member', 'department_head', 'finance_officer'];

/** What was written; `expulsions` also counts the member events they recorded. */
export type DemoInspectionSummary = { programs: number; cases: number; decisions: number; declarations: number; expulsions: number };

export async function seedDemoInspections(sql: Sql, o: { seed: number; today: string; prefix: string }): Promise<DemoInspectionSummary> {
  const rng = new Random(o.seed, 9);
  const from = addDays(o.today, -364);
  const { rows: units } = await sql.query<Unit>(
    `SELECT u.id, v.path, v.name, v.depth, t.holds_members AS "holdsMembers", v.valid_from AS since
     FROM units u JOIN unit_versions v ON v.unit_id = u.id AND v.valid_to = 'infinity' JOIN unit_types t ON t.code = u.type_code
     WHERE u.valid_to = 'infinity' AND (u.code = $1 OR u.code LIKE $1 || '.%') ORDER BY v.path`, [o.prefix]);
  const province = units[0];
  if (!province) return { programs: 0, cases: 0, decisions: 0, declarations: 0, expulsions: 0 };
  // Members active all year with nothing under way, so that an expulsion can follow any decision.
  const { rows: people } = await sql.query<Person>(
    `SELECT s.member_id AS id, s.unit_path AS path, m.full_name AS name, s.status, s.valid_from AS since, s.unit_id AS "unitId"
     FROM membership_spans s JOIN members m ON m.id = s.member_id
     WHERE s.valid_to = 'infinity' AND s.valid_from < $1 AND s.unit_path LIKE $2 || '%'
       AND NOT EXISTS (SELECT 1 FROM member_transfers t WHERE t.member_id = s.member_id AND t.state IN ('awaiting_forward', 'in_transit', 'received'))
       AND NOT EXISTS (SELECT 1 FROM member_events e WHERE e.member_id = s.member_id AND e.effective_on >= $1)
     ORDER BY s.member_id`, [from, province.path]);
  const below = (u: Unit) => units.filter((x) => x.path.startsWith(u.path) && x.id !== u.id);
  const membersOf = (u: Unit) => people.filter((p) => p.path.startsWith(u.path));
  const organizations = units.filter((u) => u.depth === province.depth + 1 && u.since <= from);
  const day = (lo: number, hi: number) => addDays(from, rng.int(lo, hi));
  const summary: DemoInspectionSummary = { programs: 0, cases: 0, decisions: 0, declarations: 0, expulsions: 0 };
  const usedMembers = new Set<number>();

  const unitSubject = (u: Unit): Subject => ({ type: 'unit', unitId: u.id, memberId: null, path: u.path, name: u.name, status: null, placeId: u.id });
  const memberSubject = (p: Person): Subject => ({
    type: 'member', unitId: null, memberId: p.id, path: p.path, name: p.name, status: p.status, placeId: p.unitId,
  });

  /** One case from its decision to where it stands today: steps, findings, conclusion, remedies, decisions. */
  const runCase = async (conductor: Unit, body: 'committee' | 'inspection_commission', kind: CaseKind, subjects: Subject[], itemId: number | null) => {
    const openedOn = day(0, 300);
    const dueOn = addDays(openedOn, rng.int(30, 75));
    const caseId = await cases.insertCase(sql, {
      conductedBy: body, kind, programItemId: itemId, title: `${kind.endsWith('supervision') ? 'Giám sát' : 'Kiểm tra'} ${subjects[0]?.name ?? ''}`.trim(),
      decisionNo: `${rng.int(1, 300)}-QĐ/${body === 'committee' ? 'ĐU' : 'UBKT'}`, openedOn, plan: null, lead: rng.pick(LEADS),
      team: [rng.pick(LEADS), rng.pick(LEADS)], dueOn, unitId: conductor.id, unitPath: conductor.path, createdBy: null,
    });
    summary.cases++;
    const stored: { id: number; subject: Subject }[] = [];
    for (const subject of subjects) {
      const id = await cases.insertSubject(sql, caseId, subject, openedOn);
      if (id !== null) stored.push({ id, subject });
    }
    let last = openedOn;
    for (const kindOfStep of ['explanatory_report', 'verification_minutes', 'result_report'] as const) {
      const next = addDays(last, rng.int(5, 15));
      if (next > o.today) break;
      await cases.insertStep(sql, caseId, { kind: kindOfStep, doneOn: next, documentNo: `${rng.int(1, 90)}-BC` }, null);
      last = next;
    }
    const violated = stored.filter(() => rng.chance(0.35));
    for (const s of violated) {
      for (let i = rng.int(1, 2); i > 0; i--) {
        await cases.insertFinding(sql, {
          caseId, subjectId: s.id, category: rng.pick(VIOLATION_CATEGORIES), description: 'Thiếu sót được nêu trong báo cáo kết quả', foundOn: last, recordedBy: null,
        });
      }
    }
    const concludedOn = addDays(last, rng.int(3, 20));
    // About one case in eight is still open; some of those are past their due date.
    if (concludedOn > o.today || rng.chance(0.12)) return;
    const conclusionNo = `${rng.int(1, 400)}-TB/${body === 'committee' ? 'ĐU' : 'UBKT'}`;
    await cases.insertStep(sql, caseId, { kind: 'conclusion_notice', doneOn: concludedOn, documentNo: conclusionNo }, null);
    await cases.concludeCase(sql, caseId, concludedOn, conclusionNo);
    for (const s of violated) {
      const deadline = addDays(concludedOn, rng.int(30, 120));
      const remedyId = await cases.insertRemedy(sql, { caseId, subjectId: s.id, description: 'Khắc phục hạn chế, thiếu sót đã chỉ ra', owner: `Cấp ủy ${s.subject.name}`, deadline, recordedBy: null });
      const late = rng.chance(0.2);
      const completedOn = addDays(late ? deadline : concludedOn, rng.int(5, 60));
      if (completedOn <= o.today && rng.chance(0.8)) await cases.completeRemedy(sql, remedyId, completedOn, `Báo cáo khắc phục số ${rng.int(1, 90)}-BC`);
      if (s.subject.type === 'member' && rng.chance(0.6)) await discipline(s.subject, caseId, conductor, body, concludedOn);
      else if (s.subject.type === 'unit' && rng.chance(0.1)) await discipline(s.subject, caseId, conductor, body, concludedOn);
    }
  };

  /** A decision after the conclusion; every fourth on an official member of long standing is an expulsion. */
  const discipline = async (subject: Subject, caseId: number, deciding: Unit, body: 'committee' | 'inspection_commission', concludedOn: string) => {
    const decidedOn = addDays(concludedOn, rng.int(3, 30));
    if (decidedOn > o.today) return;
    // The committee's standing committee decides after its own case; the commission after its own.
    const decidingBody = body === 'committee' ? 'standing_committee' : 'inspection_commission';
    const decisionNo = `${rng.int(1, 300)}-QĐ/${body === 'committee' ? 'ĐU' : 'UBKT'}`;
    let form: DisciplineForm = rng.pick(['reprimand', 'reprimand', 'warning'] as const);
    let memberEventId: number | null = null;
    if (subject.type === 'member' && subject.status === 'official' && rng.chance(0.25)) {
      await applyMemberEvent(sql, SYSTEM_ACTOR, subject.memberId as number, {
        kind: 'expelled', effectiveOn: decidedOn, decisionNo,
        issuer: `${body === 'committee' ? 'Ban Thường vụ' : 'Ủy ban Kiểm tra'}, ${deciding.name}`, note: null,
      });
      form = 'expulsion';
      summary.expulsions++;
      memberEventId = await disciplines.latestExpulsion(sql, subject.memberId as number);
    } else if (subject.type === 'member' && subject.status === 'official' && rng.chance(0.2)) {
      form = 'removal_from_post';
    }
    const id = await disciplines.insertDecision(sql, {
      subject, form, decidingUnitId: deciding.id, decidingBody, decisionNo,
      decidedOn, effectiveOn: decidedOn, content: 'Vi phạm được kết luận trong thông báo kết luận', caseId, memberEventId, recordedBy: null,
    });
    summary.decisions++;
    if (rng.chance(0.3)) {
      const filedOn = addDays(decidedOn, rng.int(1, 30));
      if (filedOn > o.today) return;
      const appealId = await disciplines.insertAppeal(sql, { decisionId: id, filedOn, grounds: 'Đề nghị xem xét lại hình thức kỷ luật', recordedBy: null });
      const outcomeOn = addDays(filedOn, rng.int(10, 60));
      if (outcomeOn <= o.today && rng.chance(0.6)) {
        await disciplines.decideAppeal(sql, appealId, { outcome: rng.pick(['upheld', 'upheld', 'reduced']), outcomeOn, decisionNo: `${rng.int(1, 90)}-QĐ/TU`, note: null });
      }
    }
  };

  /** Some members of a unit not yet under another case this year. */
  const pickMembers = (u: Unit, n: number): Subject[] => {
    const pool = membersOf(u).filter((p) => !usedMembers.has(p.id));
    const chosen: Subject[] = [];
    for (let i = 0; i < n && pool.length > 0; i++) {
      const p = pool.splice(rng.int(0, pool.length - 1), 1)[0] as Person;
      usedMembers.add(p.id);
      chosen.push(memberSubject(p));
    }
    return chosen;
  };

  const conductors: [Unit, 'committee' | 'inspection_commission'][] = [
    [province, 'inspection_commission'], ...organizations.slice(0, 15).map((u): [Unit, 'committee'] => [u, 'committee']),
  ];
  const year = Number(o.today.slice(0, 4));
  for (const [conductor, body] of conductors) {
    const targets = conductor === province ? organizations : below(conductor);
    if (targets.length === 0) continue;
    const programId = await programs.insertProgram(sql, {
      year, conductedBy: body, title: `Chương trình kiểm tra, giám sát năm ${year}`, approvalNo: `01-CTr/${body === 'committee' ? 'ĐU' : 'UBKT'}`,
      approvedOn: `${year}-01-10` <= o.today ? `${year}-01-10` : o.today, unitId: conductor.id, unitPath: conductor.path, createdBy: null,
    });
    if (programId === null) continue;
    summary.programs++;
    for (let i = conductor === province ? 10 : rng.int(2, 4); i > 0; i--) {
      const target = rng.pick(targets);
      const kind = rng.pick(conductor === province ? CASE_KINDS : (['regular_supervision', 'thematic_supervision', 'inspection_signs_of_violation'] as const));
      const plannedFrom = `${year}-${String(rng.int(1, 10)).padStart(2, '0')}-01`;
      const itemId = await programs.insertProgramItem(sql, {
        programId, kind, subject: unitSubject(target), plannedFrom, plannedTo: addDays(plannedFrom, rng.int(40, 60)), lead: rng.pick(LEADS),
        team: [rng.pick(LEADS)], note: null,
      });
      if (!rng.chance(0.8)) continue;
      const cells = below(target).filter((u) => u.holdsMembers && u.since <= from);
      const subjects = [unitSubject(target), ...Array.from({ length: Math.min(cells.length, rng.int(0, 3)) }, () => unitSubject(rng.pick(cells))),
        ...pickMembers(target, rng.int(0, 2))];
      await runCase(conductor, body, kind, subjects, itemId);
    }
  }
  // Cases outside the programs: complaints and denunciations, and inspections on signs of violation.
  for (let i = 0; i < 6; i++) {
    const target = rng.pick(organizations);
    await runCase(province, 'inspection_commission', rng.pick(['complaint_denunciation', 'inspection_signs_of_violation'] as const), pickMembers(target, rng.int(1, 3)), null);
  }

  // The year's asset declarations of those holding declaring posts: most submitted, most of those verified.
  const declarants = people.filter((p) => !usedMembers.has(p.id) && rng.chance(0.02));
  for (const p of declarants) {
    const id = await declarations.insertDeclaration(sql, { year, memberId: p.id, post: rng.pick(POSTS), unitId: p.unitId, unitPath: p.path, recordedBy: null });
    if (id === null) continue;
    summary.declarations++;
    const submittedOn = `${year}-${String(rng.int(1, 11)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
    if (submittedOn > o.today || rng.chance(0.12)) continue;
    const verifiedOn = addDays(submittedOn, rng.int(5, 40));
    const verified = verifiedOn <= o.today && rng.chance(0.85);
    await declarations.updateDeclaration(sql, id, {
      submittedOn, verifiedOn: verified ? verifiedOn : null, verifiedBy: verified ? 'Ủy ban Kiểm tra' : null, note: null,
    });
  }
  return summary;
}

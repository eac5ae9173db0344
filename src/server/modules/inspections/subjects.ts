import type { Sql } from '../../db/client.ts';
import { inScope } from '../../db/paths.ts';
import { invalidFields } from '../../http/app-error.ts';
import type { SubjectRef } from '../../../shared/schemas/inspections.ts';
import type { Actor } from '../access/actor.ts';
import * as units from '../units/units.repository.ts';

/** A unit or a member as the subject of a program item, a case or a decision, on one day. */
export type Subject = {
  type: 'unit' | 'member';
  unitId: number | null;
  memberId: number | null;
  /** The unit's own path, or the path of the member's cell. */
  path: string;
  name: string;
  /** A member's status that day; null for a unit. */
  status: 'probationary' | 'official' | null;
  /** The unit itself, or the member's cell that day. */
  placeId: number;
};

/**
 * The subject as it stood on `date`, within the caller's reach (and, when given, below the unit
 * at `within`); `idPath` names the field that gave its id. One the caller cannot reach is
 * reported as unknown, so the field cannot be used to discover records outside the reach.
 */
export async function resolveSubject(
  sql: Sql, actor: Actor, ref: SubjectRef, date: string, idPath: string, within?: string,
): Promise<Subject> {
  const unknown = () => invalidFields({ path: idPath, rule: `inspection_subject_${ref.type}_unknown`, params: { date } });
  let subject: Subject | null = null;
  if (ref.type === 'unit') {
    const unit = await units.findUnitAsOf(sql, ref.id, date);
    if (unit) subject = { type: 'unit', unitId: unit.id, memberId: null, path: unit.path, name: unit.name, status: null, placeId: unit.id };
  } else {
    const { rows } = await sql.query<{ path: string; name: string; status: 'probationary' | 'official'; cellId: number }>(
      `SELECT s.unit_path AS path, m.full_name AS name, s.status, s.unit_id AS "cellId" FROM membership_spans s JOIN members m ON m.id = s.member_id
       WHERE s.member_id = $1 AND s.valid_from <= $2 AND s.valid_to > $2`, [ref.id, date]);
    const row = rows[0];
    if (row) subject = { type: 'member', unitId: null, memberId: ref.id, path: row.path, name: row.name, status: row.status, placeId: row.cellId };
  }
  if (!subject || !inScope(actor, subject.path)) throw unknown();
  if (within !== undefined && !subject.path.startsWith(within)) {
    throw invalidFields({ path: idPath, rule: 'inspection_subject_outside_unit', params: { subject: subject.name } });
  }
  return subject;
}

import type { Database } from '../../db/client.ts';
import { inScope } from '../../db/paths.ts';
import { today } from '../../db/rows.ts';
import { conflict, invalidFields, notFound } from '../../http/app-error.ts';
import type { AddProgramItemBody, CreateProgramBody, InspectionProgram } from '../../../shared/schemas/inspections.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as units from '../units/units.repository.ts';
import * as repo from './programs.repository.ts';
import { unitInReach } from './cases.service.ts';
import { resolveSubject } from './subjects.ts';

type Context = { db: Database; actor: Actor };

const strip = ({ unitPath: _path, ...program }: Awaited<ReturnType<typeof repo.findProgram>> & object): InspectionProgram => program;

export async function listPrograms({ db, actor, unitId, year }: Context & { unitId: number; year: number | undefined }) {
  const unit = await units.findUnitLatest(db.pool, unitId);
  if (!unit || !inScope(actor, unit.path)) throw notFound('unit');
  return (await repo.listPrograms(db.pool, { unitId, year, today: today() })).map(strip);
}

export async function getProgram({ db, actor, id }: Context & { id: number }): Promise<InspectionProgram> {
  return db.transaction(async (sql) => {
    const program = await repo.findProgram(sql, id, today());
    if (!program || !(await unitInReach(sql, actor, { unitId: program.unitId, path: program.unitPath, write: false }))) {
      throw notFound('inspection_program');
    }
    return { ...strip(program), items: await repo.programItems(sql, id) };
  });
}

/** A committee's or commission's program for a year: one of each per unit and year. */
export async function createProgram(
  { db, actor, unitId, input }: Context & { unitId: number; input: CreateProgramBody },
): Promise<InspectionProgram> {
  if (input.approvedOn && input.approvedOn > today()) throw invalidFields({ path: 'approvedOn', rule: 'date_not_future' });
  return db.transaction(async (sql) => {
    const unit = await units.findUnitLatest(sql, unitId);
    if (!unit || !inScope(actor, unit.path)) throw notFound('unit');
    if (unit.validTo !== null) throw conflict('inspection_unit_closed', { unit: unit.name, date: unit.validTo });
    const id = await repo.insertProgram(sql, { ...input, unitId, unitPath: unit.path, createdBy: actor.userId });
    if (id === null) throw conflict('inspection_program_exists', { unit: unit.name, year: input.year });
    await recordAudit(sql, actor, {
      action: 'inspection_program.create', targetType: 'inspection_program', targetId: String(id), unitPath: unit.path, details: { ...input },
    });
    const program = await repo.findProgram(sql, id, today());
    return { ...strip(program as NonNullable<typeof program>), items: [] };
  });
}

/** A planned inspection or supervision of a unit or member below the program's unit, within its year. */
export async function addProgramItem(
  { db, actor, programId, input }: Context & { programId: number; input: AddProgramItemBody },
): Promise<InspectionProgram> {
  return db.transaction(async (sql) => {
    const program = await repo.findProgram(sql, programId, today());
    if (!program || !(await unitInReach(sql, actor, { unitId: program.unitId, path: program.unitPath, write: true }))) {
      throw notFound('inspection_program');
    }
    if (input.plannedTo < input.plannedFrom) {
      throw invalidFields({ path: 'plannedTo', rule: 'date_not_before', params: { other: 'plannedFrom' } });
    }
    for (const [field, date] of [['plannedFrom', input.plannedFrom], ['plannedTo', input.plannedTo]] as const) {
      if (Number(date.slice(0, 4)) !== program.year) throw invalidFields({ path: field, rule: 'inspection_outside_year', params: { year: program.year } });
    }
    const day = input.plannedFrom < today() ? input.plannedFrom : today();
    const subject = await resolveSubject(sql, actor, input.subject, day, 'subject.id', program.unitPath);
    const itemId = await repo.insertProgramItem(sql, {
      programId, kind: input.kind, subject, plannedFrom: input.plannedFrom, plannedTo: input.plannedTo, lead: input.lead,
      team: input.team, note: input.note ?? null,
    });
    await recordAudit(sql, actor, {
      action: 'inspection_program.item_add', targetType: 'inspection_program', targetId: String(programId), unitPath: program.unitPath,
      details: { itemId, ...input },
    });
    const updated = await repo.findProgram(sql, programId, today());
    return { ...strip(updated as NonNullable<typeof updated>), items: await repo.programItems(sql, programId) };
  });
}

import type { Database } from '../../db/client.ts';
import { AppError, conflict, invalidFields, notFound, preconditionFailed } from '../../http/app-error.ts';
import type { UnitType, UnitTypeBody } from '../../../shared/schemas/unit-types.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './unit-types.repository.ts';

export async function listUnitTypes({ db }: { db: Database }): Promise<UnitType[]> {
  return repo.listUnitTypes(db.pool);
}

export async function getUnitType({ db, code }: { db: Database; code: string }): Promise<UnitType> {
  const type = await repo.findUnitType(db.pool, code);
  if (!type) throw notFound('unit_type');
  return type;
}

function checkDates(input: UnitTypeBody) {
  if (input.validTo !== null && input.validTo <= input.validFrom) {
    throw invalidFields({ path: 'validTo', rule: 'valid_to_after_from', params: { other: 'validFrom' } });
  }
}

async function checkChildTypes(db: Database, input: UnitTypeBody, selfCode: string) {
  const wanted = input.allowedChildTypes.filter((c) => c !== selfCode);
  const known = await repo.existingTypeCodes(db.pool, wanted);
  const unknown = wanted.filter((c) => !known.has(c));
  if (unknown.length > 0) {
    throw new AppError(400, 'validation_failed', {}, unknown.map((c) => ({
      path: `allowedChildTypes.${input.allowedChildTypes.indexOf(c)}`, rule: 'unit_type_unknown', params: { type: c },
    })));
  }
}

export async function createUnitType({ db, actor, code, input }: { db: Database; actor: Actor; code: string; input: UnitTypeBody }) {
  checkDates(input);
  await checkChildTypes(db, input, code);
  return db.transaction(async (sql) => {
    if (await repo.findUnitType(sql, code)) throw conflict('unit_type_code_taken', { code });
    const created = await repo.insertUnitType(sql, code, input);
    await recordAudit(sql, actor, { action: 'unit_type.create', targetType: 'unit_type', targetId: code, unitPath: null, details: { after: input } });
    return created;
  });
}

/** Replaces a unit type's definition; `ifMatch` is the version the editor saw. */
export async function updateUnitType(
  { db, actor, code, input, ifMatch }: { db: Database; actor: Actor; code: string; input: UnitTypeBody; ifMatch: number | null },
) {
  checkDates(input);
  await checkChildTypes(db, input, code);
  return db.transaction(async (sql) => {
    const current = await repo.findUnitType(sql, code, true);
    if (!current) throw notFound('unit_type');
    if (ifMatch !== null && ifMatch !== current.version) throw preconditionFailed(current.version);
    const updated = await repo.updateUnitType(sql, code, input);
    await recordAudit(sql, actor, {
      action: 'unit_type.update', targetType: 'unit_type', targetId: code, unitPath: null, details: { before: current, after: input },
    });
    return updated;
  });
}

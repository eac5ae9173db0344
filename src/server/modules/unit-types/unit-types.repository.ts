import type { Sql } from '../../db/client.ts';
import { openEnd } from '../../db/rows.ts';
import type { UnitType, UnitTypeBody } from '../../../shared/schemas/unit-types.ts';

type Row = {
  code: string; names: Record<string, string>; allowed_child_types: string[]; has_committee: boolean;
  holds_members: boolean; root_allowed: boolean; rank: number; valid_from: string; valid_to: string; version: number;
};

const toUnitType = (r: Row): UnitType => ({
  code: r.code, names: r.names, allowedChildTypes: r.allowed_child_types, hasCommittee: r.has_committee,
  holdsMembers: r.holds_members, rootAllowed: r.root_allowed, rank: r.rank, validFrom: r.valid_from,
  validTo: openEnd(r.valid_to), version: r.version,
});

export async function listUnitTypes(sql: Sql): Promise<UnitType[]> {
  const { rows } = await sql.query<Row>('SELECT * FROM unit_types ORDER BY rank, code');
  return rows.map(toUnitType);
}

export async function findUnitType(sql: Sql, code: string, forUpdate = false): Promise<UnitType | null> {
  const { rows } = await sql.query<Row>(
    `SELECT * FROM unit_types WHERE code = $1${forUpdate ? ' FOR UPDATE' : ''}`, [code]);
  return rows[0] ? toUnitType(rows[0]) : null;
}

export async function existingTypeCodes(sql: Sql, codes: string[]): Promise<Set<string>> {
  const { rows } = await sql.query<{ code: string }>('SELECT code FROM unit_types WHERE code = ANY($1)', [codes]);
  return new Set(rows.map((r) => r.code));
}

const values = (t: UnitTypeBody) => [
  JSON.stringify(t.names), t.allowedChildTypes, t.hasCommittee, t.holdsMembers, t.rootAllowed, t.rank,
  t.validFrom, t.validTo ?? 'infinity',
];

export async function insertUnitType(sql: Sql, code: string, t: UnitTypeBody): Promise<UnitType> {
  const { rows } = await sql.query<Row>(
    `INSERT INTO unit_types (names, allowed_child_types, has_committee, holds_members, root_allowed, rank, valid_from, valid_to, code)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [...values(t), code],
  );
  return toUnitType(rows[0] as Row);
}

export async function updateUnitType(sql: Sql, code: string, t: UnitTypeBody): Promise<UnitType> {
  const { rows } = await sql.query<Row>(
    `UPDATE unit_types SET names = $1, allowed_child_types = $2, has_committee = $3, holds_members = $4,
       root_allowed = $5, rank = $6, valid_from = $7, valid_to = $8, version = version + 1
     WHERE code = $9 RETURNING *`,
    [...values(t), code],
  );
  return toUnitType(rows[0] as Row);
}

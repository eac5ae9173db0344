import type { Database } from '../src/server/db/client.ts';
import { SYSTEM_ACTOR } from '../src/server/modules/access/actor.ts';
import { registerCandidate } from '../src/server/modules/candidates/candidates.service.ts';
import { createMember } from '../src/server/modules/members/members.service.ts';
import { createUnit } from '../src/server/modules/units/units.service.ts';
import type { CreateCandidateBody } from '../src/shared/schemas/candidates.ts';
import type { CreateMemberBody } from '../src/shared/schemas/members.ts';

let sequence = 0;
const next = () => `${Date.now().toString(36)}${(++sequence).toString(36)}`.toUpperCase();

/** A unique 12-digit citizen ID. */
export function citizenId(): string {
  sequence += 1;
  return String(100_000_000_000 + ((Date.now() * 1000 + sequence) % 899_999_999_999)).slice(0, 12);
}

export async function makeUnit(
  db: Database,
  o: { typeCode: string; parentId?: number; name?: string; validFrom?: string; code?: string },
) {
  const code = o.code ?? `T${next()}`;
  return createUnit({
    db, actor: SYSTEM_ACTOR,
    input: { code, name: o.name ?? `Đơn vị ${code}`, typeCode: o.typeCode, parentId: o.parentId ?? null, validFrom: o.validFrom ?? '2010-01-01' },
  });
}

/** Province → commune → two cells: the smallest tree on which membership can move. */
export async function makeTree(db: Database, validFrom = '2010-01-01') {
  const province = await makeUnit(db, { typeCode: 'province', name: 'Đảng bộ tỉnh Thử Nghiệm', validFrom });
  const commune = await makeUnit(db, { typeCode: 'commune', parentId: province.id, name: 'Đảng bộ xã Đông Hòa', validFrom: '2025-07-01' });
  const bloc = await makeUnit(db, { typeCode: 'bloc', parentId: province.id, name: 'Đảng bộ Khối cơ quan', validFrom });
  const cellA = await makeUnit(db, { typeCode: 'grassroots_cell', parentId: bloc.id, name: 'Chi bộ Sở Tư pháp', validFrom });
  const cellB = await makeUnit(db, { typeCode: 'grassroots_cell', parentId: bloc.id, name: 'Chi bộ Sở Y tế', validFrom });
  const cellC = await makeUnit(db, { typeCode: 'subordinate_cell', parentId: commune.id, name: 'Chi bộ thôn Đình', validFrom: '2025-07-01' });
  return { province, commune, bloc, cellA, cellB, cellC };
}

export function memberInput(unitId: number, overrides: Partial<CreateMemberBody> = {}): CreateMemberBody {
  return {
    fullName: 'Nguyễn Văn An',
    gender: 'male',
    birthDate: '1985-04-12',
    ethnicity: '01',
    religion: 'none',
    citizenId: citizenId(),
    education: 'upper_secondary',
    qualification: 'university',
    theoryLevel: 'intermediate',
    unitId,
    admissionDecisionDate: '2015-03-02',
    ceremonyDate: '2015-03-20',
    officialDate: '2016-03-20',
    ...overrides,
  };
}

export async function makeMember(db: Database, unitId: number, overrides: Partial<CreateMemberBody> = {}) {
  return createMember({ db, actor: SYSTEM_ACTOR, input: memberInput(unitId, overrides) });
}

export function candidateInput(unitId: number, overrides: Partial<CreateCandidateBody> = {}): CreateCandidateBody {
  return {
    fullName: 'Lê Thị Hoa',
    gender: 'female',
    birthDate: '1998-06-20',
    ethnicity: '01',
    religion: 'none',
    citizenId: citizenId(),
    unitId,
    stage: 'outstanding_mass',
    since: '2023-03-01',
    ...overrides,
  };
}

export async function makeCandidate(db: Database, unitId: number, overrides: Partial<CreateCandidateBody> = {}) {
  return registerCandidate({ db, actor: SYSTEM_ACTOR, input: candidateInput(unitId, overrides) });
}

import type { Database } from '../../db/client.ts';
import { inScope, scopeCondition, subtreeRange } from '../../db/paths.ts';
import { today } from '../../db/rows.ts';
import { conflict, invalidFields, notFound } from '../../http/app-error.ts';
import type { AssetDeclaration, DeclarationList } from '../../../shared/schemas/inspections.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { ruleValue } from '../rules/rules.repository.ts';
import { lastSpan } from '../members/members.repository.ts';
import * as units from '../units/units.repository.ts';
import * as repo from './declarations.repository.ts';
import { resolveSubject } from './subjects.ts';

type Context = { db: Database; actor: Actor };

const yearEnd = (year: number) => `${year}-12-31`;
const strip = ({ unitPath: _p, ...d }: repo.DeclarationRow): AssetDeclaration => d;

/** The posts whose holders declare for a year, under the rules in force at its end. */
const postsFor = (db: Database, year: number) => ruleValue<string[]>(db.pool, 'declaration.posts', yearEnd(year));

export async function listDeclarations(
  { db, actor, unitId, year, missing }: Context & { unitId: number; year: number; missing: boolean },
): Promise<DeclarationList> {
  const unit = await units.findUnitLatest(db.pool, unitId);
  if (!unit || !inScope(actor, unit.path)) throw notFound('unit');
  const [path, pathEnd] = subtreeRange(unit.path);
  const scopeParams: unknown[] = [];
  const scope = scopeCondition('a.unit_path', actor, scopeParams);
  const { items, counts } = await repo.listDeclarations(db.pool, { path, pathEnd, year, missing, scope, scopeParams });
  return { year, posts: await postsFor(db, year), counts, items: items.map(strip) };
}

/** Records that a member holding a declaring post must declare for a year: once per member and year. */
export async function requireDeclaration(
  { db, actor, input }: Context & { input: { year: number; memberId: number; post: string } },
): Promise<AssetDeclaration> {
  const posts = await postsFor(db, input.year);
  if (!posts.includes(input.post)) throw invalidFields({ path: 'post', rule: 'one_of', params: { values: posts } });
  return db.transaction(async (sql) => {
    const day = yearEnd(input.year) < today() ? yearEnd(input.year) : today();
    const member = await resolveSubject(sql, actor, { type: 'member', id: input.memberId }, day, 'memberId');
    const id = await repo.insertDeclaration(sql, { ...input, unitId: member.placeId, unitPath: member.path, recordedBy: actor.userId });
    if (id === null) throw conflict('declaration_exists', { member: member.name, year: input.year });
    await recordAudit(sql, actor, { action: 'declaration.require', targetType: 'member', targetId: String(input.memberId), unitPath: member.path, details: { id, ...input } });
    return strip((await repo.findDeclaration(sql, id)) as repo.DeclarationRow);
  });
}

/**
 * Submission and verification of a declaration. A declaration for a year is submitted in that
 * year or later, never in the future; it is verified after it is submitted, by someone named.
 */
export async function updateDeclaration(
  { db, actor, id, input }: Context & { id: number; input: { submittedOn?: string | null | undefined; verifiedOn?: string | null | undefined; verifiedBy?: string | null | undefined; note?: string | null | undefined } },
): Promise<AssetDeclaration> {
  return db.transaction(async (sql) => {
    const current = await repo.findDeclaration(sql, id, true);
    // Where the member was that year, or where the member is now.
    const now = current && !inScope(actor, current.unitPath) ? await lastSpan(sql, current.memberId) : null;
    if (!current || !(inScope(actor, current.unitPath) || (now && inScope(actor, now.unitPath)))) throw notFound('asset_declaration');
    const next = {
      submittedOn: input.submittedOn === undefined ? current.submittedOn : input.submittedOn,
      verifiedOn: input.verifiedOn === undefined ? current.verifiedOn : input.verifiedOn,
      verifiedBy: input.verifiedBy === undefined ? current.verifiedBy : input.verifiedBy,
      note: input.note === undefined ? current.note : input.note,
    };
    for (const field of ['submittedOn', 'verifiedOn'] as const) {
      const date = next[field];
      if (date && date > today()) throw invalidFields({ path: field, rule: 'date_not_future' });
    }
    if (next.submittedOn && next.submittedOn < `${current.year}-01-01`) {
      throw invalidFields({ path: 'submittedOn', rule: 'date_not_before_day', params: { date: `${current.year}-01-01` } });
    }
    if (next.verifiedOn) {
      if (!next.submittedOn) throw invalidFields({ path: 'submittedOn', rule: 'required' });
      if (next.verifiedOn < next.submittedOn) throw invalidFields({ path: 'verifiedOn', rule: 'date_not_before', params: { other: 'submittedOn' } });
      if (!next.verifiedBy) throw invalidFields({ path: 'verifiedBy', rule: 'required' });
    }
    await repo.updateDeclaration(sql, id, next);
    await recordAudit(sql, actor, { action: 'declaration.update', targetType: 'member', targetId: String(current.memberId), unitPath: current.unitPath, details: { id, ...input } });
    return strip((await repo.findDeclaration(sql, id)) as repo.DeclarationRow);
  });
}

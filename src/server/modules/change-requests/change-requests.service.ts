import type { Database } from '../../db/client.ts';
import { inScope, scopeCondition } from '../../db/paths.ts';
import { conflict, notFound } from '../../http/app-error.ts';
import type { UpdateMemberBody } from '../../../shared/schemas/members.ts';
import { SYSTEM_ACTOR, type Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { getMember, updateMemberIn } from '../members/members.service.ts';
import * as members from '../members/members.repository.ts';
import * as repo from './change-requests.repository.ts';

/**
 * Member self-service: a member sees their own record and asks for corrections; staff with
 * members.write over the member's unit approve (the change is applied as their edit) or reject.
 */

/** The member record linked to the signed-in user, in full: it is their own data. */
export async function getOwnRecord({ db, actor }: { db: Database; actor: Actor }) {
  if (actor.memberId === null) throw notFound('member');
  return getMember({ db, actor: { ...SYSTEM_ACTOR, userId: actor.userId, label: actor.label, request: actor.request }, id: actor.memberId });
}

export async function requestChange(
  { db, actor, changes, note }: { db: Database; actor: Actor; changes: UpdateMemberBody; note?: string | null | undefined },
) {
  if (actor.memberId === null || actor.userId === null) throw notFound('member');
  const memberId = actor.memberId;
  return db.transaction(async (sql) => {
    const span = await members.lastSpan(sql, memberId);
    const id = await repo.insertChangeRequest(sql, { memberId, userId: actor.userId as number, changes, note: note ?? null });
    await recordAudit(sql, actor, {
      action: 'change_request.create', targetType: 'member', targetId: String(memberId), unitPath: span?.unitPath ?? null,
      details: { id, changes },
    });
    return (await repo.findChangeRequest(sql, id)) as NonNullable<Awaited<ReturnType<typeof repo.findChangeRequest>>>;
  });
}

export async function listOwnRequests({ db, actor }: { db: Database; actor: Actor }) {
  if (actor.memberId === null) return [];
  return repo.listForMember(db.pool, actor.memberId);
}

export async function listRequests({ db, actor, status }: { db: Database; actor: Actor; status: string }) {
  const params: unknown[] = [];
  return repo.listInScope(db.pool, status, scopeCondition('s.unit_path', actor, params), params);
}

export async function decideRequest(
  { db, actor, id, approve, note }: { db: Database; actor: Actor; id: number; approve: boolean; note: string | null | undefined },
) {
  return db.transaction(async (sql) => {
    const found = await repo.findChangeRequest(sql, id, true);
    // The member must be within the decider's reach, or the request does not exist for them.
    const span = found ? await members.lastSpan(sql, found.memberId) : null;
    if (!found || !span || !inScope(actor, span.unitPath)) throw notFound('change_request');
    if (found.status !== 'pending') throw conflict('change_request_decided', { status: found.status });
    if (approve) await updateMemberIn(sql, { actor, id: found.memberId, input: found.changes as UpdateMemberBody, ifMatch: null });
    await repo.decide(sql, id, approve ? 'approved' : 'rejected', actor.userId, note ?? null);
    await recordAudit(sql, actor, {
      action: approve ? 'change_request.approve' : 'change_request.reject', targetType: 'member',
      targetId: String(found.memberId), unitPath: span.unitPath, details: { id, note: note ?? null },
    });
    return (await repo.findChangeRequest(sql, id)) as NonNullable<Awaited<ReturnType<typeof repo.findChangeRequest>>>;
  });
}

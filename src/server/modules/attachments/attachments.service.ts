import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Database, Sql } from '../../db/client.ts';
import { inScope } from '../../db/paths.ts';
import { AppError, invalidFields, notFound } from '../../http/app-error.ts';
import type { Attachment } from '../../../shared/schemas/inspections.ts';
import { checkAttachment } from '../../storage/attachment-types.ts';
import { AttachmentMissing, type AttachmentStore } from '../../storage/attachment-store.ts';
import type { Actor } from '../access/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { caseInReach } from '../inspections/cases.service.ts';
import { decisionInReach } from '../inspections/disciplines.service.ts';
import * as repo from './attachments.repository.ts';

export type AttachmentSettings = { store: AttachmentStore; maxBytes: number };
type Context = { db: Database; actor: Actor; attachments: AttachmentSettings };

/** The body, read up to the limit: a larger file is refused before it is read whole. */
export async function readLimited(body: Readable | undefined, maxBytes: number): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      throw new AppError(413, 'attachment_too_large', { maxMegabytes: Math.floor(maxBytes / 1_048_576) });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The unit path that decides who reads the owner's files; the owner must be in the caller's reach. */
async function ownerPath(sql: Sql, actor: Actor, ownerType: repo.OwnerType, ownerId: number, write: boolean): Promise<string> {
  if (ownerType === 'inspection_case') return (await caseInReach(sql, actor, ownerId, { write })).unitPath;
  return (await decisionInReach(sql, actor, ownerId)).subjectPath;
}

/**
 * Attaches a file (a decision, a notice, minutes) to a case or a decision. Its type is checked
 * by its content, not only its name. The bytes are stored first and removed again if the
 * record cannot be written, so a refused upload leaves nothing behind.
 */
export async function uploadAttachment(
  { db, actor, attachments, ownerType, ownerId, fileName, note, body }:
  Context & { ownerType: repo.OwnerType; ownerId: number; fileName: string; note: string | null; body: Buffer },
): Promise<Attachment> {
  const checked = await checkAttachment(body, fileName, attachments.maxBytes);
  if (!checked.ok) {
    if (checked.rule === 'attachment_too_large') throw new AppError(413, 'attachment_too_large', checked.params);
    throw invalidFields({ path: 'file', rule: checked.rule, params: checked.params });
  }
  // The owner is checked first, the bytes stored outside any transaction (a slow store must not
  // hold the database), then the record written; if that fails, the bytes go again.
  await db.transaction((sql) => ownerPath(sql, actor, ownerType, ownerId, true));
  const now = new Date().toISOString();
  const key = `${now.slice(0, 4)}/${now.slice(5, 7)}/${randomUUID()}`;
  await attachments.store.put(key, body, checked.contentType);
  try {
    return await db.transaction(async (sql) => {
      const unitPath = await ownerPath(sql, actor, ownerType, ownerId, true);
      const id = await repo.insertAttachment(sql, {
        ownerType, ownerId, unitPath, fileName, contentType: checked.contentType, byteSize: body.length,
        sha256: createHash('sha256').update(body).digest('hex'), store: attachments.store.kind, storageKey: key, note, uploadedBy: actor.userId,
      });
      await recordAudit(sql, actor, {
        action: 'attachment.upload', targetType: ownerType, targetId: String(ownerId), unitPath, details: { attachmentId: id, fileName, byteSize: body.length },
      });
      return (await repo.attachmentsOf(sql, ownerType, ownerId)).find((a) => a.id === id) as Attachment;
    });
  } catch (err) {
    await attachments.store.remove(key).catch(() => undefined);
    throw err;
  }
}

/** A file to download; every download is audited, in the same transaction that finds it. */
export async function downloadAttachment(
  { db, actor, attachments, id }: Context & { id: number },
): Promise<{ fileName: string; contentType: string; byteSize: number; stream: Readable }> {
  const row = await db.transaction(async (sql) => {
    const found = await repo.findAttachment(sql, id);
    // Readable wherever its case or decision is (which may have moved with a restructure).
    const reachable = found && (inScope(actor, found.unitPath)
      || (await ownerPath(sql, actor, found.ownerType, found.ownerId, false).then(() => true, (err: unknown) => {
        if (err instanceof AppError) return false;
        throw err;
      })));
    if (!found || !reachable) throw notFound('attachment');
    await recordAudit(sql, actor, {
      action: 'attachment.download', targetType: found.ownerType, targetId: String(found.ownerId), unitPath: found.unitPath,
      details: { attachmentId: id, fileName: found.fileName },
    });
    return found;
  });
  try {
    const stream = await attachments.store.get(row.storageKey) as Readable;
    return { fileName: row.fileName, contentType: row.contentType, byteSize: row.byteSize, stream };
  } catch (err) {
    if (err instanceof AttachmentMissing) throw new AppError(410, 'attachment_missing');
    throw err;
  }
}

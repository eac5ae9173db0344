import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';

/** The fields of an audit row that its hash covers, in a fixed form. */
export type AuditContent = {
  at: string;
  actorId: number | null;
  actorLabel: string;
  ip: string | null;
  requestId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  unitPath: string | null;
  details: unknown;
};

/** The hash before the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** sha256 over the previous hash and the row's content as canonical JSON (sorted keys). */
export function auditHash(prevHash: string, content: AuditContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(stringify(content) ?? '').digest('hex');
}

/**
 * Action codes of the audit trail: `<subject>.<verb>`, lowercase. The trail is open-ended
 * (new commands add new codes), so a filter checks the shape of a code, not a closed list.
 */
const CODE = '[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*';

/** A filter of one code or several separated by commas, without spaces. */
export const AUDIT_ACTION_LIST = new RegExp(`^${CODE}(,${CODE})*$`);

/** The actions recorded about one kind of record, in the order a reader expects them. */
export const AUDIT_ACTIONS_BY_TARGET = {
  member: [
    'member.create', 'member.update', 'member.read_sensitive', 'member.recognized_official', 'member.transferred',
    'member.died', 'member.deleted', 'member.expelled', 'member.probation_removed', 'member.badge_awarded',
    'member.exemption_start', 'member.exemption_end', 'member.reinstated', 'member.corrected',
    'transfer.issue', 'transfer.forward', 'transfer.receive', 'transfer.end', 'transfer.cancel',
    'change_request.create', 'change_request.approve', 'change_request.reject',
  ],
  unit: ['unit.create', 'unit.rename', 'unit.move', 'unit.close', 'target.set'],
  candidate: ['candidate.create', 'candidate.update', 'candidate.read_sensitive', 'candidate.stage', 'candidate.admit'],
} as const satisfies Record<string, readonly string[]>;

export type AuditTargetWithActions = keyof typeof AUDIT_ACTIONS_BY_TARGET;

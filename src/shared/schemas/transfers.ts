import { z } from 'zod';
import { MEMBER_STATUSES, TRANSFER_KINDS, TRANSFER_PURPOSES, TRANSFER_STATES } from '../reference.ts';
import { id, isoDate, oneOfError, optionalText, text } from './common.ts';

/**
 * Transfers of party activity (chuyển sinh hoạt đảng): the letter the sending side issues, its
 * forwarding through the unit above both ends when the sender does not reach the receiver, and
 * the receipt that completes the move.
 */
export const issueTransferBody = z
  .object({
    kind: z.enum(TRANSFER_KINDS, { error: oneOfError }),
    purpose: z.enum(TRANSFER_PURPOSES, { error: oneOfError }),
    toUnitId: id.optional().describe('The receiving cell, when it is in this installation'),
    destination: optionalText(300).describe('The receiving organization outside this installation (another system, abroad): official transfers only'),
    letterNo: text(60).describe('Number of the transfer letter'),
    letterDate: isoDate.describe('Date of the transfer letter'),
    changeDate: isoDate.optional().describe('Day of the change that calls for the transfer (new job, retirement, move); starts the 60 working days'),
    expectedReturn: isoDate.optional().describe('Temporary transfers: the day the member is expected back'),
    note: optionalText(500),
  })
  .strict()
  .superRefine((b, ctx) => {
    const issue = (path: string, message: string, params: Record<string, unknown> = {}) =>
      ctx.addIssue({ code: 'custom', path: [path], message, params });
    if (b.toUnitId === undefined && !b.destination) issue('toUnitId', 'required');
    if (b.toUnitId !== undefined && b.destination) issue('destination', 'not_with', { other: 'toUnitId' });
    if (b.kind === 'temporary') {
      if (b.destination) issue('destination', 'temporary_inside');
      if (!b.expectedReturn) issue('expectedReturn', 'required');
    } else if (b.expectedReturn) {
      issue('expectedReturn', 'temporary_only');
    }
    const letterOk = isoDate.safeParse(b.letterDate).success;
    if (letterOk && b.expectedReturn && b.expectedReturn <= b.letterDate) issue('expectedReturn', 'date_after', { other: 'letterDate' });
    if (letterOk && b.changeDate && b.changeDate > b.letterDate) issue('changeDate', 'date_not_after', { other: 'letterDate' });
  });

export const forwardTransferBody = z
  .object({ letterNo: text(60).describe('Number of the forwarding letter'), forwardedOn: isoDate })
  .strict();

export const receiveTransferBody = z
  .object({ receivedOn: isoDate.describe('Day the receiving unit took the letter; the member belongs there from this day') })
  .strict();

export const endTransferBody = z
  .object({ endedOn: isoDate.describe('Day the temporary stay ended (the member back at home)') })
  .strict();

export const cancelTransferBody = z
  .object({ cancelledOn: isoDate, reason: text(300) })
  .strict();

export const transferParams = z.object({ id });

export const TRANSFER_DIRECTIONS = ['incoming', 'outgoing', 'forwarding'] as const;
export const TRANSFER_LIST_STATES = ['open', 'closed', 'all'] as const;

export const transferListQuery = z
  .object({
    direction: z.enum(TRANSFER_DIRECTIONS, { error: oneOfError }).default('incoming'),
    state: z.enum(TRANSFER_LIST_STATES, { error: oneOfError }).default('open')
      .describe('open: waiting to be forwarded, on the way, or a temporary stay under way'),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();

export const destinationQuery = z
  .object({ q: text(100).describe('Part of the name or code of the receiving cell') })
  .strict();

const unitRef = z.object({ id: z.number(), code: z.string(), name: z.string() });

export const transferSchema = z
  .object({
    id: z.number(),
    memberId: z.number(),
    fullName: z.string(),
    birthDate: z.string().nullable(),
    gender: z.string().nullable(),
    status: z.enum(MEMBER_STATUSES).nullable().describe('The member’s status at home when the letter was issued'),
    kind: z.enum(TRANSFER_KINDS),
    purpose: z.enum(TRANSFER_PURPOSES),
    fromUnit: unitRef,
    toUnit: unitRef.nullable(),
    destination: z.string().nullable(),
    viaUnit: unitRef.nullable().describe('The unit above both ends that forwards the letter'),
    letterNo: z.string(),
    letterDate: z.string(),
    changeDate: z.string().nullable(),
    expectedReturn: z.string().nullable(),
    state: z.enum(TRANSFER_STATES),
    forwardLetterNo: z.string().nullable(),
    forwardedOn: z.string().nullable(),
    receivedOn: z.string().nullable(),
    endedOn: z.string().nullable(),
    cancelledOn: z.string().nullable(),
    cancelReason: z.string().nullable(),
    note: z.string().nullable(),
    handInBy: z.string().describe('The letter is to be handed in to the receiving unit by this day'),
    startBy: z.string().nullable().describe('The transfer was due by this day (working days after the change)'),
    overdue: z.boolean().describe('Not received although the hand-in day has passed'),
    lateStart: z.boolean().describe('The letter was issued after the start deadline'),
    returnOverdue: z.boolean().describe('A temporary stay past its expected return'),
  })
  .meta({ id: 'Transfer' });

export const transferListSchema = z.object({
  unitId: z.number(),
  direction: z.enum(TRANSFER_DIRECTIONS),
  items: z.array(transferSchema),
});

export const destinationSchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  parentName: z.string().nullable(),
  inScope: z.boolean().describe('The caller reaches this cell: the letter goes straight to it'),
});

export type IssueTransferBody = z.output<typeof issueTransferBody>;
export type Transfer = z.output<typeof transferSchema>;
export type TransferDirection = (typeof TRANSFER_DIRECTIONS)[number];
export type TransferListState = (typeof TRANSFER_LIST_STATES)[number];

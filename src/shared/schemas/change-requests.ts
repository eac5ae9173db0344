import { z } from 'zod';
import { id, oneOfError, optionalText } from './common.ts';
import { updateMemberBody } from './members.ts';

export const createChangeRequestBody = z
  .object({ changes: updateMemberBody.refine((c) => Object.keys(c).length > 0, { error: 'required' }), note: optionalText(500) })
  .strict();

export const decideChangeRequestBody = z.object({ note: optionalText(500) }).strict();
export const changeRequestParams = z.object({ id });
export const listChangeRequestsQuery = z.object({ status: z.enum(['pending', 'approved', 'rejected'], { error: oneOfError }).default('pending') }).strict();

export const changeRequestSchema = z
  .object({
    id: z.number(),
    memberId: z.number(),
    memberName: z.string(),
    changes: z.record(z.string(), z.unknown()),
    note: z.string().nullable(),
    status: z.enum(['pending', 'approved', 'rejected']),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
  })
  .meta({ id: 'ChangeRequest' });

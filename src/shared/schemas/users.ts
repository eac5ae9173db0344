import { z } from 'zod';
import { LOCALES } from '../reference.ts';
import { id, oneOfError } from './common.ts';

const username = z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, { error: 'username_format' });
/** Long enough to resist guessing; any characters, so that pass-phrases in Vietnamese work. */
const password = z.string().min(12, { error: 'password_too_short' }).max(256);

export const grantBody = z
  .object({ roleCode: z.string().max(40), unitId: id, includeSubtree: z.boolean().default(true) })
  .strict();

export const createUserBody = z
  .object({
    username,
    displayName: z.string().trim().min(1).max(120),
    password,
    locale: z.enum(LOCALES, { error: oneOfError }).default('vi'),
    memberId: id.nullable().optional(),
    grant: grantBody,
  })
  .strict();

export const resetPasswordBody = z.object({ password }).strict();
export const changePasswordBody = z.object({ currentPassword: z.string().min(1).max(256), newPassword: password }).strict();

export const userParams = z.object({ id });
export const grantParams = z.object({ id, grantId: id });
export const listUsersQuery = z.object({ unit: id.optional() }).strict();

export const grantSchema = z
  .object({
    id: z.number(), roleCode: z.string(), unitId: z.number().nullable().describe('null: the whole tree'), unitName: z.string().nullable(),
    includeSubtree: z.boolean(), createdAt: z.string(),
  })
  .meta({ id: 'Grant' });

export const userSchema = z
  .object({
    id: z.number(),
    username: z.string(),
    displayName: z.string(),
    locale: z.string(),
    memberId: z.number().nullable(),
    totpEnabled: z.boolean(),
    locked: z.boolean(),
    disabled: z.boolean(),
    grants: z.array(grantSchema),
  })
  .meta({ id: 'User' });

export const roleSchema = z
  .object({ code: z.string(), names: z.record(z.string(), z.string()), permissions: z.array(z.string()), requiresTotp: z.boolean() })
  .meta({ id: 'Role' });

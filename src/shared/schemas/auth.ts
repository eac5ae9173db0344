import { z } from 'zod';
import { PERMISSIONS } from '../permissions.ts';
import { LOCALES } from '../reference.ts';
import { id, oneOfError } from './common.ts';

export const signInBody = z
  .object({
    username: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(256),
    totpCode: z.string().trim().regex(/^\d{6}$/, { error: 'totp_code' }).optional(),
  })
  .strict();

export const meSchema = z
  .object({
    id: z.number(),
    username: z.string(),
    displayName: z.string(),
    locale: z.enum(LOCALES),
    memberId: z.number().nullable(),
    totpEnabled: z.boolean(),
    mustChangePassword: z.boolean(),
    stage: z.enum(['full', 'totp_setup']).nullable().describe('totp_setup: set up a second factor before anything else'),
    csrfToken: z.string().nullable().describe('Send as x-csrf-token with every write made with the session cookie'),
    permissions: z.array(z.string()),
    grants: z.array(z.object({
      id: z.number(), roleCode: z.string(), unitId: z.number().nullable().describe('null: the whole tree'), subtree: z.boolean(), permissions: z.array(z.string()),
    })),
  })
  .meta({ id: 'Me' });

export const totpSetupSchema = z.object({ secret: z.string(), uri: z.string() }).meta({ id: 'TotpSetup' });
export const totpEnableBody = z.object({ code: z.string().trim().regex(/^\d{6}$/, { error: 'totp_code' }) }).strict();
export const localeBody = z.object({ locale: z.enum(LOCALES, { error: oneOfError }) }).strict();

export const createTokenBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    permissions: z.array(z.enum(PERMISSIONS, { error: oneOfError })).min(1).max(PERMISSIONS.length),
    expiresInDays: z.number().int().min(1).max(366).default(90),
  })
  .strict();

export const tokenSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    permissions: z.array(z.string()),
    createdAt: z.string(),
    expiresAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });

export const createdTokenSchema = tokenSchema
  .extend({ token: z.string().describe('Shown once; send as Authorization: Bearer <token>') })
  .meta({ id: 'CreatedApiToken' });

export const tokenParams = z.object({ id });

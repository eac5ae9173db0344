import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { AttachmentStoreSettings } from './storage/attachment-store.ts';

/**
 * The environment, parsed once at boot. A bad value stops the process with a message that
 * names the variable, instead of surfacing later as an obscure failure.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Members in the demo province loaded on the first start of an empty database; 0 disables it.
   * Defaults to 20,000, and to none in production.
   */
  DEMO_MEMBERS: z.coerce.number().int().min(0).max(10_000_000).optional(),
  /** Largest accepted request body in bytes. */
  BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
  /** Behind a reverse proxy: trust its X-Forwarded-For / -Proto (true, a hop count, or addresses). */
  TRUST_PROXY: z.string().max(500).optional(),
  SESSION_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /** Largest accepted import file (CSV or XLSX), in megabytes. */
  IMPORT_MAX_MB: z.coerce.number().int().min(1).max(10_000).default(200),
  /** Most rows an import file may hold. */
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(100_000_000).default(2_000_000),
  /** Largest accepted attachment (decision, notice, minutes), in megabytes. */
  ATTACHMENTS_MAX_MB: z.coerce.number().int().min(1).max(1_000).default(20),
  /** Where attachments are kept on disk when no S3-compatible storage is configured; defaults to DATA_DIR/attachments. */
  ATTACHMENTS_DIR: z.string().min(1).optional(),
  /** S3-compatible object storage for attachments (MinIO, Ceph, AWS): on when S3_ENDPOINT is set. */
  S3_ENDPOINT: z.url().optional(),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Address buckets as endpoint/bucket (MinIO's default) rather than bucket.endpoint. */
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('true'),
  /** Roles whose holders must sign in with a second factor, comma-separated (e.g. system_admin). */
  TOTP_REQUIRED_ROLES: z.string().regex(/^[a-z0-9_,\s]*$/, 'must be role codes separated by commas').default(''),
  /** OpenID Connect sign-in: off unless OIDC_ISSUER is set. */
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_REDIRECT_URI: z.url().optional(),
  /** The claim that names the local user on first sign-in (later sign-ins match the subject). */
  OIDC_USERNAME_CLAIM: z.string().min(1).default('preferred_username'),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: string;
  demoMembers: number;
  bodyLimit: number;
  importMaxBytes: number;
  importMaxRows: number;
  trustProxy: boolean | number | string;
  auth: AuthSettings;
  totpRequiredRoles: string[];
  oidc: OidcSettings | null;
  attachments: { store: AttachmentStoreSettings; maxBytes: number };
};

export type AuthSettings = {
  sessionHours: number;
  idleMinutes: number;
  maxFailedAttempts: number;
  lockMinutes: number;
};

export type OidcSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  usernameClaim: string;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  let oidc: OidcSettings | null = null;
  if (e.OIDC_ISSUER) {
    if (!e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET || !e.OIDC_REDIRECT_URI) {
      throw new ConfigError('Invalid configuration:\n  OIDC_ISSUER is set: OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URI are required too');
    }
    oidc = {
      issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET,
      redirectUri: e.OIDC_REDIRECT_URI, usernameClaim: e.OIDC_USERNAME_CLAIM,
    };
  }
  let store: AttachmentStoreSettings = { kind: 'local', dir: resolve(e.ATTACHMENTS_DIR ?? join(e.DATA_DIR, 'attachments')) };
  if (e.S3_ENDPOINT) {
    if (!e.S3_BUCKET || !e.S3_ACCESS_KEY_ID || !e.S3_SECRET_ACCESS_KEY) {
      throw new ConfigError('Invalid configuration:\n  S3_ENDPOINT is set: S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are required too');
    }
    store = {
      kind: 's3', endpoint: e.S3_ENDPOINT, bucket: e.S3_BUCKET, region: e.S3_REGION, accessKeyId: e.S3_ACCESS_KEY_ID,
      secretAccessKey: e.S3_SECRET_ACCESS_KEY, forcePathStyle: e.S3_FORCE_PATH_STYLE === 'true',
    };
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    demoMembers: e.DEMO_MEMBERS ?? (e.NODE_ENV === 'production' ? 0 : 20_000),
    bodyLimit: e.BODY_LIMIT,
    importMaxBytes: e.IMPORT_MAX_MB * 1_048_576,
    importMaxRows: e.IMPORT_MAX_ROWS,
    trustProxy: e.TRUST_PROXY === undefined ? false
      : e.TRUST_PROXY === 'true' ? true : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
    auth: {
      sessionHours: e.SESSION_HOURS, idleMinutes: e.SESSION_IDLE_MINUTES,
      maxFailedAttempts: e.LOGIN_MAX_ATTEMPTS, lockMinutes: e.LOGIN_LOCK_MINUTES,
    },
    totpRequiredRoles: e.TOTP_REQUIRED_ROLES.split(',').map((r) => r.trim()).filter(Boolean),
    oidc,
    attachments: { store, maxBytes: e.ATTACHMENTS_MAX_MB * 1_048_576 },
  };
}

import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { AuthSettings, OidcSettings } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { AppError } from '../../http/app-error.ts';
import { appendAudit } from '../audit/audit.service.ts';
import * as repo from './auth.repository.ts';
import { openSession, type RequestMeta } from './auth.service.ts';
import { linkOidcSubject } from './oidc.repository.ts';

/**
 * Sign-in through the province's OpenID Connect provider (authorization code flow with PKCE,
 * state and nonce). The login transaction travels in a short-lived cookie sealed with
 * AES-256-GCM under a key derived from the client secret: every server process of the
 * installation can open it, nobody else can read or forge it, and nothing is kept in memory
 * or in the database between the two legs. openid-client checks state, nonce, issuer and the
 * ID token; this module maps the provider's subject to a local user.
 */

/** How long the user may take at the provider before the login transaction expires. */
export const LOGIN_TTL_SECONDS = 600;

type LoginTransaction = { state: string; nonce: string; codeVerifier: string; expiresAt: number };

const failed = () => new AppError(401, 'auth_oidc_failed');
const unknownUser = () => new AppError(403, 'auth_oidc_unknown_user');

export type OidcLogger = { warn(obj: object, msg: string): void };

/** Plain-http issuers are accepted for a provider on this machine only (tests, local trials). */
function isLoopback(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

function sealingKey(settings: OidcSettings): Buffer {
  return Buffer.from(hkdfSync('sha256', settings.clientSecret, 'partywork', 'oidc login transaction', 32));
}

function seal(settings: OidcSettings, tx: LoginTransaction): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(settings), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(tx), 'utf8'), cipher.final()]);
  return [iv, body, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.');
}

function unseal(settings: OidcSettings, value: string | undefined): LoginTransaction | null {
  const parts = value?.split('.') ?? [];
  if (parts.length !== 3) return null;
  const [iv, body, tag] = parts.map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer];
  if (iv.length !== 12 || tag.length !== 16) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealingKey(settings), iv);
    decipher.setAuthTag(tag);
    const tx = JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')) as LoginTransaction;
    return tx.expiresAt > Date.now() ? tx : null;
  } catch {
    return null;
  }
}

/**
 * The provider's configuration, discovered on first use and kept; a failed discovery is
 * retried on the next sign-in instead of being remembered.
 */
export function oidcClient(settings: OidcSettings) {
  let pending: Promise<client.Configuration> | null = null;
  return async (log: OidcLogger): Promise<client.Configuration> => {
    pending ??= (async () => {
      const issuer = new URL(settings.issuer);
      return client.discovery(
        issuer, settings.clientId, { client_secret: settings.clientSecret },
        client.ClientSecretBasic(settings.clientSecret),
        { execute: isLoopback(issuer) ? [client.allowInsecureRequests] : [], timeout: 10 },
      );
    })();
    try {
      return await pending;
    } catch (err) {
      pending = null;
      log.warn({ err }, 'OpenID Connect discovery failed');
      throw new AppError(503, 'auth_oidc_unavailable');
    }
  };
}

/** The address to send the browser to, and the sealed transaction to keep in its cookie. */
export async function startOidcLogin(
  { settings, config }: { settings: OidcSettings; config: client.Configuration },
): Promise<{ url: string; cookie: string }> {
  const tx: LoginTransaction = {
    state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier(),
    expiresAt: Date.now() + LOGIN_TTL_SECONDS * 1000,
  };
  // Ask for the profile and e-mail claims where the provider offers them (the user name claim
  // is usually among them); a provider that does not list its scopes gets them all.
  const offered = config.serverMetadata().scopes_supported;
  const scope = ['openid', ...['profile', 'email'].filter((s) => !offered || offered.includes(s))].join(' ');
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: settings.redirectUri, scope, state: tx.state, nonce: tx.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(tx.codeVerifier), code_challenge_method: 'S256',
  });
  return { url: url.href, cookie: seal(settings, tx) };
}

/**
 * Completes the sign-in: exchanges the code, then finds the local user by the provider's
 * subject, or on the first sign-in by user name (the configured claim, lower-cased) and links
 * the subject to that user. A user already linked to another subject, disabled or unknown is
 * refused. Opens a session like a password sign-in does.
 */
export async function finishOidcLogin(
  { db, settings, config, cookie, query, meta, auth, log }: {
    db: Database; settings: OidcSettings; config: client.Configuration; cookie: string | undefined;
    query: string; meta: RequestMeta; auth: AuthSettings; log: OidcLogger;
  },
) {
  const tx = unseal(settings, cookie);
  if (!tx) throw failed();
  // The response is read against the configured redirect URI, never against the Host header.
  const current = new URL(settings.redirectUri);
  current.search = query;

  let subject: string;
  let claimValue: unknown;
  try {
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: tx.codeVerifier, expectedState: tx.state, expectedNonce: tx.nonce, idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw failed();
    subject = claims.sub;
    claimValue = claims[settings.usernameClaim];
    if (claimValue === undefined && config.serverMetadata().userinfo_endpoint) {
      const info = await client.fetchUserInfo(config, tokens.access_token, subject);
      claimValue = info[settings.usernameClaim];
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    log.warn({ err }, 'OpenID Connect sign-in refused');
    throw failed();
  }

  const outcome = await db.transaction(async (sql) => {
    let user = await repo.findUserByOidcSubject(sql, subject);
    if (!user && typeof claimValue === 'string' && claimValue.trim() !== '') {
      const candidate = await repo.findUserByUsername(sql, claimValue.trim().toLowerCase(), true);
      if (candidate && !candidate.disabledAt && (await linkOidcSubject(sql, candidate.id, subject))) {
        user = candidate;
        await appendAudit(sql, {
          actorId: user.id, actorLabel: user.username, ip: meta.ip, requestId: meta.requestId, action: 'auth.oidc_linked',
          targetType: 'user', targetId: String(user.id), unitPath: null, details: { issuer: settings.issuer, subject },
        });
      }
    }
    if (!user || user.disabledAt) return null;
    const grants = await repo.activeGrants(sql, user.id);
    const session = await openSession(sql, {
      user, totpRequired: grants.some((g) => g.requiresTotp), meta, settings: auth, method: 'oidc',
    });
    return { ...session, user };
  });
  if (!outcome) {
    log.warn({ subject, claim: settings.usernameClaim }, 'OpenID Connect sign-in: no local user for this subject');
    throw unknownUser();
  }
  return outcome;
}

import { Secret, TOTP } from 'otpauth';

/** RFC 6238 time-based one-time passwords as authenticator apps expect: SHA-1, 6 digits, 30 s. */
function totpFor(secretBase32: string, label = 'partywork') {
  return new TOTP({ issuer: 'partywork', label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secretBase32) });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app reads from a QR code. */
export function totpUri(secretBase32: string, username: string): string {
  return totpFor(secretBase32, username).toString();
}

/** Accepts the current code and the one before or after it, for clocks a little apart. */
export function verifyTotp(secretBase32: string, code: string, at = Date.now()): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return totpFor(secretBase32).validate({ token: code, timestamp: at, window: 1 }) !== null;
}

export function totpCode(secretBase32: string, at = Date.now()): string {
  return totpFor(secretBase32).generate({ timestamp: at });
}

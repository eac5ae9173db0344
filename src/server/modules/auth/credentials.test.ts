import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords.ts';
import { randomSecret, sameSecret, sha256 } from './secrets.ts';
import { newTotpSecret, totpCode, verifyTotp } from './totp.ts';

describe('passwords', () => {
  it('hashes with argon2id and verifies', async () => {
    const h = await hashPassword('Mật khẩu đủ dài 2026');
    expect(h.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(h, 'Mật khẩu đủ dài 2026')).toBe(true);
    expect(await verifyPassword(h, 'mật khẩu đủ dài 2026')).toBe(false);
    expect(await verifyPassword(null, 'anything')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });
});

describe('secrets', () => {
  it('are random, prefixed and compared in constant time', () => {
    const a = randomSecret('pwt_');
    expect(a).toMatch(/^pwt_[A-Za-z0-9_-]{43}$/);
    expect(randomSecret()).not.toBe(randomSecret());
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sameSecret(a, a)).toBe(true);
    expect(sameSecret(a, `${a}x`)).toBe(false);
  });
});

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC test vector for SHA-1 at T=59 s', () => {
    // RFC 6238 appendix B: secret "12345678901234567890", 8 digits 94287082; 6 digits are its last six.
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totpCode(secret, 59_000)).toBe('287082');
    expect(verifyTotp(secret, '287082', 59_000)).toBe(true);
  });
  it('accepts the neighbouring period and refuses others', () => {
    const secret = newTotpSecret();
    const now = 1_800_000_000_000;
    expect(verifyTotp(secret, totpCode(secret, now - 30_000), now)).toBe(true);
    expect(verifyTotp(secret, totpCode(secret, now - 90_000), now)).toBe(false);
    expect(verifyTotp(secret, 'abcdef', now)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { HmacTokenSigner, newRequestId, parseKeys } from '#adapters/crypto/hmac-token-signer';
import type { TokenClaims } from '#ports/token-signer';

const OLD_SECRET = 'old-secret-0123456789abcdef';
const NEW_SECRET = 'new-secret-fedcba9876543210';
const CLAIMS: TokenClaims = { requestId: 'Q3x9Lk2mPa0', cycleId: 'nottingham-2011-2011-05-10', ownerKey: 'LB', expiresAt: '2011-07-05T23:59:59Z' };

/** Replaces the character at `index` with a different url-safe character. */
function changeCharAt(text: string, index: number): string {
  const replacement = text[index] === 'A' ? 'B' : 'A';
  return `${text.slice(0, index)}${replacement}${text.slice(index + 1)}`;
}

describe('HmacTokenSigner', () => {
  it('verifies a token it signed against the same claims', () => {
    const signer = new HmacTokenSigner(`k1:${NEW_SECRET}`);

    const token = signer.sign(CLAIMS);

    expect(signer.requestIdOf(token)).toBe(CLAIMS.requestId);
    expect(signer.verify(token, CLAIMS)).toBe(true);
  });

  it('makes compact tokens of url-safe characters that keep update+TOKEN within 64 characters', () => {
    const signer = new HmacTokenSigner(`k1:${NEW_SECRET}`);

    const token = signer.sign({ ...CLAIMS, requestId: newRequestId() });

    expect(token).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(`update+${token}`.length).toBeLessThanOrEqual(64);
  });

  it('rejects a token whose signature was altered', () => {
    const signer = new HmacTokenSigner(`k1:${NEW_SECRET}`);
    const token = signer.sign(CLAIMS);

    expect(signer.verify(changeCharAt(token, token.length - 1), CLAIMS)).toBe(false);
  });

  it('rejects a token whose request id was altered', () => {
    const signer = new HmacTokenSigner(`k1:${NEW_SECRET}`);
    const token = changeCharAt(signer.sign(CLAIMS), 0);

    expect(signer.verify(token, { ...CLAIMS, requestId: token.slice(0, 11) })).toBe(false);
  });

  it.each([
    ['cycle', { cycleId: 'nottingham-2011-2011-06-28' }],
    ['owner', { ownerKey: 'MW' }],
    ['expiry', { expiresAt: '2012-07-05T23:59:59Z' }],
  ])('binds the token to its %s', (_what, change) => {
    const signer = new HmacTokenSigner(`k1:${NEW_SECRET}`);
    const token = signer.sign(CLAIMS);

    expect(signer.verify(token, { ...CLAIMS, ...change })).toBe(false);
  });

  it('reads no request id from a malformed token', () => {
    const signer = new HmacTokenSigner(`k1:${NEW_SECRET}`);

    expect(signer.requestIdOf('short.sig')).toBeNull();
    expect(signer.requestIdOf(`${CLAIMS.requestId}.${'x'.repeat(17)}`)).toBeNull();
    expect(signer.verify('', CLAIMS)).toBe(false);
  });

  it('keeps tokens signed with the previous key valid after a rotation', () => {
    const token = new HmacTokenSigner(`k1:${OLD_SECRET}`).sign(CLAIMS);

    const rotated = new HmacTokenSigner(`k2:${NEW_SECRET},k1:${OLD_SECRET}`);

    expect(rotated.verify(token, CLAIMS)).toBe(true);
    expect(rotated.sign(CLAIMS)).toBe(new HmacTokenSigner(`k2:${NEW_SECRET}`).sign(CLAIMS));
  });

  it('rejects tokens of a key that was removed', () => {
    const token = new HmacTokenSigner(`k1:${OLD_SECRET}`).sign(CLAIMS);

    expect(new HmacTokenSigner(`k2:${NEW_SECRET}`).verify(token, CLAIMS)).toBe(false);
  });
});

describe('parseKeys', () => {
  it('reads keys newest first', () => {
    expect(parseKeys(`k2:${NEW_SECRET}, k1:${OLD_SECRET}`)).toEqual([
      { kid: 'k2', secret: NEW_SECRET },
      { kid: 'k1', secret: OLD_SECRET },
    ]);
  });

  it('refuses a short secret, a missing kid and an empty list', () => {
    expect(() => parseKeys('k1:short')).toThrow(/at least 16/);
    expect(() => parseKeys(`:${NEW_SECRET}`)).toThrow(/kid:secret/);
    expect(() => parseKeys(' , ')).toThrow(/at least one key/);
  });
});

describe('newRequestId', () => {
  it('gives 11 url-safe characters, different each time', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newRequestId()));

    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{11}$/);
  });
});

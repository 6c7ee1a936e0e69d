import { describe, expect, it } from 'vitest';
import { HmacTokenSigner, newRequestId, parseKeys } from '#adapters/crypto/hmac-token-signer';

const OLD_SECRET = 'old-secret-0123456789abcdef';
const NEW_SECRET = 'new-secret-fedcba9876543210';
const REQUEST_ID = 'Q3x9Lk2mPa0';

/** Replaces the character at `index` with a different url-safe character. */
function changeCharAt(text: string, index: number): string {
  const replacement = text[index] === 'A' ? 'B' : 'A';
  return `${text.slice(0, index)}${replacement}${text.slice(index + 1)}`;
}

describe('HmacTokenSigner', () => {
  it('verifies a token it signed and gives back the request id', () => {
    // Prepare
    const signer = new HmacTokenSigner(`k1:${NEW_SECRET}`);

    // Act
    const requestId = signer.verify(signer.sign(REQUEST_ID));

    // Assess
    expect(requestId).toBe(REQUEST_ID);
  });

  it('makes tokens of url-safe characters only', () => {
    // Prepare
    const signer = new HmacTokenSigner(`k1:${NEW_SECRET}`);

    // Act
    const token = signer.sign(newRequestId());

    // Assess
    expect(token).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it('keeps the update+TOKEN local part within 64 characters', () => {
    // Prepare
    const signer = new HmacTokenSigner(`k1:${NEW_SECRET}`);

    // Act
    const localPart = `update+${signer.sign(newRequestId())}`;

    // Assess
    expect(localPart.length).toBeLessThanOrEqual(64);
  });

  it('rejects a token whose signature was altered', () => {
    // Prepare
    const signer = new HmacTokenSigner(`k1:${NEW_SECRET}`);
    const token = signer.sign(REQUEST_ID);

    // Act
    const result = signer.verify(changeCharAt(token, token.length - 1));

    // Assess
    expect(result).toBeNull();
  });

  it('rejects a token whose request id was altered', () => {
    // Prepare
    const signer = new HmacTokenSigner(`k1:${NEW_SECRET}`);
    const token = signer.sign(REQUEST_ID);

    // Act
    const result = signer.verify(changeCharAt(token, 0));

    // Assess
    expect(result).toBeNull();
  });

  it.each([
    ['a truncated signature', (t: string) => t.slice(0, -1)],
    ['an extended signature', (t: string) => `${t}A`],
    ['a shortened request id', (t: string) => t.slice(1)],
    ['no separator', (t: string) => t.replace('.', '')],
    ['an empty token', () => ''],
  ])('rejects %s without throwing', (_case, mangle) => {
    // Prepare
    const signer = new HmacTokenSigner(`k1:${NEW_SECRET}`);
    const token = mangle(signer.sign(REQUEST_ID));

    // Act
    const result = signer.verify(token);

    // Assess
    expect(result).toBeNull();
  });

  it('rejects a token signed with a different secret', () => {
    // Prepare
    const token = new HmacTokenSigner(`k1:${OLD_SECRET}`).sign(REQUEST_ID);
    const signer = new HmacTokenSigner(`k1:${NEW_SECRET}`);

    // Act
    const result = signer.verify(token);

    // Assess
    expect(result).toBeNull();
  });

  describe('key rotation', () => {
    it('still verifies a token signed with the old key after a new key is added in front', () => {
      // Prepare
      const token = new HmacTokenSigner(`old:${OLD_SECRET}`).sign(REQUEST_ID);
      const rotated = new HmacTokenSigner(`new:${NEW_SECRET},old:${OLD_SECRET}`);

      // Act
      const result = rotated.verify(token);

      // Assess
      expect(result).toBe(REQUEST_ID);
    });

    it('signs with the newest key', () => {
      // Prepare
      const rotated = new HmacTokenSigner(`new:${NEW_SECRET},old:${OLD_SECRET}`);
      const newOnly = new HmacTokenSigner(`new:${NEW_SECRET}`);

      // Act
      const token = rotated.sign(REQUEST_ID);

      // Assess
      expect(token).toBe(newOnly.sign(REQUEST_ID));
    });

    it('rejects a token from a key that has been removed', () => {
      // Prepare
      const token = new HmacTokenSigner(`old:${OLD_SECRET}`).sign(REQUEST_ID);
      const afterRemoval = new HmacTokenSigner(`new:${NEW_SECRET}`);

      // Act
      const result = afterRemoval.verify(token);

      // Assess
      expect(result).toBeNull();
    });
  });
});

describe('parseKeys', () => {
  it('reads kid:secret pairs, newest first', () => {
    // Act
    const keys = parseKeys(` new:${NEW_SECRET} , old:${OLD_SECRET} `);

    // Assess
    expect(keys).toEqual([
      { kid: 'new', secret: NEW_SECRET },
      { kid: 'old', secret: OLD_SECRET },
    ]);
  });

  it('rejects a secret shorter than 16 characters', () => {
    // Act
    const parse = () => parseKeys('k1:tooshort');

    // Assess
    expect(parse).toThrow(/at least 16 characters/);
  });

  it('rejects a key without a kid', () => {
    // Act
    const parse = () => parseKeys(`:${NEW_SECRET}`);

    // Assess
    expect(parse).toThrow(/kid:secret/);
  });

  it('rejects an empty spec', () => {
    // Act
    const parse = () => parseKeys(' , ');

    // Assess
    expect(parse).toThrow(/at least one key/);
  });
});

describe('newRequestId', () => {
  it('makes 11 url-safe characters', () => {
    // Act
    const id = newRequestId();

    // Assess
    expect(id).toMatch(/^[A-Za-z0-9_-]{11}$/);
  });

  it('makes a different id on each call', () => {
    // Act
    const ids = new Set(Array.from({ length: 100 }, () => newRequestId()));

    // Assess
    expect(ids.size).toBe(100);
  });
});

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TokenClaims, TokenSigner } from '#ports/token-signer';

const TOKEN = /^([A-Za-z0-9_-]{11})\.([A-Za-z0-9_-]{16})$/;

/** A fresh random request id: 11 url-safe characters (64 bits). */
export function newRequestId(): string {
  return randomBytes(8).toString('base64url');
}

/** Parses `kid:secret,kid:secret` (newest first). */
export function parseKeys(spec: string): Array<{ kid: string; secret: string }> {
  const keys = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((pair) => {
      const i = pair.indexOf(':');
      if (i < 1 || pair.length - i - 1 < 16) throw new Error('TOKEN_KEYS: each key must be "kid:secret" with a secret of at least 16 characters');
      return { kid: pair.slice(0, i), secret: pair.slice(i + 1) };
    });
  if (keys.length === 0) throw new Error('TOKEN_KEYS: at least one key is needed');
  return keys;
}

/**
 * HMAC-SHA256 tokens `requestId.signature` (28 characters, `[A-Za-z0-9._-]`, so the
 * reply address's local part stays far below 64). The signature covers the request id,
 * the cycle, the owner and the expiry, so a token is bound to them: the stored request is
 * looked up by the id and the signature checked against it. The newest key signs; every
 * listed key verifies, so rotating keeps older tokens valid until they expire.
 */
export class HmacTokenSigner implements TokenSigner {
  private readonly keys: Array<{ kid: string; secret: string }>;

  constructor(keySpec: string) {
    this.keys = parseKeys(keySpec);
  }

  private mac(secret: string, c: TokenClaims): string {
    return createHmac('sha256', secret)
      .update(['planpulse-reply-v1', c.requestId, c.cycleId, c.ownerKey, c.expiresAt].join('\n'))
      .digest('base64url')
      .slice(0, 16);
  }

  newRequestId(): string {
    return newRequestId();
  }

  sign(claims: TokenClaims): string {
    return `${claims.requestId}.${this.mac(this.keys[0]!.secret, claims)}`;
  }

  requestIdOf(token: string): string | null {
    return TOKEN.exec(token)?.[1] ?? null;
  }

  verify(token: string, claims: TokenClaims): boolean {
    const m = TOKEN.exec(token);
    if (!m || m[1] !== claims.requestId) return false;
    const given = Buffer.from(m[2]!);
    let ok = false;
    for (const key of this.keys) {
      // Constant time per key; every key is tried so timing does not reveal which matched.
      ok = timingSafeEqual(given, Buffer.from(this.mac(key.secret, claims))) || ok;
    }
    return ok;
  }
}

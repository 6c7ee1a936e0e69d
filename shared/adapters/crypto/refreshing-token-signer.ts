import type { Clock } from '#ports/clock';
import type { TokenClaims, TokenSigner } from '#ports/token-signer';
import { HmacTokenSigner } from './hmac-token-signer.ts';

/**
 * A value read through a cache with a max age: `get` reads it again only once the last read
 * is older than `maxAgeMs` (by the injected clock), so a warm function sees a changed secret
 * within that time, and most invocations make no call at all.
 */
export class MaxAgeCache<T> {
  private cached?: { value: T; readAt: number };

  constructor(
    private readonly load: () => Promise<T>,
    private readonly maxAgeMs: number,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<T> {
    const now = this.clock.now().getTime();
    if (!this.cached || now - this.cached.readAt >= this.maxAgeMs) this.cached = { value: await this.load(), readAt: now };
    return this.cached.value;
  }
}

/**
 * The HMAC token signer on keys that may be rotated while the function is warm. `refresh()`
 * (awaited by the handler before each invocation) reads the keys through the cache and swaps
 * the signer when they changed; sign and verify stay synchronous, as the port is.
 */
export class RefreshingTokenSigner implements TokenSigner {
  private constructor(
    private readonly keys: MaxAgeCache<string>,
    private spec: string,
    private current: HmacTokenSigner,
  ) {}

  static async create(keys: MaxAgeCache<string>): Promise<RefreshingTokenSigner> {
    const spec = await keys.get();
    return new RefreshingTokenSigner(keys, spec, new HmacTokenSigner(spec));
  }

  async refresh(): Promise<void> {
    const spec = await this.keys.get();
    if (spec === this.spec) return;
    // A malformed new value throws here, and the invocation fails (retried) rather than signing with stale keys.
    this.current = new HmacTokenSigner(spec);
    this.spec = spec;
  }

  newRequestId(): string {
    return this.current.newRequestId();
  }
  sign(claims: TokenClaims): string {
    return this.current.sign(claims);
  }
  requestIdOf(token: string): string | null {
    return this.current.requestIdOf(token);
  }
  verify(token: string, claims: TokenClaims): boolean {
    return this.current.verify(token, claims);
  }
}

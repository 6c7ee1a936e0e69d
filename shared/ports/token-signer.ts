/** What a reply token stands for: one owner's request in one cycle, until it expires. */
export interface TokenClaims {
  requestId: string;
  cycleId: string;
  ownerKey: string;
  /** ISO instant after which replies are refused. */
  expiresAt: string;
}

/** Signs and verifies the token carried in Reply-To and the subject's [ref …]. */
export interface TokenSigner {
  /** A fresh, unguessable request id to sign. */
  newRequestId(): string;
  sign(claims: TokenClaims): string;
  /** The request id a well-formed token names (not yet verified), or null. */
  requestIdOf(token: string): string | null;
  /** Whether the token's signature, under any current key, covers exactly these claims. */
  verify(token: string, claims: TokenClaims): boolean;
}

/** Signs and verifies the token carried in Reply-To and the subject's [ref …]. */
export interface TokenSigner {
  sign(requestId: string): string;
  /** The request id when the signature is valid under any current key, else null. */
  verify(token: string): string | null;
}

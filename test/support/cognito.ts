import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** A user pool and app client as the tests name them (the verifier takes the region and issuer from the id). */
export const USER_POOL_ID = 'eu-west-2_TestPool1';
export const CLIENT_ID = 'planpulsewebtestclient';
export const ISSUER = `https://cognito-idp.eu-west-2.amazonaws.com/${USER_POOL_ID}`;
const KID = 'test-key-1';

const keyPair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });

/** The pool's signing key, made here; its JWKS is what the verifier is given instead of fetching it. */
export const poolKey = keyPair();
const { kty, n, e } = poolKey.publicKey.export({ format: 'jwk' }) as { kty: string; n: string; e: string };
export const poolJwks = { keys: [{ kty, n, e, kid: KID, alg: 'RS256', use: 'sig' }] };

/** Another key with the pool key's id: what a forger would sign with. */
export const forgerKey = keyPair().privateKey;

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * An ID token as Cognito issues it after a sign-in: RS256 over the pool key, our client as
 * audience, valid for an hour from now (real time: the verifier reads the system clock).
 */
export function idToken(claims: Record<string, unknown>, options: { key?: KeyObject; expiresIn?: number } = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    sub: '5f3c2a10-0000-4000-8000-000000000001',
    iss: ISSUER,
    aud: CLIENT_ID,
    token_use: 'id',
    auth_time: now,
    iat: now,
    exp: now + (options.expiresIn ?? 3600),
    ...claims,
  };
  const signing = `${b64url({ kid: KID, alg: 'RS256' })}.${b64url(payload)}`;
  const signature = createSign('RSA-SHA256')
    .update(signing)
    .sign(options.key ?? poolKey.privateKey)
    .toString('base64url');
  return `${signing}.${signature}`;
}

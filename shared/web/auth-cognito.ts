import { type CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import type { Logger } from '#ports/logger';
import { type Authenticator, ROLE_GROUPS, type SignInOutcome, WRONG_PASSWORD } from './auth.ts';

export const NO_ROLE = 'Your account has no PlanPulse role. Ask your administrator.';
const NEW_PASSWORD = 'Your account needs a new password before you can sign in. Ask your PlanPulse administrator to set one for you.';
const RESET_PASSWORD = 'Your password has been reset. Ask your PlanPulse administrator to set a new password for you.';
const NOT_READY = 'Your account is not ready to use yet. Ask your PlanPulse administrator.';
const UNSUPPORTED_STEP = 'Your account asks for a sign-in step PlanPulse does not support. Ask your PlanPulse administrator.';
const BUSY = 'PlanPulse is busy. Wait a minute and try again.';
const UNAVAILABLE = 'Sign-in is not working at the moment. Try again in a few minutes.';

/** Cognito errors a person can meet, and what they are told. Names, not classes: the SDK's error names are its contract. */
const ERROR_MESSAGES: Record<string, { status: 400 | 403 | 429; message: string }> = {
  // A wrong password, and (with PreventUserExistenceErrors) an unknown name, a disabled user or too many attempts.
  NotAuthorizedException: { status: 400, message: WRONG_PASSWORD },
  UserNotFoundException: { status: 400, message: WRONG_PASSWORD },
  PasswordResetRequiredException: { status: 403, message: RESET_PASSWORD },
  UserNotConfirmedException: { status: 403, message: NOT_READY },
  TooManyRequestsException: { status: 429, message: BUSY },
  LimitExceededException: { status: 429, message: BUSY },
  ThrottlingException: { status: 429, message: BUSY },
};

export interface CognitoAuthenticatorOptions {
  client: CognitoIdentityProviderClient;
  /** `eu-west-2_AbCdEf123`: the verifier takes the region and the issuer from it. */
  userPoolId: string;
  /** The app client (USER_PASSWORD_AUTH, no secret). */
  clientId: string;
  logger: Logger;
  /** The pool's signing keys, when known (tests); otherwise fetched once from the pool's JWKS address and cached. */
  jwks?: Jwks;
}

/**
 * Sign-in against a Cognito user pool: the form's name and password go to `InitiateAuth`
 * (USER_PASSWORD_AUTH); the ID token that comes back is verified (signature against the
 * pool's JWKS, issuer, audience = our client, `token_use` id, expiry) and its
 * `cognito:groups` give the role. The token itself is not kept: the session cookie holds
 * the name and role for the session's 8 hours (docs/web.md).
 */
export function cognitoAuthenticator(options: CognitoAuthenticatorOptions): Authenticator {
  const { client, userPoolId, clientId, logger } = options;
  const verifier = CognitoJwtVerifier.create({ userPoolId, tokenUse: 'id', clientId });
  if (options.jwks) verifier.cacheJwks(options.jwks);

  async function signIn(username: string, password: string): Promise<SignInOutcome> {
    if (!username.trim() || !password) return { ok: false, status: 400, message: WRONG_PASSWORD };
    let idToken: string | undefined;
    try {
      const out = await client.send(
        new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username.trim(), PASSWORD: password } }),
      );
      if (out.ChallengeName) {
        logger.warn('sign-in challenge not supported', { challenge: out.ChallengeName });
        return { ok: false, status: 403, message: out.ChallengeName === 'NEW_PASSWORD_REQUIRED' ? NEW_PASSWORD : UNSUPPORTED_STEP };
      }
      idToken = out.AuthenticationResult?.IdToken;
    } catch (e) {
      const known = ERROR_MESSAGES[(e as Error).name];
      if (known) return { ok: false, ...known };
      logger.error('sign-in failed', { error: String(e) });
      return { ok: false, status: 503, message: UNAVAILABLE };
    }
    if (!idToken) {
      logger.error('sign-in returned no ID token');
      return { ok: false, status: 503, message: UNAVAILABLE };
    }
    let claims: Record<string, unknown>;
    try {
      claims = await verifier.verify(idToken);
    } catch (e) {
      // Cognito itself never sends a bad token: this is a misconfiguration or a forgery.
      logger.error('the ID token from Cognito did not verify', { error: String(e) });
      return { ok: false, status: 503, message: UNAVAILABLE };
    }
    const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as unknown[]) : [];
    const role = ROLE_GROUPS.find(([group]) => groups.includes(group))?.[1];
    if (!role) return { ok: false, status: 403, message: NO_ROLE };
    const name = typeof claims['cognito:username'] === 'string' ? claims['cognito:username'] : username.trim();
    return { ok: true, user: { username: name, role } };
  }

  // The role was read from the verified token at sign-in, and the cookie is signed: it counts
  // until the session ends. A user removed from a group keeps it that long (docs/web.md).
  return { signIn, roleOf: (session) => session.role };
}

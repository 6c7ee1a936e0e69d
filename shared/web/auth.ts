import { authenticate, type Role, type SignedSession, type WebUser } from './session.ts';

/** Who signed in, as the session keeps them. */
export interface SignedInUser {
  username: string;
  role: Role;
}

/** A sign-in's outcome: the user, or the plain message to show on the form and its status. */
export type SignInOutcome = { ok: true; user: SignedInUser } | { ok: false; status: 400 | 403 | 429 | 503; message: string };

/** The Cognito user pool's groups and the role each gives (infra creates them); someone in both is a manager. */
export const ROLE_GROUPS: ReadonlyArray<readonly [group: string, role: Role]> = [
  ['managers', 'manager'],
  ['coordinators', 'coordinator'],
];

/** The message for a wrong name or password; never says which of the two was wrong, or whether the name exists. */
export const WRONG_PASSWORD = 'Enter a correct username and password';

/**
 * How the sign-in form checks a name and password, and how long a session's role counts.
 * Locally: the users `npm start` made up (`localAuthenticator`). In AWS: the Cognito user pool
 * (`cognitoAuthenticator`, shared/web/auth-cognito.ts).
 */
export interface Authenticator {
  signIn(username: string, password: string): Promise<SignInOutcome>;
  /** The role a signed session's user has now, or null when they may no longer come in. */
  roleOf(session: SignedSession): Role | null;
}

/**
 * The users given to the app (`npm start`, tests). Their role is looked up on every request,
 * so a cookie cannot claim one and a user taken off the list is out at once.
 */
export function localAuthenticator(users: readonly WebUser[]): Authenticator {
  return {
    signIn: async (username, password) => {
      const user = authenticate(users, username, password);
      return user ? { ok: true, user: { username: user.username, role: user.role } } : { ok: false, status: 400, message: WRONG_PASSWORD };
    },
    roleOf: (session) => users.find((u) => u.username === session.username)?.role ?? null,
  };
}

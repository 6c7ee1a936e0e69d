import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import * as z from 'zod';

/** Who may sign in, and what they may do: managers set dates; coordinators view. */
export type Role = 'manager' | 'coordinator';

/** A local user (`npm start`, tests): a name, a password and a role. */
export interface WebUser {
  username: string;
  password: string;
  role: Role;
}

/** A signed-in person, and the CSRF token every form of their session carries. */
export interface Session {
  username: string;
  role: Role;
  csrf: string;
  /** The app has the local mailbox (`WebOptions.mailbox`): the header links to it. Set per request, never in the cookie. */
  mailbox?: boolean;
}

/**
 * What the signed cookie holds: the session, and when it ends (epoch seconds). The role in it
 * is the one the sign-in gave; whether it still counts is the authenticator's call.
 */
const CookieSession = z.object({
  username: z.string().min(1),
  role: z.enum(['manager', 'coordinator']),
  csrf: z.string().min(16),
  exp: z.number().int(),
});
export type SignedSession = z.infer<typeof CookieSession>;

const SESSION_COOKIE = 'planpulse_session';
/** Before sign-in: the token the sign-in form carries (no session yet to hold it). */
const SIGN_IN_COOKIE = 'planpulse_sign_in';
/** A session lasts a working day. */
const SESSION_SECONDS = 8 * 3600;

export const newToken = () => randomBytes(24).toString('base64url');

/** Compares two secrets in constant time (of their hashes, so lengths do not leak). */
export function sameSecret(a: string, b: string): boolean {
  const hash = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(hash(a), hash(b));
}

/** The user whose name and password these are, or null (every user is compared, so timing says nothing of which names exist). */
export function authenticate(users: readonly WebUser[], username: string, password: string): WebUser | null {
  let found: WebUser | null = null;
  for (const u of users) if (sameSecret(u.username, username) && sameSecret(u.password, password)) found = u;
  return found;
}

const cookieOptions = (secure: boolean, maxAge: number) => ({ httpOnly: true, sameSite: 'Lax' as const, secure, path: '/', maxAge });

/** Starts a session of 8 hours from `now`: the cookie's Max-Age, and the end written inside it (a copied cookie stops working too). */
export async function startSession(c: Context, secret: string, secure: boolean, user: { username: string; role: Role }, now: Date): Promise<void> {
  const session: SignedSession = { username: user.username, role: user.role, csrf: newToken(), exp: Math.floor(now.getTime() / 1000) + SESSION_SECONDS };
  await setSignedCookie(c, SESSION_COOKIE, Buffer.from(JSON.stringify(session)).toString('base64url'), secret, cookieOptions(secure, SESSION_SECONDS));
  deleteCookie(c, SIGN_IN_COOKIE, { path: '/' });
}

export function endSession(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/**
 * The session of a request: from the signed cookie, while it has not ended (at `now`), and
 * with the role `roleOf` gives it (null: the user may no longer come in).
 */
export async function readSession(c: Context, secret: string, now: Date, roleOf: (session: SignedSession) => Role | null): Promise<Session | null> {
  const value = await getSignedCookie(c, secret, SESSION_COOKIE);
  if (!value) return null;
  let parsed: SignedSession;
  try {
    parsed = CookieSession.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
  } catch {
    return null;
  }
  if (parsed.exp * 1000 <= now.getTime()) return null;
  const role = roleOf(parsed);
  return role ? { username: parsed.username, role, csrf: parsed.csrf } : null;
}

/** The sign-in form's token: the one already given to this browser, or a new one. */
export async function signInToken(c: Context, secret: string, secure: boolean): Promise<string> {
  const existing = await getSignedCookie(c, secret, SIGN_IN_COOKIE);
  if (existing) return existing;
  const token = newToken();
  await setSignedCookie(c, SIGN_IN_COOKIE, token, secret, cookieOptions(secure, 3600));
  return token;
}

/** Whether the sign-in form came back with the token this browser was given. */
export async function checkSignInToken(c: Context, secret: string, sent: string | undefined): Promise<boolean> {
  const expected = await getSignedCookie(c, secret, SIGN_IN_COOKIE);
  return Boolean(expected && sent && sameSecret(expected, sent));
}

/**
 * The key of an email address for limits: lower-cased, with a `+tag` taken off the local
 * part, so `Owner+1@x` and `owner+2@x` count as the one mailbox they reach.
 */
export function addressKey(email: string): string {
  const lower = email.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at <= 0) return lower;
  const local = lower.slice(0, at);
  const plus = local.indexOf('+');
  return `${plus > 0 ? local.slice(0, plus) : local}${lower.slice(at)}`;
}

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

/**
 * A single plain mailbox address we are willing to send to: an unquoted local part and a
 * dotted domain, nothing a mail library could read as several recipients (no commas,
 * quotes, angle brackets, spaces or control characters), within RFC 5321's lengths.
 */
export function isPlainAddress(address: string): boolean {
  if (address.length > 254) return false;
  return /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/.test(
    address,
  );
}

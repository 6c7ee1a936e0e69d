import type { Deps } from './deps.ts';

export interface Verdicts {
  spam?: string;
  virus?: string;
  dmarc?: string;
  dmarcPolicy?: string;
  /** SPF and DKIM: whether the sender's address is what it claims (PASS), used before we answer it. */
  spf?: string;
  dkim?: string;
}

/** Whether the receiving service verified the sender's domain (SPF or DKIM passed); undefined when it did not say. */
export function senderVerified(v: Verdicts): boolean | undefined {
  if (v.spf === undefined && v.dkim === undefined) return undefined;
  return v.spf === 'PASS' || v.dkim === 'PASS';
}

/** Whether SES's verdicts say not to read a message: spam or virus FAIL, or DMARC FAIL with reject/quarantine. */
export function shouldQuarantine(v: Verdicts): boolean {
  const dmarcReject = v.dmarc === 'FAIL' && ['REJECT', 'QUARANTINE'].includes((v.dmarcPolicy ?? '').toUpperCase());
  return v.spam === 'FAIL' || v.virus === 'FAIL' || dmarcReject;
}

/** Records a quarantined message (kept in the bucket, never parsed, never answered). */
export async function quarantine(
  input: { rawKey: string; verdicts: Verdicts },
  { store, logger, clock }: Pick<Deps, 'store' | 'logger' | 'clock'>,
): Promise<{ outcome: 'quarantined' }> {
  await store.recordQuarantine({ rawKey: input.rawKey, verdicts: { ...input.verdicts }, at: clock.now().toISOString() });
  logger.warn('inbound mail quarantined', { rawKey: input.rawKey, ...input.verdicts });
  return { outcome: 'quarantined' };
}

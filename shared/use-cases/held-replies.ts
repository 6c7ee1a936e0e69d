import { ConflictError, NotFoundError } from '#domain/errors';
import type { Delegate, HeldReply } from '#domain/model';
import { readReply } from '#mail/parse-reply';
import { Actor, recordDecision } from './audit.ts';
import type { Deps } from './deps.ts';
import { record, type IngestOutcome } from './ingest-reply.ts';

export async function listHeld(cycleId: string, { store }: Pick<Deps, 'store'>): Promise<HeldReply[]> {
  return store.getHeld(cycleId);
}

async function loadHeld(cycleId: string, heldId: string, store: Deps['store']): Promise<HeldReply> {
  const held = (await store.getHeld(cycleId)).find((h) => h.heldId === heldId);
  if (!held) throw new NotFoundError(`no held reply ${heldId} in cycle ${cycleId} (see "held list --cycle ${cycleId}").`, 'held');
  if (held.state !== 'held') throw new ConflictError(`held reply ${heldId} was already ${held.state}.`, 'held');
  return held;
}

/**
 * A coordinator accepts a reply that came from someone other than the owner: its answers
 * are recorded on the owner's behalf and read back to both. With `addDelegate`, the sender
 * may answer for the owner directly from then on.
 */
export async function acceptHeld(
  input: { cycleId: string; heldId: string; addDelegate?: boolean; actor?: string },
  deps: Pick<Deps, 'store' | 'blobs' | 'clock' | 'mailer' | 'logger' | 'mail'>,
): Promise<IngestOutcome> {
  const { store, blobs, clock } = deps;
  const held = await loadHeld(input.cycleId, input.heldId, store);
  const request = (await store.getRequests(held.cycleId)).find((r) => r.ownerKey === held.ownerKey);
  const cycle = await store.getCycle(held.cycleId);
  const raw = await blobs.get(held.rawKey);
  if (!request || !cycle || !raw) throw new NotFoundError(`the request, cycle or raw mail of held reply ${held.heldId} is missing.`, 'held');
  const parsed = (await readReply(raw)).reply;
  const outcome = await record(
    parsed,
    request,
    cycle,
    {
      id: held.messageId,
      key: held.replyKey ?? held.messageId,
      inbound: { messageId: held.messageId, content: 'held' },
      rawKey: held.rawKey,
      receivedAt: held.receivedAt,
    },
    deps,
    held.from,
  );
  await store.putHeld({ ...held, state: 'accepted' });
  const delegate = Boolean(input.addDelegate && held.from);
  if (delegate && held.from) {
    await store.putDelegate({ planId: request.planId, ownerKey: request.ownerKey, email: held.from, addedAt: clock.now().toISOString() });
  }
  await recordDecision(
    {
      id: `held.accept#${held.cycleId}#${held.heldId}`,
      actor: Actor.parse(input.actor),
      action: 'held.accept',
      planId: request.planId,
      cycleId: held.cycleId,
      summary: `Accepted the reply from ${held.from ?? 'an unknown sender'} for ${request.ownerName}${delegate ? `, and registered ${held.from} to answer for them` : ''}.`,
    },
    deps,
  );
  return outcome;
}

/** A coordinator refuses a held reply: nothing is recorded; the raw mail stays. */
export async function rejectHeld(
  input: { cycleId: string; heldId: string; actor?: string },
  { store, clock }: Pick<Deps, 'store' | 'clock'>,
): Promise<HeldReply> {
  const held = await loadHeld(input.cycleId, input.heldId, store);
  const rejected = { ...held, state: 'rejected' as const };
  await store.putHeld(rejected);
  const cycle = await store.getCycle(held.cycleId);
  const owner = (await store.getRequests(held.cycleId)).find((r) => r.ownerKey === held.ownerKey)?.ownerName ?? held.ownerKey;
  await recordDecision(
    {
      id: `held.reject#${held.cycleId}#${held.heldId}`,
      actor: Actor.parse(input.actor),
      action: 'held.reject',
      planId: cycle?.planId ?? null,
      cycleId: held.cycleId,
      summary: `Rejected the reply from ${held.from ?? 'an unknown sender'} for ${owner}; nothing was recorded.`,
    },
    { store, clock },
  );
  return rejected;
}

/** Lets `email` answer for an owner of a plan (a deputy while the owner is on leave). */
export async function addDelegate(
  input: { planId: string; ownerKey: string; email: string; actor?: string },
  { store, clock }: Pick<Deps, 'store' | 'clock'>,
): Promise<Delegate> {
  const people = await store.getPeople(input.planId);
  const owner = people.find((p) => p.key === input.ownerKey || p.initials?.toLowerCase() === input.ownerKey.toLowerCase());
  if (!owner) throw new NotFoundError(`plan ${input.planId} has no owner "${input.ownerKey}" (use their initials, e.g. LB).`, 'owner');
  const delegate: Delegate = { planId: input.planId, ownerKey: owner.key, email: input.email.toLowerCase(), addedAt: clock.now().toISOString() };
  await store.putDelegate(delegate);
  await recordDecision(
    {
      id: `delegate.add#${input.planId}#${owner.key}#${delegate.email}#${delegate.addedAt}`,
      actor: Actor.parse(input.actor),
      action: 'delegate.add',
      planId: input.planId,
      cycleId: null,
      summary: `Registered ${delegate.email} to answer for ${owner.name}.`,
    },
    { store, clock },
  );
  return delegate;
}

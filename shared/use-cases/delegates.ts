import * as z from 'zod';
import { NotFoundError } from '#domain/errors';
import type { Delegate } from '#domain/model';
import { Actor, recordDecision } from './audit.ts';
import type { Deps } from './deps.ts';

const RemoveDelegateInput = z.object({
  planId: z.string().min(1),
  /** The owner's key or initials (as `addDelegate` takes them). */
  ownerKey: z.string().trim().min(1),
  email: z.string().trim().toLowerCase().email('enter the delegate’s email address, like name@council.gov.uk'),
  actor: Actor,
});
type RemoveDelegateInput = z.input<typeof RemoveDelegateInput>;

/**
 * Stops `email` answering for an owner of a plan, and records who did it.
 * 1. find the owner and the delegate (refused when there is no such delegate)  2. remove  3. audit `delegate.remove`
 */
export async function removeDelegate(rawInput: RemoveDelegateInput, { store, clock }: Pick<Deps, 'store' | 'clock'>): Promise<Delegate> {
  const input = RemoveDelegateInput.parse(rawInput);
  const people = await store.getPeople(input.planId);
  const owner = people.find((p) => p.key === input.ownerKey || p.initials?.toLowerCase() === input.ownerKey.toLowerCase());
  if (!owner) throw new NotFoundError(`plan ${input.planId} has no owner "${input.ownerKey}" (use their initials, e.g. LB).`, 'owner');
  const delegate = (await store.getDelegates(input.planId)).find((d) => d.ownerKey === owner.key && d.email.toLowerCase() === input.email);
  if (!delegate) throw new NotFoundError(`${input.email} does not answer for ${owner.name}: there is nothing to remove.`, 'email');
  await store.removeDelegate(input.planId, owner.key, delegate.email);
  const at = clock.now().toISOString();
  await recordDecision(
    {
      id: `delegate.remove#${input.planId}#${owner.key}#${delegate.email}#${at}`,
      at,
      actor: input.actor,
      action: 'delegate.remove',
      planId: input.planId,
      cycleId: null,
      summary: `Stopped ${delegate.email} answering for ${owner.name}.`,
    },
    { store, clock },
  );
  return delegate;
}

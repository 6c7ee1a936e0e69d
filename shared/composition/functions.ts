/**
 * Which ports each Lambda builds: the one list that the AWS composition root (aws.ts) builds
 * from and the CDK grants from (infra/stacks/stateless-stack.ts). Pure data, no AWS SDK, so
 * the infra can import it. A handler that passes its ports to a use case needing one more
 * fails tsc; a port listed here without its grant fails test/infra/function-ports.test.ts.
 */
import type { Deps } from '#use-cases/deps';

/** Ports that need nothing from AWS (no client, no grant): every function has them. */
export type AmbientPort = 'clock' | 'logger' | 'mail' | 'retention';

/** Ports backed by an AWS resource: built only where listed, each with its own IAM grant. */
export type AwsPort = Exclude<keyof Deps, AmbientPort>;

// A Record, so a port added to Deps without being named here fails tsc.
const AWS_PORT_NAMES: Record<AwsPort, true> = { store: true, mailer: true, scheduler: true, blobs: true, signer: true };

/** Every AWS-backed port (the infra tests check that no function is granted one it does not build). */
export const AWS_PORTS = Object.keys(AWS_PORT_NAMES) as AwsPort[];

/**
 * The ports of each function, from the use cases its handler calls:
 * - milestone → runMilestone (forms, reminders, escalation, reports, and the continuation schedule of a large fan-out)
 * - inbound-mail → receiveReply (raw mail from the bucket, tokens, confirmations)
 * - cycle-api → createCycle, updateCycle, cancelCycle, getCycle, listCycles (schedules; notices to owners)
 * - ses-events → recordDeliveryEvent (marks the address; tells the coordinators)
 * - web → the web app's pages (shared/web): importPlan, createCycle/updateCycle/cancelCycle
 *   (schedules; notices), acceptHeld (raw mail; confirmations), reports (compiled, downloaded).
 *   No token signer: the web app sends no update requests.
 * - watchdog → missedMilestones (reads plans, cycles and the milestone ledger; publishes a count)
 */
export const FUNCTION_PORTS = {
  milestone: ['store', 'mailer', 'scheduler', 'blobs', 'signer'],
  'inbound-mail': ['store', 'mailer', 'blobs', 'signer'],
  'cycle-api': ['store', 'mailer', 'scheduler'],
  'ses-events': ['store', 'mailer'],
  web: ['store', 'mailer', 'scheduler', 'blobs'],
  watchdog: ['store'],
} as const satisfies Record<string, readonly AwsPort[]>;

/** A Lambda: the folder under functions/ with its handler.ts. */
export type FunctionName = keyof typeof FUNCTION_PORTS;

export const FUNCTION_NAMES = Object.keys(FUNCTION_PORTS) as FunctionName[];

/** The ports a function's composition root builds, as a type: exactly its listed ports plus the ambient ones. */
export type FunctionDeps<F extends FunctionName> = Pick<Deps, (typeof FUNCTION_PORTS)[F][number] | AmbientPort>;

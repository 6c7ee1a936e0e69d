import { fileURLToPath } from 'node:url';
import type { App } from 'aws-cdk-lib';
import { parseLocalConfig } from '#config/config';

/** The repository root: NodejsFunction bundles from here and reads its lock file. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** What a deployment is configured with. Every field has a default so synth runs offline. */
export interface PlanPulseSettings {
  /** Stack env. `account` stays undefined (env-agnostic) unless context or the CLI's credentials give one. */
  account: string | undefined;
  region: string;
  /** Domain whose MX points at SES: replies go to `update+TOKEN@inboundDomain`. */
  inboundDomain: string;
  /** The From header of everything we send. */
  mailFrom: string;
  /** Domain of the From address: the SES identity we send as. */
  senderDomain: string;
  /** Whether the stateful stack creates the SES domain identities (off if they already exist). */
  createSesIdentities: boolean;
}

/** The example values a clean clone synthesises with: the same defaults the code runs with locally (one place, shared/config). */
const EXAMPLE = parseLocalConfig({});
export const DEFAULTS = {
  region: EXAMPLE.AWS_REGION,
  inboundDomain: EXAMPLE.INBOUND_DOMAIN,
  mailFrom: EXAMPLE.MAIL_FROM,
} as const;

const DOMAIN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const ADDRESS = /<?([^\s<>@]+)@([^\s<>@]+?)>?$/;

export class SettingsError extends Error {
  override name = 'SettingsError';
}

/**
 * Reads the deployment settings from CDK context (`-c key=value` or cdk.json), falling back
 * to the CLI's default environment and then to safe example values. Fails fast, naming the
 * context key, when a value is malformed.
 */
export function readSettings(app: App, env: Record<string, string | undefined> = process.env): PlanPulseSettings {
  const ctx = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return undefined;
    return String(value).trim();
  };

  const inboundDomain = (ctx('inboundDomain') ?? DEFAULTS.inboundDomain).toLowerCase();
  if (!DOMAIN.test(inboundDomain)) throw new SettingsError(`context inboundDomain: "${inboundDomain}" is not a domain name`);

  const mailFrom = ctx('mailFrom') ?? DEFAULTS.mailFrom;
  const address = ADDRESS.exec(mailFrom);
  if (!address) throw new SettingsError(`context mailFrom: "${mailFrom}" has no email address`);

  const senderDomain = (ctx('senderDomain') ?? address[2]!).toLowerCase();
  if (!DOMAIN.test(senderDomain)) throw new SettingsError(`context senderDomain: "${senderDomain}" is not a domain name`);

  const createSesIdentities = ctx('createSesIdentities') ?? 'true';
  if (!['true', 'false'].includes(createSesIdentities)) {
    throw new SettingsError(`context createSesIdentities: expected true or false, got "${createSesIdentities}"`);
  }

  return {
    account: ctx('account') ?? env.CDK_DEFAULT_ACCOUNT,
    // Not CDK_DEFAULT_REGION: the CLI fills that with us-east-1 when nothing is configured,
    // and a deploy should never land in a region nobody chose.
    region: ctx('region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? DEFAULTS.region,
    inboundDomain,
    mailFrom,
    senderDomain,
    createSesIdentities: createSesIdentities === 'true',
  };
}

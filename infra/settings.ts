import { fileURLToPath } from 'node:url';
import type { App } from 'aws-cdk-lib';
import { loadStageConfig, type StageConfig } from './stage-config.ts';

/** The repository root: NodejsFunction bundles from here and reads its lock file; `config/` is here. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Every explicit physical name of a stage: each carries the stage, so stages share an account safely. */
export interface StageNames {
  statefulStack: string;
  statelessStack: string;
  configurationSet: string;
  scheduleGroup: string;
  /** Ours, or the existing set we join (existingReceiptRuleSetName). */
  receiptRuleSet: string;
  receiptRule: string;
  tokenKeysSecret: string;
  userPool: string;
  managerApi: string;
  webApi: string;
}

/** What a deployment is configured with: the stage's config/<stage>.json, checked, with what follows from it. */
export interface PlanPulseSettings {
  stage: string;
  /** Stack env. `account` stays undefined (env-agnostic) unless the config or the CLI's credentials give one. */
  account: string | undefined;
  region: StageConfig['region'];
  /** Domain whose MX points at SES: replies go to `update+TOKEN@inboundDomain`. */
  inboundDomain: string;
  /** The From header of everything we send: `senderName <senderAddress>`. */
  mailFrom: string;
  /** The address alone: the only From the functions may send as (`ses:FromAddress`). */
  senderAddress: string;
  /** Domain of the From address: the SES identity we send as. */
  senderDomain: string;
  coordinatorAddresses: string[];
  chairAddress: string;
  sesSendRatePerSecond: number;
  rawMailRetentionDays: number;
  /** Days updates and the rest of what people wrote are kept (`planpulse purge`). */
  updateRetentionDays: number;
  logRetentionDays: number;
  alarmEmail: string;
  /** Whether the stateful stack creates the SES domain identities (off if they already exist). */
  createSesIdentities: boolean;
  /** Set when our receipt rule joins an existing rule set instead of creating one. */
  existingReceiptRuleSetName: string | undefined;
  names: StageNames;
}

/** The physical names of a stage's resources. */
export function stageNames(stage: string, config: StageConfig): StageNames {
  return {
    statefulStack: `PlanPulse-${stage}-Stateful`,
    statelessStack: `PlanPulse-${stage}-Stateless`,
    configurationSet: `planpulse-${stage}`,
    scheduleGroup: `planpulse-${stage}`,
    receiptRuleSet: config.existingReceiptRuleSetName ?? `planpulse-${stage}`,
    receiptRule: `planpulse-${stage}-replies`,
    tokenKeysSecret: config.tokenKeysSecretName,
    userPool: `planpulse-${stage}-web`,
    managerApi: `planpulse-${stage}-manager-api`,
    webApi: `planpulse-${stage}-web-app`,
  };
}

/**
 * Reads the settings of the stage named by `-c stage=<name>` (default `dev`) from
 * config/<stage>.json, with any `-c <key>=<value>` overriding a key. Throws StageConfigError
 * naming each bad key, with an example.
 */
export function readSettings(app: App, env: Record<string, string | undefined> = process.env, root = repoRoot): PlanPulseSettings {
  const context = app.node.getAllContext() as Record<string, unknown>;
  const stageValue = context.stage;
  const { stage, config } = loadStageConfig({ stage: stageValue === undefined || stageValue === '' ? undefined : String(stageValue), context, root });
  return {
    stage,
    account: config.account ?? env.CDK_DEFAULT_ACCOUNT,
    region: config.region,
    inboundDomain: config.inboundDomain,
    mailFrom: `${config.senderName} <${config.senderAddress}>`,
    senderAddress: config.senderAddress,
    senderDomain: config.senderAddress.split('@')[1]!,
    coordinatorAddresses: config.coordinatorAddresses,
    chairAddress: config.chairAddress,
    sesSendRatePerSecond: config.sesSendRatePerSecond,
    rawMailRetentionDays: config.rawMailRetentionDays,
    updateRetentionDays: config.updateRetentionDays,
    logRetentionDays: config.logRetentionDays,
    alarmEmail: config.alarmEmail,
    createSesIdentities: config.createSesIdentities,
    existingReceiptRuleSetName: config.existingReceiptRuleSetName,
    names: stageNames(stage, config),
  };
}

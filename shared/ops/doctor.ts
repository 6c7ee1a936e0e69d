import { Resolver } from 'node:dns/promises';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { GetScheduleGroupCommand, type SchedulerClient } from '@aws-sdk/client-scheduler';
import { DescribeSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  DescribeActiveReceiptRuleSetCommand,
  GetIdentityDkimAttributesCommand,
  GetIdentityMailFromDomainAttributesCommand,
  GetIdentityVerificationAttributesCommand,
  type SESClient,
} from '@aws-sdk/client-ses';
import { GetAccountCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { ListSubscriptionsByTopicCommand, type SNSClient, type Subscription } from '@aws-sdk/client-sns';
import { cloudFormationClient, schedulerClient, secretsClient, sesClient, sesV2Client, snsClient } from '#adapters/aws-clients';
import { explainAwsError, output, readOutputs, type Stage } from './stage.ts';

/** The DNS look-ups the doctor makes (node:dns's Resolver; tests pass their own answers). */
export interface Dns {
  resolveMx(host: string): Promise<{ exchange: string; priority: number }[]>;
  resolveCname(host: string): Promise<string[]>;
  resolveTxt(host: string): Promise<string[][]>;
}

export interface DoctorClients {
  ses: SESClient;
  sesV2: SESv2Client;
  secrets: SecretsManagerClient;
  scheduler: SchedulerClient;
  sns: SNSClient;
  cloudFormation: CloudFormationClient;
}

export function doctorClients(stage: Stage): DoctorClients {
  const region = stage.config.region;
  return {
    ses: sesClient({ region }),
    sesV2: sesV2Client({ region }),
    secrets: secretsClient({ region }),
    scheduler: schedulerClient({ region }),
    sns: snsClient({ region }),
    cloudFormation: cloudFormationClient({ region }),
  };
}

export const systemDns = (): Dns => new Resolver();

/** One finding: OK, or a problem with the exact fix. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

const ok = (name: string, detail: string): Check => ({ name, ok: true, detail });
const problem = (name: string, detail: string, fix: string): Check => ({ name, ok: false, detail, fix });

/** A DNS answer, or none (NXDOMAIN, no such record, no network: all "not there" to the operator). */
async function lookUp<T>(query: () => Promise<T[]>): Promise<T[]> {
  try {
    return await query();
  } catch {
    return [];
  }
}

const sameHost = (a: string, b: string) => a.replace(/\.$/, '').toLowerCase() === b.replace(/\.$/, '').toLowerCase();

/**
 * Checks that a deployed stage can send and receive mail and tell ops when it fails.
 * 1. SES identities verified  2. DKIM on, verified, and its CNAMEs in DNS  3. custom MAIL FROM
 * and its MX and SPF  4. MX of the inbound domain  5. the active receipt rule set holds our
 * enabled rule  6. the token-key secret  7. the schedule group  8. the alarm email subscription
 * confirmed  9. out of the SES sandbox, and the configured send rate within the granted one.
 * Each check catches its own failure, so one missing permission does not hide the rest.
 */
export async function runDoctor(stage: Stage, clients: DoctorClients, dns: Dns): Promise<Check[]> {
  const { config, names } = stage;
  const region = config.region;
  const senderDomain = config.senderAddress.split('@')[1]!;
  const domains = [...new Set([senderDomain, config.inboundDomain])];
  const r = `--region ${region}`;
  const guard = async (name: string, run: () => Promise<Check[]>): Promise<Check[]> => {
    try {
      return await run();
    } catch (e) {
      const explained = explainAwsError(e, stage);
      return [problem(name, `could not check: ${(explained as Error).message ?? String(explained)}`, 'fix the error above, then run planpulse doctor again')];
    }
  };

  const identities = guard('SES identities', async () => {
    const out = await clients.ses.send(new GetIdentityVerificationAttributesCommand({ Identities: domains }));
    return domains.map((d) => {
      const status = out.VerificationAttributes?.[d]?.VerificationStatus;
      if (status === 'Success') return ok(`SES identity ${d}`, 'verified');
      if (status === undefined) {
        return problem(
          `SES identity ${d}`,
          'does not exist in this account and region',
          `set "createSesIdentities": true in config/${stage.stage}.json and run npx cdk deploy --all -c stage=${stage.stage}, or: aws sesv2 create-email-identity --email-identity ${d} ${r}`,
        );
      }
      return problem(
        `SES identity ${d}`,
        `verification ${status}`,
        `publish its three DKIM CNAME records (the stack outputs Identities…Dkim…, or: aws ses get-identity-dkim-attributes --identities ${d} ${r}); SES verifies within 72 hours of them resolving`,
      );
    });
  });

  const dkim = guard('DKIM', async () => {
    const out = await clients.ses.send(new GetIdentityDkimAttributesCommand({ Identities: domains }));
    const checks: Check[] = [];
    for (const d of domains) {
      const a = out.DkimAttributes?.[d];
      const name = `DKIM ${d}`;
      if (!a?.DkimEnabled) {
        checks.push(problem(name, 'not enabled', `aws ses set-identity-dkim-enabled --identity ${d} --dkim-enabled ${r}`));
        continue;
      }
      const missing: string[] = [];
      for (const token of a.DkimTokens ?? []) {
        const host = `${token}._domainkey.${d}`;
        const target = `${token}.dkim.amazonses.com`;
        const found = await lookUp(() => dns.resolveCname(host));
        if (!found.some((c) => sameHost(c, target))) missing.push(`${host} CNAME ${target}`);
      }
      if (missing.length) checks.push(problem(name, `DNS records missing: ${missing.length}`, `add to the DNS of ${d}: ${missing.join('; ')}`));
      else if (a.DkimVerificationStatus !== 'Success')
        checks.push(problem(name, `records found, SES status ${a.DkimVerificationStatus}`, 'wait: SES re-checks DKIM records within 72 hours'));
      else checks.push(ok(name, 'enabled, verified, CNAME records resolve'));
    }
    return checks;
  });

  const mailFrom = guard('MAIL FROM', async () => {
    const name = `MAIL FROM ${senderDomain}`;
    const out = await clients.ses.send(new GetIdentityMailFromDomainAttributesCommand({ Identities: [senderDomain] }));
    const a = out.MailFromDomainAttributes?.[senderDomain];
    const mx = `feedback-smtp.${region}.amazonses.com`;
    if (!a?.MailFromDomain) {
      return [
        problem(
          name,
          'no custom MAIL FROM domain (bounces go through amazonses.com, so DMARC alignment by SPF fails)',
          `aws ses set-identity-mail-from-domain --identity ${senderDomain} --mail-from-domain bounce.${senderDomain} ${r}, then add MX 10 ${mx} and TXT "v=spf1 include:amazonses.com ~all" at bounce.${senderDomain}`,
        ),
      ];
    }
    const host = a.MailFromDomain;
    const missing: string[] = [];
    if (!(await lookUp(() => dns.resolveMx(host))).some((m) => sameHost(m.exchange, mx))) missing.push(`MX 10 ${mx}`);
    if (!(await lookUp(() => dns.resolveTxt(host))).some((t) => /^v=spf1\b.*include:amazonses\.com/.test(t.join(''))))
      missing.push('TXT "v=spf1 include:amazonses.com ~all"');
    if (missing.length) return [problem(name, `${host}: DNS records missing`, `add at ${host}: ${missing.join('; ')}`)];
    if (a.MailFromDomainStatus !== 'Success')
      return [problem(name, `${host}: SES status ${a.MailFromDomainStatus}`, 'wait: SES re-checks the MAIL FROM records within 72 hours')];
    return [ok(name, `${host} verified, MX and SPF resolve`)];
  });

  const inboundMx = guard('MX', async () => {
    const target = `inbound-smtp.${region}.amazonaws.com`;
    const found = await lookUp(() => dns.resolveMx(config.inboundDomain));
    const name = `MX ${config.inboundDomain}`;
    if (found.some((m) => sameHost(m.exchange, target))) return [ok(name, `points at ${target}`)];
    const now = found.length ? `points at ${found.map((m) => m.exchange).join(', ')}` : 'no MX record';
    return [problem(name, `${now}: replies never reach SES`, `set the MX record of ${config.inboundDomain} to: 10 ${target}`)];
  });

  const ruleSet = guard('receipt rule set', async () => {
    const out = await clients.ses.send(new DescribeActiveReceiptRuleSetCommand({}));
    const name = `receipt rule ${names.receiptRuleSet}/${names.receiptRule}`;
    const active = out.Metadata?.Name;
    if (!active)
      return [
        problem(name, 'no receipt rule set is active in this region', `aws ses set-active-receipt-rule-set --rule-set-name ${names.receiptRuleSet} ${r}`),
      ];
    if (active !== names.receiptRuleSet) {
      return [
        problem(
          name,
          `the active rule set is "${active}", not ours (only one can be active per region)`,
          `set "existingReceiptRuleSetName": "${active}" in config/${stage.stage}.json and run npx cdk deploy --all -c stage=${stage.stage} (activating ours instead would switch "${active}" off)`,
        ),
      ];
    }
    const rule = out.Rules?.find((x) => x.Name === names.receiptRule);
    if (!rule) return [problem(name, 'our rule is not in the active set', `npx cdk deploy --all -c stage=${stage.stage}`)];
    if (!rule.Enabled)
      return [problem(name, 'our rule is disabled', `SES console, ${region}: Email receiving, rule set ${active}, rule ${names.receiptRule}: Enable`)];
    return [ok(name, 'active and enabled')];
  });

  const secret = guard('token-key secret', async () => {
    const name = `secret ${names.tokenKeysSecret}`;
    try {
      const out = await clients.secrets.send(new DescribeSecretCommand({ SecretId: names.tokenKeysSecret }));
      if (out.DeletedDate)
        return [
          problem(
            name,
            `scheduled for deletion on ${out.DeletedDate.toISOString()}`,
            `aws secretsmanager restore-secret --secret-id ${names.tokenKeysSecret} ${r}`,
          ),
        ];
      return [ok(name, 'present')];
    } catch (e) {
      if ((e as Error).name !== 'ResourceNotFoundException') throw e;
      return [problem(name, 'not found: replies cannot be verified', `npx cdk deploy ${names.statefulStack} -c stage=${stage.stage}`)];
    }
  });

  const group = guard('schedule group', async () => {
    const name = `schedule group ${names.scheduleGroup}`;
    try {
      const out = await clients.scheduler.send(new GetScheduleGroupCommand({ Name: names.scheduleGroup }));
      if (out.State !== 'ACTIVE') return [problem(name, `state ${out.State}`, `wait for it to finish, then npx cdk deploy --all -c stage=${stage.stage}`)];
      return [ok(name, 'present')];
    } catch (e) {
      if ((e as Error).name !== 'ResourceNotFoundException') throw e;
      return [problem(name, 'not found: no milestone can be scheduled', `npx cdk deploy ${names.statelessStack} -c stage=${stage.stage}`)];
    }
  });

  const subscription = guard('alarm subscription', async () => {
    const name = `alarm email ${config.alarmEmail}`;
    const topicArn = output(await readOutputs(stage, clients.cloudFormation), 'AlarmTopicArn', stage);
    const subscriptions: Subscription[] = [];
    let next: string | undefined;
    do {
      const page = await clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, ...(next ? { NextToken: next } : {}) }));
      subscriptions.push(...(page.Subscriptions ?? []));
      next = page.NextToken;
    } while (next);
    const mine = subscriptions.find((s) => s.Protocol === 'email' && s.Endpoint?.toLowerCase() === config.alarmEmail);
    const resubscribe = `aws sns subscribe --topic-arn ${topicArn} --protocol email --notification-endpoint ${config.alarmEmail} ${r}`;
    if (!mine) return [problem(name, 'not subscribed to the alarm topic', resubscribe)];
    if (!mine.SubscriptionArn || mine.SubscriptionArn === 'PendingConfirmation') {
      return [
        problem(
          name,
          'subscription not confirmed: alarms are not delivered',
          `open the "AWS Notification - Subscription Confirmation" email sent to ${config.alarmEmail} and choose Confirm subscription (none? ${resubscribe})`,
        ),
      ];
    }
    return [ok(name, 'confirmed')];
  });

  // SESv2 GetAccount says it outright (ProductionAccessEnabled); no guessing from the 200-a-day quota.
  const sandbox = guard('SES sandbox', async () => {
    const out = await clients.sesV2.send(new GetAccountCommand({}));
    const checks: Check[] = [];
    if (out.ProductionAccessEnabled) checks.push(ok('SES production access', `out of the sandbox in ${region} (GetAccount ProductionAccessEnabled)`));
    else
      checks.push(
        problem(
          'SES production access',
          `the account is in the SES sandbox in ${region}: mail reaches only verified addresses, at most ${out.SendQuota?.Max24HourSend ?? 200} a day`,
          `SES console, ${region}: Account dashboard, Request production access (or aws sesv2 put-account-details --production-access-enabled --mail-type TRANSACTIONAL --website-url <url> --use-case-description "<text>" ${r})`,
        ),
      );
    const granted = out.SendQuota?.MaxSendRate;
    if (granted !== undefined && config.sesSendRatePerSecond > granted) {
      checks.push(
        problem(
          'SES send rate',
          `config/${stage.stage}.json sets sesSendRatePerSecond ${config.sesSendRatePerSecond}, more than the ${granted}/s granted`,
          `set "sesSendRatePerSecond": ${granted} and run npx cdk deploy --all -c stage=${stage.stage}`,
        ),
      );
    } else if (granted !== undefined) checks.push(ok('SES send rate', `${config.sesSendRatePerSecond}/s within the ${granted}/s granted`));
    return checks;
  });

  return (await Promise.all([identities, dkim, mailFrom, inboundMx, ruleSet, secret, group, subscription, sandbox])).flat();
}

/** The report: one line per check, the fix under each problem. */
export function formatChecks(checks: Check[]): string[] {
  return checks.flatMap((c) => (c.ok ? [`OK       ${c.name}: ${c.detail}`] : [`PROBLEM  ${c.name}: ${c.detail}`, `         fix: ${c.fix}`]));
}

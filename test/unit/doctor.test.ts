import { SchedulerClient, GetScheduleGroupCommand } from '@aws-sdk/client-scheduler';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  DescribeActiveReceiptRuleSetCommand,
  GetIdentityDkimAttributesCommand,
  GetIdentityMailFromDomainAttributesCommand,
  GetIdentityVerificationAttributesCommand,
  SESClient,
} from '@aws-sdk/client-ses';
import { GetAccountCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Dns } from '../../shared/ops/doctor.ts';
import { DEV_OUTPUTS, mockDevStacks } from '#support/deployed-stage';
import { planpulseIn } from '../e2e/cli-run.ts';

// The dev stage (config/dev.json): sends as notify.example.org, receives at replies.example.org, eu-west-2.
const SENDER = 'notify.example.org';
const INBOUND = 'replies.example.org';
const TOPIC = DEV_OUTPUTS['PlanPulse-dev-Stateless'].AlarmTopicArn;
const home = '/nonexistent/planpulse-home-never-used';

const ses = mockClient(SESClient);
const sesV2 = mockClient(SESv2Client);
const secrets = mockClient(SecretsManagerClient);
const scheduler = mockClient(SchedulerClient);
const sns = mockClient(SNSClient);
mockDevStacks();

/** DNS as published for a stage set up right. */
const GOOD_DNS: Record<string, { mx?: string[]; cname?: string[]; txt?: string[][] }> = {
  [INBOUND]: { mx: ['inbound-smtp.eu-west-2.amazonaws.com'] },
  [`bounce.${SENDER}`]: { mx: ['feedback-smtp.eu-west-2.amazonses.com'], txt: [['v=spf1 include:amazonses.com ~all']] },
  ...Object.fromEntries(
    ['a1', 'a2', 'a3', 'b1', 'b2', 'b3'].flatMap((t) => [SENDER, INBOUND].map((d) => [`${t}._domainkey.${d}`, { cname: [`${t}.dkim.amazonses.com.`] }])),
  ),
};
const notFound = () => Promise.reject(Object.assign(new Error('queryMx ENOTFOUND'), { code: 'ENOTFOUND' }));
const dnsOf = (records: typeof GOOD_DNS): Dns & { asked: string[] } => {
  const asked: string[] = [];
  const answer = <T>(host: string, pick: (r: (typeof GOOD_DNS)[string]) => T[] | undefined) => {
    asked.push(host);
    const found = records[host] ? pick(records[host]) : undefined;
    return found ? Promise.resolve(found) : notFound();
  };
  return {
    asked,
    resolveMx: (h) => answer(h, (r) => r.mx?.map((exchange) => ({ exchange, priority: 10 }))),
    resolveCname: (h) => answer(h, (r) => r.cname),
    resolveTxt: (h) => answer(h, (r) => r.txt),
  };
};

/** SES and friends answering as for a stage set up right. */
function givenAHealthyStage() {
  ses.on(GetIdentityVerificationAttributesCommand).resolves({
    VerificationAttributes: { [SENDER]: { VerificationStatus: 'Success' }, [INBOUND]: { VerificationStatus: 'Success' } },
  });
  ses.on(GetIdentityDkimAttributesCommand).resolves({
    DkimAttributes: {
      [SENDER]: { DkimEnabled: true, DkimVerificationStatus: 'Success', DkimTokens: ['a1', 'a2', 'a3'] },
      [INBOUND]: { DkimEnabled: true, DkimVerificationStatus: 'Success', DkimTokens: ['b1', 'b2', 'b3'] },
    },
  });
  ses.on(GetIdentityMailFromDomainAttributesCommand).resolves({
    MailFromDomainAttributes: { [SENDER]: { MailFromDomain: `bounce.${SENDER}`, MailFromDomainStatus: 'Success', BehaviorOnMXFailure: 'UseDefaultValue' } },
  });
  ses.on(DescribeActiveReceiptRuleSetCommand).resolves({ Metadata: { Name: 'planpulse-dev' }, Rules: [{ Name: 'planpulse-dev-replies', Enabled: true }] });
  secrets.on(DescribeSecretCommand).resolves({ Name: 'planpulse/dev/token-keys' });
  scheduler.on(GetScheduleGroupCommand).resolves({ Name: 'planpulse-dev', State: 'ACTIVE' });
  sns.on(ListSubscriptionsByTopicCommand).resolves({
    Subscriptions: [{ Protocol: 'email', Endpoint: 'ops@example.org', SubscriptionArn: `${TOPIC}:0f1e2d3c`, TopicArn: TOPIC }],
  });
  sesV2.on(GetAccountCommand).resolves({ ProductionAccessEnabled: true, SendQuota: { Max24HourSend: 50_000, MaxSendRate: 14, SentLast24Hours: 0 } });
}

beforeEach(() => {
  for (const m of [ses, sesV2, secrets, scheduler, sns]) m.reset();
  givenAHealthyStage();
});

describe('planpulse doctor --stage', () => {
  it('reports every check OK on a stage set up right, asking AWS about exactly its resources', async () => {
    const dns = dnsOf(GOOD_DNS);

    const run = await planpulseIn({ home, dns }, 'doctor', '--stage', 'dev');

    expect(run.stdout).not.toContain('PROBLEM');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('everything checked is in order');
    expect(ses.commandCalls(GetIdentityVerificationAttributesCommand)[0]!.args[0].input).toEqual({ Identities: [SENDER, INBOUND] });
    expect(ses.commandCalls(GetIdentityDkimAttributesCommand)[0]!.args[0].input).toEqual({ Identities: [SENDER, INBOUND] });
    expect(ses.commandCalls(GetIdentityMailFromDomainAttributesCommand)[0]!.args[0].input).toEqual({ Identities: [SENDER] });
    expect(ses.commandCalls(DescribeActiveReceiptRuleSetCommand)[0]!.args[0].input).toEqual({});
    expect(secrets.commandCalls(DescribeSecretCommand)[0]!.args[0].input).toEqual({ SecretId: 'planpulse/dev/token-keys' });
    expect(scheduler.commandCalls(GetScheduleGroupCommand)[0]!.args[0].input).toEqual({ Name: 'planpulse-dev' });
    expect(sns.commandCalls(ListSubscriptionsByTopicCommand)[0]!.args[0].input).toEqual({ TopicArn: TOPIC });
    expect(sesV2.commandCalls(GetAccountCommand)[0]!.args[0].input).toEqual({});
    expect(dns.asked).toContain(INBOUND);
    expect(dns.asked).toContain(`a1._domainkey.${SENDER}`);
  });

  it('prints a problem and its exact fix for each thing wrong, and exits 1', async () => {
    ses.on(GetIdentityVerificationAttributesCommand).resolves({ VerificationAttributes: { [SENDER]: { VerificationStatus: 'Pending' } } });
    ses.on(DescribeActiveReceiptRuleSetCommand).resolves({ Metadata: { Name: 'council-inbound' }, Rules: [] });
    secrets.on(DescribeSecretCommand).rejects(Object.assign(new Error('not found'), { name: 'ResourceNotFoundException' }));
    scheduler.on(GetScheduleGroupCommand).rejects(Object.assign(new Error('not found'), { name: 'ResourceNotFoundException' }));
    sns
      .on(ListSubscriptionsByTopicCommand)
      .resolves({ Subscriptions: [{ Protocol: 'email', Endpoint: 'ops@example.org', SubscriptionArn: 'PendingConfirmation' }] });
    sesV2.on(GetAccountCommand).resolves({ ProductionAccessEnabled: false, SendQuota: { Max24HourSend: 200, MaxSendRate: 1 } });
    const dns = dnsOf({ ...GOOD_DNS, [INBOUND]: { mx: ['mx.old-provider.example'] }, [`a2._domainkey.${SENDER}`]: {} });

    const run = await planpulseIn({ home, dns }, 'doctor', '--stage', 'dev');

    expect(run.code).toBe(1);
    const out = run.stdout;
    expect(out).toContain(`PROBLEM  SES identity ${SENDER}: verification Pending`);
    expect(out).toContain(`PROBLEM  SES identity ${INBOUND}: does not exist`);
    expect(out).toContain(`add to the DNS of ${SENDER}: a2._domainkey.${SENDER} CNAME a2.dkim.amazonses.com`);
    expect(out).toContain(`set the MX record of ${INBOUND} to: 10 inbound-smtp.eu-west-2.amazonaws.com`);
    expect(out).toContain('set "existingReceiptRuleSetName": "council-inbound" in config/dev.json');
    expect(out).toContain('fix: npx cdk deploy PlanPulse-dev-Stateful -c stage=dev');
    expect(out).toContain('fix: npx cdk deploy PlanPulse-dev-Stateless -c stage=dev');
    expect(out).toContain('subscription not confirmed');
    expect(out).toContain('Request production access');
    expect(out).toContain('"sesSendRatePerSecond": 1');
    expect(out).toContain('OK       MAIL FROM notify.example.org');
  });

  it('says how to set up a custom MAIL FROM domain when there is none', async () => {
    ses.on(GetIdentityMailFromDomainAttributesCommand).resolves({ MailFromDomainAttributes: {} });

    const run = await planpulseIn({ home, dns: dnsOf(GOOD_DNS) }, 'doctor', '--stage', 'dev');

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `fix: aws ses set-identity-mail-from-domain --identity ${SENDER} --mail-from-domain bounce.${SENDER} --region eu-west-2, then add MX 10 feedback-smtp.eu-west-2.amazonses.com`,
    );
  });

  it('needs a stage', async () => {
    const run = await planpulseIn({ home }, 'doctor');

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('doctor needs --stage <stage>');
  });
});

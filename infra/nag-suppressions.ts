import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** One accepted cdk-nag finding: which rule (finding id), on which constructs, and why. */
export interface NagSuppression {
  /** Matches the finding id, e.g. `AwsSolutions-IAM5[Action::s3:List*]`. */
  rule: RegExp;
  /** Matches the construct path of the resource, e.g. `PlanPulseStateless/Web/...`. */
  path: RegExp;
  reason: string;
}

const FUNCTION_ROLE = /\/(Milestone|InboundMail|SesEvents|CycleApi|Web|Watchdog)\/ExecutionRole\/(DefaultPolicy\/)?Resource$/;
const FUNCTION = /\/(Milestone|InboundMail|SesEvents|CycleApi|Web|Watchdog)\/Function\/Resource$/;
const FAILURE_QUEUES = /\/((InboundMail|SesEvents)\/FailedInvocations|Scheduling\/DeadLetterQueue)\/Resource$/;

/**
 * Every cdk-nag finding (AwsSolutions and Serverless packs) we accept, with the reason that
 * holds for this system. test/infra/nag.test.ts fails on any finding not listed here and on
 * any entry that no longer matches anything. docs/infra.md lists them for reviewers.
 */
export const NAG_SUPPRESSIONS: NagSuppression[] = [
  {
    rule: /^AwsSolutions-IAM5\[Resource::\*\]$/,
    path: FUNCTION_ROLE,
    reason:
      'X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) has no resource-level permissions; no other action of these policies has a wildcard resource.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::.*Table.*\/index\/\*\]$/,
    path: FUNCTION_ROLE,
    reason: 'Queries of the single table use its one index GSI1; the grant names the indexes of this table only.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::arn:.*:ses:.*:identity\/\*\]$/,
    path: FUNCTION_ROLE,
    reason:
      'ses:SendRawEmail is checked against the recipients too while the account is in the SES sandbox, and those are identities we cannot list at deploy time; only ses:SendRawEmail is allowed, and only From the configured sender address (ses:FromAddress condition).',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::arn:.*:scheduler:.*:schedule\/planpulse-[a-z0-9-]+\/\*\]$/,
    path: FUNCTION_ROLE,
    reason:
      'Milestone schedules are created at run time, one per cycle milestone, with names not known at deploy time; the grant is limited to the PlanPulse schedule group.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::.*MailBucket.*\/(inbound|reports|uploads)\/\*\]$/,
    path: FUNCTION_ROLE,
    reason:
      'Object keys under the prefix are made per message, report or upload at run time; each function gets only s3:GetObject and s3:PutObject on the prefixes its blob store uses.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::arn:.*:execute-api:.*\/\*\/\*\/\*\]$/,
    path: /\/ManagerApi\/ManagerPolicy\/Resource$/,
    reason: 'Whoever manages cycles may call every route of the manager API, and only that API.',
  },
  {
    rule: /^AwsSolutions-APIG4$/,
    path: /\/WebApp\/Api\/ANY--(\{proxy\+\})?\/Resource$/,
    reason:
      'The web app signs people in itself (Cognito user pool, session cookie) and refuses anyone signed out; an API authorizer could not serve the sign-in page.',
  },
  {
    rule: /^AwsSolutions-COG8$/,
    path: /\/WebSignIn\/Users\/Resource$/,
    reason:
      "Threat protection (Plus plan) would judge every sign-in by the Lambda's IP address and lock everyone out at once (see web-sign-in.ts); Cognito's own lockout applies.",
  },
  {
    rule: /^AwsSolutions-SMG4$/,
    path: /\/TokenKeys\/Secret\/Resource$/,
    reason:
      'Reply-token keys are rotated by an operator writing a new key ahead of the old one (docs/infra.md); an automatic rotation would invalidate every Reply-To address already sent.',
  },
  {
    rule: /^AwsSolutions-SMG4$/,
    path: /\/WebApp\/SessionSecret\/Resource$/,
    reason: 'Rotating the cookie-signing secret signs every user out; it is replaced by redeploying the stateless stack when needed.',
  },
  {
    rule: /^(AwsSolutions-SQS3|Serverless-SQSRedrivePolicy)$/,
    path: FAILURE_QUEUES,
    reason: 'These queues are the dead-letter queues: the last stop of a failed event, alarmed on and replayed by hand.',
  },
  {
    rule: /^Serverless-LambdaDLQ$/,
    path: FUNCTION,
    reason:
      'The async functions have an on-failure destination (which records the error with the event) instead of a DLQ; cycle-api and web are invoked synchronously by their HTTP APIs; the watchdog’s event holds nothing to replay (the next run, 15 minutes later, counts afresh) and its errors alarm.',
  },
  {
    rule: /^Serverless-EventBusDLQ$/,
    path: /\/WatchdogEvery15Minutes\/Resource$/,
    reason:
      'The watchdog rule carries no data: a run that could not be delivered is replaced by the next one 15 minutes later, and the MilestoneMissed alarm treats an hour without a count as an alarm.',
  },
  {
    rule: /^Serverless-SNSRedrivePolicy$/,
    path: /\/Alarms\/Topic\/.+\/Resource$/,
    reason:
      'The alarm email subscription: an email SNS cannot deliver would land in a queue nobody is told about; the alarm history in CloudWatch keeps every alarm.',
  },
];

/** The acknowledgement ids a validation report names, by construct path. */
export interface NagFinding {
  rule: string;
  path: string;
}

/**
 * Acknowledges (Validations.acknowledge, read by cdk-nag 3) each finding matched by a
 * suppression, on the construct that owns the resource; returns the findings left over and
 * the suppressions that matched nothing.
 */
export function acknowledgeNagFindings(
  root: IConstruct,
  findings: NagFinding[],
  suppressions: NagSuppression[] = NAG_SUPPRESSIONS,
): { unsuppressed: NagFinding[]; unused: NagSuppression[] } {
  const byPath = new Map(root.node.findAll().map((c) => [c.node.path, c]));
  const used = new Set<NagSuppression>();
  const unsuppressed: NagFinding[] = [];
  for (const finding of findings) {
    const suppression = suppressions.find((s) => s.rule.test(finding.rule) && s.path.test(finding.path));
    const construct = byPath.get(finding.path);
    if (!suppression || !construct) {
      unsuppressed.push(finding);
      continue;
    }
    used.add(suppression);
    Validations.of(construct).acknowledge({ id: finding.rule, reason: suppression.reason });
  }
  return { unsuppressed, unused: suppressions.filter((s) => !used.has(s)) };
}

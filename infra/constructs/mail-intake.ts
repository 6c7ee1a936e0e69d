import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { type IReceiptRuleSet, ReceiptRuleSet, TlsPolicy } from 'aws-cdk-lib/aws-ses';
import { Lambda, LambdaInvocationType, S3 } from 'aws-cdk-lib/aws-ses-actions';
import { Construct } from 'constructs';

export interface MailIntakeProps {
  /** Every address at this domain is a reply (`update+TOKEN@domain`). */
  inboundDomain: string;
  bucket: IBucket;
  /** Where SES writes the raw message, e.g. `inbound/`. */
  objectKeyPrefix: string;
  inboundFunction: IFunction;
  /** @default 'planpulse' */
  ruleSetName?: string;
  /** @default 'planpulse-replies' */
  ruleName?: string;
  /** Add the rule to the existing rule set `ruleSetName` (only one set can be active per region) instead of creating it. */
  joinExistingRuleSet?: boolean;
}

/**
 * Receives owners' replies: an SES receipt rule that first stores the raw message in S3
 * and then invokes the inbound-mail function asynchronously. The order matters: the raw
 * mail is kept even when the function fails, and the function reads it from the bucket.
 *
 * SES has one active rule set per region and CloudFormation cannot activate one:
 * activate `planpulse-<stage>` after the first deploy, or join the active set (docs/infra.md).
 */
export class MailIntake extends Construct {
  readonly ruleSet: IReceiptRuleSet;

  constructor(scope: Construct, id: string, props: MailIntakeProps) {
    super(scope, id);

    const ruleSetName = props.ruleSetName ?? 'planpulse';
    this.ruleSet = props.joinExistingRuleSet
      ? ReceiptRuleSet.fromReceiptRuleSetName(this, 'RuleSet', ruleSetName)
      : new ReceiptRuleSet(this, 'RuleSet', { receiptRuleSetName: ruleSetName });

    this.ruleSet.addRule('Replies', {
      receiptRuleName: props.ruleName ?? 'planpulse-replies',
      recipients: [props.inboundDomain],
      enabled: true,
      // Spam and virus verdicts land in the headers; the parser holds flagged mail.
      scanEnabled: true,
      tlsPolicy: TlsPolicy.REQUIRE,
      actions: [
        new S3({ bucket: props.bucket, objectKeyPrefix: props.objectKeyPrefix }),
        // Event: SES does not wait for the parse, and Lambda retries a failed one twice.
        new Lambda({ function: props.inboundFunction, invocationType: LambdaInvocationType.EVENT }),
      ],
    });
  }
}

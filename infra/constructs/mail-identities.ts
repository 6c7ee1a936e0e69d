import { CfnOutput, RemovalPolicy } from 'aws-cdk-lib';
import { EmailIdentity, Identity, MailFromBehaviorOnMxFailure } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface MailIdentitiesProps {
  /** Domain of the From address. */
  senderDomain: string;
  /** The region's SES feedback endpoint is named after it (the MAIL FROM domain's MX record). */
  region: string;
  /** Domain that receives replies (SES only receives for verified domains). */
  inboundDomain: string;
}

/**
 * SES domain identities with Easy DKIM for the sending and the receiving domain. SES
 * verifies a domain once its three DKIM CNAME records resolve, so they are printed as
 * stack outputs for whoever runs the DNS. Retained: re-verifying a domain takes DNS work.
 * The sending domain gets a custom MAIL FROM domain, `bounce.<sender domain>`, so the
 * envelope sender aligns with the From domain for SPF (and DMARC); its MX and SPF records
 * are printed too. Until they resolve SES falls back to its own MAIL FROM (mail still goes).
 */
export class MailIdentities extends Construct {
  constructor(scope: Construct, id: string, props: MailIdentitiesProps) {
    super(scope, id);

    const domains = [...new Set([props.senderDomain, props.inboundDomain])];
    domains.forEach((domain, i) => {
      const sending = domain === props.senderDomain;
      const identity = new EmailIdentity(this, `Domain${i}`, {
        identity: Identity.domain(domain),
        ...(sending ? { mailFromDomain: mailFromDomainOf(domain), mailFromBehaviorOnMxFailure: MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE } : {}),
      });
      identity.applyRemovalPolicy(RemovalPolicy.RETAIN);
      identity.dkimRecords.forEach((record, n) => {
        new CfnOutput(this, `Domain${i}Dkim${n + 1}`, {
          description: `DKIM CNAME ${n + 1} for ${domain}`,
          value: `${record.name} CNAME ${record.value}`,
        });
      });
      if (sending) {
        new CfnOutput(this, 'MailFromMx', {
          description: `MX record of the MAIL FROM domain of ${domain}`,
          value: `${mailFromDomainOf(domain)} MX 10 feedback-smtp.${props.region}.amazonses.com`,
        });
        new CfnOutput(this, 'MailFromSpf', {
          description: `SPF record of the MAIL FROM domain of ${domain}`,
          value: `${mailFromDomainOf(domain)} TXT "v=spf1 include:amazonses.com ~all"`,
        });
      }
    });
  }
}

/** The custom MAIL FROM domain of a sending domain. */
export const mailFromDomainOf = (senderDomain: string) => `bounce.${senderDomain}`;

import { CfnOutput, RemovalPolicy } from 'aws-cdk-lib';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface MailIdentitiesProps {
  /** Domain of the From address. */
  senderDomain: string;
  /** Domain that receives replies (SES only receives for verified domains). */
  inboundDomain: string;
}

/**
 * SES domain identities with Easy DKIM for the sending and the receiving domain. SES
 * verifies a domain once its three DKIM CNAME records resolve, so they are printed as
 * stack outputs for whoever runs the DNS. Retained: re-verifying a domain takes DNS work.
 */
export class MailIdentities extends Construct {
  constructor(scope: Construct, id: string, props: MailIdentitiesProps) {
    super(scope, id);

    const domains = [...new Set([props.senderDomain, props.inboundDomain])];
    domains.forEach((domain, i) => {
      const identity = new EmailIdentity(this, `Domain${i}`, { identity: Identity.domain(domain) });
      identity.applyRemovalPolicy(RemovalPolicy.RETAIN);
      identity.dkimRecords.forEach((record, n) => {
        new CfnOutput(this, `Domain${i}Dkim${n + 1}`, {
          description: `DKIM CNAME ${n + 1} for ${domain}`,
          value: `${record.name} CNAME ${record.value}`,
        });
      });
    });
  }
}

import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { DataStore } from '../constructs/data-store.ts';
import { MailIdentities } from '../constructs/mail-identities.ts';
import { MailStore } from '../constructs/mail-store.ts';
import { TokenKeys } from '../constructs/token-keys.ts';
import { WebSignIn } from '../constructs/web-sign-in.ts';
import type { PlanPulseSettings } from '../settings.ts';

export interface StatefulStackProps extends StackProps {
  settings: PlanPulseSettings;
}

/**
 * What must outlive any deployment: the table, the mail bucket, the token keys, the web
 * app's user pool and the SES identities. Everything here is retained when the stack is deleted.
 */
export class StatefulStack extends Stack {
  readonly data: DataStore;
  readonly mail: MailStore;
  readonly tokenKeys: TokenKeys;
  readonly webSignIn: WebSignIn;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { settings } = props;

    this.data = new DataStore(this, 'Data');
    this.mail = new MailStore(this, 'Mail', { rawMailRetentionDays: settings.rawMailRetentionDays });
    this.tokenKeys = new TokenKeys(this, 'TokenKeys', { secretName: settings.names.tokenKeysSecret });
    this.webSignIn = new WebSignIn(this, 'WebSignIn', { name: settings.names.userPool });
    if (settings.createSesIdentities) {
      new MailIdentities(this, 'Identities', { senderDomain: settings.senderDomain, inboundDomain: settings.inboundDomain, region: settings.region });
    }

    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'MailBucketName', { value: this.mail.bucket.bucketName });
    new CfnOutput(this, 'TokenKeysSecretArn', { value: this.tokenKeys.secret.secretArn });
    new CfnOutput(this, 'WebUserPoolId', { description: 'Create the web app users here (README, Deploy)', value: this.webSignIn.userPool.userPoolId });
  }
}

import { RemovalPolicy } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/**
 * The HMAC keys that sign reply tokens. Retained: losing them invalidates every Reply-To
 * address already sent.
 *
 * Secrets Manager can only generate a random string inside a JSON template, so the first
 * value is `{"kid":"k1","secret":"<48 random characters>"}`. To rotate, an operator writes
 * the TOKEN_KEYS format, newest first: `k2:<new secret>,k1:<old secret>`. The AWS
 * composition root accepts both shapes (docs/infra.md).
 */
export class TokenKeys extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string, props: { secretName?: string } = {}) {
    super(scope, id);

    this.secret = new Secret(this, 'Secret', {
      // Named per stage (tokenKeysSecretName in config/<stage>.json) so operators can find it.
      secretName: props.secretName,
      description: 'PlanPulse reply-token signing keys (TOKEN_KEYS)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ kid: 'k1' }),
        generateStringKey: 'secret',
        passwordLength: 48,
        // `,` and `:` separate keys in the TOKEN_KEYS format; letters and digits are plenty.
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}

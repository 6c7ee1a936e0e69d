import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccountRecovery, FeaturePlan, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLE_GROUPS } from '../../shared/web/auth.ts';

/**
 * Who may sign in to the web app in AWS: a Cognito user pool whose groups give the roles
 * (`managers`, `coordinators`; anyone in neither is refused), and the app client the
 * sign-in form uses. Retained: the users and their groups cannot be rebuilt from anywhere.
 *
 * Threat protection (Cognito's "advanced security", the Plus plan) is not on: the client
 * has no secret, so Cognito cannot be told the person's IP address and would judge every
 * sign-in by the Lambda's; adaptive blocking would then lock out everyone at once. Cognito's
 * own lockout after repeated wrong passwords still applies (docs/web.md).
 */
export class WebSignIn extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: { name?: string } = {}) {
    super(scope, id);
    // Named per stage, so the pools of two stages in one account are told apart.
    const name = props.name ?? 'planpulse-web';

    this.userPool = new UserPool(this, 'Users', {
      userPoolName: name,
      // An administrator creates every account (README, Deploy); nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true } },
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The groups the app reads from the ID token's cognito:groups (shared/web/auth-cognito.ts).
    for (const [group, role] of ROLE_GROUPS) {
      this.userPool.addGroup(group, { groupName: group, description: `PlanPulse ${role}s`, precedence: role === 'manager' ? 1 : 2 });
    }

    this.client = this.userPool.addClient('WebApp', {
      userPoolClientName: name,
      // The server-side sign-in form sends the name and password (InitiateAuth); nothing else.
      authFlows: { userPassword: true },
      generateSecret: false,
      disableOAuth: true,
      // An unknown name gets the same answer as a wrong password.
      preventUserExistenceErrors: true,
      // The token is verified once at sign-in and not kept: the session cookie takes over.
      idTokenValidity: Duration.minutes(60),
      accessTokenValidity: Duration.minutes(60),
    });
  }
}

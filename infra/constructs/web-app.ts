import { CfnOutput, RemovalPolicy } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { addLoggedStage } from './http-api-stage.ts';
import type { PlanPulseFunction } from './planpulse-function.ts';

export interface WebAppProps {
  webFunction: PlanPulseFunction;
  /** The API's name (with the stage, so two stages' APIs are told apart). @default the construct path */
  apiName?: string;
}

/**
 * The web app's own HTTP API: every path (`ANY /`, `ANY /{proxy+}`) goes to the web function,
 * which signs people in itself (Cognito) and refuses anyone signed out. A separate API from
 * the manager API, whose routes need IAM signatures: the web app's `/plans/...` pages would
 * otherwise meet the cycle API's `/plans/{plan}/cycles` there (docs/web.md). Also the
 * secret that signs the session cookies.
 */
export class WebApp extends Construct {
  readonly api: HttpApi;
  readonly sessionSecret: Secret;

  constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id);

    // Losing it only signs everybody out, so it lives and goes with the stateless stack.
    this.sessionSecret = new Secret(this, 'SessionSecret', {
      description: 'PlanPulse web app: signs the session cookies',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.api = new HttpApi(this, 'Api', {
      apiName: props.apiName,
      description: 'PlanPulse web app for coordinators and managers',
      createDefaultStage: false,
    });
    // A few dozen council staff: this is plenty for them and slows down password guessing.
    addLoggedStage(this, this.api, { rateLimit: 20, burstLimit: 40 });

    const integration = new HttpLambdaIntegration('Web', props.webFunction.function);
    for (const path of ['/', '/{proxy+}']) this.api.addRoutes({ path, methods: [HttpMethod.ANY], integration });

    new CfnOutput(this, 'Url', { description: 'The web app: open it in a browser and sign in', value: `${this.api.apiEndpoint}/` });
  }
}

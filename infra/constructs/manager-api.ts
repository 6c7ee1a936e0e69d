import { CfnOutput } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { addLoggedStage } from './http-api-stage.ts';

export interface ManagerApiProps {
  cycleApiFunction: IFunction;
  /** The API's name (with the stage, so two stages' APIs are told apart). @default the construct path */
  apiName?: string;
}

/**
 * The HTTP API managers use to create and change cycles. Every route needs a SigV4-signed
 * request (IAM auth): attach the `ManagerPolicy` output to the managers' role or users.
 */
export class ManagerApi extends Construct {
  readonly api: HttpApi;
  readonly managerPolicy: ManagedPolicy;

  constructor(scope: Construct, id: string, props: ManagerApiProps) {
    super(scope, id);

    this.api = new HttpApi(this, 'Api', {
      apiName: props.apiName,
      description: 'PlanPulse manager API: cycles of update requests',
      defaultAuthorizer: new HttpIamAuthorizer(),
      createDefaultStage: false,
    });
    // A handful of managers changing cycles by hand; a runaway script stops here.
    addLoggedStage(this, this.api, { rateLimit: 10, burstLimit: 20 });

    const integration = new HttpLambdaIntegration('CycleApi', props.cycleApiFunction);
    const routes: Array<[string, HttpMethod[]]> = [
      ['/plans/{plan}/cycles', [HttpMethod.POST, HttpMethod.GET]],
      ['/cycles/{id}', [HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE]],
    ];
    for (const [path, methods] of routes) this.api.addRoutes({ path, methods, integration });

    this.managerPolicy = new ManagedPolicy(this, 'ManagerPolicy', {
      description: 'Allows calling the PlanPulse manager API',
      statements: [new PolicyStatement({ actions: ['execute-api:Invoke'], resources: [this.api.arnForExecuteApi()] })],
    });

    new CfnOutput(this, 'Url', { description: 'Manager API base URL', value: this.api.apiEndpoint });
    new CfnOutput(this, 'ManagerPolicyArn', { description: 'Attach to whoever manages cycles', value: this.managerPolicy.managedPolicyArn });
  }
}

import type { CfnElement } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlanPulseStacks } from '../../infra/planpulse.ts';
import { synthesize } from './synth.ts';

// The web app in AWS: who may sign in (the user pool in the stateful stack) and how requests
// reach the web function (its own HTTP API in the stateless stack).

let stacks: PlanPulseStacks;
let stateful: Template;
let stateless: Template;
beforeAll(() => {
  ({ stacks, stateful, stateless } = synthesize());
});

const webFunctionId = () => stacks.stateless.getLogicalId(stacks.stateless.functions.web.function.node.defaultChild as CfnElement);

describe('the user pool', () => {
  it('lets nobody sign themselves up, and asks for strong passwords', () => {
    // Only an administrator adds council staff; a self-made account would get into personal data.
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true }),
      },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      AliasAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      DeletionProtection: 'ACTIVE',
    });
  });

  it('is retained when the stack goes', () => {
    // The users and their groups exist nowhere else.
    stateful.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('has exactly the groups that give the two roles', () => {
    // shared/web/auth.ts ROLE_GROUPS reads these names from cognito:groups.
    const groups = Object.values(stateful.findResources('AWS::Cognito::UserPoolGroup')).map((g) => g.Properties.GroupName);

    expect(groups.sort()).toEqual(['coordinators', 'managers']);
  });

  it('has one app client: name and password only, no secret, no OAuth, no hint of which names exist', () => {
    // The sign-in form calls InitiateAuth with USER_PASSWORD_AUTH; SRP, admin and custom flows are off.
    const clients = Object.values(stateful.findResources('AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(1);
    expect(clients[0]!.Properties).toMatchObject({
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      GenerateSecret: false,
      PreventUserExistenceErrors: 'ENABLED',
      AllowedOAuthFlowsUserPoolClient: false,
    });
  });
});

describe('the web HTTP API', () => {
  it('sends every path to the web function, with no API-level authorizer (the app signs people in)', () => {
    // ANY / and ANY /{proxy+} on an API of its own: the manager API's IAM routes are not touched.
    const webApi = stacks.stateless.getLogicalId(stacks.stateless.node.findChild('WebApp').node.findChild('Api').node.defaultChild as CfnElement);
    const routes = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')).filter((r) => JSON.stringify(r.Properties.ApiId).includes(webApi));

    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(['ANY /', 'ANY /{proxy+}']);
    for (const route of routes) expect(route.Properties.AuthorizationType).toBe('NONE');
    const integrations = Object.values(stateless.findResources('AWS::ApiGatewayV2::Integration')).filter((i) =>
      JSON.stringify(i.Properties.IntegrationUri).includes(webFunctionId()),
    );
    expect(integrations).toHaveLength(1);
    expect(integrations[0]!.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
  });

  it('throttles requests and logs them', () => {
    // Slows down password guessing; the access logs say who asked for what.
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebAppAccessLogs'), 'Arn'] }, Format: Match.anyValue() },
    });
  });

  it('outputs the web app address', () => {
    // README, Deploy: the address to open after a deploy.
    const outputs = Object.entries(stateless.toJSON().Outputs as Record<string, { Value: unknown }>).filter(([id]) => id.startsWith('WebAppUrl'));

    expect(outputs).toHaveLength(1);
    expect(JSON.stringify(outputs[0]![1].Value)).toContain('ApiEndpoint');
  });
});

describe('the web function', () => {
  it('knows the user pool, the app client and the session secret', () => {
    // Without them the function fails at cold start with the variable's name.
    const vars = stateless.toJSON().Resources[webFunctionId()].Properties.Environment.Variables as Record<string, unknown>;

    expect(JSON.stringify(vars.COGNITO_USER_POOL_ID)).toMatch(/WebSignInUsers/);
    expect(JSON.stringify(vars.COGNITO_CLIENT_ID)).toMatch(/WebSignInUsersWebApp/);
    expect(JSON.stringify(vars.WEB_SESSION_SECRET_ARN)).toMatch(/WebAppSessionSecret/);
    expect(vars.TOKEN_KEYS_SECRET_ARN).toBeUndefined();
  });

  it('may read the session secret, and no other secret; needs no Cognito permission', () => {
    // InitiateAuth is the app client's unauthenticated call: granting cognito-idp:* would only widen it.
    const role = stacks.stateless.functions.web.function.role!;
    const roleId = stacks.stateless.getLogicalId(role.node.defaultChild as CfnElement);
    const statements = Object.values(stateless.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>);
    const actions = (s: { Action: string | string[] }) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
    const secretStatements = statements.filter((s) => actions(s).some((a) => a.startsWith('secretsmanager:')));

    expect(secretStatements.length).toBeGreaterThan(0);
    for (const s of secretStatements) expect(JSON.stringify(s.Resource)).toMatch(/WebAppSessionSecret/);
    expect(statements.some((s) => actions(s).some((a) => a.startsWith('cognito-idp:')))).toBe(false);
  });
});

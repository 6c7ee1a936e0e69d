import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { cognitoClient, secretsClient } from '#adapters/aws-clients';
import { type Config, ConfigError, config } from '#config/config';
import type { Logger } from '#ports/logger';
import type { WebOptions } from '../web/app.ts';
import { cognitoAuthenticator } from '../web/auth-cognito.ts';

/** The secret that signs the web app's session cookies: WEB_SESSION_SECRET, or the Secrets Manager secret holding it. */
export async function loadWebSessionSecret(cfg: Config, secrets: SecretsManagerClient = secretsClient()): Promise<string> {
  if (cfg.WEB_SESSION_SECRET) return cfg.WEB_SESSION_SECRET;
  if (!cfg.WEB_SESSION_SECRET_ARN) throw new ConfigError('WEB_SESSION_SECRET or WEB_SESSION_SECRET_ARN must be set');
  const out = await secrets.send(new GetSecretValueCommand({ SecretId: cfg.WEB_SESSION_SECRET_ARN }));
  const value = out.SecretString ?? '';
  if (value.length < 32) throw new ConfigError('the web session secret must be at least 32 characters');
  return value;
}

/**
 * The web app's sign-in in AWS (functions/web/handler.ts): the Cognito user pool behind the
 * sign-in form, and the session secret from Secrets Manager. Built once per cold start; a
 * missing variable fails it with the variable's name. In a module of its own, so the other
 * functions' bundles carry neither the Cognito client nor the JWT verifier.
 */
export async function awsWebOptions(logger: Logger): Promise<WebOptions> {
  const cfg = config();
  if (!cfg.COGNITO_USER_POOL_ID) throw new ConfigError('COGNITO_USER_POOL_ID must be set');
  if (!cfg.COGNITO_CLIENT_ID) throw new ConfigError('COGNITO_CLIENT_ID must be set');
  const authenticator = cognitoAuthenticator({ client: cognitoClient(), userPoolId: cfg.COGNITO_USER_POOL_ID, clientId: cfg.COGNITO_CLIENT_ID, logger });
  return { authenticator, secret: await loadWebSessionSecret(cfg) };
}

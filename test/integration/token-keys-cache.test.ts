import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '#config/config';
import { refreshTokenKeys, TOKEN_KEYS_MAX_AGE_MS, tokenSigner } from '#composition/aws';
import type { TokenClaims } from '#ports/token-signer';

// Secrets Manager cannot run here: mocked, with the exact request asserted. The rest is the
// AWS composition root's own signer, cache and clock.
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-2:111111111111:secret:planpulse/dev/token-keys-AbCdEf';
const OLD = 'k1:old-secret-0123456789abcdef';
const ROTATED = `k2:new-secret-0123456789abcdef,${OLD}`;
const claims: TokenClaims = { requestId: 'AbCdEfGhIjK', cycleId: 'plan-2027-07-12', ownerKey: 'owner@council.example', expiresAt: '2027-08-01T00:00:00.000Z' };

const secrets = mockClient(SecretsManagerClient);
const cfg = parseConfig({ TABLE_NAME: 't', INBOUND_DOMAIN: 'replies.council.example', TOKEN_KEYS_SECRET_ARN: SECRET_ARN });
let now = new Date('2027-07-12T09:00:00Z');
const clock = { now: () => now };
const later = (ms: number) => {
  now = new Date(now.getTime() + ms);
};

beforeEach(() => {
  secrets.reset();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: OLD });
});

describe('token keys from Secrets Manager', () => {
  it('reads the secret once at start and not again within the max age', async () => {
    const signer = await tokenSigner(cfg, new SecretsManagerClient({ region: 'eu-west-2' }), clock);

    later(TOKEN_KEYS_MAX_AGE_MS - 1);
    await refreshTokenKeys(signer);

    expect(secrets.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input)).toEqual([{ SecretId: SECRET_ARN }]);
  });

  it('reads it again once the max age has passed', async () => {
    const signer = await tokenSigner(cfg, new SecretsManagerClient({ region: 'eu-west-2' }), clock);

    later(TOKEN_KEYS_MAX_AGE_MS);
    await refreshTokenKeys(signer);

    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('signs new tokens with a rotated key while tokens of the old key still verify', async () => {
    // Prepare: a token sent before the rotation
    const signer = await tokenSigner(cfg, new SecretsManagerClient({ region: 'eu-west-2' }), clock);
    const before = signer.sign(claims);

    // Act: an operator writes k2 ahead of k1; a warm function refreshes after the max age
    secrets.on(GetSecretValueCommand).resolves({ SecretString: ROTATED });
    later(TOKEN_KEYS_MAX_AGE_MS);
    await refreshTokenKeys(signer);
    const after = signer.sign(claims);

    // Assess: a different signature (the new key), and both verify
    expect(after).not.toBe(before);
    expect(signer.verify(after, claims)).toBe(true);
    expect(signer.verify(before, claims)).toBe(true);
  });

  it('reads the generated first value {"kid","secret"} as one key', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ kid: 'k1', secret: 'old-secret-0123456789abcdef' }) });

    const fromJson = await tokenSigner(cfg, new SecretsManagerClient({ region: 'eu-west-2' }), clock);
    secrets.on(GetSecretValueCommand).resolves({ SecretString: OLD });
    const fromText = await tokenSigner(cfg, new SecretsManagerClient({ region: 'eu-west-2' }), clock);

    expect(fromJson.sign(claims)).toBe(fromText.sign(claims));
  });
});

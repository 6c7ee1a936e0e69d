import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '#config/config';

const REQUIRED = { TABLE_NAME: 'planpulse', INBOUND_DOMAIN: 'replies.council.example' };

/** The message of the error `run` throws; fails the test when it throws none. */
function errorMessageOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, got none');
}

describe('parseConfig', () => {
  it('fills in the defaults when only the required variables are set', () => {
    // Act
    const config = parseConfig(REQUIRED);

    // Assess
    expect(config).toEqual({
      TABLE_NAME: 'planpulse',
      INBOUND_DOMAIN: 'replies.council.example',
      MAIL_FROM: 'Corporate Parenting Board <updates@notify.example.org>',
      REPLY_LOCAL_PART: 'update',
      TOKEN_GRACE_DAYS: 30,
      SCHEDULE_GROUP: 'planpulse',
      SES_RATE_PER_SECOND: 14,
      AWS_REGION: 'eu-west-2',
    });
  });

  it('reads numbers from their string form', () => {
    // Act
    const config = parseConfig({ ...REQUIRED, TOKEN_GRACE_DAYS: '7', SES_RATE_PER_SECOND: '1.5' });

    // Assess
    expect([config.TOKEN_GRACE_DAYS, config.SES_RATE_PER_SECOND]).toEqual([7, 1.5]);
  });

  it('names TABLE_NAME in the error when it is missing', () => {
    // Prepare
    const { TABLE_NAME: _missing, ...env } = REQUIRED;

    // Act
    const parse = () => parseConfig(env);

    // Assess
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(/^PlanPulse configuration is invalid:\n {2}TABLE_NAME: /);
  });

  it('names every bad variable in one error', () => {
    // Act
    const message = errorMessageOf(() => parseConfig({ REPLY_LOCAL_PART: 'Update+Me', TOKEN_GRACE_DAYS: '-1' }));

    // Assess
    expect(message.match(/^ {2}[A-Z_]+(?=:)/gm)?.sort()).toEqual(['  INBOUND_DOMAIN', '  REPLY_LOCAL_PART', '  TABLE_NAME', '  TOKEN_GRACE_DAYS']);
  });

  it('rejects a local stand-in endpoint that is not a URL', () => {
    // Act
    const parse = () => parseConfig({ ...REQUIRED, DYNAMODB_ENDPOINT: 'dynamo on my laptop' });

    // Assess
    expect(parse).toThrow(/DYNAMODB_ENDPOINT/);
  });
});

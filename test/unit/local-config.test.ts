import { describe, expect, it } from 'vitest';
import { DEFAULT_RAW_MAIL_RETENTION_DAYS, mailFromDomain, parseConfig, parseLocalConfig } from '#config/config';
import { RAW_MAIL_RETENTION_DAYS } from '../../infra/constructs/mail-store.ts';

describe('parseLocalConfig', () => {
  it('runs a fresh clone with nothing set: local defaults for what AWS requires', () => {
    // Act
    const local = parseLocalConfig({});

    // Assess
    expect(local).toMatchObject({
      TABLE_NAME: 'planpulse',
      INBOUND_DOMAIN: 'replies.example.org',
      TOKEN_KEYS: expect.stringMatching(/^local1:/),
      PLANPULSE_HOME: '.planpulse',
      PLANPULSE_VERBOSE: false,
    });
  });

  it('has the same mail and rate defaults as the AWS configuration', () => {
    // Prepare
    const aws = parseConfig({ TABLE_NAME: 't', INBOUND_DOMAIN: 'replies.council.example' });

    // Act
    const local = parseLocalConfig({});

    // Assess
    for (const key of ['MAIL_FROM', 'REPLY_LOCAL_PART', 'TOKEN_GRACE_DAYS', 'SES_RATE_PER_SECOND', 'AWS_REGION'] as const) {
      expect(local[key], key).toEqual(aws[key]);
    }
  });

  it('takes the same variables as AWS when they are set, checked the same way', () => {
    // Act
    const local = parseLocalConfig({ MAIL_FROM: 'Board <board@mail.council.example>', TOKEN_GRACE_DAYS: '7', INBOUND_DOMAIN: 'in.council.example' });

    // Assess
    expect([local.MAIL_FROM, local.TOKEN_GRACE_DAYS, local.INBOUND_DOMAIN]).toEqual(['Board <board@mail.council.example>', 7, 'in.council.example']);
    expect(() => parseLocalConfig({ REPLY_LOCAL_PART: 'Update+Me' })).toThrow(/REPLY_LOCAL_PART/);
  });
});

describe('the retention settings', () => {
  it('keep updates seven years and raw mail as long as the bucket does when nothing is set locally', () => {
    // Locally nothing deploys them; the raw mail default is the mail bucket's lifecycle default.
    expect(parseLocalConfig({})).toMatchObject({ UPDATE_RETENTION_DAYS: 2557, RAW_MAIL_RETENTION_DAYS: RAW_MAIL_RETENTION_DAYS });
    expect(DEFAULT_RAW_MAIL_RETENTION_DAYS).toBe(RAW_MAIL_RETENTION_DAYS);
  });

  it('take a whole number of days from the environment, naming a bad one', () => {
    expect(parseLocalConfig({ UPDATE_RETENTION_DAYS: '3653', RAW_MAIL_RETENTION_DAYS: '90' })).toMatchObject({
      UPDATE_RETENTION_DAYS: 3653,
      RAW_MAIL_RETENTION_DAYS: 90,
    });
    expect(() => parseLocalConfig({ UPDATE_RETENTION_DAYS: '7 years' })).toThrow(/UPDATE_RETENTION_DAYS/);
    expect(() => parseLocalConfig({ RAW_MAIL_RETENTION_DAYS: '0' })).toThrow(/RAW_MAIL_RETENTION_DAYS/);
  });

  it('are unset in a function deployed without them, so a stage never purges by a guessed default', () => {
    const aws = parseConfig({ TABLE_NAME: 't', INBOUND_DOMAIN: 'replies.council.example' });

    expect([aws.UPDATE_RETENTION_DAYS, aws.RAW_MAIL_RETENTION_DAYS]).toEqual([undefined, undefined]);
  });
});

describe('mailFromDomain', () => {
  it('takes the domain of the From address', () => {
    expect(mailFromDomain('Corporate Parenting Board <updates@notify.example.org>')).toBe('notify.example.org');
    expect(mailFromDomain('updates@notify.example.org')).toBe('notify.example.org');
  });
});

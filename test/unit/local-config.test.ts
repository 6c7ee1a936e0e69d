import { describe, expect, it } from 'vitest';
import { mailFromDomain, parseConfig, parseLocalConfig } from '#config/config';

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

describe('mailFromDomain', () => {
  it('takes the domain of the From address', () => {
    expect(mailFromDomain('Corporate Parenting Board <updates@notify.example.org>')).toBe('notify.example.org');
    expect(mailFromDomain('updates@notify.example.org')).toBe('notify.example.org');
  });
});

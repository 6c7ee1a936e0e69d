import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { S3BlobStore } from '#adapters/s3/s3-blob-store';

const s3 = new S3Client({ region: 'eu-west-2', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
const mock = mockClient(s3);
afterEach(() => mock.reset());

describe('S3BlobStore', () => {
  it('keeps a report under its key with its content type', async () => {
    // Prepare
    mock.on(PutObjectCommand).resolves({});

    // Act
    await new S3BlobStore(s3, 'planpulse-mail').put(
      'reports/c1/draft.docx',
      Buffer.from('x'),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );

    // Assess
    expect(mock.commandCalls(PutObjectCommand)[0]!.args[0].input).toMatchObject({
      Bucket: 'planpulse-mail',
      Key: 'reports/c1/draft.docx',
      ContentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
  });

  it('links a key with a presigned GET that expires when asked, without calling S3', async () => {
    // Act
    const url = new URL(await new S3BlobStore(s3, 'planpulse-mail').link('reports/c1/draft.html', 604_800));

    // Assess
    expect(url.protocol).toBe('https:');
    expect(url.hostname).toBe('planpulse-mail.s3.eu-west-2.amazonaws.com');
    expect(url.pathname).toBe('/reports/c1/draft.html');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('604800');
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIDEXAMPLE\/\d{8}\/eu-west-2\/s3\/aws4_request$/);
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(mock.commandCalls(GetObjectCommand)).toHaveLength(0);
  });
});

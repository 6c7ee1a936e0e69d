import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { BlobDeleteError, S3BlobStore } from '#adapters/s3/s3-blob-store';

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

  it('lists a prefix page after page, passing each continuation token back, until the listing is complete', async () => {
    // Prepare: three pages, as S3 answers a listing of more than 1,000 keys.
    const t = (day: number) => new Date(Date.UTC(2024, 0, day));
    mock
      .on(ListObjectsV2Command, { Bucket: 'planpulse-mail', Prefix: 'inbound/', ContinuationToken: undefined })
      .resolves({ IsTruncated: true, NextContinuationToken: 'page-2', Contents: [{ Key: 'inbound/a', LastModified: t(1) }] })
      .on(ListObjectsV2Command, { Bucket: 'planpulse-mail', Prefix: 'inbound/', ContinuationToken: 'page-2' })
      .resolves({ IsTruncated: true, NextContinuationToken: 'page-3', Contents: [{ Key: 'inbound/b', LastModified: t(2) }] })
      .on(ListObjectsV2Command, { Bucket: 'planpulse-mail', Prefix: 'inbound/', ContinuationToken: 'page-3' })
      .resolves({ IsTruncated: false, Contents: [{ Key: 'inbound/c', LastModified: t(3) }] });

    // Act
    const listed = await new S3BlobStore(s3, 'planpulse-mail').list('inbound/');

    // Assess
    expect(listed).toEqual([
      { key: 'inbound/a', lastModified: t(1) },
      { key: 'inbound/b', lastModified: t(2) },
      { key: 'inbound/c', lastModified: t(3) },
    ]);
    expect(mock.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'planpulse-mail', Prefix: 'inbound/', ContinuationToken: undefined },
      { Bucket: 'planpulse-mail', Prefix: 'inbound/', ContinuationToken: 'page-2' },
      { Bucket: 'planpulse-mail', Prefix: 'inbound/', ContinuationToken: 'page-3' },
    ]);
  });

  it('lists nothing under a prefix with no objects', async () => {
    mock.on(ListObjectsV2Command).resolves({ IsTruncated: false, KeyCount: 0 });

    expect(await new S3BlobStore(s3, 'planpulse-mail').list('reports/c1/')).toEqual([]);
  });

  it('deletes in quiet DeleteObjects requests of at most 1,000 keys', async () => {
    // Prepare
    mock.on(DeleteObjectsCommand).resolves({});
    const keys = Array.from({ length: 2500 }, (_, i) => `inbound/m${i}.eml`);

    // Act
    await new S3BlobStore(s3, 'planpulse-mail').delete(keys);

    // Assess
    const inputs = mock.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => i.Delete?.Objects?.length)).toEqual([1000, 1000, 500]);
    expect(inputs[0]).toEqual({ Bucket: 'planpulse-mail', Delete: { Objects: keys.slice(0, 1000).map((Key) => ({ Key })), Quiet: true } });
    expect(inputs.flatMap((i) => i.Delete!.Objects!.map((o) => o.Key))).toEqual(keys);
  });

  it('sends nothing for no keys', async () => {
    await new S3BlobStore(s3, 'planpulse-mail').delete([]);

    expect(mock.commandCalls(DeleteObjectsCommand)).toHaveLength(0);
  });

  it('sends again only the keys S3 was too busy to delete', async () => {
    // Prepare
    mock
      .on(DeleteObjectsCommand)
      .resolvesOnce({ Errors: [{ Key: 'inbound/b', Code: 'SlowDown', Message: 'Please reduce your request rate.' }] })
      .resolves({});

    // Act
    await new S3BlobStore(s3, 'planpulse-mail').delete(['inbound/a', 'inbound/b', 'inbound/c']);

    // Assess
    expect(mock.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input.Delete?.Objects)).toEqual([
      [{ Key: 'inbound/a' }, { Key: 'inbound/b' }, { Key: 'inbound/c' }],
      [{ Key: 'inbound/b' }],
    ]);
  });

  it('fails naming the keys S3 refused to delete', async () => {
    mock.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: 'inbound/a', Code: 'AccessDenied', Message: 'Access Denied' }] });

    const deleting = new S3BlobStore(s3, 'planpulse-mail').delete(['inbound/a', 'inbound/b']);

    await expect(deleting).rejects.toThrow(BlobDeleteError);
    await expect(deleting).rejects.toThrow('S3 did not delete 1 object(s) of bucket planpulse-mail: inbound/a (AccessDenied: Access Denied)');
    expect(mock.commandCalls(DeleteObjectsCommand)).toHaveLength(1);
  });
});

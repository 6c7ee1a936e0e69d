import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { BlobEntry, BlobStore } from '#ports/blob-store';

/** The most keys one DeleteObjects request takes. */
const DELETE_BATCH = 1000;
/** Per-key errors of DeleteObjects that a later attempt may not get (S3 was busy), and how often to try. */
const RETRYABLE_DELETE_ERRORS = new Set(['InternalError', 'SlowDown', 'ServiceUnavailable', 'RequestTimeout']);
const DELETE_ATTEMPTS = 5;

/** S3 did not delete some keys, and trying again will not change that (access denied, for example). */
export class BlobDeleteError extends Error {
  override name = 'BlobDeleteError';
}

/** Raw mail and reports in S3. */
export class S3BlobStore implements BlobStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Buffer | string, contentType: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body ? Buffer.from(await out.Body.transformToByteArray()) : null;
    } catch (e) {
      if (e instanceof NoSuchKey) return null;
      throw e;
    }
  }

  /** ListObjectsV2, page after page (1,000 keys each) until S3 says the listing is complete. */
  async list(prefix: string): Promise<BlobEntry[]> {
    const entries: BlobEntry[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken }));
      for (const o of page.Contents ?? []) if (o.Key) entries.push({ key: o.Key, lastModified: o.LastModified ?? new Date(0) });
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return entries;
  }

  /**
   * DeleteObjects, 1,000 keys a request (quiet: S3 answers only with the keys it could not
   * delete). Keys S3 was too busy for are sent again with back-off; any other refusal throws
   * naming the keys. S3 reports a key that is not there as deleted, so a retry never fails on
   * what an earlier attempt already removed. In the versioned mail bucket a delete leaves the
   * old version recoverable until the bucket's lifecycle expires it (docs/retention.md).
   */
  async delete(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      let pending = keys.slice(i, i + DELETE_BATCH);
      for (let attempt = 1; pending.length > 0; attempt++) {
        const out = await this.s3.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: pending.map((Key) => ({ Key })), Quiet: true } }));
        const errors = out.Errors ?? [];
        const refused = errors.filter((e) => !RETRYABLE_DELETE_ERRORS.has(e.Code ?? '') || attempt >= DELETE_ATTEMPTS);
        if (refused.length > 0) {
          const named = refused.slice(0, 3).map((e) => `${e.Key} (${e.Code}: ${e.Message})`);
          throw new BlobDeleteError(
            `S3 did not delete ${refused.length} object(s) of bucket ${this.bucket}: ${named.join(', ')}${refused.length > 3 ? ', …' : ''}`,
          );
        }
        pending = errors.flatMap((e) => (e.Key ? [e.Key] : []));
        if (pending.length > 0) await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** attempt)));
      }
    }
  }

  locate(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }

  /**
   * A presigned GET. It is signed with the function's own (temporary) credentials, so it
   * stops working when they expire, even before `expiresInSeconds` (see docs/reports.md).
   */
  link(key: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: expiresInSeconds });
  }
}

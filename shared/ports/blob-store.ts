/** Raw inbound mail and compiled reports: a folder locally, S3 in AWS. */
export interface BlobStore {
  put(key: string, body: Buffer | string, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer | null>;
  /** Where a key can be found by a person (a file path locally, s3:// in AWS). */
  locate(key: string): string;
  /**
   * An address a person can download the key from for `expiresInSeconds`: a presigned S3
   * URL in AWS; locally the local stack's web address (reports only) or a file:// URL.
   */
  link(key: string, expiresInSeconds: number): Promise<string>;
}

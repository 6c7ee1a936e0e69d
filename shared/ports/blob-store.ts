/** One stored blob as a listing shows it. */
export interface BlobEntry {
  key: string;
  /** When it was last written: S3's LastModified, a file's modification time locally. */
  lastModified: Date;
}

/** Raw inbound mail and compiled reports: a folder locally, S3 in AWS. */
export interface BlobStore {
  put(key: string, body: Buffer | string, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer | null>;
  /** Every blob whose key starts with `prefix` (as S3 prefixes work: not only whole folder names), in key order. */
  list(prefix: string): Promise<BlobEntry[]>;
  /** Deletes these keys; a key already gone is no error, so a retried delete finishes quietly. */
  delete(keys: readonly string[]): Promise<void>;
  /** Where a key can be found by a person (a file path locally, s3:// in AWS). */
  locate(key: string): string;
  /**
   * An address a person can download the key from for `expiresInSeconds`: a presigned S3
   * URL in AWS; locally the local stack's web address (reports only) or a file:// URL.
   */
  link(key: string, expiresInSeconds: number): Promise<string>;
}

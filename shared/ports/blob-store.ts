/** Raw inbound mail and compiled reports: a folder locally, S3 in AWS. */
export interface BlobStore {
  put(key: string, body: Buffer | string, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer | null>;
  /** Where a key can be found by a person (a file path locally, s3:// in AWS). */
  locate(key: string): string;
}

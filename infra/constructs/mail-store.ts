import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * The bucket for raw inbound mail (`inbound/`, written by SES, never deleted by the
 * pipeline), compiled reports (`reports/`) and plan files staged by the web import between
 * its preview and its commit (`uploads/`). Retained: the raw replies are the record of
 * what owners actually said.
 */
/**
 * How long raw inbound mail is kept when the stage config does not say (`rawMailRetentionDays`):
 * 400 days covers a year of cycles plus a quarter to settle disputes.
 */
export const RAW_MAIL_RETENTION_DAYS = 400;
/** How long an overwritten or deleted object can still be recovered. */
export const NONCURRENT_VERSION_DAYS = 30;

export class MailStore extends Construct {
  static readonly INBOUND_PREFIX = 'inbound/';
  static readonly REPORTS_PREFIX = 'reports/';
  /** The web import's staged files (shared/web/routes/import.ts writes `uploads/<id>/...`). */
  static readonly UPLOADS_PREFIX = 'uploads/';
  readonly bucket: Bucket;
  /** S3 server access logs of the mail bucket: who read or wrote which raw reply. */
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: { rawMailRetentionDays?: number } = {}) {
    super(scope, id);

    this.accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      // A year of access records, like the API access logs.
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new Bucket(this, 'Bucket', {
      // SSE-S3 rather than KMS: SES can write to it without a key policy.
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      // An overwritten or deleted raw reply can still be recovered.
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'mail-bucket/',
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
        // Raw replies about children in care are not kept forever; the stored updates stay in the table.
        { id: 'expire-raw-mail', prefix: MailStore.INBOUND_PREFIX, expiration: Duration.days(props.rawMailRetentionDays ?? RAW_MAIL_RETENTION_DAYS) },
        // A staged import file lives between preview and commit, minutes apart: a day is plenty.
        { id: 'expire-staged-uploads', prefix: MailStore.UPLOADS_PREFIX, expiration: Duration.days(1) },
        // Versioning recovers a mistaken overwrite or delete for a month, then the old copy goes.
        { id: 'expire-noncurrent-versions', noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS), expiredObjectDeleteMarker: true },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // SES receipt rules write the raw message here. SourceAccount stops another account's
    // rule set from using this bucket (confused deputy). No Sid: the SES S3 action adds the
    // very same statement when bound, and identical statements are merged into one.
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${MailStore.INBOUND_PREFIX}*`)],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
  }
}

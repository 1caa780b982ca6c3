/**
 * Check 10: the S3 state bucket is reachable (s3:HeadBucket in its region),
 * with the caller's own credentials: Terraform's S3 backend reads the state
 * with the pipeline's credentials, not with a role in the accounts.
 * HeadBucket answers 404 when the bucket does not exist, 403 without
 * s3:ListBucket, 301 when it lives in another region (Amazon S3 API
 * Reference, "HeadBucket").
 */
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { PreflightContext } from './context';
import { emptyReport, recordFailure, type CheckReport } from './report';

export async function checkStateBucket(context: PreflightContext): Promise<CheckReport> {
  const report = emptyReport('state-bucket');
  const state = context.config.state;
  if (state.backend !== 's3') return { ...report, skipped: 'state.backend is local' };
  const { aws } = context;
  const s3 = aws.client(S3Client, state.region);
  try {
    await aws.retry(() => s3.send(new HeadBucketCommand({ Bucket: state.bucket })));
    report.ok.push(`state bucket ${state.bucket} is reachable in ${state.region}`);
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404 || (error as Error).name === 'NotFound' || (error as Error).name === 'NoSuchBucket') {
      report.problems.push(`state bucket ${state.bucket} does not exist: create it in ${state.region} (versioned, encrypted) or fix state.bucket`);
    } else if (status === 301) {
      report.problems.push(`state bucket ${state.bucket} is not in ${state.region}: set state.region to the bucket's region`);
    } else {
      recordFailure(report, `state bucket ${state.bucket}`, `s3:ListBucket on arn:aws:s3:::${state.bucket}`, context.callerArn, error);
    }
  }
  return report;
}

import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LocalFunction } from './local-function';

/**
 * Letters-and-digits fake credentials: DynamoDB Local refuses others, and with keys in the
 * environment the SDK never looks further (no instance metadata, no ~/.aws/credentials).
 */
export const FAKE_ACCESS_KEY_ID = 'AKIALOCALLAMBDA00000';
export const FAKE_SECRET_ACCESS_KEY = 'localLambdaSecretAccessKey00000000000000';

/** A folder that does not exist: the host's ~/.aws/config must not steer a local function. */
const NO_AWS_CONFIG = path.join(os.tmpdir(), 'order-workflow-local-lambda-has-no-aws-config');

/** `nodejs24.x` → 24; undefined for anything else. */
export function nodeMajorOfRuntime(runtime: string | undefined): number | undefined {
  const match = /^nodejs(\d+)\.x$/.exec(runtime ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * The environment a function's worker gets, built from scratch rather than from process.env:
 * nothing of the host leaks in (its real AWS credentials least of all). In increasing priority:
 * defaults, the runner's base environment (region, endpoint URLs such as AWS_ENDPOINT_URL_SNS),
 * the function's Environment from the template, then what Lambda itself sets and a function may
 * not override (AWS_LAMBDA_*, _HANDLER, LAMBDA_TASK_ROOT, AWS_EXECUTION_ENV).
 */
export function lambdaEnvironment(
  fn: LocalFunction,
  baseEnvironment: Record<string, string> = {},
): Record<string, string> {
  const region = baseEnvironment.AWS_REGION ?? regionOfArn(fn.arn) ?? 'us-east-1';
  const runtime = fn.runtime ?? `nodejs${process.versions.node.split('.')[0]}.x`;
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    AWS_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: FAKE_SECRET_ACCESS_KEY,
    AWS_CONFIG_FILE: path.join(NO_AWS_CONFIG, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(NO_AWS_CONFIG, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_DEFAULT_REGION: baseEnvironment.AWS_DEFAULT_REGION ?? region,
    ...baseEnvironment,
    AWS_REGION: region,
    ...fn.environment,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName(),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_EXECUTION_ENV: `AWS_Lambda_${runtime}`,
    LAMBDA_TASK_ROOT: path.resolve(fn.directory),
    _HANDLER: fn.handler,
  };
}

/** `arn:aws:lambda:eu-west-1:…` → `eu-west-1`. */
function regionOfArn(arn: string): string | undefined {
  return arn.split(':')[3] || undefined;
}

/** Each execution environment writes to a log stream of its own: `2026/01/31/[$LATEST]<32 hex>`. */
function logStreamName(): string {
  const date = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  return `${date}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

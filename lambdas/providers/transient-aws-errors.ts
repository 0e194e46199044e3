import { ProviderUnavailableError } from '../shared';
/** AWS error names that mean "try again later", across services (SNS, Lambda, DynamoDB…). */
const TRANSIENT_ERROR_NAMES = new Set([
  'ThrottledException',
  'ThrottlingException',
  'TooManyRequestsException',
  'InternalErrorException',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TransactionConflictException',
]);

/** Network failures Node reports before any AWS answer arrives. */
const TRANSIENT_NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

/**
 * Whether an AWS SDK v3 error is worth retrying once the SDK's own retries are spent. Client
 * faults (bad ARN, missing permission) are not: retrying only delays the same answer.
 */
export function isTransientAwsError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code, $fault, $retryable } = error as {
    name?: unknown;
    code?: unknown;
    $fault?: unknown;
    $retryable?: unknown;
  };
  return (
    $fault === 'server' ||
    Boolean($retryable) ||
    (typeof name === 'string' && TRANSIENT_ERROR_NAMES.has(name)) ||
    (typeof code === 'string' && TRANSIENT_NETWORK_CODES.has(code))
  );
}

/** A transient AWS failure becomes ProviderUnavailable (retried by the state machine); others pass unchanged. */
export function asProviderError(error: unknown, provider: string): unknown {
  if (!isTransientAwsError(error)) return error;
  return new ProviderUnavailableError(
    `${provider} unavailable: ${(error as Error).message ?? String(error)}`,
  );
}

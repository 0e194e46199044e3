import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';

/** How a task retries transient failures: exponential backoff with full jitter. */
export interface RetryPolicy {
  /**
   * Retries after the first attempt (0 turns retrying off).
   * @default 3
   */
  readonly maxAttempts?: number;
  /**
   * Wait before the first retry; whole seconds.
   * @default Duration.seconds(1)
   */
  readonly interval?: Duration;
  /**
   * Multiplier of the wait after each retry.
   * @default 2
   */
  readonly backoffRate?: number;
  /**
   * Upper bound of any single wait.
   * @default Duration.seconds(10)
   */
  readonly maxDelay?: Duration;
}

/** A {@link RetryPolicy} with every field filled in. */
export type ResolvedRetryPolicy = Required<RetryPolicy>;

export const DEFAULT_RETRY_POLICY: ResolvedRetryPolicy = {
  maxAttempts: 3,
  interval: Duration.seconds(1),
  backoffRate: 2,
  maxDelay: Duration.seconds(10),
};

export function resolveRetryPolicy(policy: RetryPolicy = {}): ResolvedRetryPolicy {
  return { ...DEFAULT_RETRY_POLICY, ...stripUndefined(policy) };
}

/** The Retry entry for the given error names. */
export function retryProps(errors: readonly string[], policy: ResolvedRetryPolicy): sfn.RetryProps {
  return {
    errors: [...errors],
    maxAttempts: policy.maxAttempts,
    interval: policy.interval,
    backoffRate: policy.backoffRate,
    maxDelay: policy.maxDelay,
    // Full jitter spreads retries of many executions failing together (a throttled provider, say).
    jitterStrategy: sfn.JitterType.FULL,
  };
}

/**
 * The longest a task can take before it fails for good: every attempt running to its timeout, plus
 * every wait at its ceiling (jitter only shortens waits).
 */
export function worstCaseTaskSeconds(policy: ResolvedRetryPolicy, taskTimeout: Duration): number {
  let waits = 0;
  for (let retry = 0; retry < policy.maxAttempts; retry++) {
    const wait = policy.interval.toSeconds() * Math.pow(policy.backoffRate, retry);
    waits += Math.min(wait, policy.maxDelay.toSeconds());
  }
  return (policy.maxAttempts + 1) * taskTimeout.toSeconds() + waits;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * What a retry policy predicts for a flaky world, and whether an observed rate agrees.
 *
 * A task whose every attempt fails independently with probability p, tried n times, succeeds with
 * 1 − pⁿ; an order that needs k such tasks completes with (1 − pⁿ)ᵏ. Over N orders the count of
 * completed ones is binomial, so the observed rate has a standard deviation of √(P(1 − P)/N): an
 * observed rate more than three of those from P says the policy is not doing what it claims.
 */
import { DEFAULT_RETRY_POLICY } from '../../../lib/construct/retry-policy';
import { StateNames } from '../../../lib/construct/state-names';
import { faultFor, FaultInjectionOptions } from '../../../lib/toolkit/local/fault-injection';

/** The Task states an order passes on its way to Order Completed, each retried by the policy. */
export const HAPPY_PATH_TASKS = [
  StateNames.ValidateOrder,
  StateNames.RecordOrderValidated,
  StateNames.ReserveStock,
  StateNames.ProcessPayment,
  StateNames.RecordOrderPaid,
  StateNames.ShipOrder,
  StateNames.CommitStock,
];

/** Attempts per task under the default retry policy: the first and its retries. */
export const ATTEMPTS = 1 + DEFAULT_RETRY_POLICY.maxAttempts;

/**
 * Faults are a pure function of the seed and the attempt, so the policy's promise can be checked
 * execution by execution: an order completes exactly when every happy-path task has an attempt,
 * within the policy's attempts, that no fault strikes.
 */
export function completesDespiteFaults(faults: FaultInjectionOptions, executionName: string): boolean {
  return HAPPY_PATH_TASKS.every((stateName) =>
    Array.from({ length: ATTEMPTS }, (_, retryCount) => retryCount).some(
      (retryCount) => faultFor(faults, { executionName, stateName, retryCount }) === undefined,
    ),
  );
}

export function predictedSuccessRate(failureRate: number, attempts: number, tasks: number): number {
  return Math.pow(1 - Math.pow(failureRate, attempts), tasks);
}

export interface RateAssessment {
  readonly ok: boolean;
  readonly observed: number;
  readonly predicted: number;
  /** The largest distance from the prediction that still counts as agreement. */
  readonly tolerance: number;
  readonly message: string;
}

/** Is `succeeded` out of `total` within `sigmas` binomial standard deviations of `predicted`? */
export function assessSuccessRate(
  succeeded: number,
  total: number,
  predicted: number,
  sigmas = 3,
): RateAssessment {
  if (!(total > 0)) throw new Error(`a success rate needs at least one execution, got ${total}`);
  const observed = succeeded / total;
  const tolerance = sigmas * Math.sqrt((predicted * (1 - predicted)) / total);
  const ok = Math.abs(observed - predicted) <= tolerance;
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  return {
    ok,
    observed,
    predicted,
    tolerance,
    message:
      `${succeeded}/${total} succeeded (${pct(observed)}); the retry policy predicts ${pct(predicted)} ± ` +
      `${pct(tolerance)} (${sigmas}σ): ${ok ? 'within' : 'OUTSIDE'} tolerance`,
  };
}

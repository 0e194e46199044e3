/**
 * What a retry policy predicts for a flaky world, and whether an observed rate agrees.
 *
 * A task whose every attempt fails independently with probability p, tried n times, succeeds with
 * 1 − pⁿ; an order that needs k such tasks completes with (1 − pⁿ)ᵏ. Over N orders the count of
 * completed ones is binomial, so the observed rate has a standard deviation of √(P(1 − P)/N): an
 * observed rate more than three of those from P says the policy is not doing what it claims.
 */
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

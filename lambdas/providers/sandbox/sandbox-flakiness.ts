/**
 * How many attempts a "flaky" sandbox card or address fails before it succeeds. Attempt is the
 * task's `$$.State.RetryCount`: 0 and 1 fail, 2 (the second retry) succeeds, so a task with at
 * least two retries always gets through, in any container.
 */
export const FLAKY_FAILED_ATTEMPTS = 2;

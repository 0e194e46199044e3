/**
 * Retry and Catch (Task, Parallel, Map). On an error the first retrier whose ErrorEquals matches
 * decides: it retries while its own attempt count is below MaxAttempts (default 3; 0 = never),
 * after IntervalSeconds (default 1) x BackoffRate (default 2) ^ n, capped at MaxDelaySeconds and,
 * with JitterStrategy FULL, scaled by a random factor in [0, 1). When no retry is left, the first
 * matching catcher sends the error output `{Error, Cause}` (placed by its ResultPath, default `$`,
 * into the state's raw input) to its Next state. Otherwise the error propagates.
 */
import { errorMatches, inStateContext, StatesError, StatesErrors } from './errors';
import { sleep } from './frame';
import { JsonObject } from './json';
import { finishJsonataCatch } from './jsonata/state-io';
import { applyResultPath, evaluateAssign } from './jsonpath/state-io';
import type { Catcher, ErrorHandling, Retrier } from './model/state-machine';
import { reportEvaluationFailure, StateOutcome, StateRun } from './state-run';

export type { Retrier };

/** The wait before retry number `retriesDone + 1` of a retrier, in milliseconds. */
export function retryDelayMs(retrier: Retrier, retriesDone: number, random: () => number): number {
  const interval = retrier.IntervalSeconds ?? 1;
  const rate = retrier.BackoffRate ?? 2;
  let seconds = interval * Math.pow(rate, retriesDone);
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') seconds *= random();
  return Math.round(seconds * 1000);
}

/**
 * The error output a catcher receives: always both fields, so a next state can read `$.error.Cause`
 * either way. A caught timeout has an empty cause, as AWS answers it (`{"Error":"States.Timeout",
 * "Cause":""}`, seen in a recorded AWS error); other failures without one get null.
 */
export function errorOutput(error: StatesError): JsonObject {
  const noCause = error.error === StatesErrors.Timeout ? '' : null;
  return { Error: error.error ?? null, Cause: error.cause ?? noCause };
}

/**
 * Where a catcher sends the state: JSONPath places the error output by ResultPath and assigns from
 * it; JSONata evaluates the catcher's Assign and Output over `$states.errorOutput` (Output's
 * default is the error output itself).
 */
export function catchOutcome(
  run: StateRun,
  catcher: Catcher,
  index: number,
  caught: JsonObject,
): StateOutcome | Promise<StateOutcome> {
  // JSONPath stays synchronous: an extra await would change how concurrent iterations interleave.
  if (run.state.language === 'JSONata') return finishJsonataCatch(run, catcher, index, caught);
  const output = applyResultPath(run, catcher.ResultPath, caught);
  const assigned = evaluateAssign(run, catcher.Assign, caught);
  return { output, next: catcher.Next, assigned };
}

/** The first retrier whose ErrorEquals matches, or -1. */
export function matchingRetrier(run: StateRun, retriers: readonly Retrier[], error: StatesError): number {
  return retriers.findIndex((r) => errorMatches(r.ErrorEquals ?? [], error, run.state.Type));
}

/** The first catcher whose ErrorEquals matches, or -1. */
export function matchingCatcher(run: StateRun, catchers: readonly Catcher[], error: StatesError): number {
  return catchers.findIndex((c) => errorMatches(c.ErrorEquals ?? [], error, run.state.Type));
}

/**
 * Runs `attempt` under the state's Retry and Catch. `onFinalFailure` is told of an error that will
 * not be retried (before any catcher handles it), for events such as MapStateFailed.
 */
export async function withRetryAndCatch(
  run: StateRun,
  { Retry: retriers, Catch: catchers }: ErrorHandling,
  attempt: () => Promise<StateOutcome>,
  onFinalFailure?: (error: StatesError) => void,
): Promise<StateOutcome> {
  const retriesDone = retriers.map(() => 0);
  for (;;) {
    try {
      return await attempt();
    } catch (raw) {
      if (!(raw instanceof StatesError)) throw raw;
      const error = inStateContext(raw, run.state.name, run.enteredEventId);
      reportEvaluationFailure(run, error);
      const index = matchingRetrier(run, retriers, error);
      if (index >= 0) {
        const retrier = retriers[index];
        if (retriesDone[index] < (retrier.MaxAttempts ?? 3)) {
          const delay = retryDelayMs(retrier, retriesDone[index], run.frame.execution.random);
          retriesDone[index] += 1;
          run.retryCount += 1;
          await sleep(run.frame, delay);
          continue;
        }
      }
      onFinalFailure?.(error);
      const caughtBy = matchingCatcher(run, catchers, error);
      if (caughtBy < 0) throw error;
      return catchOutcome(run, catchers[caughtBy], caughtBy, errorOutput(error));
    }
  }
}

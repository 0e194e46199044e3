/**
 * Retry and Catch (Task, Parallel, Map). On an error the first retrier whose ErrorEquals matches
 * decides: it retries while its own attempt count is below MaxAttempts (default 3; 0 = never),
 * after IntervalSeconds (default 1) x BackoffRate (default 2) ^ n, capped at MaxDelaySeconds and,
 * with JitterStrategy FULL, scaled by a random factor in [0, 1). When no retry is left, the first
 * matching catcher sends the error output `{Error, Cause}` (placed by its ResultPath, default `$`,
 * into the state's raw input) to its Next state. Otherwise the error propagates.
 */
import { errorMatches, inStateContext, StatesError, StatesErrors } from './errors';
import { JsonObject } from './json';
import { finishJsonataCatch } from './jsonata/state-io';
import {
  applyResultPath,
  evaluateAssign,
  reportEvaluationFailure,
  sleep,
  StateOutcome,
  StateRun,
} from './runtime';

export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: 'FULL' | 'NONE';
}

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
  catcher: JsonObject,
  index: number,
  caught: JsonObject,
): StateOutcome | Promise<StateOutcome> {
  // JSONPath stays synchronous: an extra await would change how concurrent iterations interleave.
  const next = catcher.Next as string;
  if (run.language === 'JSONata') {
    return finishJsonataCatch(run, next, catcher, index, caught);
  }
  const output = applyResultPath(run, catcher.ResultPath, caught);
  const assigned = evaluateAssign(run, catcher.Assign, caught);
  return { output, next, assigned };
}

/**
 * Runs `attempt` under the state's Retry and Catch. `onFinalFailure` is told of an error that will
 * not be retried (before any catcher handles it), for events such as MapStateFailed.
 */
export async function withRetryAndCatch(
  run: StateRun,
  attempt: () => Promise<StateOutcome>,
  onFinalFailure?: (error: StatesError) => void,
): Promise<StateOutcome> {
  const retriers = (Array.isArray(run.state.Retry) ? run.state.Retry : []) as Retrier[];
  const catchers = (Array.isArray(run.state.Catch) ? run.state.Catch : []) as JsonObject[];
  const retriesDone = retriers.map(() => 0);
  for (;;) {
    try {
      return await attempt();
    } catch (raw) {
      if (!(raw instanceof StatesError)) throw raw;
      const error = inStateContext(raw, run.name, run.enteredEventId);
      reportEvaluationFailure(run, error);
      const index = retriers.findIndex((r) => errorMatches(r.ErrorEquals ?? [], error, run.type));
      if (index >= 0) {
        const retrier = retriers[index];
        if (retriesDone[index] < (retrier.MaxAttempts ?? 3)) {
          const delay = retryDelayMs(retrier, retriesDone[index], run.frame.runtime.random);
          retriesDone[index] += 1;
          run.retryCount += 1;
          await sleep(run.frame, delay);
          continue;
        }
      }
      onFinalFailure?.(error);
      const caughtBy = catchers.findIndex((c) =>
        errorMatches((c.ErrorEquals as string[]) ?? [], error, run.type),
      );
      if (caughtBy < 0) throw error;
      return catchOutcome(run, catchers[caughtBy], caughtBy, errorOutput(error));
    }
  }
}

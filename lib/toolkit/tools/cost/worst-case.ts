/**
 * The longest an execution can run, from the definition alone: along each path, every task's every
 * attempt runs to its TimeoutSeconds (AWS's default, 99,999,999 s, where none is set) and every
 * retry waits its full backoff (jitter only shortens waits), each retrier used to its MaxAttempts;
 * Wait states wait their Seconds. The state machine's own TimeoutSeconds caps the result.
 */
import { childMachines, retriersOf, type State, type StateMachine, type TaskState } from '../../asl/model';
import { DEFAULT_TASK_TIMEOUT_SECONDS, mapConcurrency, maxAttempts, retryWaitSeconds } from './machine';
import { enumeratePaths } from './paths';

/** The longest an execution can run, and where. */
export interface WorstCase {
  /** Seconds; Infinity when a state's time comes from the input (TimeoutSecondsPath, SecondsPath...). */
  readonly seconds: number;
  /** Seconds the longest path alone could take, before the state machine's timeout. */
  readonly pathSeconds: number;
  /** The path that takes longest. */
  readonly path: string;
  /** The state machine's TimeoutSeconds, when it has one. */
  readonly timeoutSeconds?: number;
}

/** The worst case of a definition, over all its paths. */
export function worstCaseDuration(definition: StateMachine, mapIterations = 10): WorstCase {
  const { paths } = enumeratePaths(definition);
  let pathSeconds = -1;
  let longest = '';
  for (const path of paths) {
    const seconds = path.steps.reduce(
      (s, step) => s + stateSeconds(definition.States[step.state], mapIterations),
      0,
    );
    if (seconds > pathSeconds) [pathSeconds, longest] = [seconds, path.id];
  }
  const timeoutSeconds = definition.TimeoutSeconds;
  return {
    seconds: timeoutSeconds === undefined ? pathSeconds : Math.min(pathSeconds, timeoutSeconds),
    pathSeconds,
    path: longest,
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
  };
}

function stateSeconds(state: State, mapIterations: number): number {
  switch (state.Type) {
    case 'Task':
      return withRetries(state, taskTimeout(state));
    case 'Wait':
      return typeof state.Seconds === 'number' ? state.Seconds : Infinity;
    case 'Parallel': {
      const branches = childMachines(state).map((b) => innerSeconds(b, mapIterations));
      return withRetries(state, Math.max(0, ...branches));
    }
    case 'Map': {
      const rounds = Math.ceil(mapIterations / mapConcurrency(state, mapIterations));
      return withRetries(state, rounds * innerSeconds(state.ItemProcessor, mapIterations));
    }
    default:
      return 0;
  }
}

function taskTimeout(task: TaskState): number {
  if (typeof task.TimeoutSeconds === 'number') return task.TimeoutSeconds;
  const fromInput = 'TimeoutSecondsPath' in task && task.TimeoutSecondsPath !== undefined;
  return fromInput ? Infinity : DEFAULT_TASK_TIMEOUT_SECONDS;
}

/** Each retrier counts its own attempts: the worst case uses all of them, each attempt to the end. */
function withRetries(state: State, attemptSeconds: number): number {
  let attempts = 1;
  let waits = 0;
  for (const retrier of retriersOf(state)) {
    const n = maxAttempts(retrier);
    attempts += n;
    for (let k = 0; k < n; k++) waits += retryWaitSeconds(retrier, k);
  }
  return attempts * attemptSeconds + waits;
}

function innerSeconds(definition: StateMachine, mapIterations: number): number {
  return worstCaseDuration(definition, mapIterations).seconds;
}

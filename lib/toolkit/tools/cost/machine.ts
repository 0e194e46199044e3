/**
 * The few rules of the language the cost advisor needs beyond the model (../../asl/model): the
 * default task timeout, retry defaults and backoff, which tasks invoke Lambda and how a task waits.
 */
import { childMachines, retriersOf } from '../../asl/model';
import type { Retrier, StateMachine, StateOfType, TaskResource } from '../../asl/model';
import { retryDelayMs } from '../../asl/retry';

/**
 * AWS's default for a Task's TimeoutSeconds (the Step Functions developer guide, "Task": "If not
 * provided, the default value is 99999999"; the States Language spec says 60, AWS does not).
 */
export const DEFAULT_TASK_TIMEOUT_SECONDS = 99_999_999;

/** ASL's default MaxAttempts is 3; 0 means the retrier never retries. */
export function maxAttempts(retrier: Retrier): number {
  return retrier.MaxAttempts ?? 3;
}

/**
 * The wait before retry number `retry` (0-based) in seconds, before jitter: IntervalSeconds ×
 * BackoffRate^retry, capped by MaxDelaySeconds (defaults 1 s and 2.0, as in ASL).
 */
export function retryWaitSeconds(retrier: Retrier, retry: number): number {
  // The interpreter's own backoff, with the jitter factor at its ceiling.
  return retryDelayMs(retrier, retry, () => 1) / 1000;
}

/**
 * How Step Functions waits on a task, as far as the choice of type goes: for the call's answer, or
 * for what Express does not support: a job's end (`.sync`, `.sync:2`), a callback
 * (`.waitForTaskToken`), an activity's worker.
 */
export type TaskWait = 'request' | 'sync' | 'callback' | 'activity';

export function taskWait(resource: TaskResource): TaskWait {
  if (resource.kind === 'activity') return 'activity';
  if (resource.kind !== 'service') return 'request';
  if (resource.pattern === 'waitForTaskToken') return 'callback';
  return resource.pattern === 'request-response' ? 'request' : 'sync';
}

/** The optimized Lambda integration (`arn:aws:states:::lambda:invoke`, any pattern). */
export function isLambdaInvoke(resource: TaskResource): boolean {
  return (
    resource.kind === 'service' &&
    !resource.sdk &&
    resource.service === 'lambda' &&
    resource.action === 'invoke'
  );
}

/** How many of a Map's items run at once: its MaxConcurrency, or all of them (0, unset, or a JSONata expression). */
export function mapConcurrency(state: StateOfType<'Map'>, items: number): number {
  const { MaxConcurrency: concurrency } = state;
  return typeof concurrency === 'number' && concurrency > 0 ? concurrency : items;
}

/** What kinds of states a definition holds (nested ones too): which assumptions apply to it. */
export interface MachineTraits {
  lambdaTasks: boolean;
  otherTasks: boolean;
  retries: boolean;
  /** A retrier with JitterStrategy FULL: its waits count half on average. */
  fullJitter: boolean;
  waits: boolean;
  maps: boolean;
  parallels: boolean;
}

export function machineTraits(definition: StateMachine, found: MachineTraits = noTraits()): MachineTraits {
  for (const state of Object.values(definition.States)) {
    for (const child of childMachines(state)) machineTraits(child, found);
    const retriers = retriersOf(state).filter((r) => maxAttempts(r) > 0);
    if (retriers.length > 0) found.retries = true;
    if (retriers.some((r) => r.JitterStrategy === 'FULL')) found.fullJitter = true;
    if (state.Type === 'Task') {
      if (state.Resource.kind === 'lambda-function' || isLambdaInvoke(state.Resource))
        found.lambdaTasks = true;
      else found.otherTasks = true;
    }
    if (state.Type === 'Wait') found.waits = true;
    if (state.Type === 'Map') found.maps = true;
    if (state.Type === 'Parallel') found.parallels = true;
  }
  return found;
}

function noTraits(): MachineTraits {
  return {
    lambdaTasks: false,
    otherTasks: false,
    retries: false,
    fullJitter: false,
    waits: false,
    maps: false,
    parallels: false,
  };
}

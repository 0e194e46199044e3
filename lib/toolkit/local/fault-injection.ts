import { createHash } from 'node:crypto';
import { TaskFailure, TaskHandler, TaskResource } from '../asl/engine';

/**
 * Transient faults injected into every Task call, for drills: does the workflow survive a flaky
 * cloud the way its retry policy says it should, and does it never charge twice?
 */
export interface FaultInjectionOptions {
  /** The chance that one attempt of a task fails, in [0, 1). */
  readonly rate: number;
  /**
   * Makes the faults reproducible: the same seed fails the same attempts of the same executions
   * (by execution name, state and retry count), whatever the concurrency.
   * @default 0
   */
  readonly seed?: number;
  /**
   * The share of faults that strike after the call did its work (the response is lost: a charge
   * made, a row written, then a timeout); the others strike before it (the call never arrives).
   * @default 0.5
   */
  readonly afterShare?: number;
  /**
   * Only these states get faults.
   * @default every Task state
   */
  readonly states?: readonly string[];
}

/** What the injector did to one attempt, for a drill's record. */
export interface InjectedFault {
  readonly executionName: string;
  readonly stateName: string;
  readonly retryCount: number;
  readonly when: 'before' | 'after';
  readonly error: string;
}

/**
 * What AWS reports when a call never reaches the service: the integration's own retryable error
 * (every retrier in this workflow lists these). A lost response is a `States.Timeout` instead.
 */
function errorBeforeCall(resource: TaskResource): string {
  if (resource.kind === 'lambda-function') return 'Lambda.ServiceException';
  if (resource.kind !== 'service') return 'States.TaskFailed';
  if (resource.service === 'lambda' && resource.action === 'invoke') return 'Lambda.ServiceException';
  if (resource.service === 'dynamodb') return 'DynamoDB.InternalServerErrorException';
  if (resource.service === 'sns') return 'SNS.InternalErrorException';
  return 'States.TaskFailed';
}

/** Checks the options, naming what is wrong. */
export function validateFaultInjection(options: FaultInjectionOptions): void {
  const { rate, seed = 0, afterShare = 0.5 } = options;
  if (!(Number.isFinite(rate) && rate >= 0 && rate < 1)) {
    throw new Error(`fault rate must be a number from 0 up to (not including) 1, got ${rate}`);
  }
  if (!Number.isSafeInteger(seed)) throw new Error(`fault seed must be a whole number, got ${seed}`);
  if (!(Number.isFinite(afterShare) && afterShare >= 0 && afterShare <= 1)) {
    throw new Error(`fault afterShare must be a number from 0 to 1, got ${afterShare}`);
  }
}

/** The identity of one attempt, which alone decides its fault. */
export interface AttemptIdentity {
  readonly executionName: string;
  readonly stateName: string;
  readonly retryCount: number;
  /** Inside a Map: the item's index, so each item draws its own faults. */
  readonly mapItemIndex?: number;
}

/**
 * Whether (and how) the attempt fails, from a hash of the seed and the attempt's identity: a shared
 * random stream would hand out faults in whatever order concurrent executions happened to run, and
 * no seed would reproduce a run. Exported so a drill can predict each execution's outcome exactly.
 */
export function faultFor(
  options: FaultInjectionOptions,
  attempt: AttemptIdentity,
): 'before' | 'after' | undefined {
  const { rate, seed = 0, afterShare = 0.5 } = options;
  if (options.states && !options.states.includes(attempt.stateName)) return undefined;
  const parts = [seed, attempt.executionName, attempt.stateName, attempt.retryCount];
  if (attempt.mapItemIndex !== undefined) parts.push(attempt.mapItemIndex);
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  const [strike, timing] = [digest.readUInt32BE(0) / 2 ** 32, digest.readUInt32BE(4) / 2 ** 32];
  if (strike >= rate) return undefined;
  return timing < afterShare ? 'after' : 'before';
}

/**
 * Wraps a task handler so that each attempt fails with probability `rate`: before the call (the
 * call never happens) or after it (the call did its work and its response, whatever it was, is lost:
 * a caller whose connection dropped sees a timeout even where the answer was a declined card).
 * Reproducible for named executions (an unnamed one gets a random name); a Map's items draw apart,
 * a loop's rounds through one state share one draw per retry count.
 */
export function injectFaults(
  handler: TaskHandler,
  options: FaultInjectionOptions,
  onFault: (fault: InjectedFault) => void = () => undefined,
): TaskHandler {
  validateFaultInjection(options);
  return async (task) => {
    const { Execution, Map } = task.context;
    const attempt = {
      executionName: Execution.Name,
      stateName: task.stateName,
      retryCount: task.retryCount,
      mapItemIndex: Map?.Item.Index,
    };
    const when = faultFor(options, attempt);
    if (!when) return handler(task);
    if (when === 'after') await handler(task).catch(() => undefined);
    const error = when === 'after' ? 'States.Timeout' : errorBeforeCall(task.classifiedResource);
    onFault({ ...attempt, when, error });
    throw new TaskFailure(
      error,
      when === 'after'
        ? `Injected fault: the call to ${task.resource} completed but its response was lost`
        : `Injected fault: the call to ${task.resource} did not reach the service`,
    );
  };
}

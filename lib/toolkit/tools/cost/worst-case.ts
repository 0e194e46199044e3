/**
 * The longest an execution can run, from the definition and the app's functions: along each path,
 * every task's every attempt runs as long as it can and every retry waits its full backoff (jitter
 * only shortens waits), each retrier used to its MaxAttempts; Wait states wait their Seconds. The
 * state machine's own TimeoutSeconds caps the result.
 *
 * How long one attempt can run: the task's TimeoutSeconds; else, for a Lambda call that waits for
 * the function's answer, the function's own Timeout (an invocation cannot outlast it), or Lambda's
 * 900 s maximum when the function is not in the app; else AWS's default, 99,999,999 s.
 */
import { childMachines, retriersOf, type State, type StateMachine, type TaskState } from '../../asl/model';
import { findFunction, type FunctionFacts } from './app-facts';
import {
  DEFAULT_TASK_TIMEOUT_SECONDS,
  mapConcurrency,
  maxAttempts,
  retryWaitSeconds,
  taskWait,
} from './machine';
import { lambdaTarget } from './path-metrics';
import { enumeratePaths } from './paths';

/** Lambda's longest invocation (Lambda quotas, "Function timeout": 900 seconds). */
export const LAMBDA_MAX_TIMEOUT_SECONDS = 900;

/** Where a task's attempt time came from. */
export type AttemptTimeSource =
  /** The task's own TimeoutSeconds. */
  | 'task'
  /** TimeoutSecondsPath: a time from the input, unbounded here. */
  | 'input'
  /** The Timeout of the app's function the task invokes. */
  | 'function'
  /** A Lambda call to a function outside the app (or named at run time): Lambda's maximum. */
  | 'lambda-maximum'
  /** Nothing bounds it: AWS's default TimeoutSeconds. */
  | 'aws-default';

/** One task's longest attempt and where that figure came from. */
export interface AttemptTime {
  readonly state: string;
  readonly seconds: number;
  readonly source: AttemptTimeSource;
}

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
  /** Every task's longest attempt (nested ones too), in definition order. */
  readonly attempts: readonly AttemptTime[];
  /** Whether any state retries (the worst case then includes every retry's full backoff). */
  readonly retries: boolean;
}

/** What the worst case reads beyond the definition. */
export interface WorstCaseOptions {
  /** Items each Map state iterates over. @default 10 */
  readonly mapIterations?: number;
  /** The app's functions, whose Timeout bounds a Lambda task without TimeoutSeconds. @default none */
  readonly functions?: readonly FunctionFacts[];
}

/** The worst case of a definition, over all its paths. */
export function worstCaseDuration(definition: StateMachine, options: WorstCaseOptions = {}): WorstCase {
  const walk = new WorstCaseWalk(options.mapIterations ?? 10, options.functions ?? []);
  const seconds = walk.machine(definition);
  return { ...seconds, attempts: [...walk.attempts.values()], retries: walk.retries };
}

class WorstCaseWalk {
  readonly attempts = new Map<TaskState, AttemptTime>();
  retries = false;

  constructor(
    private readonly mapIterations: number,
    private readonly functions: readonly FunctionFacts[],
  ) {}

  machine(definition: StateMachine): Omit<WorstCase, 'attempts' | 'retries'> {
    // Every state's time once, so each task is listed even when it is on no path (unreachable).
    const times = new Map(Object.entries(definition.States).map(([name, s]) => [name, this.state(name, s)]));
    const { paths } = enumeratePaths(definition);
    let pathSeconds = -1;
    let longest = '';
    for (const path of paths) {
      const seconds = path.steps.reduce((s, step) => s + times.get(step.state)!, 0);
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

  private state(name: string, state: State): number {
    switch (state.Type) {
      case 'Task': {
        const attempt = this.attempt(name, state);
        this.attempts.set(state, attempt);
        return this.withRetries(state, attempt.seconds);
      }
      case 'Wait':
        return typeof state.Seconds === 'number' ? state.Seconds : Infinity;
      case 'Parallel': {
        const branches = childMachines(state).map((b) => this.machine(b).seconds);
        return this.withRetries(state, Math.max(0, ...branches));
      }
      case 'Map': {
        const rounds = Math.ceil(this.mapIterations / mapConcurrency(state, this.mapIterations));
        return this.withRetries(state, rounds * this.machine(state.ItemProcessor).seconds);
      }
      default:
        return 0;
    }
  }

  private attempt(name: string, task: TaskState): AttemptTime {
    if (typeof task.TimeoutSeconds === 'number')
      return { state: name, seconds: task.TimeoutSeconds, source: 'task' };
    if ('TimeoutSecondsPath' in task && task.TimeoutSecondsPath !== undefined)
      return { state: name, seconds: Infinity, source: 'input' };
    const target = taskWait(task.Resource) === 'request' ? lambdaTarget(task) : undefined;
    if (target === undefined)
      return { state: name, seconds: DEFAULT_TASK_TIMEOUT_SECONDS, source: 'aws-default' };
    const fn = findFunction(this.functions, target);
    return fn
      ? { state: name, seconds: fn.timeoutSeconds, source: 'function' }
      : { state: name, seconds: LAMBDA_MAX_TIMEOUT_SECONDS, source: 'lambda-maximum' };
  }

  /** Each retrier counts its own attempts: the worst case uses all of them, each attempt to the end. */
  private withRetries(state: State, attemptSeconds: number): number {
    let attempts = 1;
    let waits = 0;
    for (const retrier of retriersOf(state)) {
      const n = maxAttempts(retrier);
      if (n > 0) this.retries = true;
      attempts += n;
      for (let k = 0; k < n; k++) waits += retryWaitSeconds(retrier, k);
    }
    return attempts * attemptSeconds + waits;
  }
}

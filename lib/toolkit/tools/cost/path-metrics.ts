/**
 * What one execution along a path costs in the units AWS bills: state transitions, Lambda
 * invocations, history events (what CloudWatch Logs receives) and wall time (what Express bills).
 *
 * Transitions, as AWS bills Standard workflows: "Step Functions counts a state transition each time
 * a step of your workflow is executed [...] including retries" and "each retry will be charged as an
 * additional state transition" (aws.amazon.com/step-functions/pricing). So each state entered is
 * one transition, and each retry attempt one more. A Parallel or Map counts itself plus its inner
 * states (a Map's once per item, `mapIterations` items); a retried Parallel or Map runs them again.
 *
 * Each path comes in up to three variants:
 * - base: no retries;
 * - `+retry`: every state on the path that has a retrier retries once (a transient failure each);
 * - `+exhausted`: where the path takes a Catch for an error a retrier matches, every retry of that
 *   retrier is used first (the usual way to a named failure such as PaymentFailed).
 */
import {
  catchersOf,
  childMachines,
  retriersOf,
  taskArguments,
  type Retrier,
  type State,
  type StateMachine,
  type StateOfType,
  type TaskState,
} from '../../asl/model';
import { isObject } from '../../asl/json';
import { isLambdaInvoke, mapConcurrency, maxAttempts, retryWaitSeconds } from './machine';
import { enumeratePaths, PathStep, WorkflowPath } from './paths';

/** Which retries a variant of a path includes (see above). */
export type VariantKind = 'base' | 'retry' | 'exhausted';

/** How a variant's id extends its path's id. */
export const VARIANT_SUFFIX: Record<VariantKind, string> = {
  base: '',
  retry: ' +retry',
  exhausted: ' +exhausted',
};

/** Time the definition does not tell; each an assumption the estimate states. */
export interface DurationAssumptions {
  /** Billed duration of each Lambda invocation. */
  readonly lambdaMs: number;
  /** What a Lambda task adds on top of the function's duration (invoke and return). */
  readonly invokeOverheadMs: number;
  /** A task on any other service (DynamoDB, SNS...): its whole request. */
  readonly serviceTaskMs: number;
  /** Step Functions' own time per state entered. */
  readonly stateOverheadMs: number;
  /** Items each Map state iterates over. */
  readonly mapIterations: number;
}

/** Round figures for a short Lambda-based workflow; each overridable. */
export const DEFAULT_DURATIONS: DurationAssumptions = {
  lambdaMs: 100,
  invokeOverheadMs: 20,
  serviceTaskMs: 30,
  stateOverheadMs: 5,
  mapIterations: 10,
};

/** One variant of one path, in billing units. */
export interface PathMetrics {
  /** The path's id, with the variant's suffix. */
  readonly id: string;
  readonly path: WorkflowPath;
  readonly variant: VariantKind;
  readonly transitions: number;
  /** Retry attempts included (each also a transition). */
  readonly retries: number;
  /** Invocations by function, as the definition names it (an ARN, usually). */
  readonly lambdaInvocations: Readonly<Record<string, number>>;
  /** History events by type, the execution's own included. */
  readonly events: Readonly<Record<string, number>>;
  /** Estimated wall time from start to end, before any rounding. */
  readonly durationMs: number;
}

/** A path's base variant and, where they differ from it, its `+retry` and `+exhausted` variants. */
export function pathVariants(
  definition: StateMachine,
  path: WorkflowPath,
  assumptions: DurationAssumptions = DEFAULT_DURATIONS,
): PathMetrics[] {
  const measure = (variant: VariantKind) => measurePath(definition, path, variant, assumptions);
  const variants = [measure('base')];
  for (const kind of ['retry', 'exhausted'] as const) {
    const metrics = measure(kind);
    if (metrics.retries > 0) variants.push(metrics);
  }
  return variants;
}

/** The function a Lambda task invokes, as written: an ARN, a name, or `(dynamic)` for a path. */
export function lambdaTarget(task: TaskState): string | undefined {
  if (task.Resource.kind === 'lambda-function') return task.Resource.arn;
  if (!isLambdaInvoke(task.Resource)) return undefined;
  const args = taskArguments(task);
  const name = isObject(args) ? args.FunctionName : undefined;
  if (typeof name === 'string' && !name.startsWith('{%')) return name;
  return '(dynamic)';
}

function measurePath(
  definition: StateMachine,
  path: WorkflowPath,
  variant: VariantKind,
  assumptions: DurationAssumptions,
): PathMetrics {
  const total = new Tally();
  total.event('ExecutionStarted');
  for (const step of path.steps) {
    const state = definition.States[step.state];
    total.add(visit(state, retryPlan(state, step, variant), step.exit === 'catch', assumptions));
  }
  total.event(path.status === 'SUCCEEDED' ? 'ExecutionSucceeded' : 'ExecutionFailed');
  return {
    id: `${path.id}${VARIANT_SUFFIX[variant]}`,
    path,
    variant,
    transitions: total.transitions,
    retries: total.retries,
    lambdaInvocations: Object.fromEntries(total.lambda),
    events: Object.fromEntries(total.events),
    durationMs: total.durationMs,
  };
}

/** How many attempts a state makes in a variant, and the backoff waits between them. */
interface RetryPlan {
  readonly attempts: number;
  readonly waitMs: number;
}

function retryPlan(state: State, step: PathStep, variant: VariantKind): RetryPlan {
  const retriers = retriersOf(state).filter((r) => maxAttempts(r) > 0);
  if (variant === 'retry' && retriers.length > 0) return plan(retriers[0], 1);
  if (variant === 'exhausted' && step.exit === 'catch') {
    const caught = catchersOf(state)[step.index ?? 0]?.ErrorEquals ?? [];
    const matching = retriers.filter((r) => mayMatchSameError(r.ErrorEquals, caught));
    // The retrier that tries longest: the worst a persisting transient error can do.
    const longest = matching.sort((a, b) => maxAttempts(b) - maxAttempts(a))[0];
    if (longest) return plan(longest, maxAttempts(longest));
  }
  return { attempts: 1, waitMs: 0 };
}

/** `retries` retries of `retrier`; full jitter waits a uniform share of each wait, half on average. */
function plan(retrier: Retrier, retries: number): RetryPlan {
  const jitter = retrier.JitterStrategy === 'FULL' ? 0.5 : 1;
  let waitMs = 0;
  for (let k = 0; k < retries; k++) waitMs += retryWaitSeconds(retrier, k) * 1000 * jitter;
  return { attempts: 1 + retries, waitMs };
}

/** Whether one error could be matched by both lists (wildcards match any name). */
function mayMatchSameError(retried: readonly string[], caught: readonly string[]): boolean {
  const wildcard = (names: readonly string[]) =>
    names.some((n) => n === 'States.ALL' || n === 'States.TaskFailed');
  return wildcard(retried) || wildcard(caught) || retried.some((n) => caught.includes(n));
}

/** One state entered: its transitions, invocations, events and time. */
function visit(state: State, retry: RetryPlan, caught: boolean, a: DurationAssumptions): Tally {
  const tally = new Tally();
  const { attempts } = retry;
  tally.retries = attempts - 1;
  tally.durationMs = a.stateOverheadMs;
  switch (state.Type) {
    case 'Task': {
      const target = lambdaTarget(state);
      const prefix = state.Resource.kind === 'lambda-function' ? 'LambdaFunction' : 'Task';
      tally.transitions = attempts;
      if (target) tally.invoke(target, attempts);
      tally.durationMs +=
        attempts * (target ? a.lambdaMs + a.invokeOverheadMs : a.serviceTaskMs) + retry.waitMs;
      tally.event('TaskStateEntered');
      tally.event(`${prefix}Scheduled`, attempts);
      tally.event(`${prefix}Started`, attempts);
      const failures = attempts - 1 + (caught ? 1 : 0);
      tally.event(`${prefix}Failed`, failures);
      tally.event(`${prefix}Succeeded`, attempts - failures);
      tally.event('TaskStateExited');
      return tally;
    }
    case 'Parallel':
    case 'Map': {
      const inner = children(state, a);
      tally.transitions = attempts * (1 + inner.transitions);
      tally.retries += attempts * inner.retries;
      for (const [fn, n] of inner.lambda) tally.invoke(fn, attempts * n);
      for (const [type, n] of inner.events) tally.event(type, attempts * n);
      tally.durationMs += attempts * inner.durationMs + retry.waitMs;
      tally.event(`${state.Type}StateEntered`);
      tally.event(`${state.Type}StateStarted`, attempts);
      tally.event(`${state.Type}State${caught ? 'Failed' : 'Succeeded'}`);
      tally.event(`${state.Type}StateFailed`, attempts - 1);
      tally.event(`${state.Type}StateExited`);
      return tally;
    }
    case 'Fail':
      tally.transitions = 1;
      tally.event('FailStateEntered');
      return tally;
    default: // Pass, Wait, Choice, Succeed
      tally.transitions = 1;
      if (state.Type === 'Wait' && typeof state.Seconds === 'number')
        tally.durationMs += state.Seconds * 1000;
      tally.event(`${state.Type}StateEntered`);
      tally.event(`${state.Type}StateExited`);
      return tally;
  }
}

/**
 * A Parallel's branches (run side by side: the longest sets the time) or a Map's items (run
 * MaxConcurrency at a time, 0 meaning all), each along its longest succeeding path, without retries.
 */
function children(state: StateOfType<'Parallel' | 'Map'>, a: DurationAssumptions): Tally {
  const total = new Tally();
  const branches = childMachines(state).map((child) => representative(child, a));
  if (state.Type === 'Parallel') {
    for (const branch of branches) total.add(branch, 1, false);
    total.durationMs = Math.max(0, ...branches.map((b) => b.durationMs));
    return total;
  }
  const items = a.mapIterations;
  const concurrency = mapConcurrency(state, items);
  for (const item of branches) {
    total.add(item, items, false);
    total.event('MapIterationStarted', items);
    total.event('MapIterationSucceeded', items);
    total.durationMs = Math.ceil(items / concurrency) * item.durationMs;
  }
  return total;
}

function representative(child: StateMachine, a: DurationAssumptions): Tally {
  const { paths } = enumeratePaths(child);
  const measured = paths.map((p) => measurePath(child, p, 'base', a));
  const succeeding = measured.filter((m) => m.path.status === 'SUCCEEDED');
  const pool = succeeding.length > 0 ? succeeding : measured;
  const longest = pool.reduce((best, m) => (m.transitions > best.transitions ? m : best));
  const tally = Tally.of(longest);
  // A branch or item has no execution events of its own.
  tally.events.delete('ExecutionStarted');
  tally.events.delete('ExecutionSucceeded');
  tally.events.delete('ExecutionFailed');
  return tally;
}

/** Running sums of one path's metrics. */
class Tally {
  transitions = 0;
  retries = 0;
  durationMs = 0;
  readonly lambda = new Map<string, number>();
  readonly events = new Map<string, number>();

  static of(metrics: PathMetrics): Tally {
    const tally = new Tally();
    tally.transitions = metrics.transitions;
    tally.retries = metrics.retries;
    tally.durationMs = metrics.durationMs;
    for (const [fn, n] of Object.entries(metrics.lambdaInvocations)) tally.invoke(fn, n);
    for (const [type, n] of Object.entries(metrics.events)) tally.event(type, n);
    return tally;
  }

  invoke(fn: string, times: number): void {
    this.lambda.set(fn, (this.lambda.get(fn) ?? 0) + times);
  }

  event(type: string, times = 1): void {
    if (times > 0) this.events.set(type, (this.events.get(type) ?? 0) + times);
  }

  /** Adds `other` `times` over; its time too unless the caller sets the time itself. */
  add(other: Tally, times = 1, withDuration = true): void {
    this.transitions += times * other.transitions;
    this.retries += times * other.retries;
    if (withDuration) this.durationMs += times * other.durationMs;
    for (const [fn, n] of other.lambda) this.invoke(fn, times * n);
    for (const [type, n] of other.events) this.event(type, times * n);
  }
}

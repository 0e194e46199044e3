/**
 * Task: calls the execution's TaskHandler with the effective input (InputPath, then Parameters; in
 * JSONata, Arguments),
 * enforces TimeoutSeconds / TimeoutSecondsPath (States.Timeout, the handler's signal aborted), and
 * records the resource's events: Lambda*Function* events for a plain Lambda function ARN, Task*
 * events (with resourceType / resource from the classified Resource) for a service integration.
 */
import { randomUUID } from 'node:crypto';
import { ContextObject, TaskFailure, TaskInvocation } from '../engine';
import { runtimeError, StatesError, StatesErrors } from '../errors';
import { linkAbort, newController, SETTLED } from '../frame';
import { NOT_TRUNCATED } from '../history';
import { clone, toJsonText } from '../json';
import { evaluateArguments, evaluateInteger, finishJsonata } from '../jsonata/state-io';
import {
  applyInputPath,
  applyParameters,
  applyResultSelector,
  finishState,
  scopeOf,
} from '../jsonpath/state-io';
import type { TaskJsonata, TaskJsonPath, TaskState } from '../model/state-machine';
import { TaskResource, waitsForTaskToken } from '../model/resource';
import { requirePath } from '../payload';
import { withRetryAndCatch } from '../retry';
import { checkPayloadSize, contextObject, nextOf, StateOutcome, StateRun } from '../state-run';

/** The event names and common details of a resource: Lambda* for a function ARN, Task* otherwise. */
interface TaskEvents {
  readonly prefix: 'LambdaFunction' | 'Task';
  readonly key: 'lambdaFunction' | 'task';
  readonly common: { resourceType?: string; resource?: string };
}

function eventsOf(resource: TaskResource): TaskEvents {
  if (resource.kind === 'lambda-function')
    return { prefix: 'LambdaFunction', key: 'lambdaFunction', common: {} };
  return {
    prefix: 'Task',
    key: 'task',
    common: { resourceType: resource.resourceType, resource: resource.resource },
  };
}

function timeoutSeconds(run: StateRun, state: TaskJsonPath, effectiveInput: unknown): number | undefined {
  if (typeof state.TimeoutSeconds === 'number') return state.TimeoutSeconds;
  if (typeof state.TimeoutSecondsPath !== 'string') return undefined;
  const value = requirePath(state.TimeoutSecondsPath, scopeOf(run, effectiveInput));
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw runtimeError(
      `The TimeoutSecondsPath parameter must reference a positive integer: ${state.TimeoutSecondsPath} == ${JSON.stringify(value)}`,
    );
  }
  return value;
}

type Settled =
  | { kind: 'ok'; value: unknown }
  | { kind: 'error'; error: unknown }
  | { kind: 'timeout' }
  | { kind: 'aborted' };

/** One call of the resource, as the events record it. */
interface Call {
  readonly run: StateRun;
  readonly state: TaskState;
  readonly events: TaskEvents;
  readonly effectiveInput: unknown;
  readonly timeout?: number;
  readonly heartbeat?: number;
}

/** One attempt: the call with its events; resolves with the raw result or throws a StatesError. */
async function invoke(call: Call, taskContext: Partial<ContextObject>): Promise<unknown> {
  const { frame } = call.run;
  emitStarted(call);
  const controller = newController();
  const unlink = linkAbort(frame.signal, controller);
  const timer = new AbortController();
  let settled: Settled;
  try {
    settled = await Promise.race(racers(call, taskContext, controller, timer.signal));
  } finally {
    unlink();
    timer.abort(SETTLED);
  }
  if (frame.signal.aborted) throw frame.signal.reason;
  return settle(call, settled, controller);
}

/** Scheduled and Started: Lambda's, or a service task's (with the region, parameters and heartbeat). */
function emitStarted({ run, state, events, effectiveInput, timeout, heartbeat }: Call): void {
  const { history, thread, execution } = run.frame;
  if (events.prefix === 'LambdaFunction') {
    history.emit(thread, 'LambdaFunctionScheduled', 'lambdaFunctionScheduledEventDetails', {
      resource: state.Resource.arn,
      input: toJsonText(effectiveInput),
      inputDetails: NOT_TRUNCATED,
      timeoutInSeconds: timeout,
    });
    history.emit(thread, 'LambdaFunctionStarted');
    return;
  }
  history.emit(thread, 'TaskScheduled', 'taskScheduledEventDetails', {
    ...events.common,
    region: execution.region,
    parameters: toJsonText(effectiveInput),
    timeoutInSeconds: timeout,
    heartbeatInSeconds: heartbeat,
  });
  history.emit(thread, 'TaskStarted', 'taskStartedEventDetails', { ...events.common });
}

/** The handler's call, the frame's abort, and the timeout (if any), racing. */
function racers(
  { run, state, effectiveInput, timeout }: Call,
  taskContext: Partial<ContextObject>,
  controller: AbortController,
  timerSignal: AbortSignal,
): Promise<Settled>[] {
  const { execution } = run.frame;
  const context = contextObject(run, taskContext);
  let contextCopy: TaskInvocation['context'] | undefined;
  const invocation: TaskInvocation = {
    resource: state.Resource.arn,
    classifiedResource: state.Resource,
    stateName: state.name,
    // Copies: whatever the handler does with them cannot reach the execution's data.
    input: clone(effectiveInput),
    retryCount: run.retryCount,
    timeoutSeconds: timeout,
    // Copied when first read: it holds the whole execution input, and most handlers never look.
    get context() {
      return (contextCopy ??= clone(context));
    },
    signal: controller.signal,
  };
  const list: Promise<Settled>[] = [
    Promise.resolve()
      .then(() => {
        const call = () => execution.taskHandler(invocation);
        return execution.clock.track ? execution.clock.track(call, controller.signal) : call();
      })
      .then(
        (value): Settled => ({ kind: 'ok', value }),
        (error): Settled => ({ kind: 'error', error }),
      ),
    new Promise<Settled>((resolve) => {
      if (controller.signal.aborted) resolve({ kind: 'aborted' });
      controller.signal.addEventListener('abort', () => resolve({ kind: 'aborted' }), { once: true });
    }),
  ];
  if (timeout !== undefined) {
    list.push(
      execution.clock.sleep(timeout * 1000, timerSignal).then(
        (): Settled => ({ kind: 'timeout' }),
        (): Settled => ({ kind: 'aborted' }),
      ),
    );
  }
  return list;
}

/** The attempt's closing event (Succeeded, TimedOut, Failed) and its result or error. */
function settle({ run, events }: Call, settled: Settled, controller: AbortController): unknown {
  const { history, thread } = run.frame;
  switch (settled.kind) {
    case 'ok': {
      // As JSON, like AWS receives it; a copy too: a handler (or a mock) may hand out the same object again.
      let text: string;
      try {
        // Dates become strings, functions and `undefined` vanish: a top-level one becomes null.
        text = JSON.stringify(settled.value) ?? 'null';
      } catch (error) {
        throw runtimeError(`The task returned a value that is not JSON: ${(error as Error).message}`);
      }
      const output: unknown = JSON.parse(text);
      history.emit(thread, `${events.prefix}Succeeded`, `${events.key}SucceededEventDetails`, {
        ...events.common,
        output: text,
        outputDetails: NOT_TRUNCATED,
      });
      return output;
    }
    case 'aborted':
      // Only the frame's signal or the timer (after the race) abort: both handled above.
      throw new Error('task aborted without a reason');
    case 'timeout': {
      controller.abort(new StatesError(StatesErrors.Timeout, undefined));
      history.emit(thread, `${events.prefix}TimedOut`, `${events.key}TimedOutEventDetails`, {
        ...events.common,
        error: StatesErrors.Timeout,
      });
      throw new StatesError(StatesErrors.Timeout, undefined);
    }
    case 'error': {
      const failure =
        settled.error instanceof TaskFailure
          ? new StatesError(settled.error.error, settled.error.cause)
          : new StatesError(
              StatesErrors.TaskFailed,
              settled.error instanceof Error ? settled.error.message : String(settled.error),
            );
      history.emit(thread, `${events.prefix}Failed`, `${events.key}FailedEventDetails`, {
        ...events.common,
        error: failure.error,
        cause: failure.cause,
      });
      throw failure;
    }
  }
}

/** JSONata: Arguments, TimeoutSeconds / HeartbeatSeconds (maybe expressions), then Assign and Output. */
async function attemptJsonata(
  run: StateRun,
  state: TaskJsonata,
  events: TaskEvents,
  taskContext: Partial<ContextObject>,
): Promise<StateOutcome> {
  const effectiveInput = await evaluateArguments(run, state.Arguments, taskContext);
  const timeout = await evaluateInteger(run, 'TimeoutSeconds', state.TimeoutSeconds, 1);
  const heartbeat = await evaluateInteger(run, 'HeartbeatSeconds', state.HeartbeatSeconds, 1);
  const result = await invoke({ run, state, events, effectiveInput, timeout, heartbeat }, taskContext);
  return finishJsonata(run, nextOf(state), state, { result, hasResult: true });
}

/** JSONPath: InputPath, the timeout, Parameters, the call, then ResultSelector, ResultPath, OutputPath. */
async function attemptJsonPath(
  run: StateRun,
  state: TaskJsonPath,
  events: TaskEvents,
  taskContext: Partial<ContextObject>,
): Promise<StateOutcome> {
  const input = applyInputPath(run, state.InputPath);
  const timeout = timeoutSeconds(run, state, input);
  const effectiveInput = applyParameters(run, state.Parameters, input, taskContext);
  const heartbeat = state.HeartbeatSeconds;
  const raw = await invoke({ run, state, events, effectiveInput, timeout, heartbeat }, taskContext);
  checkPayloadSize(run, raw);
  run.frame.inspect?.('result', raw);
  const result = applyResultSelector(run, state.ResultSelector, raw);
  return finishState(run, state, result, result);
}

export async function runTask(run: StateRun, state: TaskState): Promise<StateOutcome> {
  const events = eventsOf(state.Resource);
  const callback = waitsForTaskToken(state.Resource);
  return withRetryAndCatch(run, state, async () => {
    // A callback task's token is in the context object, for Parameters (Arguments) to pass on.
    const taskContext: Partial<ContextObject> = callback ? { Task: { Token: randomUUID() } } : {};
    return state.language === 'JSONata'
      ? attemptJsonata(run, state, events, taskContext)
      : attemptJsonPath(run, state, events, taskContext);
  });
}

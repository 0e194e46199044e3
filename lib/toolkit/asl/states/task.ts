/**
 * Task: calls the execution's TaskHandler with the effective input (InputPath, then Parameters; in
 * JSONata, Arguments),
 * enforces TimeoutSeconds / TimeoutSecondsPath (States.Timeout, the handler's signal aborted), and
 * records the resource's events: Lambda*Function* events for a plain Lambda function ARN, Task*
 * events (with resourceType / resource from the classified Resource) for a service integration.
 * A `.waitForTaskToken` task passes a fresh token in `$$.Task.Token`, records the request's
 * response as TaskSubmitted, then waits for the token's answer (../callback.ts), with
 * HeartbeatSeconds / HeartbeatSecondsPath between heartbeats. An activity task is recorded as
 * Activity* events: scheduled in its activity's queue, started when a worker takes it (the handler
 * answers {@link ActivityTaken}), then it waits for the token's answer as a callback task does.
 */
import { CallbackEnd, CallbackWait } from '../callback';
import { ActivityTaken, CallbackResult, ContextObject, TaskFailure, TaskInvocation } from '../engine';
import { HeartbeatTimedOut, runtimeError, StatesError, StatesErrors } from '../errors';
import { armTimer } from '../frame';
import { JsonText, NOT_TRUNCATED } from '../history';
import { clone } from '../json';
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
import { checkPayloadText, contextObject, nextOf, StateOutcome, StateRun } from '../state-run';

/** The event names and common details of a resource: Lambda* for a function ARN, Task* otherwise. */
interface TaskEvents {
  readonly prefix: 'LambdaFunction' | 'Task' | 'Activity';
  readonly key: 'lambdaFunction' | 'task' | 'activity';
  readonly common: { resourceType?: string; resource?: string };
}

function eventsOf(resource: TaskResource): TaskEvents {
  if (resource.kind === 'lambda-function')
    return { prefix: 'LambdaFunction', key: 'lambdaFunction', common: {} };
  if (resource.kind === 'activity') return { prefix: 'Activity', key: 'activity', common: {} };
  return {
    prefix: 'Task',
    key: 'task',
    common: { resourceType: resource.resourceType, resource: resource.resource },
  };
}

/** TimeoutSeconds or HeartbeatSeconds as written, or its `...Path` read from the input. */
function secondsOf(
  run: StateRun,
  field: 'TimeoutSeconds' | 'HeartbeatSeconds',
  state: TaskJsonPath,
  input: unknown,
): number | undefined {
  const fixed = state[field];
  if (typeof fixed === 'number') return fixed;
  const path = state[`${field}Path`];
  if (typeof path !== 'string') return undefined;
  const value = requirePath(path, scopeOf(run, input));
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw runtimeError(
      `The ${field}Path parameter must reference a positive integer: ${path} == ${JSON.stringify(value)}`,
    );
  }
  return value;
}

type Settled =
  | { kind: 'ok'; value: unknown }
  | { kind: 'error'; error: unknown }
  | { kind: 'timeout' }
  | { kind: 'heartbeat' }
  | { kind: 'aborted' };

/** One call of the resource, as the events record it. */
interface Call {
  readonly run: StateRun;
  readonly state: TaskState;
  readonly events: TaskEvents;
  readonly effectiveInput: JsonText;
  readonly timeout?: number;
  readonly heartbeat?: number;
  /** A `.waitForTaskToken` task's token and wait. */
  readonly callback?: CallbackWait;
}

/** A task's result as received: the parsed copy, and the JSON text it was parsed from. */
interface TaskResult {
  readonly value: unknown;
  readonly text: string;
}

/**
 * One attempt: the call with its events; resolves with the result or throws a StatesError. The
 * handler's call, the frame's abort and the timeout (if any) race; the first to settle ends the
 * attempt and the others are disarmed. One plain promise, not a Promise.race of three: this runs
 * once per task and its cost is most of an all-mocked execution's.
 */
async function invoke(call: Call, taskContext: Partial<ContextObject>): Promise<TaskResult> {
  const { frame } = call.run;
  emitStarted(call);
  const abort = new TaskAbort();
  const settled = await new Promise<Settled>((resolve) => {
    let open = true;
    let disarmTimer: (() => void) | undefined;
    const finish = (outcome: Settled) => {
      if (!open) return;
      open = false;
      frame.signal.removeEventListener('abort', onFrameAbort);
      disarmTimer?.();
      resolve(outcome);
    };
    const onFrameAbort = () => {
      abort.abort(frame.signal.reason);
      finish({ kind: 'aborted' });
    };
    request(call, taskContext, abort).then(finish);
    if (frame.signal.aborted) return onFrameAbort();
    frame.signal.addEventListener('abort', onFrameAbort, { once: true });
    if (call.timeout !== undefined) {
      disarmTimer = armTimer(frame.execution.clock, call.timeout * 1000, () => finish({ kind: 'timeout' }));
    }
  });
  if (frame.signal.aborted) throw frame.signal.reason;
  return settle(call, settled, abort);
}

/**
 * The handler's abort signal, made when first read: most handlers (mocks, stubs) never look, and an
 * AbortController per task is a measurable share of a mocked task's cost.
 */
class TaskAbort {
  private controller?: AbortController;
  private reason: unknown;
  aborted = false;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
  }
}

/** Scheduled and Started: Lambda's, or a service task's (with the region, parameters and heartbeat). */
function emitStarted({ run, state, events, effectiveInput, timeout, heartbeat }: Call): void {
  const { history, thread, execution } = run.frame;
  if (events.prefix === 'LambdaFunction') {
    history.emit(thread, 'LambdaFunctionScheduled', 'lambdaFunctionScheduledEventDetails', {
      resource: state.Resource.arn,
      input: effectiveInput,
      inputDetails: NOT_TRUNCATED,
      timeoutInSeconds: timeout,
    });
    history.emit(thread, 'LambdaFunctionStarted');
    return;
  }
  if (events.prefix === 'Activity') {
    // Started only once a worker takes the task (awaitCallback).
    history.emit(thread, 'ActivityScheduled', 'activityScheduledEventDetails', {
      resource: state.Resource.arn,
      input: effectiveInput,
      inputDetails: NOT_TRUNCATED,
      timeoutInSeconds: timeout,
      heartbeatInSeconds: heartbeat,
    });
    return;
  }
  history.emit(thread, 'TaskScheduled', 'taskScheduledEventDetails', {
    ...events.common,
    region: execution.region,
    parameters: effectiveInput,
    timeoutInSeconds: timeout,
    heartbeatInSeconds: heartbeat,
  });
  history.emit(thread, 'TaskStarted', 'taskStartedEventDetails', { ...events.common });
}

/** The handler's call (and a callback task's wait for its token), settled as the race sees it. */
function request(call: Call, taskContext: Partial<ContextObject>, abort: TaskAbort): Promise<Settled> {
  const { run, state, effectiveInput, timeout } = call;
  const { execution } = run.frame;
  // The context as it is at this attempt, made when first read (most handlers never look).
  const retryCount = run.retryCount;
  let inputCopy: unknown;
  let contextCopy: TaskInvocation['context'] | undefined;
  const invocation: TaskInvocation = {
    resource: state.Resource.arn,
    classifiedResource: state.Resource,
    stateName: state.name,
    // Copies, made when first read: whatever the handler does with them cannot reach the
    // execution's data, and a handler that never looks (a mock) costs no copy. The input's copy is
    // parsed from the text TaskScheduled records: one serialization serves both.
    get input() {
      if (effectiveInput.value === undefined) return undefined;
      return (inputCopy ??= JSON.parse(effectiveInput.text));
    },
    retryCount: run.retryCount,
    timeoutSeconds: timeout,
    get context() {
      return (contextCopy ??= clone(contextObject(run, taskContext, retryCount)));
    },
    get signal() {
      return abort.signal;
    },
    taskToken: call.callback?.token,
    submitted: isSyncJob(state) ? submitOnce(call, abort) : NOT_A_SYNC_JOB,
  };
  const requested = Promise.resolve()
    .then(() => {
      const handle = () => execution.taskHandler(invocation);
      return execution.clock.track ? execution.clock.track(handle, abort.signal) : handle();
    })
    .then(
      (value): Settled => ({ kind: 'ok', value }),
      (error): Settled => ({ kind: 'error', error }),
    );
  const { callback } = call;
  return callback ? requested.then((settled) => awaitCallback(call, callback, settled, abort)) : requested;
}

/** `submitted` of a task that is not a `.sync` job: ignored, as TaskInvocation says. */
const NOT_A_SYNC_JOB = () => undefined;

function isSyncJob(state: TaskState): boolean {
  return state.Resource.kind === 'service' && state.Resource.pattern.startsWith('sync');
}

/** TaskSubmitted for a `.sync` job's request, once, and never after the attempt ended. */
function submitOnce({ run, events }: Call, abort: TaskAbort): (response: unknown) => void {
  let done = false;
  return (response) => {
    if (done || abort.aborted) return;
    done = true;
    emitSubmitted(run, events, response);
  };
}

function emitSubmitted(run: StateRun, events: TaskEvents, response: unknown): void {
  const { history, thread } = run.frame;
  history.emit(thread, 'TaskSubmitted', 'taskSubmittedEventDetails', {
    ...events.common,
    output: JSON.stringify(response) ?? 'null',
    outputDetails: NOT_TRUNCATED,
  });
}

/**
 * A callback task after its request: TaskSubmitted with the response, then the token's answer. A
 * handler's {@link CallbackResult} (a mock) is the answer itself, with nothing submitted.
 */
async function awaitCallback(
  call: Call,
  callback: CallbackWait,
  requested: Settled,
  abort: TaskAbort,
): Promise<Settled> {
  const { run, events, heartbeat } = call;
  // Timed out or stopped while the request ran: nothing more to record.
  if (abort.aborted) return { kind: 'aborted' };
  if (requested.kind !== 'ok') return requested;
  const signal = abort.signal;
  if (events.prefix === 'Activity') return awaitActivity(call, callback, requested.value, signal);
  if (requested.value instanceof CallbackResult) {
    callback.release('completed');
    return { kind: 'ok', value: requested.value.output };
  }
  if (!callback.answerable) {
    const cause = `The task token of state "${run.state.name}" cannot be answered here: mock the state.`;
    return { kind: 'error', error: new TaskFailure(StatesErrors.Runtime, cause) };
  }
  emitSubmitted(run, events, requested.value);
  return settledBy(await callback.until(run.frame.execution.clock, heartbeat, signal));
}

/**
 * An activity task once its handler answered: taken by a worker (ActivityStarted with its name),
 * then the token's answer within HeartbeatSeconds between heartbeats. Any other answer (a mock's)
 * is the result itself, recorded as a start without a worker.
 */
async function awaitActivity(
  { run, heartbeat }: Call,
  callback: CallbackWait,
  answer: unknown,
  signal: AbortSignal,
): Promise<Settled> {
  const taken = answer instanceof ActivityTaken;
  const workerName = taken ? answer.workerName : undefined;
  const { history, thread } = run.frame;
  history.emit(thread, 'ActivityStarted', 'activityStartedEventDetails', { workerName });
  if (!taken) {
    callback.release('completed');
    return { kind: 'ok', value: answer instanceof CallbackResult ? answer.output : answer };
  }
  return settledBy(await callback.until(run.frame.execution.clock, heartbeat, signal));
}

function settledBy(end: CallbackEnd): Settled {
  switch (end.kind) {
    case 'success':
      return { kind: 'ok', value: end.output };
    case 'failure':
      return { kind: 'error', error: new StatesError(end.error, end.cause) };
    case 'heartbeat-timeout':
      return { kind: 'heartbeat' };
    case 'aborted':
      return { kind: 'aborted' };
  }
}

/** The attempt's closing event (Succeeded, TimedOut, Failed) and its result or error. */
function settle({ run, events }: Call, settled: Settled, abort: TaskAbort): TaskResult {
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
      const value: unknown = JSON.parse(text);
      history.emit(thread, `${events.prefix}Succeeded`, `${events.key}SucceededEventDetails`, {
        ...events.common,
        output: text,
        outputDetails: NOT_TRUNCATED,
      });
      return { value, text };
    }
    case 'aborted':
      // Only the frame's signal or the timer (after the race) abort: both handled above.
      throw new Error('task aborted without a reason');
    case 'timeout':
    case 'heartbeat': {
      const timedOut =
        settled.kind === 'heartbeat'
          ? new HeartbeatTimedOut()
          : new StatesError(StatesErrors.Timeout, undefined);
      abort.abort(timedOut);
      history.emit(thread, `${events.prefix}TimedOut`, `${events.key}TimedOutEventDetails`, {
        ...events.common,
        error: timedOut.error,
      });
      throw timedOut;
    }
    case 'error': {
      const failure =
        settled.error instanceof StatesError
          ? settled.error
          : settled.error instanceof TaskFailure
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
  callback: CallbackWait | undefined,
  inContext: CallbackWait | undefined,
): Promise<StateOutcome> {
  const taskContext = taskContextOf(inContext);
  const effectiveInput = new JsonText(await evaluateArguments(run, state.Arguments, taskContext));
  const timeout = await evaluateInteger(run, 'TimeoutSeconds', state.TimeoutSeconds, 1);
  const heartbeat = await evaluateInteger(run, 'HeartbeatSeconds', state.HeartbeatSeconds, 1);
  const call = { run, state, events, effectiveInput, timeout, heartbeat, callback };
  const result = await invoke(call, taskContext);
  return finishJsonata(run, nextOf(state), state, { result: result.value, hasResult: true });
}

/** JSONPath: InputPath, the timeout, Parameters, the call, then ResultSelector, ResultPath, OutputPath. */
async function attemptJsonPath(
  run: StateRun,
  state: TaskJsonPath,
  events: TaskEvents,
  callback: CallbackWait | undefined,
  inContext: CallbackWait | undefined,
): Promise<StateOutcome> {
  const taskContext = taskContextOf(inContext);
  const input = applyInputPath(run, state.InputPath);
  const timeout = secondsOf(run, 'TimeoutSeconds', state, input);
  const heartbeat = secondsOf(run, 'HeartbeatSeconds', state, input);
  const effectiveInput = new JsonText(applyParameters(run, state.Parameters, input, taskContext));
  const call = { run, state, events, effectiveInput, timeout, heartbeat, callback };
  const raw = await invoke(call, taskContext);
  checkPayloadText(run, raw.text);
  run.frame.inspect?.('result', raw.value);
  const result = applyResultSelector(run, state.ResultSelector, raw.value);
  // Without a ResultSelector the result is the raw one, whose size was just checked.
  return finishState(run, state, result, result, result === raw.value ? raw.text : undefined);
}

/** A callback task's token is in the context object, for Parameters (Arguments) to pass on. */
function taskContextOf(callback: CallbackWait | undefined): Partial<ContextObject> {
  return callback ? { Task: { Token: callback.token } } : {};
}

export async function runTask(run: StateRun, state: TaskState): Promise<StateOutcome> {
  const events = eventsOf(state.Resource);
  const callbackTask = waitsForTaskToken(state.Resource);
  const waits = callbackTask || state.Resource.kind === 'activity';
  return withRetryAndCatch(run, state, async () => {
    requireActivity(run, state);
    // A fresh token per attempt; whatever ends the attempt first, the token ends with it.
    const callback = waits ? new CallbackWait(run.frame.execution.taskTokens) : undefined;
    // Only a callback task's token is in `$$.Task.Token`; an activity's goes to its worker.
    const inContext = callbackTask ? callback : undefined;
    try {
      return state.language === 'JSONata'
        ? await attemptJsonata(run, state, events, callback, inContext)
        : await attemptJsonPath(run, state, events, callback, inContext);
    } finally {
      callback?.release('expired');
    }
  });
}

/** AWS fails an activity task whose activity does not exist before scheduling it (States.Runtime). */
function requireActivity(run: StateRun, state: TaskState): void {
  const resource = state.Resource;
  const exists = run.frame.execution.activityExists;
  if (resource.kind !== 'activity' || !exists || exists(resource.arn, state.name)) return;
  throw runtimeError(`The activity ${resource.arn} does not exist.`);
}

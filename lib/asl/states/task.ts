/**
 * Task: calls the execution's TaskHandler with the effective input (InputPath, then Parameters; in
 * JSONata, Arguments),
 * enforces TimeoutSeconds / TimeoutSecondsPath (States.Timeout, the handler's signal aborted), and
 * records the resource's events: Lambda*Function* events for a plain Lambda function ARN, Task*
 * events (with resourceType / resource split from the ARN) for a service integration.
 */
import { randomUUID } from 'node:crypto';
import { ContextObject, TaskFailure, TaskInvocation } from '../engine';
import { runtimeError, StatesError, StatesErrors } from '../errors';
import { NOT_TRUNCATED } from '../history';
import { clone, toJsonText } from '../json';
import { evaluateArguments, evaluateInteger, finishJsonata } from '../jsonata/state-io';
import { requirePath } from '../payload';
import { withRetryAndCatch } from '../retry';
import {
  applyInputPath,
  applyParameters,
  applyResultSelector,
  checkPayloadSize,
  contextObject,
  finishState,
  linkAbort,
  newController,
  SETTLED,
  nextOf,
  scopeOf,
  StateOutcome,
  StateRun,
} from '../runtime';

export interface ResourceDescription {
  /** A Lambda function ARN (not the `lambda:invoke` integration): Lambda* events. */
  readonly lambdaFunction: boolean;
  /** `lambda` for `arn:aws:states:::lambda:invoke`, `aws-sdk:s3` for `...:aws-sdk:s3:getObject`. */
  readonly resourceType: string;
  /** `invoke`, `publish`, `startExecution.sync`, ... */
  readonly resource: string;
  readonly waitForTaskToken: boolean;
}

export function describeResource(arn: string): ResourceDescription {
  if (/^arn:[^:]+:lambda:[^:]*:[^:]*:function:/.test(arn)) {
    return { lambdaFunction: true, resourceType: 'lambda', resource: arn, waitForTaskToken: false };
  }
  const integration = /^arn:[^:]+:states:[^:]*:[^:]*:(.+)$/.exec(arn)?.[1] ?? arn;
  const cut = integration.lastIndexOf(':');
  const resourceType = cut > 0 ? integration.slice(0, cut) : integration;
  const resource = cut > 0 ? integration.slice(cut + 1) : integration;
  return {
    lambdaFunction: false,
    resourceType,
    resource,
    waitForTaskToken: resource.endsWith('.waitForTaskToken'),
  };
}

function timeoutSeconds(run: StateRun, effectiveInput: unknown): number | undefined {
  if (typeof run.state.TimeoutSeconds === 'number') return run.state.TimeoutSeconds;
  if (typeof run.state.TimeoutSecondsPath !== 'string') return undefined;
  const value = requirePath(run.state.TimeoutSecondsPath, scopeOf(run, effectiveInput));
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw runtimeError(
      `The TimeoutSecondsPath parameter must reference a positive integer: ${run.state.TimeoutSecondsPath} == ${JSON.stringify(value)}`,
    );
  }
  return value;
}

type Settled =
  | { kind: 'ok'; value: unknown }
  | { kind: 'error'; error: unknown }
  | { kind: 'timeout' }
  | { kind: 'aborted' };

/** One attempt: the call with its events; resolves with the raw result or throws a StatesError. */
async function invoke(
  run: StateRun,
  effectiveInput: unknown,
  timeout: number | undefined,
  taskContext: Partial<ContextObject>,
  heartbeat: number | undefined = typeof run.state.HeartbeatSeconds === 'number'
    ? run.state.HeartbeatSeconds
    : undefined,
): Promise<unknown> {
  const { frame } = run;
  const { history, ctx, runtime } = frame;
  const arn = run.state.Resource as string;
  const described = describeResource(arn);
  const events = described.lambdaFunction
    ? { prefix: 'LambdaFunction', key: 'lambdaFunction', common: {} }
    : {
        prefix: 'Task',
        key: 'task',
        common: { resourceType: described.resourceType, resource: described.resource },
      };

  if (described.lambdaFunction) {
    history.emit(ctx, 'LambdaFunctionScheduled', 'lambdaFunctionScheduledEventDetails', {
      resource: arn,
      input: toJsonText(effectiveInput),
      inputDetails: NOT_TRUNCATED,
      timeoutInSeconds: timeout,
    });
    history.emit(ctx, 'LambdaFunctionStarted');
  } else {
    history.emit(ctx, 'TaskScheduled', 'taskScheduledEventDetails', {
      ...events.common,
      region: runtime.region,
      parameters: toJsonText(effectiveInput),
      timeoutInSeconds: timeout,
      heartbeatInSeconds: heartbeat,
    });
    history.emit(ctx, 'TaskStarted', 'taskStartedEventDetails', { ...events.common });
  }

  const controller = newController();
  const unlink = linkAbort(frame.signal, controller);
  const timer = new AbortController();
  const context = contextObject(run, taskContext);
  let contextCopy: TaskInvocation['context'] | undefined;
  const invocation: TaskInvocation = {
    resource: arn,
    stateName: run.name,
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
  const racers: Promise<Settled>[] = [
    Promise.resolve()
      .then(() => {
        const call = () => runtime.taskHandler(invocation);
        return runtime.clock.track ? runtime.clock.track(call, controller.signal) : call();
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
    racers.push(
      runtime.clock.sleep(timeout * 1000, timer.signal).then(
        (): Settled => ({ kind: 'timeout' }),
        (): Settled => ({ kind: 'aborted' }),
      ),
    );
  }
  let settled: Settled;
  try {
    settled = await Promise.race(racers);
  } finally {
    unlink();
    timer.abort(SETTLED);
  }
  if (frame.signal.aborted) throw frame.signal.reason;

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
      history.emit(ctx, `${events.prefix}Succeeded`, `${events.key}SucceededEventDetails`, {
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
      history.emit(ctx, `${events.prefix}TimedOut`, `${events.key}TimedOutEventDetails`, {
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
      history.emit(ctx, `${events.prefix}Failed`, `${events.key}FailedEventDetails`, {
        ...events.common,
        error: failure.error,
        cause: failure.cause,
      });
      throw failure;
    }
  }
}

/** JSONata: Arguments, TimeoutSeconds / HeartbeatSeconds (maybe expressions), then Assign and Output. */
async function attemptJsonata(run: StateRun, taskContext: Partial<ContextObject>): Promise<StateOutcome> {
  const parameters = await evaluateArguments(run, taskContext);
  const timeout = await evaluateInteger(run, 'TimeoutSeconds', 1);
  const heartbeat = await evaluateInteger(run, 'HeartbeatSeconds', 1);
  const result = await invoke(run, parameters, timeout, taskContext, heartbeat);
  return finishJsonata(run, nextOf(run.state), { result, hasResult: true });
}

export async function runTask(run: StateRun): Promise<StateOutcome> {
  return withRetryAndCatch(run, async () => {
    if (run.language === 'JSONata') {
      const waitsForToken = describeResource(run.state.Resource as string).waitForTaskToken;
      return attemptJsonata(run, waitsForToken ? { Task: { Token: randomUUID() } } : {});
    }
    const effectiveInput = applyInputPath(run);
    const timeout = timeoutSeconds(run, effectiveInput);
    // A callback task's token is in the context object, for Parameters to pass on.
    const waitsForToken = describeResource(run.state.Resource as string).waitForTaskToken;
    const taskContext: Partial<ContextObject> = waitsForToken ? { Task: { Token: randomUUID() } } : {};
    const parameters = applyParameters(run, effectiveInput, taskContext);
    const raw = await invoke(run, parameters, timeout, taskContext);
    checkPayloadSize(run, raw);
    run.frame.inspect?.('result', raw);
    const result = applyResultSelector(run, raw);
    return finishState(run, result, result, nextOf(run.state));
  });
}

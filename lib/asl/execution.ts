/**
 * One execution: ExecutionStarted, the state machine, then exactly one closing event —
 * ExecutionSucceeded, ExecutionFailed, ExecutionTimedOut (the definition's TimeoutSeconds passed)
 * or ExecutionAborted (stop()). Timing out or stopping closes the history and aborts whatever runs
 * (tasks see their signal abort); `done` settles at once, without waiting for it to unwind.
 */
import { realClock } from './clock';
import type { ExecutionOutcome, RunningExecution, StartOptions } from './engine';
import { ExecutionInterrupted, StatesError, StatesErrors } from './errors';
import { History, NOT_TRUNCATED } from './history';
import { clone, isObject, jsonByteLength, JsonObject, MAX_PAYLOAD_BYTES, toJsonText } from './json';
import { runProgram } from './program';
import { Frame, newController, Runtime, SETTLED } from './runtime';
import { VariableScope } from './variables';

export const DEFAULT_ROLE_ARN = 'arn:aws:iam::123456789012:role/local';

/** Region and account, from an execution ARN (`arn:aws:states:REGION:ACCOUNT:execution:...`). */
function arnParts(arn: string): { region: string; account: string } {
  const parts = arn.split(':');
  return { region: parts[3] || 'us-east-1', account: parts[4] || '123456789012' };
}

export function startExecution(definition: unknown, options: StartOptions): RunningExecution {
  const clock = options.clock ?? realClock;
  const history = new History(clock, options.onEvent);
  const controller = newController();
  const { region, account } = arnParts(options.executionArn);
  const roleArn = options.roleArn ?? DEFAULT_ROLE_ARN;
  const input = options.input === undefined ? {} : clone(options.input);
  const runtime: Runtime = {
    clock,
    random: options.random ?? Math.random,
    taskHandler: options.taskHandler,
    region,
    account,
    executionArn: options.executionArn,
    executionName: options.executionName,
    stateMachineArn: options.stateMachineArn,
    stateMachineName: options.stateMachineName,
    roleArn,
    startTime: clock.now().toISOString(),
    input,
    queryLanguage: isObject(definition) && definition.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath',
  };
  const frame: Frame = {
    runtime,
    history,
    ctx: { source: 0 },
    variables: new VariableScope(),
    signal: controller.signal,
  };

  let finished = false;
  let settleInterrupted!: (outcome: ExecutionOutcome) => void;
  const interrupted = new Promise<ExecutionOutcome>((resolve) => (settleInterrupted = resolve));
  const interrupt = (status: 'ABORTED' | 'TIMED_OUT', error?: string, cause?: string) => {
    if (finished) return;
    finished = true;
    const [type, key] =
      status === 'ABORTED'
        ? ['ExecutionAborted', 'executionAbortedEventDetails']
        : ['ExecutionTimedOut', 'executionTimedOutEventDetails'];
    history.emit({ source: history.lastId }, type, key, { error, cause });
    history.close();
    controller.abort(new ExecutionInterrupted(status));
    settleInterrupted({ status, error, cause });
  };

  history.emit(
    frame.ctx,
    'ExecutionStarted',
    'executionStartedEventDetails',
    { input: toJsonText(input), inputDetails: NOT_TRUNCATED, roleArn },
    { keepSource: true },
  );

  const timer = new AbortController();
  const timeoutSeconds = isObject(definition) ? definition.TimeoutSeconds : undefined;
  if (typeof timeoutSeconds === 'number' && timeoutSeconds > 0) {
    clock.sleep(timeoutSeconds * 1000, timer.signal).then(
      () => interrupt('TIMED_OUT', StatesErrors.Timeout),
      () => undefined,
    );
  }

  const run = async (): Promise<ExecutionOutcome> => {
    // The first state runs once the caller has its RunningExecution in hand.
    await null;
    try {
      if (!isObject(definition) || typeof definition.StartAt !== 'string' || !isObject(definition.States)) {
        throw new StatesError(StatesErrors.Runtime, 'The definition has no StartAt or no States');
      }
      if (jsonByteLength(input) > MAX_PAYLOAD_BYTES) {
        throw new StatesError(
          StatesErrors.DataLimitExceeded,
          'The execution input exceeds the maximum size of 262144 bytes.',
        );
      }
      const output = await runProgram(definition as JsonObject, input, frame);
      if (finished) return { status: 'ABORTED' };
      finished = true;
      history.emit(frame.ctx, 'ExecutionSucceeded', 'executionSucceededEventDetails', {
        output: toJsonText(output),
        outputDetails: NOT_TRUNCATED,
      });
      return { status: 'SUCCEEDED', output };
    } catch (thrown) {
      if (finished || thrown instanceof ExecutionInterrupted) return { status: 'ABORTED' };
      finished = true;
      const failure =
        thrown instanceof StatesError
          ? thrown
          : new StatesError(
              StatesErrors.Runtime,
              `Internal error: ${(thrown as Error)?.message ?? String(thrown)}`,
            );
      history.emit(frame.ctx, 'ExecutionFailed', 'executionFailedEventDetails', {
        error: failure.error,
        cause: failure.cause,
      });
      return { status: 'FAILED', error: failure.error, cause: failure.cause };
    }
  };

  // Whichever comes first: the program's end, or a stop / timeout (then the program just unwinds).
  const done = Promise.race([run(), interrupted]).finally(() => timer.abort(SETTLED));
  return {
    done,
    stop: (error?: string, cause?: string) => interrupt('ABORTED', error, cause),
  };
}

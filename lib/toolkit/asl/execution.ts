/**
 * One execution: ExecutionStarted, the state machine, then exactly one closing event —
 * ExecutionSucceeded, ExecutionFailed, ExecutionTimedOut (the definition's TimeoutSeconds passed)
 * or ExecutionAborted (stop()). Timing out or stopping closes the history and aborts whatever runs
 * (tasks see their signal abort); `done` settles at once, without waiting for it to unwind.
 */
import { realClock } from './clock';
import type { Clock, ExecutionOutcome, RunningExecution, StartOptions } from './engine';
import { ExecutionInterrupted, StatesError, StatesErrors } from './errors';
import type { ExecutionScope } from './execution-scope';
import { armTimer, Frame, newController } from './frame';
import { History, NOT_TRUNCATED } from './history';
import { ThreadJournal, threadJournal } from './journal';
import { MAX_PAYLOAD_BYTES, toJsonText } from './json';
import type { StateMachine } from './model/state-machine';
import { runProgram } from './program';
import { VariableScope } from './variables';

export const DEFAULT_ROLE_ARN = 'arn:aws:iam::123456789012:role/local';

/** Region and account, from an execution ARN (`arn:aws:states:REGION:ACCOUNT:execution:...`). */
function arnParts(arn: string): { region: string; account: string } {
  const parts = arn.split(':');
  return { region: parts[3] || 'us-east-1', account: parts[4] || '123456789012' };
}

/** What the execution's states see of it, from the start options. */
function executionScope(options: StartOptions, clock: Clock, inputText: string): ExecutionScope {
  const { region, account } = arnParts(options.executionArn);
  return {
    clock,
    random: options.random ?? Math.random,
    taskHandler: options.taskHandler,
    taskTokens: options.taskTokens,
    mapRuns: options.mapRuns,
    activityExists: options.activityExists,
    region,
    account,
    executionArn: options.executionArn,
    executionName: options.executionName,
    stateMachineArn: options.stateMachineArn,
    stateMachineName: options.stateMachineName,
    roleArn: options.roleArn ?? DEFAULT_ROLE_ARN,
    startTime: (options.redrive?.startTime ?? clock.now()).toISOString(),
    // A copy, as the service would parse it: the caller's object is never the execution's data
    // (unless the caller parsed it from the text itself, see StartOptions.inputText).
    input: options.inputText === undefined ? JSON.parse(inputText) : options.input,
    redriveCount: options.redrive?.redriveCount ?? 0,
  };
}

/** A redrive's journal, readied to replay; a new one for a redrivable execution; else none. */
function journalFor(options: StartOptions): ThreadJournal | undefined {
  if (options.redrive) {
    const journal = threadJournal(options.redrive.journal);
    journal.prepareRedrive();
    return journal;
  }
  return options.redrivable ? new ThreadJournal() : undefined;
}

/**
 * The history's opening: ExecutionStarted (which the first state does not follow: its previous id
 * is 0), or for a redrive ExecutionRedriven after the last event, which the state run again follows.
 */
function openHistory(frame: Frame, options: StartOptions, inputText: string): void {
  const { history, execution } = frame;
  if (options.redrive) {
    frame.thread.source = options.redrive.lastEventId;
    history.emit(frame.thread, 'ExecutionRedriven', 'executionRedrivenEventDetails', {
      redriveCount: options.redrive.redriveCount,
    });
    return;
  }
  history.emit(
    frame.thread,
    'ExecutionStarted',
    'executionStartedEventDetails',
    { input: inputText, inputDetails: NOT_TRUNCATED, roleArn: execution.roleArn },
    { keepSource: true },
  );
}

/**
 * The execution's end, whichever comes first: the program's own (Succeeded, Failed), or a stop or
 * timeout (Aborted, TimedOut), which closes the history at once and aborts what still runs.
 */
class Ending {
  finished = false;
  readonly interrupted: Promise<ExecutionOutcome>;
  private settleInterrupted!: (outcome: ExecutionOutcome) => void;

  constructor(
    private readonly frame: Frame,
    private readonly controller: AbortController,
  ) {
    this.interrupted = new Promise<ExecutionOutcome>((resolve) => (this.settleInterrupted = resolve));
  }

  interrupt(status: 'ABORTED' | 'TIMED_OUT', error?: string, cause?: string): void {
    if (this.finished) return;
    this.finished = true;
    const { history } = this.frame;
    const [type, key] =
      status === 'ABORTED'
        ? ['ExecutionAborted', 'executionAbortedEventDetails']
        : ['ExecutionTimedOut', 'executionTimedOutEventDetails'];
    history.emit({ source: history.lastId }, type, key, { error, cause });
    history.close();
    this.controller.abort(new ExecutionInterrupted(status));
    this.settleInterrupted({ status, error, cause });
  }

  succeed(output: unknown): ExecutionOutcome {
    if (this.finished) return { status: 'ABORTED' };
    this.finished = true;
    const outputText = this.frame.endText ?? toJsonText(output);
    this.frame.history.emit(this.frame.thread, 'ExecutionSucceeded', 'executionSucceededEventDetails', {
      output: outputText,
      outputDetails: NOT_TRUNCATED,
    });
    return { status: 'SUCCEEDED', output };
  }

  fail(thrown: unknown): ExecutionOutcome {
    if (this.finished || thrown instanceof ExecutionInterrupted) return { status: 'ABORTED' };
    this.finished = true;
    const failure =
      thrown instanceof StatesError
        ? thrown
        : new StatesError(
            StatesErrors.Runtime,
            `Internal error: ${(thrown as Error)?.message ?? String(thrown)}`,
          );
    this.frame.history.emit(this.frame.thread, 'ExecutionFailed', 'executionFailedEventDetails', {
      error: failure.error,
      cause: failure.cause,
    });
    return { status: 'FAILED', error: failure.error, cause: failure.cause };
  }
}

export function startExecution(machine: StateMachine, options: StartOptions): RunningExecution {
  const clock = options.clock ?? realClock;
  const history = new History(clock, options.onEvent, (options.redrive?.lastEventId ?? 0) + 1);
  const controller = newController();
  const inputText = options.inputText ?? toJsonText(options.input === undefined ? {} : options.input);
  const execution = executionScope(options, clock, inputText);
  const journal = journalFor(options);
  const frame: Frame = {
    execution,
    history,
    thread: { source: 0 },
    variables: new VariableScope(),
    signal: controller.signal,
    journal,
  };
  const ending = new Ending(frame, controller);
  openHistory(frame, options, inputText);

  const timeoutSeconds = machine.TimeoutSeconds;
  const disarmTimer =
    typeof timeoutSeconds === 'number' && timeoutSeconds > 0
      ? armTimer(clock, timeoutSeconds * 1000, () => ending.interrupt('TIMED_OUT', StatesErrors.Timeout))
      : undefined;

  const run = async (): Promise<ExecutionOutcome> => {
    // The first state runs once the caller has its RunningExecution in hand.
    await null;
    try {
      if (Buffer.byteLength(inputText, 'utf8') > MAX_PAYLOAD_BYTES) {
        throw new StatesError(
          StatesErrors.DataLimitExceeded,
          'The execution input exceeds the maximum size of 262144 bytes.',
        );
      }
      return ending.succeed(await runProgram(machine, execution.input, frame, inputText));
    } catch (thrown) {
      return ending.fail(thrown);
    }
  };

  // Whichever comes first: the program's end, or a stop / timeout (then the program just unwinds).
  const done = Promise.race([run(), ending.interrupted]).finally(() => disarmTimer?.());
  return {
    done,
    journal,
    stop: (error?: string, cause?: string) => ending.interrupt('ABORTED', error, cause),
  };
}

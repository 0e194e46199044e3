/**
 * One run of one state, as its handler sees it (the parsed state, its input, its frame), what the
 * handler hands back, and what both query languages share: the context object (`$$`), the payload
 * quota, evaluation failures.
 */
import type { ContextObject } from './engine';
import { StatesError, StatesErrors } from './errors';
import type { Frame } from './frame';
import { deepMerge, MAX_PAYLOAD_BYTES, toJsonText } from './json';
import type { StateMachine, State, Transition } from './model/state-machine';

/** Runs a (sub-)state machine in a frame; resolves with its output. States that run children get it. */
export type RunProgram = (
  program: StateMachine,
  input: unknown,
  frame: Frame,
  /** The input's JSON text, when the caller has it (the first StateEntered reuses it). */
  inputText?: string,
) => Promise<unknown>;

/** One run of one state: what its handler needs. */
export interface StateRun {
  readonly state: State;
  /** The state's raw input (before InputPath). */
  readonly input: unknown;
  /** The raw input's JSON text, when the previous state made it (its StateExited's output). */
  readonly inputText?: string;
  readonly frame: Frame;
  readonly enteredEventId: number;
  /** The previousEventId of the state's Entered event (where AWS chains EvaluationFailed). */
  readonly enteredPreviousId: number;
  readonly enteredTime: string;
  /** `$$.State.RetryCount`: retries made so far. */
  retryCount: number;
}

/** What a state hands back: its output, where to go, and the variables it assigns on exit. */
export interface StateOutcome {
  readonly output: unknown;
  /**
   * The output's JSON text when it is already known (the quota check computes it): the StateExited
   * event and the next state's StateEntered reuse it instead of serializing the output twice more.
   */
  readonly outputText?: string;
  /** The next state; undefined when the state ends its (sub-)machine. */
  readonly next?: string;
  readonly assigned?: Record<string, unknown>;
}

export function contextObject(
  run: StateRun,
  extra: Partial<ContextObject> = {},
  /** The attempt's retry count, when the context is made after it (a task's, when first read). */
  retryCount = run.retryCount,
): ContextObject {
  const execution = run.frame.execution;
  const context: ContextObject = {
    Execution: {
      Id: execution.executionArn,
      Input: execution.input,
      Name: execution.executionName,
      RoleArn: execution.roleArn,
      StartTime: execution.startTime,
      RedriveCount: execution.redriveCount ?? 0,
    },
    State: { EnteredTime: run.enteredTime, Name: run.state.name, RetryCount: retryCount },
    StateMachine: { Id: execution.stateMachineArn, Name: execution.stateMachineName },
    ...extra,
  };
  return execution.contextOverride
    ? (deepMerge(context, execution.contextOverride) as ContextObject)
    : context;
}

/** Refuses a value over the payload quota (256 KiB); returns its JSON text, which history events reuse. */
export function checkPayloadSize(run: StateRun, value: unknown): string {
  return checkPayloadText(run, toJsonText(value));
}

/** {@link checkPayloadSize} of a value whose JSON text is known. */
export function checkPayloadText(run: StateRun, text: string): string {
  // UTF-8 takes at most 3 bytes per UTF-16 unit: most texts need no byte count at all.
  if (text.length * 3 > MAX_PAYLOAD_BYTES && Buffer.byteLength(text, 'utf8') > MAX_PAYLOAD_BYTES) {
    throw new StatesError(
      StatesErrors.DataLimitExceeded,
      `The state/task '${run.state.name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
    );
  }
  return text;
}

/**
 * Records a JSONata evaluation failure as AWS does: an EvaluationFailed event (once per failure),
 * chained to the event before the state was entered when it is the state's first event.
 */
export function reportEvaluationFailure(run: StateRun, error: StatesError): void {
  if (!error.evaluation || error.evaluationReported) return;
  error.evaluationReported = true;
  const { history, thread } = run.frame;
  const source = thread.source === run.enteredEventId ? run.enteredPreviousId : thread.source;
  const id = history.emit({ source }, 'EvaluationFailed', 'evaluationFailedEventDetails', {
    error: error.error,
    cause: error.cause,
    location: error.evaluation.location,
    state: run.state.name,
  });
  if (id > 0) thread.source = id;
}

/** A TestState mock standing in for a Map's iterations or a Parallel's branches. */
export function mockedChildren(mock: NonNullable<Frame['childrenMock']>): unknown[] {
  if (mock.error) throw mock.error;
  return mock.result as unknown[];
}

export function nextOf(state: Transition): string | undefined {
  return state.End === true ? undefined : state.Next;
}

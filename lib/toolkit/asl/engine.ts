/**
 * The seam between the local runtime and whatever interprets Amazon States Language. The runtime,
 * the endpoint, the CLI and the tests use only this; the interpreter behind it can be swapped.
 * No CDK and no AWS SDK here, and nothing that imports this module back: it is a leaf (the model's
 * types aside), so depending on it never pulls in the interpreter.
 */
import type { MapRunRegistry } from './map-run';
import type { ParsedDefinition } from './model/parse';
import type { TaskResource } from './model/resource';
import type { DefinitionProblem, StateMachine } from './model/state-machine';

export type { DefinitionProblem, MapRunRegistry, ParsedDefinition, StateMachine, TaskResource };

/** The context object (`$$`) as a task sees it when it is invoked. */
export interface ContextObject {
  Execution: {
    Id: string;
    Input: unknown;
    Name: string;
    RoleArn: string;
    StartTime: string;
    RedriveCount?: number;
  };
  State: { EnteredTime: string; Name: string; RetryCount: number };
  StateMachine: { Id: string; Name: string };
  Task?: { Token?: string };
  Map?: { Item: { Index: number; Value: unknown } };
}

/** One call of a Task state's Resource, after InputPath and Parameters. */
export interface TaskInvocation {
  /** The Resource field as written, e.g. `arn:aws:states:::lambda:invoke` or a Lambda function ARN. */
  readonly resource: string;
  /**
   * The same Resource, classified once when the definition was parsed (./model/resource.ts):
   * what a handler switches on, so none parses the ARN again.
   */
  readonly classifiedResource: TaskResource;
  /** The Task state's name. */
  readonly stateName: string;
  /** The effective input: what Parameters produced. */
  readonly input: unknown;
  /** `$$.State.RetryCount`: 0 on the first attempt. */
  readonly retryCount: number;
  /** The state's TimeoutSeconds (or TimeoutSecondsPath's value), if any; the engine enforces it. */
  readonly timeoutSeconds?: number;
  /** The context object at this attempt. */
  readonly context: ContextObject;
  /** Aborted when the task times out or the execution is stopped. */
  readonly signal: AbortSignal;
  /**
   * The token a callback (`.waitForTaskToken`) or activity task waits on: an activity's worker
   * receives it with the task (GetActivityTask) and answers with it.
   */
  readonly taskToken?: string;
  /**
   * For a `.sync` job: records the request's response as TaskSubmitted while the handler goes on
   * waiting for the job's end (its result is the task's). Once per invocation; ignored otherwise.
   */
  submitted?(response: unknown): void;
}

/**
 * A task's failure, as Step Functions sees it: an error name (matched by Retry and Catch) and a
 * cause. A TaskHandler throws it; anything else thrown becomes `States.TaskFailed`.
 */
export class TaskFailure extends Error {
  constructor(
    public readonly error: string,
    public readonly cause: string = '',
  ) {
    super(`${error}: ${cause}`);
    this.name = 'TaskFailure';
  }
}

/**
 * What a TaskHandler returns for a `.waitForTaskToken` task when it stands in for the callback
 * itself (a mocked response, as Step Functions Local treats one): the task's result, with no token
 * to wait for. Any other value a handler returns for such a task is the request's response
 * (TaskSubmitted), and the task then waits for its token.
 */
export class CallbackResult {
  constructor(public readonly output: unknown) {}
}

/**
 * What a TaskHandler returns for an activity task once a worker has taken it (GetActivityTask):
 * recorded as ActivityStarted, after which the task waits for the token's answer. A
 * {@link CallbackResult} instead is the task's result itself (a mocked response).
 */
export class ActivityTaken {
  constructor(public readonly workerName?: string) {}
}

/**
 * Serves a Task state's Resource: returns its result (for a callback task, the request's response
 * or a {@link CallbackResult}) or throws a {@link TaskFailure}.
 */
export type TaskHandler = (invocation: TaskInvocation) => Promise<unknown>;

// ------------------------------------------------------------------------------ callback tokens

/** What reaches a waiting callback task through its token: SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat. */
export type TaskTokenSignal =
  | { readonly kind: 'success'; readonly output: unknown }
  | { readonly kind: 'failure'; readonly error?: string; readonly cause?: string }
  | { readonly kind: 'heartbeat' };

/**
 * Why a task let go of its token: `completed` once it has its outcome (a later call with the token
 * is TaskDoesNotExist), `expired` when it can no longer take one: it timed out, failed, or its
 * execution ended (a later call is TaskTimedOut).
 */
export type TokenRelease = 'completed' | 'expired';

/** The token one attempt of a callback task waits on. */
export interface IssuedToken {
  readonly token: string;
  /** The attempt is done with the token; signals stop reaching it. Idempotent. */
  release(why: TokenRelease): void;
}

/**
 * Task tokens, shared by every execution of a runtime: a callback task is issued one before its
 * request (a function it calls may answer before returning), and hears what is sent with it.
 * Success and failure are single use: the tokens' keeper refuses a second one itself.
 */
export interface TaskTokens {
  issue(listener: (signal: TaskTokenSignal) => void): IssuedToken;
}

/**
 * One event of an execution's history, in the shape GetExecutionHistory returns (`id`,
 * `previousEventId`, `type`, `timestamp`, and one `<type>EventDetails` object such as
 * `stateEnteredEventDetails`); inputs and outputs are JSON text, as AWS returns them.
 */
export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly type: string;
  readonly timestamp: Date;
  readonly [details: string]: unknown;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export type ExecutionOutcome =
  | { readonly status: 'SUCCEEDED'; readonly output: unknown }
  | { readonly status: 'FAILED' | 'TIMED_OUT' | 'ABORTED'; readonly error?: string; readonly cause?: string };

/** How time passes for an execution: real by default; a virtual clock skips waits in tests. */
export interface Clock {
  now(): Date;
  /** Resolves after `ms`, or rejects with the signal's reason once it is aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Optional: calls `fire` after `ms` unless the returned function disarms it first; what task and
   * execution timeouts use, which are disarmed far more often than they fire. Without it the
   * engine sleeps with an AbortSignal, which costs more per task. Not scaled by `scaleWait`.
   */
  timer?(ms: number, fire: () => void): () => void;
  /**
   * Optional: the engine runs each task handler call through it. A virtual clock uses it to hold
   * time still while a task waits on something other than the clock itself (real I/O), until the
   * work settles or `signal` (the task's) aborts.
   */
  track?<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /**
   * Optional: how long a Wait state or a retry interval of `ms` really lasts (Step Functions
   * Local's WAIT_TIME_SCALE); timeouts and heartbeats are not scaled. @default `ms`
   */
  scaleWait?(ms: number): number;
}

export interface StartOptions {
  readonly input: unknown;
  /**
   * The input's JSON text, when the caller already made it (the runtime checks the input's size):
   * then `input` must be that text parsed, a value the caller no longer changes, and it becomes the
   * execution's data as it is. @default `input` is serialized, and its copy parsed from that
   */
  readonly inputText?: string;
  readonly executionArn: string;
  readonly executionName: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  /** @default 'arn:aws:iam::123456789012:role/local' */
  readonly roleArn?: string;
  readonly taskHandler: TaskHandler;
  /** Called with every history event, in order, as it happens. */
  readonly onEvent?: (event: HistoryEvent) => void;
  /** @default the real clock */
  readonly clock?: Clock;
  /** Source of jitter, in [0, 1). @default Math.random */
  readonly random?: () => number;
  /**
   * Where `.waitForTaskToken` tasks get their tokens and hear callbacks. Without it such a task
   * fails with States.Runtime unless its handler answers with a {@link CallbackResult} (a mock).
   */
  readonly taskTokens?: TaskTokens;
  /** Where distributed Maps hand their map runs (ListMapRuns, DescribeMapRun, UpdateMapRun). */
  readonly mapRuns?: MapRunRegistry;
  /**
   * Whether an activity task's activity exists (the runtime's activities; `stateName` for a state
   * a mock serves instead). An activity that does not exist fails the state with States.Runtime
   * before it is scheduled, as on AWS. Without it every activity is taken to exist.
   */
  readonly activityExists?: (activityArn: string, stateName: string) => boolean;
  /**
   * Keep what the execution completes (states, branches, iterations) in a journal, so that it can
   * be redriven once it has failed, been aborted or timed out (Standard executions). @default false
   */
  readonly redrivable?: boolean;
  /** RedriveExecution: continue an ended execution instead of starting afresh (see {@link Redrive}). */
  readonly redrive?: Redrive;
}

/**
 * What the engine recorded of an execution for a redrive; only the engine that kept it reads it.
 * It is complete once the execution has ended.
 */
export interface ExecutionJournal {
  readonly kind: 'execution-journal';
}

/**
 * Continues an ended execution with the same input, ARN and start time: its history goes on after
 * `lastEventId` with ExecutionRedriven, completed states are not run again, and the first state
 * that did not complete runs again (within a Parallel or inline Map, only the branches and
 * iterations that did not succeed). The journal is taken over and goes on recording.
 */
export interface Redrive {
  readonly journal: ExecutionJournal;
  /** This redrive's number, 1 for the first: `$$.Execution.RedriveCount` and the event's redriveCount. */
  readonly redriveCount: number;
  /** The id of the history's last event so far. */
  readonly lastEventId: number;
  /** The execution's original start time (`$$.Execution.StartTime`). */
  readonly startTime: Date;
}

/** A started execution. */
export interface RunningExecution {
  /** Settles once the execution ends; never rejects. */
  readonly done: Promise<ExecutionOutcome>;
  /** With `redrivable` (or a redrive): what it completed, for the next {@link Redrive}. */
  readonly journal?: ExecutionJournal;
  /** Stops the execution (StopExecution): it ends ABORTED with the given error and cause. */
  stop(error?: string, cause?: string): void;
}

export interface Engine {
  /**
   * The problems that would make AWS refuse the definition (none when it is valid) and, when there
   * are none, its model: parse once, start any number of executions from it.
   */
  parse(definition: unknown): ParsedDefinition;
  /** Starts an execution of a parsed state machine. */
  start(machine: StateMachine, options: StartOptions): RunningExecution;
  /**
   * TestState: runs one state once and answers as the API does. Throws TestStateValidationError
   * (ValidationException) or TestStateInvalidDefinition (InvalidDefinition), see lib/toolkit/asl/test-state.ts.
   */
  testState?(request: TestStateRequest, options: TestStateOptions): Promise<TestStateResponse>;
}

// ------------------------------------------------------------------------------------- TestState

export interface TestStateRequest {
  readonly definition?: string;
  readonly stateName?: string;
  readonly input?: string;
  readonly variables?: string;
  readonly context?: string;
  readonly roleArn?: string;
  readonly inspectionLevel?: string;
  readonly revealSecrets?: boolean;
  readonly mock?: {
    readonly result?: string;
    readonly errorOutput?: { readonly error?: string; readonly cause?: string };
    readonly fieldValidationMode?: string;
  };
  readonly stateConfiguration?: {
    readonly retrierRetryCount?: number;
    readonly errorCausedByState?: string;
    readonly mapIterationFailureCount?: number;
    readonly mapItemReaderData?: string;
  };
}

/** Where the test runs: identities for the context object, the task handler, time and chance. */
export interface TestStateOptions {
  readonly taskHandler?: TaskHandler;
  readonly region?: string;
  readonly account?: string;
  readonly partition?: string;
  readonly clock?: Clock;
  readonly random?: () => number;
}

export type TestStatus = 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';

/** The answer, in the API's shape: data as JSON text. */
export interface TestStateResponse {
  status: TestStatus;
  output?: string;
  error?: string;
  cause?: string;
  nextState?: string;
  inspectionData?: Record<string, unknown>;
}

/** A request AWS refuses with ValidationException (HTTP 400). */
export class TestStateValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TestStateValidationError';
  }
}

/** A definition AWS refuses with InvalidDefinition. */
export class TestStateInvalidDefinition extends Error {
  constructor(public readonly problems: DefinitionProblem[]) {
    super(problems.map((p) => p.message).join(', '));
    this.name = 'TestStateInvalidDefinition';
  }
}

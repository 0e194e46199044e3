/**
 * What a running state sees: the execution (options, clock, context object basics), its thread of
 * control (a {@link Frame}: history context, variables, cancellation), and the input/output
 * processing every JSONPath state shares (InputPath, ResultSelector, ResultPath, OutputPath, the
 * payload quota).
 */
import { setMaxListeners } from 'node:events';
import type { Clock, ContextObject, TaskHandler } from './engine';
import { runtimeError, StatesError, StatesErrors } from './errors';
import { EventContext, History } from './history';
import { isReferencePath, parsePath, ResultPathError, setAtPath } from './json-path';
import { deepMerge, JsonObject, MAX_PAYLOAD_BYTES, toJsonText } from './json';
import { DataScope, evaluateTemplate, requirePath } from './payload';
import { VariableScope } from './variables';

/** The execution as every state of it sees it. */
export interface Runtime {
  readonly clock: Clock;
  readonly random: () => number;
  readonly taskHandler: TaskHandler;
  readonly region: string;
  readonly account: string;
  readonly executionArn: string;
  readonly executionName: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly roleArn: string;
  readonly startTime: string;
  readonly input: unknown;
  /** The machine's QueryLanguage: every state's default, in branches and Map processors too. */
  readonly queryLanguage: QueryLanguage;
  /** TestState's `context`: merged over the context object every state sees. */
  readonly contextOverride?: Partial<ContextObject>;
}

export type QueryLanguage = 'JSONPath' | 'JSONata';

/** A thread of control: the execution itself, a Parallel branch or a Map iteration. */
export interface Frame {
  readonly runtime: Runtime;
  readonly history: History;
  readonly ctx: EventContext;
  readonly variables: VariableScope;
  /** Aborted when the execution ends early or a sibling branch/iteration failed. */
  readonly signal: AbortSignal;
  /** The type of the state running in this thread, if any (for <Type>StateAborted). */
  active?: string;
  /** TestState (DEBUG / TRACE): told the data after each processing step (`afterInputPath`, ...). */
  readonly inspect?: (step: string, value: unknown) => void;
  /** TestState with a mock on a Map or Parallel state: its result, or its error, instead of its children. */
  readonly childrenMock?: { readonly result?: unknown; readonly error?: StatesError };
}

/** Thrown inside a branch or iteration that was cancelled because a sibling failed. */
export class BranchCancelled extends Error {
  constructor() {
    super('branch cancelled');
    this.name = 'BranchCancelled';
  }
}

/** Throws the frame's abort reason once it is aborted: the point where a stopped thread unwinds. */
export function checkpoint(frame: Frame): void {
  if (frame.signal.aborted) throw frame.signal.reason;
}

export function sleep(frame: Frame, ms: number): Promise<void> {
  return frame.runtime.clock.sleep(ms, frame.signal);
}

/** A frame for a branch or iteration: its own history thread, variables and cancellation. */
export function childFrame(
  parent: Frame,
  controller: AbortController,
  options: { history?: History; source?: number; isolatedVariables?: boolean } = {},
): Frame {
  return {
    runtime: parent.runtime,
    history: options.history ?? parent.history,
    ctx: { source: options.source ?? parent.ctx.source },
    variables: options.isolatedVariables ? new VariableScope() : parent.variables.child(),
    signal: controller.signal,
  };
}

/**
 * An AbortController whose signal takes any number of listeners: a Map with hundreds of concurrent
 * iterations links each of them to its parent's signal (Node warns past 10 by default).
 */
export function newController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/**
 * The reason given when a timer is cancelled because what it guarded has settled: aborting without
 * a reason builds a DOMException (with its stack) each time, a measurable cost per task.
 */
export const SETTLED = Object.freeze({ settled: true });

/** Aborts `controller` when `parent` aborts, with the same reason. */
export function linkAbort(parent: AbortSignal, controller: AbortController): () => void {
  if (parent.aborted) {
    controller.abort(parent.reason);
    return () => undefined;
  }
  const onAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return () => parent.removeEventListener('abort', onAbort);
}

/** Runs a (sub-)state machine (`StartAt` + `States`) in a frame; resolves with its output. */
export type RunProgram = (program: JsonObject, input: unknown, frame: Frame) => Promise<unknown>;

/** One run of one state: what its handler needs. */
export interface StateRun {
  readonly name: string;
  readonly type: string;
  readonly state: JsonObject;
  /** The state's raw input (before InputPath). */
  readonly input: unknown;
  readonly frame: Frame;
  readonly enteredEventId: number;
  /** The previousEventId of the state's Entered event (where AWS chains EvaluationFailed). */
  readonly enteredPreviousId: number;
  readonly enteredTime: string;
  /** The state's QueryLanguage, or the machine's. */
  readonly language: QueryLanguage;
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

export function contextObject(run: StateRun, extra: Partial<ContextObject> = {}): ContextObject {
  const rt = run.frame.runtime;
  const context: ContextObject = {
    Execution: {
      Id: rt.executionArn,
      Input: rt.input,
      Name: rt.executionName,
      RoleArn: rt.roleArn,
      StartTime: rt.startTime,
      RedriveCount: 0,
    },
    State: { EnteredTime: run.enteredTime, Name: run.name, RetryCount: run.retryCount },
    StateMachine: { Id: rt.stateMachineArn, Name: rt.stateMachineName },
    ...extra,
  };
  return rt.contextOverride ? (deepMerge(context, rt.contextOverride) as ContextObject) : context;
}

/** The scope in which `$` is `data`. */
export function scopeOf(run: StateRun, data: unknown, extra: Partial<ContextObject> = {}): DataScope {
  return {
    data,
    context: contextObject(run, extra),
    variables: run.frame.variables,
    random: run.frame.runtime.random,
  };
}

/** InputPath: `$` by default; null gives `{}`. */
export function applyInputPath(run: StateRun): unknown {
  const path = run.state.InputPath;
  const value =
    path === null
      ? {}
      : path === undefined || path === '$'
        ? run.input
        : requirePath(path as string, scopeOf(run, run.input));
  run.frame.inspect?.('afterInputPath', value);
  return value;
}

/** Parameters (Task, Pass, Parallel): the effective input from a payload template. */
export function applyParameters(
  run: StateRun,
  effectiveInput: unknown,
  extra: Partial<ContextObject> = {},
): unknown {
  const value =
    run.state.Parameters === undefined
      ? effectiveInput
      : evaluateTemplate(run.state.Parameters, scopeOf(run, effectiveInput, extra));
  run.frame.inspect?.('afterParameters', value);
  return value;
}

/** ResultSelector (Task, Map, Parallel): reshapes the raw result. */
export function applyResultSelector(run: StateRun, result: unknown): unknown {
  const value =
    run.state.ResultSelector === undefined
      ? result
      : evaluateTemplate(run.state.ResultSelector, scopeOf(run, result));
  run.frame.inspect?.('afterResultSelector', value);
  return value;
}

/** ResultPath: where the result goes in the raw input. `$` (default) replaces it; null discards it. */
export function applyResultPath(run: StateRun, resultPath: unknown, result: unknown): unknown {
  const value = placeResult(run, resultPath, result);
  run.frame.inspect?.('afterResultPath', value);
  return value;
}

function placeResult(run: StateRun, resultPath: unknown, result: unknown): unknown {
  if (resultPath === null) return run.input;
  if (resultPath === undefined || resultPath === '$') return result;
  const path = parsePath(resultPath as string);
  if (path.root.kind !== 'data' || !isReferencePath(path)) {
    throw runtimeError(`The ResultPath '${String(resultPath)}' is not a valid reference path`);
  }
  try {
    return setAtPath(run.input, path, result);
  } catch (error) {
    if (error instanceof ResultPathError) {
      throw new StatesError(
        StatesErrors.ResultPathMatchFailure,
        `Unable to apply ResultPath "${String(resultPath)}" to input ${JSON.stringify(run.input)}: ${error.message}`,
        true,
      );
    }
    throw error;
  }
}

/** OutputPath: `$` by default; null gives `{}`. */
export function applyOutputPath(run: StateRun, data: unknown): unknown {
  const path = run.state.OutputPath;
  if (path === null) return {};
  if (path === undefined || path === '$') return data;
  return requirePath(path as string, scopeOf(run, data));
}

/** The 256 KiB quota on what a state or task returns. */
/** Refuses a value over the payload quota; returns its JSON text, which history events reuse. */
export function checkPayloadSize(run: StateRun, value: unknown): string {
  const text = toJsonText(value);
  if (Buffer.byteLength(text, 'utf8') > MAX_PAYLOAD_BYTES) {
    throw new StatesError(
      StatesErrors.DataLimitExceeded,
      `The state/task '${run.name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
    );
  }
  return text;
}

/** Assign (JSONPath flavour): a template over `data` (what `$` means depends on the state type). */
export function evaluateAssign(
  run: StateRun,
  assign: unknown,
  data: unknown,
): Record<string, unknown> | undefined {
  if (assign === undefined) return undefined;
  return evaluateTemplate(assign, scopeOf(run, data)) as Record<string, unknown>;
}

/**
 * The usual tail of a state: ResultPath into the raw input, OutputPath, quota check, and the
 * variables assigned (from `assignData`).
 */
export function finishState(
  run: StateRun,
  result: unknown,
  assignData: unknown,
  next: string | undefined,
): StateOutcome {
  checkPayloadSize(run, result);
  const assigned = evaluateAssign(run, run.state.Assign, assignData);
  const output = applyOutputPath(run, applyResultPath(run, run.state.ResultPath, result));
  const outputText = checkPayloadSize(run, output);
  return { output, outputText, next, assigned };
}

/**
 * Records a JSONata evaluation failure as AWS does: an EvaluationFailed event (once per failure),
 * chained to the event before the state was entered when it is the state's first event.
 */
export function reportEvaluationFailure(run: StateRun, error: StatesError): void {
  if (!error.evaluation || error.evaluationReported) return;
  error.evaluationReported = true;
  const { history, ctx } = run.frame;
  const source = ctx.source === run.enteredEventId ? run.enteredPreviousId : ctx.source;
  const id = history.emit({ source }, 'EvaluationFailed', 'evaluationFailedEventDetails', {
    error: error.error,
    cause: error.cause,
    location: error.evaluation.location,
    state: run.name,
  });
  if (id > 0) ctx.source = id;
}

/** A TestState mock standing in for a Map's iterations or a Parallel's branches. */
export function mockedChildren(mock: NonNullable<Frame['childrenMock']>): unknown[] {
  if (mock.error) throw mock.error;
  return mock.result as unknown[];
}

export function nextOf(state: JsonObject): string | undefined {
  return state.End === true ? undefined : (state.Next as string | undefined);
}

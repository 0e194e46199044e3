/**
 * Errors as Step Functions names them. A state that fails raises a {@link StatesError}; Retry and
 * Catch match its `error`, and an execution that ends with it reports `error` and `cause`.
 */

export const StatesErrors = {
  ALL: 'States.ALL',
  TaskFailed: 'States.TaskFailed',
  Timeout: 'States.Timeout',
  Runtime: 'States.Runtime',
  DataLimitExceeded: 'States.DataLimitExceeded',
  ResultPathMatchFailure: 'States.ResultPathMatchFailure',
  IntrinsicFailure: 'States.IntrinsicFailure',
  NoChoiceMatched: 'States.NoChoiceMatched',
  BranchFailed: 'States.BranchFailed',
  ParameterPathFailure: 'States.ParameterPathFailure',
  HeartbeatTimeout: 'States.HeartbeatTimeout',
  Permissions: 'States.Permissions',
  QueryEvaluationError: 'States.QueryEvaluationError',
} as const;

export const QUERY_EVALUATION_ERROR = StatesErrors.QueryEvaluationError;

/** A JSONata field that failed: AWS records it in an EvaluationFailed event (with the field's location). */
export interface EvaluationFailure {
  /** The field, e.g. `Output/result` or `Items`; absent when the failure is not one field's. */
  readonly location?: string;
}

export class StatesError extends Error {
  /** Set once the EvaluationFailed event of this failure is in the history. */
  evaluationReported = false;

  /**
   * @param error the error name Retry/Catch match.
   * @param cause the cause text; `undefined` when the failure has none (a Fail state without Cause).
   * @param inState true when the cause is a detail that still needs AWS's prefix naming the state
   *   ("An error occurred while executing the state 'X' (entered at the event id #N). ...").
   * @param evaluation set for a JSONata evaluation failure, which gets an EvaluationFailed event.
   */
  constructor(
    public readonly error: string | undefined,
    public readonly cause: string | undefined,
    public readonly inState = false,
    public readonly evaluation?: EvaluationFailure,
  ) {
    super(`${error}: ${cause}`);
    this.name = 'StatesError';
  }
}

/**
 * A task that went longer than HeartbeatSeconds without a heartbeat. AWS records it as
 * States.Timeout (TaskTimedOut and ExecutionFailed, in histories recorded on AWS), while a Retry or
 * Catch naming States.HeartbeatTimeout matches it too (the developer guide: "available inside the
 * Catch and Retry fields").
 */
export class HeartbeatTimedOut extends StatesError {
  constructor() {
    super(StatesErrors.Timeout, undefined);
  }
}

/** A States.Runtime failure: not retriable, not catchable (AWS rule), so it ends the execution. */
export function runtimeError(detail: string): StatesError {
  return new StatesError(StatesErrors.Runtime, detail, true);
}

export function intrinsicFailure(detail: string): StatesError {
  return new StatesError(StatesErrors.IntrinsicFailure, detail, true);
}

/** Gives a state-level error AWS's cause prefix, once the state and its entered event are known. */
export function inStateContext(error: StatesError, stateName: string, enteredEventId: number): StatesError {
  if (!error.inState) return error;
  return new StatesError(
    error.error,
    `An error occurred while executing the state '${stateName}' (entered at the event id #${enteredEventId}). ${error.cause ?? ''}`,
    false,
    error.evaluation,
  );
}

/** Thrown through the interpreter once an execution is stopped or timed out: unwinds without events. */
export class ExecutionInterrupted extends Error {
  constructor(public readonly reason: 'ABORTED' | 'TIMED_OUT') {
    super(`execution ${reason}`);
    this.name = 'ExecutionInterrupted';
  }
}

/**
 * Whether a Retry or Catch `ErrorEquals` list matches an error raised by a state of type `stateType`.
 * States.ALL matches every error except the terminal ones; States.TaskFailed matches every error of a
 * Task state except States.Timeout; States.HeartbeatTimeout a heartbeat timeout; States.Runtime is never retried nor caught (AWS rule); and
 * States.DataLimitExceeded only by its own name.
 */
export function errorMatches(errorEquals: readonly string[], error: StatesError, stateType: string): boolean {
  const name = error.error ?? '';
  if (name === StatesErrors.Runtime) return false;
  for (const candidate of errorEquals) {
    if (candidate === name) return true;
    if (candidate === StatesErrors.HeartbeatTimeout && error instanceof HeartbeatTimedOut) return true;
    if (name === StatesErrors.DataLimitExceeded) continue;
    if (candidate === StatesErrors.ALL) return true;
    if (candidate === StatesErrors.TaskFailed && stateType === 'Task' && name !== StatesErrors.Timeout)
      return true;
  }
  return false;
}

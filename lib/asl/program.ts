/**
 * Runs a state machine, a Parallel branch or a Map iteration: from StartAt, state after state,
 * until one ends it (End, Succeed) or fails (the error propagates to the caller). Each state is
 * framed by its <Type>StateEntered and <Type>StateExited events; its variables are assigned on exit.
 */
import { inStateContext, runtimeError, StatesError } from './errors';
import { NOT_TRUNCATED } from './history';
import { JsonObject, toJsonText } from './json';
import { checkpoint, Frame, reportEvaluationFailure, RunProgram, StateOutcome, StateRun } from './runtime';
import { runChoice } from './states/choice';
import { runMap } from './states/map';
import { runParallel } from './states/parallel';
import { runPass } from './states/pass';
import { runFail, runSucceed } from './states/succeed-fail';
import { runTask } from './states/task';
import { runWait } from './states/wait';

type Handler = (run: StateRun, runProgram: RunProgram) => Promise<StateOutcome>;

const HANDLERS: Record<string, Handler> = {
  Pass: runPass,
  Task: runTask,
  Choice: runChoice,
  Wait: runWait,
  Succeed: runSucceed,
  Fail: runFail,
  Parallel: runParallel,
  Map: runMap,
};

/** The handler of a state type (TestState runs one state with it), or undefined. */
export function stateHandler(type: string): Handler | undefined {
  return HANDLERS[type];
}

export const runProgram: RunProgram = async (program, input, frame) => {
  const states = program.States as Record<string, JsonObject>;
  let name = program.StartAt as string;
  let data = input;
  let dataText: string | undefined;
  for (;;) {
    const state = states[name];
    if (!state) throw runtimeError(`The state '${name}' does not exist`);
    const outcome = await runState(name, state, data, frame, dataText);
    data = outcome.output;
    dataText = outcome.outputText;
    if (outcome.next === undefined) return data;
    name = outcome.next;
  }
};

async function runState(
  name: string,
  state: JsonObject,
  input: unknown,
  frame: Frame,
  /** The input's JSON text, when the previous state already made it. */
  inputText?: string,
): Promise<StateOutcome> {
  checkpoint(frame);
  const type = state.Type as string;
  const handler = HANDLERS[type];
  const { history, ctx, runtime } = frame;
  const enteredPreviousId = ctx.source;
  const enteredEventId = history.emit(ctx, `${type}StateEntered`, 'stateEnteredEventDetails', {
    name,
    input: inputText ?? toJsonText(input),
    inputDetails: NOT_TRUNCATED,
  });
  const run: StateRun = {
    name,
    type,
    state,
    input,
    frame,
    enteredEventId,
    enteredPreviousId,
    enteredTime: runtime.clock.now().toISOString(),
    language:
      state.QueryLanguage === 'JSONata' || state.QueryLanguage === 'JSONPath'
        ? state.QueryLanguage
        : runtime.queryLanguage,
    retryCount: 0,
  };
  let outcome: StateOutcome;
  frame.active = type;
  try {
    if (!handler) throw runtimeError(`The state type '${type}' is not supported`);
    outcome = await handler(run, runProgram);
  } catch (error) {
    if (!(error instanceof StatesError)) throw error;
    const failure = inStateContext(error, name, enteredEventId);
    reportEvaluationFailure(run, failure);
    throw failure;
  } finally {
    frame.active = undefined;
  }
  checkpoint(frame);
  const assigned = outcome.assigned;
  if (assigned) frame.variables.assign(assigned);
  history.emit(ctx, `${type}StateExited`, 'stateExitedEventDetails', {
    name,
    output: outcome.outputText ?? toJsonText(outcome.output),
    outputDetails: NOT_TRUNCATED,
    ...(assigned
      ? {
          assignedVariables: Object.fromEntries(Object.entries(assigned).map(([k, v]) => [k, toJsonText(v)])),
          assignedVariablesDetails: NOT_TRUNCATED,
        }
      : {}),
  });
  return outcome;
}

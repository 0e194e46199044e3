/**
 * Runs a state machine, a Parallel branch or a Map iteration: from StartAt, state after state,
 * until one ends it (End, Succeed) or fails (the error propagates to the caller). Each state is
 * framed by its <Type>StateEntered and <Type>StateExited events; its variables are assigned on exit.
 */
import { inStateContext, runtimeError, StatesError } from './errors';
import { checkpoint, Frame } from './frame';
import { NOT_TRUNCATED } from './history';
import { toJsonText } from './json';
import type { State } from './model/state-machine';
import { reportEvaluationFailure, RunProgram, StateOutcome, StateRun } from './state-run';
import { runChoice } from './states/choice';
import { runMap } from './states/map';
import { runParallel } from './states/parallel';
import { runPass } from './states/pass';
import { runFail, runSucceed } from './states/succeed-fail';
import { runTask } from './states/task';
import { runWait } from './states/wait';

/** Runs one state of the run (TestState runs one state with it too). */
export function runStateOfType(run: StateRun, runProgram: RunProgram): Promise<StateOutcome> {
  const state: State = run.state;
  switch (state.Type) {
    case 'Pass':
      return runPass(run, state);
    case 'Task':
      return runTask(run, state);
    case 'Choice':
      return runChoice(run, state);
    case 'Wait':
      return runWait(run, state);
    case 'Succeed':
      return runSucceed(run, state);
    case 'Fail':
      return runFail(run, state);
    case 'Parallel':
      return runParallel(run, state, runProgram);
    case 'Map':
      return runMap(run, state, runProgram);
    default:
      // Only a definition run without validation gets here.
      throw runtimeError(`The state type '${(state as { Type: unknown }).Type}' is not supported`);
  }
}

export const runProgram: RunProgram = async (program, input, frame, inputText) => {
  let name = program.StartAt;
  let data = input;
  let dataText = inputText;
  const journal = frame.journal;
  for (;;) {
    const state = program.States[name];
    if (!state) throw runtimeError(`The state '${name}' does not exist`);
    // A redrive does not run again what the thread completed before: it takes its outcome.
    const replayed = journal?.replay(name);
    let outcome: StateOutcome;
    if (replayed) {
      if (replayed.assigned) frame.variables.assign(replayed.assigned);
      outcome = replayed;
    } else {
      outcome = await runState(state, data, frame, dataText);
      journal?.record({ name, output: outcome.output, next: outcome.next, assigned: outcome.assigned });
    }
    data = outcome.output;
    dataText = outcome.outputText;
    if (outcome.next === undefined) {
      journal?.end(data);
      frame.endText = dataText;
      return data;
    }
    name = outcome.next;
  }
};

async function runState(
  state: State,
  input: unknown,
  frame: Frame,
  /** The input's JSON text, when the previous state already made it. */
  inputText?: string,
): Promise<StateOutcome> {
  checkpoint(frame);
  const { name, Type: type } = state;
  const { history, thread, execution } = frame;
  const enteredPreviousId = thread.source;
  const enteredEventId = history.emit(thread, `${type}StateEntered`, 'stateEnteredEventDetails', {
    name,
    input: inputText ?? toJsonText(input),
    inputDetails: NOT_TRUNCATED,
  });
  // `$$.State.EnteredTime` as text only when read: formatting a date per state is a measurable cost.
  const entered = execution.clock.now();
  let enteredTime: string | undefined;
  const run: StateRun = {
    state,
    input,
    inputText,
    frame,
    enteredEventId,
    enteredPreviousId,
    get enteredTime() {
      return (enteredTime ??= entered.toISOString());
    },
    retryCount: 0,
  };
  let outcome: StateOutcome;
  frame.active = type;
  try {
    outcome = await runStateOfType(run, runProgram);
  } catch (error) {
    if (!(error instanceof StatesError)) throw error;
    const failure = inStateContext(error, name, enteredEventId);
    reportEvaluationFailure(run, failure);
    throw failure;
  } finally {
    frame.active = undefined;
  }
  checkpoint(frame);
  // A state that passes its input on (Choice, Succeed, a Pass without changes) reuses its text.
  if (outcome.outputText === undefined && inputText !== undefined && outcome.output === input) {
    outcome = { ...outcome, outputText: inputText };
  }
  emitExited(frame, state, outcome);
  return outcome;
}

/** Assigns the state's variables, then records its <Type>StateExited event. */
function emitExited(frame: Frame, state: State, outcome: StateOutcome): void {
  const assigned = outcome.assigned;
  if (assigned) frame.variables.assign(assigned);
  frame.history.emit(frame.thread, `${state.Type}StateExited`, 'stateExitedEventDetails', {
    name: state.name,
    output: outcome.outputText ?? toJsonText(outcome.output),
    outputDetails: NOT_TRUNCATED,
    ...(assigned
      ? {
          assignedVariables: Object.fromEntries(Object.entries(assigned).map(([k, v]) => [k, toJsonText(v)])),
          assignedVariablesDetails: NOT_TRUNCATED,
        }
      : {}),
  });
}

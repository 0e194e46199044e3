/**
 * Parallel: every branch runs on the effective input (InputPath, then Parameters; in JSONata,
 * Arguments); the result is the
 * array of their outputs, in branch order. A failing branch cancels the others and the state fails
 * with the branch's error (then Retry / Catch apply to the whole state).
 */
import { runChildren } from '../children';
import { StatesError } from '../errors';
import { clone } from '../json';
import { evaluateArguments, finishJsonata } from '../jsonata/state-io';
import { applyInputPath, applyParameters, applyResultSelector, finishState } from '../jsonpath/state-io';
import { withRetryAndCatch } from '../retry';
import type { ParallelState } from '../model/state-machine';
import { mockedChildren, nextOf, RunProgram, StateOutcome, StateRun } from '../state-run';

export async function runParallel(
  run: StateRun,
  state: ParallelState,
  runProgram: RunProgram,
): Promise<StateOutcome> {
  const { frame } = run;
  let branchesFailed = false;
  const attempt = async (): Promise<StateOutcome> => {
    branchesFailed = false;
    const effectiveInput =
      state.language === 'JSONata'
        ? await evaluateArguments(run, state.Arguments)
        : applyParameters(run, state.Parameters, applyInputPath(run, state.InputPath));
    frame.history.emit(frame.thread, 'ParallelStateStarted');
    let results: unknown[];
    try {
      results = frame.childrenMock
        ? mockedChildren(frame.childrenMock)
        : await runChildren(
            frame,
            state.Branches.length,
            (index, child) => runProgram(state.Branches[index], clone(effectiveInput), child),
            {},
            { maxConcurrency: 0 },
          );
    } catch (error) {
      if (error instanceof StatesError) branchesFailed = true;
      throw error;
    }
    // The state goes on from the latest branch event (ParallelStateSucceeded does not move it).
    frame.thread.source = frame.history.lastId;
    frame.history.emit(frame.thread, 'ParallelStateSucceeded', undefined, undefined, { keepSource: true });
    if (state.language === 'JSONata') {
      return finishJsonata(run, nextOf(state), state, { result: results, hasResult: true });
    }
    const result = applyResultSelector(run, state.ResultSelector, results);
    return finishState(run, state, result, result);
  };
  return withRetryAndCatch(run, state, attempt, (error) => {
    if (branchesFailed || error.evaluation) frame.history.emit(frame.thread, 'ParallelStateFailed');
  });
}

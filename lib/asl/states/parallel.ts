/**
 * Parallel: every branch runs on the effective input (InputPath, then Parameters; in JSONata,
 * Arguments); the result is the
 * array of their outputs, in branch order. A failing branch cancels the others and the state fails
 * with the branch's error (then Retry / Catch apply to the whole state).
 */
import { runChildren } from '../children';
import { StatesError } from '../errors';
import { clone, JsonObject } from '../json';
import { evaluateArguments, finishJsonata } from '../jsonata/state-io';
import { withRetryAndCatch } from '../retry';
import {
  applyInputPath,
  applyParameters,
  applyResultSelector,
  finishState,
  mockedChildren,
  nextOf,
  RunProgram,
  StateOutcome,
  StateRun,
} from '../runtime';

export async function runParallel(run: StateRun, runProgram: RunProgram): Promise<StateOutcome> {
  const { frame } = run;
  let branchesFailed = false;
  return withRetryAndCatch(
    run,
    async () => {
      branchesFailed = false;
      const jsonata = run.language === 'JSONata';
      const effectiveInput = jsonata
        ? await evaluateArguments(run)
        : applyParameters(run, applyInputPath(run));
      const branches = (run.state.Branches ?? []) as JsonObject[];
      frame.history.emit(frame.ctx, 'ParallelStateStarted');
      let results: unknown[];
      try {
        results = frame.childrenMock
          ? mockedChildren(frame.childrenMock)
          : await runChildren(
              frame,
              branches.length,
              (index, child) => runProgram(branches[index], clone(effectiveInput), child),
              {},
              { maxConcurrency: 0 },
            );
      } catch (error) {
        if (error instanceof StatesError) branchesFailed = true;
        throw error;
      }
      // The state goes on from the latest branch event (ParallelStateSucceeded does not move it).
      frame.ctx.source = frame.history.lastId;
      frame.history.emit(frame.ctx, 'ParallelStateSucceeded', undefined, undefined, { keepSource: true });
      if (jsonata) return finishJsonata(run, nextOf(run.state), { result: results, hasResult: true });
      const result = applyResultSelector(run, results);
      return finishState(run, result, result, nextOf(run.state));
    },
    (error) => {
      if (branchesFailed || error.evaluation) frame.history.emit(frame.ctx, 'ParallelStateFailed');
    },
  );
}

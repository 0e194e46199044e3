/**
 * Map (inline): runs its ItemProcessor (or legacy Iterator) once per item of ItemsPath (default
 * `$`, after InputPath), at most MaxConcurrency / MaxConcurrencyPath at a time (0 = unbounded).
 * Each iteration's input is ItemSelector (or legacy Parameters) evaluated with `$$.Map.Item.Index`
 * and `$$.Map.Item.Value`, or the item itself. The result is the array of iteration outputs.
 *
 * JSONata: Items (default the input), ItemSelector over `$states.context.Map.Item`, MaxConcurrency
 * and the tolerated failure fields may be expressions; Output and Assign see `$states.result`.
 *
 * A `DISTRIBUTED` processor runs the same way, but its iterations are child executions on AWS whose
 * events stay out of this history (MapRunStarted / MapRunSucceeded instead) and which cannot read
 * the outer variables. It also has (see ./distributed-map.ts) ItemReader (items from the TaskHandler),
 * ItemBatcher (`{ Items, BatchInput }` inputs), ToleratedFailureCount / ToleratedFailurePercentage
 * (a tolerated failed iteration's entry in the result is `{ Error, Cause }`; beyond the tolerance,
 * default 0, the Map fails with States.ExceedToleratedFailureThreshold) and ResultWriter.
 */
import { randomUUID } from 'node:crypto';
import { runChildren } from '../children';
import { runtimeError, StatesError } from '../errors';
import { History } from '../history';
import { clone, isObject, JsonObject } from '../json';
import {
  evaluateTemplate as evaluateJsonataTemplate,
  queryEvaluationError,
  unexpectedType,
} from '../jsonata/expression';
import { evaluateInteger, finishJsonata, jsonataScope } from '../jsonata/state-io';
import { evaluateTemplate, requirePath } from '../payload';
import { withRetryAndCatch } from '../retry';
import {
  batchItems,
  exceededThreshold,
  failureTolerance,
  IterationRecord,
  readItems,
  writeResults,
} from './distributed-map';
import {
  applyInputPath,
  applyResultSelector,
  finishState,
  mockedChildren,
  nextOf,
  RunProgram,
  scopeOf,
  StateOutcome,
  StateRun,
} from '../runtime';

function maxConcurrency(run: StateRun, effectiveInput: unknown): number {
  const { state } = run;
  if (typeof state.MaxConcurrencyPath === 'string') {
    const value = requirePath(state.MaxConcurrencyPath, scopeOf(run, effectiveInput));
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      const shown = typeof value === 'string' ? value : JSON.stringify(value);
      throw runtimeError(
        `The MaxConcurrencyPath field refers to value "${shown}" which is not a valid integer: ${state.MaxConcurrencyPath}`,
      );
    }
    return value;
  }
  return typeof state.MaxConcurrency === 'number' ? state.MaxConcurrency : 0;
}

function jsonPathItems(run: StateRun, effectiveInput: unknown): unknown[] {
  const itemsPath = run.state.ItemsPath;
  const items =
    itemsPath === undefined ? effectiveInput : requirePath(itemsPath as string, scopeOf(run, effectiveInput));
  if (!Array.isArray(items)) {
    throw runtimeError(
      `Unable to apply ItemsPath '${String(itemsPath ?? '$')}': the Map state's items must be an array, but got ${JSON.stringify(items)}`,
    );
  }
  return items;
}

/**
 * JSONata: Items (a JSON array with expressions in it, or an expression giving an array; default
 * the state input), MaxConcurrency and the tolerated failure thresholds (maybe expressions).
 */
async function jsonataItems(run: StateRun): Promise<{ items: unknown[]; concurrency: number }> {
  const raw = run.state.Items;
  let items: unknown;
  if (raw === undefined) {
    items = run.input;
    if (!Array.isArray(items)) {
      throw queryEvaluationError(`Map state input must be an array but was: ${JSON.stringify(items)}`);
    }
  } else {
    items = await evaluateJsonataTemplate(raw, 'Items', jsonataScope(run));
    if (!Array.isArray(items)) throw unexpectedType(raw, 'Items', 'array', items);
  }
  const concurrency = (await evaluateInteger(run, 'MaxConcurrency', 0)) ?? 0;
  // Evaluated for their errors; an inline Map tolerates no failures (a distributed one: see runMap).
  await evaluateInteger(run, 'ToleratedFailureCount', 0);
  await evaluateInteger(run, 'ToleratedFailurePercentage', 0);
  return { items, concurrency };
}

export async function runMap(run: StateRun, runProgram: RunProgram): Promise<StateOutcome> {
  const { frame } = run;
  const { history, ctx, runtime } = frame;
  let iterationsFailed = false;
  return withRetryAndCatch(
    run,
    async () => {
      iterationsFailed = false;
      const jsonata = run.language === 'JSONata';
      const processor = (run.state.ItemProcessor ?? run.state.Iterator) as JsonObject;
      const selector = jsonata ? run.state.ItemSelector : (run.state.ItemSelector ?? run.state.Parameters);
      const config = isObject(processor.ProcessorConfig) ? processor.ProcessorConfig : {};
      const distributed = config.Mode === 'DISTRIBUTED';
      const reader = run.state.ItemReader !== undefined;
      if (reader && (!distributed || frame.childrenMock))
        throw runtimeError('ItemReader (distributed Map) is not supported');
      const effectiveInput = jsonata ? run.input : applyInputPath(run);
      const { items, concurrency } = reader
        ? {
            items: await readItems(run, effectiveInput),
            concurrency: jsonata
              ? ((await evaluateInteger(run, 'MaxConcurrency', 0)) ?? 0)
              : maxConcurrency(run, effectiveInput),
          }
        : jsonata
          ? await jsonataItems(run)
          : { items: jsonPathItems(run, effectiveInput), concurrency: maxConcurrency(run, effectiveInput) };
      if (!jsonata) frame.inspect?.('afterItemsPath', items);
      frame.inspect?.('maxConcurrency', concurrency);
      const exceeds =
        distributed && !frame.childrenMock ? await failureTolerance(run, effectiveInput) : undefined;
      const selectItem = async (index: number): Promise<unknown> => {
        const item = items[index];
        const mapContext = { Map: { Item: { Index: index, Value: item } } };
        if (selector === undefined) return clone(item);
        if (jsonata)
          return evaluateJsonataTemplate(selector, 'ItemSelector', jsonataScope(run, {}, mapContext));
        return evaluateTemplate(selector, scopeOf(run, effectiveInput, mapContext));
      };
      // ItemBatcher: ItemSelector applies to each item, then the items are grouped.
      const batches =
        distributed && run.state.ItemBatcher !== undefined
          ? await batchItems(
              run,
              await Promise.all(items.map((_, index) => selectItem(index))),
              effectiveInput,
            )
          : undefined;
      const iterationCount = batches ? batches.inputs.length : items.length;
      const mapRunArn = `arn:aws:states:${runtime.region}:${runtime.account}:mapRun:${runtime.stateMachineName}/${
        typeof run.state.Label === 'string' ? run.state.Label : run.name
      }:${randomUUID()}`;
      const records: IterationRecord[] = [];
      let failedItems = 0;

      history.emit(ctx, 'MapStateStarted', 'mapStateStartedEventDetails', { length: items.length });
      if (distributed) {
        history.emit(ctx, 'MapRunStarted', 'mapRunStartedEventDetails', { mapRunArn });
      }

      const iterationEvent =
        (type: string) =>
        (index: number, child: { history: History; ctx: { source: number } }, source?: number) =>
          child.history.emit(
            source === undefined ? child.ctx : { source },
            type,
            `${type[0].toLowerCase()}${type.slice(1)}EventDetails`,
            { index, name: run.name },
            { keepSource: type !== 'MapIterationStarted' },
          );
      let results: unknown[];
      // With a ResultWriter: the map run's ARN and where the results went, instead of the results.
      let stateResult: unknown;
      try {
        results = frame.childrenMock
          ? mockedChildren(frame.childrenMock)
          : await runChildren(
              frame,
              iterationCount,
              async (index, child) => {
                const input = batches ? batches.inputs[index] : await selectItem(index);
                if (!exceeds) return runProgram(processor, input, child);
                try {
                  const output = await runProgram(processor, input, child);
                  records.push({ index, input, status: 'SUCCEEDED', output });
                  return output;
                } catch (error) {
                  if (!(error instanceof StatesError) || child.signal.aborted) throw error;
                  // A tolerated failure: its entry in the result is the failed child execution's
                  // error (AWS returns failed child executions unchanged, with Error and Cause).
                  records.push({ index, input, status: 'FAILED', error: error.error, cause: error.cause });
                  failedItems += batches ? batches.sizes[index] : 1;
                  if (exceeds(failedItems, items.length)) throw exceededThreshold();
                  return { Error: error.error, Cause: error.cause ?? '' };
                }
              },
              {
                onStart: iterationEvent('MapIterationStarted'),
                onSuccess: (index, child) => iterationEvent('MapIterationSucceeded')(index, child),
                onFailure: (index, child) => iterationEvent('MapIterationFailed')(index, child),
                onCancelled: iterationEvent('MapIterationAborted'),
              },
              {
                maxConcurrency: concurrency,
                history: distributed ? new History(runtime.clock) : undefined,
                isolatedVariables: distributed,
              },
            );
      } catch (error) {
        if (error instanceof StatesError) {
          iterationsFailed = true;
          if (distributed) {
            history.emit(ctx, 'MapRunFailed', 'mapRunFailedEventDetails', {
              error: error.error,
              cause: error.cause,
            });
          }
        }
        throw error;
      }
      if (distributed) {
        records.sort((a, b) => a.index - b.index);
        const written = await writeResults(run, effectiveInput, mapRunArn, records);
        if (written !== undefined) stateResult = written;
        history.emit(ctx, 'MapRunSucceeded');
      }
      // The state goes on from the latest iteration event (MapStateSucceeded does not move it).
      else ctx.source = history.lastId;
      history.emit(ctx, 'MapStateSucceeded', undefined, undefined, { keepSource: true });
      const raw = stateResult ?? results;
      if (jsonata) return finishJsonata(run, nextOf(run.state), { result: raw, hasResult: true });
      const result = applyResultSelector(run, raw);
      return finishState(run, result, result, nextOf(run.state));
    },
    (error) => {
      if (iterationsFailed || error.evaluation) history.emit(ctx, 'MapStateFailed');
    },
  );
}

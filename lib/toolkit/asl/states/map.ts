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
import { runChildren } from '../children';
import { runtimeError, StatesError } from '../errors';
import type { Frame } from '../frame';
import { History } from '../history';
import { clone } from '../json';
import { MapRun, MapRunSettings } from '../map-run';
import {
  evaluateTemplate as evaluateJsonataTemplate,
  queryEvaluationError,
  unexpectedType,
} from '../jsonata/expression';
import { evaluateInteger, finishJsonata, jsonataScope } from '../jsonata/state-io';
import { applyInputPath, applyResultSelector, finishState, scopeOf } from '../jsonpath/state-io';
import type { MapJsonata, MapJsonPath, MapState } from '../model/state-machine';
import { evaluateTemplate, requirePath } from '../payload';
import { withRetryAndCatch } from '../retry';
import { mockedChildren, nextOf, RunProgram, StateOutcome, StateRun } from '../state-run';
import {
  batchItems,
  exceededThreshold,
  failureTolerance,
  IterationRecord,
  mapRunArnOf,
  readItems,
  writeResults,
} from './distributed-map';

function maxConcurrency(run: StateRun, state: MapJsonPath, effectiveInput: unknown): number {
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

function jsonPathItems(run: StateRun, state: MapJsonPath, effectiveInput: unknown): unknown[] {
  const itemsPath = state.ItemsPath;
  const items =
    itemsPath === undefined ? effectiveInput : requirePath(itemsPath, scopeOf(run, effectiveInput));
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
async function jsonataItems(
  run: StateRun,
  state: MapJsonata,
): Promise<{ items: unknown[]; concurrency: number }> {
  const raw = state.Items;
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
  const concurrency = (await evaluateInteger(run, 'MaxConcurrency', state.MaxConcurrency, 0)) ?? 0;
  // Evaluated for their errors; an inline Map tolerates no failures (a distributed one: see runMap).
  await evaluateInteger(run, 'ToleratedFailureCount', state.ToleratedFailureCount, 0);
  await evaluateInteger(run, 'ToleratedFailurePercentage', state.ToleratedFailurePercentage, 0);
  return { items, concurrency };
}

/** The items and how many run at once: from the ItemReader, or from Items / ItemsPath. */
async function itemsOf(
  run: StateRun,
  state: MapState,
  effectiveInput: unknown,
): Promise<{ items: unknown[]; concurrency: number }> {
  if (state.ItemReader !== undefined) {
    return {
      items: await readItems(run, state.ItemReader, effectiveInput),
      concurrency:
        state.language === 'JSONata'
          ? ((await evaluateInteger(run, 'MaxConcurrency', state.MaxConcurrency, 0)) ?? 0)
          : maxConcurrency(run, state, effectiveInput),
    };
  }
  if (state.language === 'JSONata') return jsonataItems(run, state);
  return {
    items: jsonPathItems(run, state, effectiveInput),
    concurrency: maxConcurrency(run, state, effectiveInput),
  };
}

/** An iteration's input: ItemSelector over `$$.Map.Item` (JSONata: `$states.context.Map.Item`), or the item. */
function itemSelector(
  run: StateRun,
  state: MapState,
  items: unknown[],
  effectiveInput: unknown,
): (index: number) => Promise<unknown> {
  return async (index) => {
    const item = items[index];
    const mapContext = { Map: { Item: { Index: index, Value: item } } };
    if (state.ItemSelector === undefined) return clone(item);
    if (state.language === 'JSONata') {
      return evaluateJsonataTemplate(state.ItemSelector, 'ItemSelector', jsonataScope(run, {}, mapContext));
    }
    return evaluateTemplate(state.ItemSelector, scopeOf(run, effectiveInput, mapContext));
  };
}

/** A MapIteration* event in the iteration's own history thread (Started moves it, the rest do not). */
function iterationEvent(run: StateRun, type: string) {
  return (index: number, child: Pick<Frame, 'history' | 'thread'>, source?: number) =>
    child.history.emit(
      source === undefined ? child.thread : { source },
      type,
      `${type[0].toLowerCase()}${type.slice(1)}EventDetails`,
      { index, name: run.state.name },
      { keepSource: type !== 'MapIterationStarted' },
    );
}

/** What one attempt at the Map has worked out before its iterations run. */
interface Plan {
  readonly distributed: boolean;
  readonly items: unknown[];
  readonly concurrency: number;
  /** With an ItemBatcher: the batch inputs, and how many items each holds. */
  readonly batches?: { inputs: unknown[]; sizes: number[] };
  readonly selectItem: (index: number) => Promise<unknown>;
  /** Distributed: the tolerated failure thresholds. */
  readonly tolerance?: Pick<MapRunSettings, 'toleratedFailureCount' | 'toleratedFailurePercentage'>;
  readonly records: IterationRecord[];
}

async function plan(
  run: StateRun,
  state: MapState,
  distributed: boolean,
  effectiveInput: unknown,
): Promise<Plan> {
  const { frame } = run;
  const { items, concurrency } = await itemsOf(run, state, effectiveInput);
  if (state.language === 'JSONPath') frame.inspect?.('afterItemsPath', items);
  frame.inspect?.('maxConcurrency', concurrency);
  const tolerance =
    distributed && !frame.childrenMock ? await failureTolerance(run, state, effectiveInput) : undefined;
  const selectItem = itemSelector(run, state, items, effectiveInput);
  // ItemBatcher: ItemSelector applies to each item, then the items are grouped.
  const batches =
    distributed && state.ItemBatcher !== undefined
      ? await batchItems(
          run,
          state.ItemBatcher,
          await Promise.all(items.map((_, index) => selectItem(index))),
          effectiveInput,
        )
      : undefined;
  return { distributed, items, concurrency, batches, selectItem, tolerance, records: [] };
}

/** A distributed Map's map run for this attempt, handed to the runtime (see ../map-run.ts). */
function startMapRun(run: StateRun, state: MapState, planned: Plan): MapRun {
  const { execution } = run.frame;
  const mapRun = new MapRun({
    arn: mapRunArnOf(run, state),
    executionArn: execution.executionArn,
    stateMachineArn: `${execution.stateMachineArn}/${typeof state.Label === 'string' ? state.Label : state.name}`,
    startDate: execution.clock.now(),
    settings: { maxConcurrency: planned.concurrency, ...planned.tolerance },
    itemsPerExecution: planned.batches?.sizes ?? planned.items.map(() => 1),
  });
  execution.mapRuns?.add(mapRun);
  return mapRun;
}

/** Runs the iterations (or answers TestState's mock); a distributed Map's in histories of their own. */
function runIterations(
  run: StateRun,
  state: MapState,
  runProgram: RunProgram,
  { distributed, items, concurrency, batches, selectItem, records }: Plan,
  mapRun: MapRun | undefined,
): unknown[] | Promise<unknown[]> {
  const { frame } = run;
  if (frame.childrenMock) return mockedChildren(frame.childrenMock);
  const processor = state.ItemProcessor;
  let failedItems = 0;
  return runChildren(
    frame,
    batches ? batches.inputs.length : items.length,
    async (index, child) => {
      const input = batches ? batches.inputs[index] : await selectItem(index);
      if (!mapRun) return runProgram(processor, input, child);
      try {
        const output = await runProgram(processor, input, child);
        records.push({ index, input, status: 'SUCCEEDED', output });
        return output;
      } catch (error) {
        if (!(error instanceof StatesError) || child.signal.aborted) throw error;
        // A tolerated failure: its entry in the result is the failed child execution's
        // error (AWS returns failed child executions unchanged, with Error and Cause).
        records.push({ index, input, status: 'FAILED', error: error.error, cause: error.cause });
        mapRun.childEnded(index, 'failed');
        failedItems += batches ? batches.sizes[index] : 1;
        if (mapRun.exceeds(failedItems, items.length)) throw exceededThreshold();
        return { Error: error.error, Cause: error.cause ?? '' };
      }
    },
    {
      onStart: (index, child) => {
        mapRun?.childStarted(index);
        iterationEvent(run, 'MapIterationStarted')(index, child);
      },
      onSuccess: (index, child) => {
        mapRun?.childEnded(index, 'succeeded');
        iterationEvent(run, 'MapIterationSucceeded')(index, child);
      },
      onFailure: (index, child) => {
        mapRun?.childEnded(index, 'failed');
        iterationEvent(run, 'MapIterationFailed')(index, child);
      },
      onCancelled: (index, child, source) => {
        mapRun?.childEnded(index, 'aborted');
        iterationEvent(run, 'MapIterationAborted')(index, child, source);
      },
    },
    {
      // UpdateMapRun may change a map run's limit while it runs.
      maxConcurrency: mapRun ?? concurrency,
      history: distributed ? new History(frame.execution.clock) : undefined,
      isolatedVariables: distributed,
    },
  );
}

export async function runMap(run: StateRun, state: MapState, runProgram: RunProgram): Promise<StateOutcome> {
  const { history, thread, execution } = run.frame;
  let iterationsFailed = false;
  const attempt = async (): Promise<StateOutcome> => {
    iterationsFailed = false;
    const distributed = state.ItemProcessor.ProcessorConfig?.Mode === 'DISTRIBUTED';
    if (state.ItemReader !== undefined && (!distributed || run.frame.childrenMock)) {
      throw runtimeError('ItemReader (distributed Map) is not supported');
    }
    const effectiveInput = state.language === 'JSONata' ? run.input : applyInputPath(run, state.InputPath);
    const planned = await plan(run, state, distributed, effectiveInput);
    const { records } = planned;
    const mapRun = distributed && !run.frame.childrenMock ? startMapRun(run, state, planned) : undefined;
    const mapRunArn = mapRun?.arn ?? mapRunArnOf(run, state);
    history.emit(thread, 'MapStateStarted', 'mapStateStartedEventDetails', { length: planned.items.length });
    if (distributed) history.emit(thread, 'MapRunStarted', 'mapRunStartedEventDetails', { mapRunArn });
    let results: unknown[];
    try {
      results = await runIterations(run, state, runProgram, planned, mapRun);
    } catch (error) {
      // A stopped execution (its signal's reason) aborts the run; a States error fails it.
      mapRun?.finish(error instanceof StatesError ? 'FAILED' : 'ABORTED', execution.clock.now());
      if (error instanceof StatesError) {
        iterationsFailed = true;
        if (distributed) {
          history.emit(thread, 'MapRunFailed', 'mapRunFailedEventDetails', {
            error: error.error,
            cause: error.cause,
          });
        }
      }
      throw error;
    }
    // With a ResultWriter: the map run's ARN and where the results went, instead of the results.
    let written: unknown;
    if (distributed) {
      records.sort((a, b) => a.index - b.index);
      try {
        written = await writeResults(run, state.ResultWriter, effectiveInput, mapRunArn, records);
      } catch (error) {
        mapRun?.finish(error instanceof StatesError ? 'FAILED' : 'ABORTED', execution.clock.now());
        throw error;
      }
      mapRun?.finish('SUCCEEDED', execution.clock.now());
      history.emit(thread, 'MapRunSucceeded');
    }
    // The state goes on from the latest iteration event (MapStateSucceeded does not move it).
    else thread.source = history.lastId;
    history.emit(thread, 'MapStateSucceeded', undefined, undefined, { keepSource: true });
    const raw = written ?? results;
    if (state.language === 'JSONata') {
      return finishJsonata(run, nextOf(state), state, { result: raw, hasResult: true });
    }
    const result = applyResultSelector(run, state.ResultSelector, raw);
    return finishState(run, state, result, result);
  };
  return withRetryAndCatch(run, state, attempt, (error) => {
    if (iterationsFailed || error.evaluation) history.emit(thread, 'MapStateFailed');
  });
}

/**
 * The distributed Map's own fields: ItemReader, ItemBatcher, the tolerated failure thresholds and
 * ResultWriter. ItemReader and ResultWriter call the execution's TaskHandler (no history events,
 * as on AWS), so locally they are served by the task mocks; a TaskFailure keeps its error name,
 * anything else thrown becomes `States.ItemReaderFailed` / `States.ResultWriterFailed`.
 */
import { randomUUID } from 'node:crypto';
import { TaskFailure, TaskInvocation } from '../engine';
import { runtimeError, StatesError } from '../errors';
import { asJson, clone, isObject } from '../json';
import type { MapRunSettings } from '../map-run';
import { evaluateTemplate as evaluateJsonataTemplate, isExpression } from '../jsonata/expression';
import { evaluateInteger, jsonataScope } from '../jsonata/state-io';
import { scopeOf } from '../jsonpath/state-io';
import type { TaskResource } from '../model/resource';
import type {
  Expression,
  ItemBatcher,
  ItemReader,
  MapState,
  Path,
  ReaderConfig,
  ResultWriter,
  Template,
} from '../model/state-machine';
import { evaluateTemplate, requirePath } from '../payload';
import { contextObject, StateRun } from '../state-run';

export const EXCEED_TOLERATED_FAILURE_THRESHOLD = 'States.ExceedToleratedFailureThreshold';

/** Parameters (JSONPath) or Arguments (JSONata) of an ItemReader / ResultWriter. */
async function evaluateArgs(
  run: StateRun,
  field: { readonly Parameters?: Template; readonly Arguments?: Template },
  effectiveInput: unknown,
): Promise<unknown> {
  if (run.state.language === 'JSONata') {
    if (field.Arguments === undefined) return {};
    return evaluateJsonataTemplate(field.Arguments, 'Arguments', jsonataScope(run));
  }
  if (field.Parameters === undefined) return {};
  return evaluateTemplate(field.Parameters, scopeOf(run, effectiveInput));
}

/** Calls the TaskHandler for an ItemReader / ResultWriter resource; no history events. */
async function callResource(
  run: StateRun,
  resource: TaskResource,
  input: unknown,
  fallbackError: string,
): Promise<unknown> {
  const { execution, signal } = run.frame;
  const invocation: TaskInvocation = {
    resource: resource.arn,
    classifiedResource: resource,
    stateName: run.state.name,
    input: clone(input),
    retryCount: run.retryCount,
    context: clone(contextObject(run)),
    signal,
  };
  try {
    const call = () => execution.taskHandler(invocation);
    const value = await (execution.clock.track ? execution.clock.track(call, signal) : call());
    return asJson(value);
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (error instanceof TaskFailure) throw new StatesError(error.error, error.cause);
    throw new StatesError(fallbackError, error instanceof Error ? error.message : String(error));
  }
}

/** An integer field (of ReaderConfig, ItemBatcher, the Map): a number, its `...Path`, or (JSONata) an expression. */
async function integerField(
  run: StateRun,
  field: string,
  { value: literal, path }: { value: Expression<number> | undefined; path: Path | undefined },
  effectiveInput: unknown,
  min: number,
): Promise<number | undefined> {
  let value: unknown = literal;
  if (value === undefined && typeof path === 'string' && run.state.language !== 'JSONata') {
    value = requirePath(path, scopeOf(run, effectiveInput));
  } else if (isExpression(value)) {
    value = await evaluateJsonataTemplate(value, field, jsonataScope(run));
  }
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw runtimeError(
      `The ${field} field must be an integer of at least ${min}, but was ${JSON.stringify(value)}`,
    );
  }
  return value;
}

const DELIMITERS: Record<string, string> = { COMMA: ',', PIPE: '|', SEMICOLON: ';', SPACE: ' ', TAB: '\t' };

/** RFC 4180-ish: quoted fields with doubled quotes, CRLF or LF line ends; empty lines dropped. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

function csvItems(text: string, config: ReaderConfig): unknown[] {
  const delimiter = DELIMITERS[String(config.CSVDelimiter ?? 'COMMA')] ?? ',';
  const rows = parseCsv(text, delimiter);
  let headers: string[];
  if (config.CSVHeaderLocation === 'GIVEN') {
    if (!Array.isArray(config.CSVHeaders))
      throw new StatesError('States.ItemReaderFailed', 'CSVHeaders missing');
    headers = config.CSVHeaders.map(String);
  } else {
    headers = rows.shift() ?? [];
  }
  return rows.map((cells) => Object.fromEntries(headers.map((header, i) => [header, cells[i] ?? ''])));
}

function parseText(text: string, config: ReaderConfig): unknown {
  const type = config.InputType;
  if (type === 'CSV') return csvItems(text, config);
  try {
    if (type === 'JSONL') {
      return text
        .split(/\r?\n/)
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as unknown);
    }
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new StatesError(
      'States.ItemReaderFailed',
      `The item reader's data is not valid JSON: ${(error as Error).message}`,
    );
  }
}

/**
 * ItemReader: the items from its Resource (through the TaskHandler). The result may be the items
 * themselves, `{ Contents: [...] }` (listObjectsV2), a JSON / JSONL / CSV text (getObject with
 * ReaderConfig.InputType), or `{ Body: text }`. ReaderConfig.MaxItems / MaxItemsPath cut the list.
 */
export async function readItems(
  run: StateRun,
  reader: ItemReader,
  effectiveInput: unknown,
): Promise<unknown[]> {
  const config: ReaderConfig = reader.ReaderConfig ?? {};
  const input = await evaluateArgs(run, reader, effectiveInput);
  let data = await callResource(run, reader.Resource, input, 'States.ItemReaderFailed');
  if (isObject(data) && typeof data.Body === 'string') data = data.Body;
  if (typeof data === 'string') data = parseText(data, config);
  if (isObject(data) && Array.isArray(data.Contents)) data = data.Contents;
  if (!Array.isArray(data)) {
    throw new StatesError(
      'States.ItemReaderFailed',
      `The item reader must produce an array of items, but got ${JSON.stringify(data)}`,
    );
  }
  const max = await integerField(
    run,
    'MaxItems',
    { value: config.MaxItems, path: config.MaxItemsPath },
    effectiveInput,
    0,
  );
  return max !== undefined && max > 0 ? data.slice(0, max) : data;
}

/**
 * ItemBatcher: groups the (selected) items into `{ Items, BatchInput? }` inputs of at most
 * MaxItemsPerBatch items and MaxInputBytesPerBatch bytes (of the batch input as JSON text).
 * Returns undefined without an ItemBatcher.
 */
export async function batchItems(
  run: StateRun,
  batcher: ItemBatcher | undefined,
  items: unknown[],
  effectiveInput: unknown,
): Promise<{ inputs: unknown[]; sizes: number[] } | undefined> {
  if (batcher === undefined) return undefined;
  const maxItems = await integerField(
    run,
    'MaxItemsPerBatch',
    { value: batcher.MaxItemsPerBatch, path: batcher.MaxItemsPerBatchPath },
    effectiveInput,
    1,
  );
  const maxBytes = await integerField(
    run,
    'MaxInputBytesPerBatch',
    { value: batcher.MaxInputBytesPerBatch, path: batcher.MaxInputBytesPerBatchPath },
    effectiveInput,
    1,
  );
  let batchInput: unknown;
  if (batcher.BatchInput !== undefined) {
    batchInput =
      run.state.language === 'JSONata'
        ? await evaluateJsonataTemplate(batcher.BatchInput, 'BatchInput', jsonataScope(run))
        : evaluateTemplate(batcher.BatchInput, scopeOf(run, effectiveInput));
  }
  const wrap = (batch: unknown[]) =>
    batchInput === undefined ? { Items: batch } : { Items: batch, BatchInput: batchInput };
  const size = (batch: unknown[]) => Buffer.byteLength(JSON.stringify(wrap(batch)), 'utf8');
  const batches: unknown[][] = [];
  let current: unknown[] = [];
  for (const item of items) {
    const full =
      current.length > 0 &&
      ((maxItems !== undefined && current.length >= maxItems) ||
        (maxBytes !== undefined && size([...current, item]) > maxBytes));
    if (full) {
      batches.push(current);
      current = [];
    }
    current.push(item);
  }
  if (current.length > 0) batches.push(current);
  return { inputs: batches.map((batch) => wrap(clone(batch))), sizes: batches.map((batch) => batch.length) };
}

/** The tolerated failure thresholds, undefined where not set (AWS's default tolerance is 0). */
export async function failureTolerance(
  run: StateRun,
  state: MapState,
  effectiveInput: unknown,
): Promise<Pick<MapRunSettings, 'toleratedFailureCount' | 'toleratedFailurePercentage'>> {
  const jsonata = state.language === 'JSONata';
  const read = async (
    field: string,
    value: Expression<number> | undefined,
    path: Path | undefined,
  ): Promise<number | undefined> => {
    if (jsonata) return evaluateInteger(run, field, value, 0);
    return integerField(run, field, { value, path }, effectiveInput, 0);
  };
  const count = await read(
    'ToleratedFailureCount',
    state.ToleratedFailureCount,
    state.language === 'JSONPath' ? state.ToleratedFailureCountPath : undefined,
  );
  const percentage = await read(
    'ToleratedFailurePercentage',
    state.ToleratedFailurePercentage,
    state.language === 'JSONPath' ? state.ToleratedFailurePercentagePath : undefined,
  );
  if (percentage !== undefined && percentage > 100) {
    throw runtimeError(`ToleratedFailurePercentage must be between 0 and 100, but was ${percentage}`);
  }
  return { toleratedFailureCount: count, toleratedFailurePercentage: percentage };
}

/** The map run's ARN: `mapRun:<state machine>/<Label or state name>:<uuid>`, as AWS names it. */
export function mapRunArnOf(run: StateRun, state: MapState): string {
  const { region, account, stateMachineName } = run.frame.execution;
  const label = typeof state.Label === 'string' ? state.Label : state.name;
  return `arn:aws:states:${region}:${account}:mapRun:${stateMachineName}/${label}:${randomUUID()}`;
}

export function exceededThreshold(): StatesError {
  return new StatesError(
    EXCEED_TOLERATED_FAILURE_THRESHOLD,
    'The specified tolerated failure threshold was exceeded',
  );
}

export interface IterationRecord {
  readonly index: number;
  readonly input: unknown;
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
}

/**
 * ResultWriter with a Resource: calls the TaskHandler with its Parameters / Arguments plus
 * `MapRunArn` and `Results` (one record per iteration); the state's result is then AWS's
 * `{ MapRunArn, ResultWriterDetails: { Bucket, Key } }`, Key being `<Prefix>/<map run id>/manifest.json`.
 * Returns undefined when there is no ResultWriter resource (WriterConfig alone is not applied).
 */
export async function writeResults(
  run: StateRun,
  writer: ResultWriter | undefined,
  effectiveInput: unknown,
  mapRunArn: string,
  records: IterationRecord[],
): Promise<unknown> {
  if (writer?.Resource === undefined) return undefined;
  const args = await evaluateArgs(run, writer, effectiveInput);
  const params = isObject(args) ? args : {};
  const results = records.map((r) =>
    r.status === 'SUCCEEDED'
      ? { Index: r.index, Input: r.input, Status: r.status, Output: r.output }
      : { Index: r.index, Input: r.input, Status: r.status, Error: r.error, Cause: r.cause },
  );
  await callResource(
    run,
    writer.Resource,
    { ...params, MapRunArn: mapRunArn, Results: results },
    'States.ResultWriterFailed',
  );
  const runId = mapRunArn.slice(mapRunArn.lastIndexOf(':') + 1);
  const prefix =
    typeof params.Prefix === 'string' && params.Prefix !== '' ? `${params.Prefix.replace(/\/$/, '')}/` : '';
  return {
    MapRunArn: mapRunArn,
    ResultWriterDetails: { Bucket: params.Bucket, Key: `${prefix}${runId}/manifest.json` },
  };
}

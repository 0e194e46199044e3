/**
 * The conformance runner: executes the cases recorded on AWS (../shared/conformance/*.json, format
 * in its README) through an {@link Engine} and compares, per case, the outcome (output as a JSON
 * value, or the error name) and, where recorded, the execution history (event order, type, id,
 * previousEventId, state names, inputs / outputs / assigned variables as JSON values; masked
 * `<...>` strings match anything; Parallel branch events, recorded with id `[0]`, as an unordered
 * set). Lambda functions are served by stand-ins for the corpus's Python handlers.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { VirtualClock } from './clock';
import {
  Clock,
  Engine,
  ExecutionOutcome,
  HistoryEvent,
  RunningExecution,
  TaskFailure,
  TaskHandler,
  TaskInvocation,
} from './engine';
import { createInterpreter } from './interpreter';
import { classifyResource } from './model/resource';
import type { StateMachine } from './model/state-machine';
import { deepEqual, isObject, JsonObject } from './json';

export interface ConformanceCase {
  readonly name: string;
  readonly definition: unknown;
  readonly input: unknown;
  readonly expectedOutput?: unknown;
  readonly expectedError?: { error: string | null; cause: string | null };
  readonly expectedHistory?: JsonObject[];
  readonly lambdas?: Record<string, { handler_file: string }>;
  readonly tags?: string[];
  readonly source?: { snapshot_key?: string };
}

export interface CaseResult {
  /** Unique within its file: the case name, plus the snapshot key where names repeat. */
  readonly id: string;
  readonly outputPassed: boolean;
  /** Undefined when the case has no recorded history. */
  readonly historyPassed?: boolean;
  /** Why the case failed, for humans. */
  readonly problems: string[];
  readonly outcome?: ExecutionOutcome;
}

export interface FileReport {
  readonly file: string;
  readonly cases: CaseResult[];
  readonly outputs: { passed: number; total: number };
  readonly histories: { passed: number; total: number };
}

/** A case's unique id within its file. */
function caseIds(cases: readonly ConformanceCase[]): string[] {
  const counts = new Map<string, number>();
  for (const c of cases) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
  const seen = new Set<string>();
  return cases.map((c) => {
    let id = counts.get(c.name)! > 1 ? `${c.name} [${c.source?.snapshot_key ?? ''}]` : c.name;
    for (let n = 2; seen.has(id); n++) id = `${c.name} [${c.source?.snapshot_key ?? ''}] #${n}`;
    seen.add(id);
    return id;
  });
}

// ---------------------------------------------------------------------------------------------
// Lambda stand-ins: the corpus's Python handlers, by file name.

type LambdaBehaviour = (event: unknown, clock: Clock, signal: AbortSignal) => Promise<unknown>;

const LAMBDA_BEHAVIOURS: Record<string, LambdaBehaviour> = {
  'id_function.py': async (event) => event,
  'echo_function.py': async () => ({ Return: 'HelloWorld' }),
  'raise_exception.py': async () => {
    throw new TaskFailure(
      'Exception',
      JSON.stringify({
        errorMessage: 'Some exception was raised.',
        errorType: 'Exception',
        requestId: '00000000-0000-0000-0000-000000000000',
        stackTrace: [
          '  File "/var/task/handler.py", line 2, in handler\n    raise Exception("Some exception was raised.")\n',
        ],
      }),
    );
  },
  'wait_60_seconds.py': async (event, clock, signal) => {
    await clock.sleep(60_000, signal);
    return event;
  },
};

/**
 * A TaskHandler serving the case's Lambda functions, both as plain function ARNs and through the
 * `arn:aws:states:::lambda:invoke` integration (whose result wraps the function's in `Payload`).
 */
export function lambdaTaskHandler(lambdas: ConformanceCase['lambdas'], clock: Clock): TaskHandler {
  const behaviourOf = (functionName: unknown): LambdaBehaviour => {
    const entry = Object.entries(lambdas ?? {}).find(
      ([arn]) => arn === functionName || arn.split(':').pop() === functionName,
    );
    const behaviour = entry && LAMBDA_BEHAVIOURS[basename(entry[1].handler_file)];
    if (!behaviour) {
      throw new TaskFailure(
        'Lambda.ResourceNotFoundException',
        `Function not found: ${String(functionName)}`,
      );
    }
    return behaviour;
  };
  return async (invocation: TaskInvocation) => {
    const resource = classifyResource(invocation.resource);
    if (
      resource.kind === 'service' &&
      !resource.sdk &&
      resource.service === 'lambda' &&
      resource.action === 'invoke'
    ) {
      const parameters = (isObject(invocation.input) ? invocation.input : {}) as JsonObject;
      const payload = await behaviourOf(parameters.FunctionName)(
        parameters.Payload,
        clock,
        invocation.signal,
      );
      return {
        ExecutedVersion: '$LATEST',
        Payload: payload,
        SdkHttpMetadata: { HttpStatusCode: 200 },
        SdkResponseMetadata: { RequestId: '00000000-0000-0000-0000-000000000000' },
        StatusCode: 200,
      };
    }
    return behaviourOf(invocation.resource)(invocation.input, clock, invocation.signal);
  };
}

// ---------------------------------------------------------------------------------------------
// Comparison.

const MASK = /<[^<>]+>/;

/** Parses JSON text the way the recording did (objects, arrays, numbers); other strings stay. */
function parsed(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Deep equality where a masked expected string (`<uuid:1>`, `arn:<partition>:...`) matches anything. */
function matches(expected: unknown, actual: unknown, extraMasks: readonly string[] = []): boolean {
  if (typeof expected === 'string' && (MASK.test(expected) || extraMasks.includes(expected))) return true;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      expected.length === actual.length &&
      expected.every((item, i) => matches(item, actual[i], extraMasks))
    );
  }
  if (isObject(expected)) {
    if (!isObject(actual)) return false;
    const keys = Object.keys(expected);
    return (
      keys.length === Object.keys(actual).length &&
      keys.every((key) => key in actual && matches(expected[key], actual[key], extraMasks))
    );
  }
  return deepEqual(expected, actual);
}

/** Compares one details object; returns a problem, or undefined. */
function compareDetails(key: string, expected: unknown, actual: unknown): string | undefined {
  if (!isObject(expected) || !isObject(actual)) {
    return matches(expected, actual)
      ? undefined
      : `${key}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
  }
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  for (const field of keys) {
    const e = expected[field];
    const a = actual[field];
    if (field === 'cause') continue; // informational (README)
    if (!(field in expected) || !(field in actual))
      return `${key}.${field}: expected ${JSON.stringify(e)}, got ${JSON.stringify(a)}`;
    let ok: boolean;
    if (field === 'roleArn') ok = true;
    else if (field === 'input' || field === 'output' || field === 'parameters')
      ok = matches(parsed(e), parsed(a));
    else if (field === 'assignedVariables' && isObject(e) && isObject(a)) {
      ok =
        Object.keys(e).length === Object.keys(a).length &&
        Object.keys(e).every((name) => name in a && matches(parsed(e[name]), parsed(a[name]), ['date']));
    } else ok = matches(e, a);
    if (!ok) return `${key}.${field}: expected ${JSON.stringify(e)}, got ${JSON.stringify(a)}`;
  }
  return undefined;
}

function detailsKeys(event: JsonObject): string[] {
  return Object.keys(event).filter((key) => !['id', 'previousEventId', 'type', 'timestamp'].includes(key));
}

/** Compares an event's type and details (not its ids). */
function compareEvent(expected: JsonObject, actual: JsonObject): string | undefined {
  if (expected.type !== actual.type)
    return `type: expected ${String(expected.type)}, got ${String(actual.type)}`;
  const keys = new Set([...detailsKeys(expected), ...detailsKeys(actual)]);
  for (const key of keys) {
    if (!(key in expected) || !(key in actual)) {
      return `${String(expected.type)}: details ${key} ${key in expected ? 'missing' : 'unexpected'}`;
    }
    const problem = compareDetails(key, expected[key], actual[key]);
    if (problem) return `${String(expected.type)}: ${problem}`;
  }
  return undefined;
}

/** Compares a recorded history with ours; returns the first problem, or undefined when they match. */
export function compareHistories(
  expectedHistory: readonly JsonObject[],
  actual: readonly HistoryEvent[],
): string | undefined {
  const mine = actual.map((event) => ({ ...event }) as JsonObject);
  const branchEvents = expectedHistory.filter((event) => Array.isArray(event.id));
  const numbered = expectedHistory.filter((event) => !Array.isArray(event.id));
  if (branchEvents.length === 0 && expectedHistory.length !== mine.length) {
    return `expected ${expectedHistory.length} events, got ${mine.length}: ${mine.map((e) => `${String(e.id)}:${String(e.type)}`).join(' ')}`;
  }
  const claimed = new Set<number>();
  for (const expected of numbered) {
    const event = mine.find((candidate) => candidate.id === expected.id);
    if (!event) return `event ${String(expected.id)} (${String(expected.type)}) missing`;
    claimed.add(event.id as number);
    if (event.previousEventId !== expected.previousEventId) {
      return `event ${String(expected.id)} (${String(expected.type)}): previousEventId expected ${String(expected.previousEventId)}, got ${String(event.previousEventId)}`;
    }
    const problem = compareEvent(expected, event);
    if (problem) return `event ${String(expected.id)}: ${problem}`;
  }
  if (branchEvents.length === 0) return undefined;
  // The recording dropped ParallelStateSucceeded and the inner Parallel's exit events.
  const rest = mine.filter(
    (event) =>
      !claimed.has(event.id as number) &&
      event.type !== 'ParallelStateSucceeded' &&
      event.type !== 'ParallelStateExited',
  );
  if (rest.length !== branchEvents.length) {
    return `expected ${branchEvents.length} branch events, got ${rest.length}: ${rest.map((e) => String(e.type)).join(' ')}`;
  }
  const unmatched = [...rest];
  for (const expected of branchEvents) {
    const index = unmatched.findIndex((candidate) => compareEvent(expected, candidate) === undefined);
    if (index < 0)
      return `branch event ${String(expected.type)} ${JSON.stringify(detailsOf(expected))} not found`;
    unmatched.splice(index, 1);
  }
  return undefined;
}

function detailsOf(event: JsonObject): unknown {
  const key = detailsKeys(event)[0];
  return key ? event[key] : undefined;
}

function compareOutcome(c: ConformanceCase, outcome: ExecutionOutcome): string | undefined {
  if ('expectedOutput' in c) {
    if (outcome.status !== 'SUCCEEDED') {
      return `expected success, got ${outcome.status} ${outcome.error ?? ''}: ${outcome.cause ?? ''}`;
    }
    return deepEqual(c.expectedOutput, outcome.output)
      ? undefined
      : `output: expected ${JSON.stringify(c.expectedOutput)}, got ${JSON.stringify(outcome.output)}`;
  }
  if (c.expectedError) {
    if (outcome.status === 'SUCCEEDED') return `expected error ${c.expectedError.error}, got success`;
    return (c.expectedError.error ?? undefined) === (outcome.error ?? undefined)
      ? undefined
      : `error: expected ${c.expectedError.error}, got ${outcome.error} (${outcome.cause ?? ''})`;
  }
  return 'the case records neither an output nor an error';
}

/** What a case runs with: its Lambda stand-ins, a virtual clock, fixed jitter, and where events go. */
export interface CaseSetup {
  readonly taskHandler: TaskHandler;
  readonly onEvent: (event: HistoryEvent) => void;
  readonly clock: Clock;
  readonly random: () => number;
}

/** Starts a case's execution: straight on an engine, or through something that wraps one. */
export type CaseExecutor = (c: ConformanceCase, setup: CaseSetup) => RunningExecution;

/** Runs a case straight on the engine. */
export function engineExecutor(engine: Engine): CaseExecutor {
  return (c, setup) =>
    engine.start(parsedMachine(engine, c.definition), {
      input: c.input,
      executionArn: 'arn:aws:states:us-east-1:111111111111:execution:conformance:case',
      executionName: 'case',
      stateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:conformance',
      stateMachineName: 'conformance',
      roleArn: 'arn:aws:iam::111111111111:role/snf_role',
      ...setup,
    });
}

/** The case's machine; a definition AWS ran but the engine refuses is a failure of the case. */
function parsedMachine(engine: Engine, definition: unknown): StateMachine {
  const { machine, problems } = engine.parse(definition);
  if (!machine) throw new Error(`the definition was refused: ${problems.map((p) => p.message).join(', ')}`);
  return machine;
}

export interface RunOptions {
  readonly engine?: Engine;
  /** How each case is started. @default engineExecutor(engine) */
  readonly executor?: CaseExecutor;
  /** A case that has not settled after this much real time fails (a hang must not block the run). */
  readonly caseTimeoutMs?: number;
}

/** Runs one case on a virtual clock and compares it with its recording. */
export async function runConformanceCase(
  c: ConformanceCase,
  id: string,
  options: RunOptions = {},
): Promise<CaseResult> {
  const engine = options.engine ?? createInterpreter();
  const clock = new VirtualClock('2024-01-01T00:00:00.000Z');
  const events: HistoryEvent[] = [];
  const problems: string[] = [];
  let outcome: ExecutionOutcome | undefined;
  try {
    const execute = options.executor ?? engineExecutor(engine);
    const execution = execute(c, {
      taskHandler: lambdaTaskHandler(c.lambdas, clock),
      onEvent: (event) => events.push(event),
      clock,
      random: () => 0.5,
    });
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), options.caseTimeoutMs ?? 10_000);
    });
    outcome = await Promise.race([execution.done, hang]);
    clearTimeout(timer);
    if (!outcome) {
      execution.stop('Conformance.Hang', 'the case did not settle');
      problems.push('the execution did not settle');
    }
  } catch (error) {
    problems.push(`the engine threw: ${(error as Error).stack ?? String(error)}`);
  }
  const outputProblem = outcome ? compareOutcome(c, outcome) : 'no outcome';
  if (outputProblem && outcome) problems.push(outputProblem);
  let historyPassed: boolean | undefined;
  if (c.expectedHistory) {
    const recorded =
      c.source?.snapshot_key === 'get_execution_history_reverseOrder[True]'
        ? [...c.expectedHistory].reverse()
        : c.expectedHistory;
    const historyProblem = compareHistories(recorded, events);
    historyPassed = historyProblem === undefined && outcome !== undefined;
    if (historyProblem) problems.push(`history: ${historyProblem}`);
  }
  return { id, outputPassed: outputProblem === undefined, historyPassed, problems, outcome };
}

export function loadCases(file: string): ConformanceCase[] {
  return JSON.parse(readFileSync(file, 'utf8')) as ConformanceCase[];
}

/** Runs every case of a case file. */
export async function runConformanceFile(file: string, options: RunOptions = {}): Promise<FileReport> {
  const cases = loadCases(file);
  const ids = caseIds(cases);
  const results: CaseResult[] = [];
  for (let i = 0; i < cases.length; i++) results.push(await runConformanceCase(cases[i], ids[i], options));
  const withHistory = results.filter((r) => r.historyPassed !== undefined);
  return {
    file,
    cases: results,
    outputs: { passed: results.filter((r) => r.outputPassed).length, total: results.length },
    histories: { passed: withHistory.filter((r) => r.historyPassed).length, total: withHistory.length },
  };
}

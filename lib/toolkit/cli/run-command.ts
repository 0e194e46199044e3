import * as fs from 'node:fs';
import { displayPath, firstExampleInput } from '../local/example-inputs';
import { selectStateMachine } from '../local/state-machine-selector';
import { functionsInUse } from '../local/functions-in-use';
import type { ExecutionRecord } from '../local/execution-store';
import { executionPath, PathStep } from '../local/execution-path';
import { tablesInUse } from '../local/dynamodb/tables-in-use';
import { LocalService, startLocal } from '../server/start-local';
import { commandAssembly } from './this-app';

export interface RunOrderOptions {
  /** The execution input, a JSON file. @default the state machine's first example input, else {} */
  readonly input?: string;
  readonly type: 'standard' | 'express';
  readonly assembly?: string;
  /** `--no-cache`: false, synthesize this app even when its cached assembly is up to date. */
  readonly cache?: boolean;
  readonly mockConfig?: string;
  readonly testCase?: string;
  readonly name?: string;
  readonly stateMachine?: string;
  readonly quiet?: boolean;
  /** Seed data for the app's DynamoDB tables. @default examples/inventory-seed.json for this app */
  readonly seed?: string;
  /** Use this running DynamoDB Local instead of starting one. */
  readonly dynamodbEndpoint?: string;
}

/**
 * `order-workflow run`: synthesizes the app (or reads --assembly), runs one execution through the
 * local runtime and prints the path it took. Returns the exit code: 0 when the execution succeeded.
 */
export async function runOrder(
  options: RunOrderOptions,
  out: (line: string) => void = console.log,
): Promise<number> {
  // A given file is read first: a bad one fails before anything starts.
  const given = options.input === undefined ? undefined : { input: readInputArgument(options.input) };
  if (options.testCase && !options.mockConfig) throw new Error('--test-case needs --mock-config');
  const assembly = await commandAssembly(options);
  const service = await startLocal({
    assemblyDir: assembly.dir,
    port: 0,
    mockConfig: options.mockConfig,
    exampleInputs: assembly.exampleInputs,
    // Its functions start while DynamoDB Local boots; a --state-machine that picks none fails first.
    prewarm: (app) =>
      functionsInUse(selectStateMachine(app.stateMachines, options.stateMachine), app.functions),
    // This app's own tables start with the sandbox catalogue; another assembly brings its own --seed.
    // DynamoDB Local (a JVM, the slowest thing to start) only when a table is used by something.
    dynamodb: (app) =>
      options.dynamodbEndpoint || tablesInUse(app).length > 0
        ? { endpoint: options.dynamodbEndpoint, seedFile: options.seed ?? assembly.seedFile }
        : false,
  });
  try {
    const { arn } = selectStateMachine(service.app.stateMachines, options.stateMachine);
    const machine = service.runtime.describeStateMachine(arn);
    const { input } = given ?? defaultInput(service, arn, out);
    const orderId = (input as { orderId?: unknown })?.orderId;
    const start = {
      stateMachine: machine.arn,
      testCase: options.testCase,
      name: options.name ?? (typeof orderId === 'string' && orderId ? orderId : undefined),
      input,
    };
    const started = Date.now();
    const record: ExecutionRecord =
      machine.type === 'EXPRESS'
        ? await service.runtime.startSync(start)
        : await service.runtime.waitFor(service.runtime.start(start).executionArn);

    out(
      `${machine.name} (${machine.type})${options.testCase ? `, test case ${options.testCase}` : ''}: ${record.executionArn}`,
    );
    let previousOutput: unknown;
    for (const step of executionPath(record.events ?? [])) {
      printStep(step, previousOutput, out, !options.quiet);
      previousOutput = step.output;
    }
    const ms = Date.now() - started;
    const messages = service.sns.list();
    for (const m of messages) out(`  ✉ SNS ${m.topicArn.split(':').pop()}: ${m.subject ?? ''} ${m.message}`);
    for (const m of service.sqs.list()) out(`  ✉ SQS ${m.queueName}: ${m.body}`);
    for (const e of service.events.list()) {
      const bus = e.eventBusArn ? e.eventBusName : `${e.eventBusName} (no such bus: EventBridge drops it)`;
      out(`  ✉ EventBridge ${bus}: ${e.source} ${e.detailType} ${e.detail}`);
    }
    if (record.status === 'SUCCEEDED') {
      out(`SUCCEEDED in ${ms} ms`);
      out(JSON.stringify(record.output, null, 2));
      return 0;
    }
    out(`${record.status} in ${ms} ms: ${record.error ?? ''}`);
    if (record.cause) out(`cause: ${record.cause}`);
    return 1;
  } finally {
    await service.close();
  }
}

/** Without --input: the machine's first example input, else `{}`; says which, so the run can be repeated. */
function defaultInput(service: LocalService, arn: string, out: (line: string) => void): { input: unknown } {
  const example = firstExampleInput(service.exampleInputs(arn));
  if (example) {
    out(`input: ${displayPath(example.file)} (the app's example; --input <file> for another)`);
    return example;
  }
  out('input: {} (no example input of this state machine found; --input <file> for one)');
  return { input: {} };
}

/**
 * One state: its failed attempts, its input (or that it is the previous state's output) and its
 * output as what it changed, which is what a reader looks for in a workflow that carries the order.
 */
function printStep(step: PathStep, previousOutput: unknown, out: (line: string) => void, verbose: boolean) {
  const mark = step.status === 'FAILED' ? '✘' : '✔';
  out(`  ${mark} ${step.name} (${step.type})`);
  for (const f of step.failures) out(`      ↻ ${f.error ?? 'error'}: ${truncate(f.cause ?? '', 160)}`);
  if (!verbose) return;
  const sameInput =
    previousOutput !== undefined && JSON.stringify(step.input) === JSON.stringify(previousOutput);
  out(
    `      input:  ${sameInput ? '(the previous state’s output)' : truncate(JSON.stringify(step.input), 300)}`,
  );
  if (step.output === undefined) return;
  const changes = changedFields(step.input, step.output);
  if (!changes) out(`      output: ${truncate(JSON.stringify(step.output), 300)}`);
  else if (changes.length === 0) out('      output: (its input, unchanged)');
  else
    for (const [key, value] of changes) out(`      output: ${key} = ${truncate(JSON.stringify(value), 300)}`);
}

/** The top-level fields an object output added or changed; undefined when that says nothing useful. */
function changedFields(input: unknown, output: unknown): Array<[string, unknown]> | undefined {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    !!v && typeof v === 'object' && !Array.isArray(v);
  if (!isObject(input) || !isObject(output)) return undefined;
  if (Object.keys(input).some((k) => !(k in output))) return undefined;
  const changed = Object.entries(output).filter(([k, v]) => JSON.stringify(input[k]) !== JSON.stringify(v));
  return changed;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * `--input` as the AWS CLI takes it: JSON text (`'{"id":1}'`), or a file (`file://in.json`, or a
 * plain path). Names the file or the text and the problem when it is not JSON.
 */
export function readInputArgument(argument: string): unknown {
  const inline = /^\s*[[{"]/.test(argument);
  if (inline) {
    try {
      return JSON.parse(argument);
    } catch (error) {
      throw new Error(`the input ${truncate(argument, 60)} is not JSON: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  const file = argument.replace(/^file:\/\//, '');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      `cannot read the input file ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      { cause: error },
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`the input file ${file} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

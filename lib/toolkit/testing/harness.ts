import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VirtualClock } from '../asl/clock';
import type { Clock, ExecutionStatus, HistoryEvent } from '../asl/engine';
import { executionPath, PathStep } from '../local/execution-path';
import type { ExecutionRecord } from '../local/execution-store';
import type { LocalStateMachine } from '../local/local-runtime';
import { MockConfig } from '../local/mock-config';
import { selectStateMachine } from '../local/state-machine-selector';
import { LocalService, startLocal } from '../server/start-local';
import { InlineMocks, inlineMockConfig, INLINE_TEST_CASE } from './inline-mocks';
import { assertAssemblyFresh } from './stale-assembly';

/** Anything with CDK's `App.synth()`: the harness synthesizes it in-process. */
export interface Synthesizable {
  synth(): { readonly directory: string };
}

export interface HarnessOptions {
  /**
   * The app to run: a cloud assembly folder (`cdk.out`, checked to be newer than the app's sources),
   * or an `App` (`new App()` with your stacks) synthesized here.
   */
  readonly app: string | Synthesizable;
  /**
   * A Step Functions Local mock configuration (a file or its parsed content): its test cases can be
   * named per run (`testCase`). @default none
   */
  readonly mockConfig?: string | object;
  /**
   * DynamoDB Local for the app's tables, seeded from `seedFile` (Java 17+ needed). With `false`,
   * none is started and DynamoDB tasks fail unless mocked. @default false
   */
  readonly dynamodb?: boolean | { readonly seedFile?: string; readonly endpoint?: string };
  /**
   * Time under the test's control: Wait states and retry back-offs take no real time (a virtual
   * clock). `false` runs on the real clock. @default true
   */
  readonly virtualTime?: boolean;
  /** Run an assembly even when a source file is newer than it. @default false */
  readonly allowStaleAssembly?: boolean;
  /** Each line a function writes. @default ignored */
  readonly onFunctionLog?: (functionName: string, line: string) => void;
  /**
   * Which Node.js runs a Node.js function: `'runtime'`, its runtime's major (`nodejs24.x` on Node
   * 24, fetched once into the cache, about 40 MB a version, the first time); `'host'`, the Node.js
   * running the tests. The host by default, so that a test suite starts in well under a second
   * and needs no network; the CLI and the endpoint honour each function's runtime.
   * @default 'host'
   */
  readonly nodeVersions?: 'runtime' | 'host';
}

export interface RunOptions {
  /** Mocked Task states for this run, by state name (the rest run for real). @default none */
  readonly mocks?: InlineMocks;
  /** A test case of the harness's mock configuration (not with `mocks`). @default none */
  readonly testCase?: string;
  /** The execution name. @default a random UUID */
  readonly name?: string;
}

/** One state as the execution went through it. */
export type StateVisit = PathStep;

/** An ended execution, as a test reads it. */
export interface ExecutionResult {
  readonly executionArn: string;
  readonly status: ExecutionStatus;
  /** The output, a JSON value (SUCCEEDED only). */
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  /** The names of the states entered, in order (a state entered twice is listed twice). */
  readonly path: readonly string[];
  /** Each state's input, output and failed attempts, in order. */
  readonly states: readonly StateVisit[];
  /** The history, as GetExecutionHistory returns it (AWS's event shapes). */
  readonly history: readonly HistoryEvent[];
}

/**
 * Runs a CDK app's state machines in a test: the definitions and Lambda bundles the assembly holds,
 * mocks per state and attempt, virtual time. Start one per test file (`beforeAll`), close it in
 * `afterAll`; every harness has its own free port and DynamoDB namespace, so jest's parallel
 * workers do not meet.
 */
export class Harness {
  private constructor(
    private readonly service: LocalService,
    private readonly clock: Clock | undefined,
    private readonly cleanup: () => void,
  ) {}

  static async start(options: HarnessOptions): Promise<Harness> {
    const { dir, cleanup } = assemblyOf(options);
    const clock = options.virtualTime === false ? undefined : new VirtualClock(new Date());
    try {
      const service = await startLocal({
        assemblyDir: dir,
        port: 0,
        clock,
        mockConfig: mockConfigOf(options.mockConfig),
        dynamodb: dynamodbOf(options.dynamodb),
        onFunctionLog: options.onFunctionLog ?? (() => undefined),
        nodeVersions: options.nodeVersions ?? 'host',
      });
      return new Harness(service, clock, cleanup);
    } catch (error) {
      cleanup();
      throw error;
    }
  }

  /** The app's state machines (name, ARN, type, construct path). */
  get stateMachines(): readonly LocalStateMachine[] {
    return this.service.runtime.listStateMachines();
  }

  /** A state machine by construct path (`MyStack/Flow`), construct id, logical id, name or ARN. */
  stateMachine(selector: string): HarnessStateMachine {
    const machine = selectStateMachine(this.service.app.stateMachines, selector);
    return new HarnessStateMachine(this.service, machine.arn, machine.name);
  }

  /** What the app's functions and tasks published to SNS (recorded, never delivered). */
  get snsMessages() {
    return this.service.sns.list();
  }

  /** What the app's functions and tasks sent to its SQS queues (recorded, never delivered). */
  get sqsMessages() {
    return this.service.sqs.list();
  }

  /**
   * What the app's functions and tasks put on EventBridge buses (recorded, never delivered; an
   * entry for a bus the app lacks has no `eventBusArn`, as EventBridge accepts and drops it).
   */
  get eventBridgeEvents() {
    return this.service.events.list();
  }

  /** The local Step Functions endpoint's URL, for an SDK client of the test's own. */
  get endpoint(): string {
    return this.service.url;
  }

  /** The virtual clock, when time is virtual: `now()` is the executions' time. */
  get virtualClock(): Clock | undefined {
    return this.clock;
  }

  /** Stops what the harness started and removes what it wrote. */
  async close(): Promise<void> {
    try {
      await this.service.close();
    } finally {
      this.cleanup();
    }
  }
}

/** One of the app's state machines, as a test runs it. */
export class HarnessStateMachine {
  constructor(
    private readonly service: LocalService,
    readonly arn: string,
    readonly name: string,
  ) {}

  /** Runs one execution to its end and returns what a test asserts on. */
  async run(input: unknown = {}, options: RunOptions = {}): Promise<ExecutionResult> {
    if (options.mocks && options.testCase) {
      throw new Error('run(): give either mocks or testCase, not both');
    }
    const runtime = this.service.runtime;
    const record = runtime.start({
      stateMachine: this.arn,
      input,
      name: options.name,
      ...(options.mocks
        ? { testCase: INLINE_TEST_CASE, mockConfig: inlineMockConfig(this.name, options.mocks) }
        : { testCase: options.testCase }),
    });
    return resultOf(await runtime.waitFor(record.executionArn));
  }
}

function resultOf(record: ExecutionRecord): ExecutionResult {
  const history = record.events ?? [];
  const states = executionPath(history);
  return {
    executionArn: record.executionArn,
    status: record.status,
    output: record.output,
    error: record.error,
    cause: record.cause,
    path: states.map((s) => s.name),
    states,
    history,
  };
}

function assemblyOf(options: HarnessOptions): { dir: string; cleanup: () => void } {
  if (typeof options.app === 'string') {
    if (!options.allowStaleAssembly) assertAssemblyFresh(options.app);
    return { dir: options.app, cleanup: () => undefined };
  }
  if (!options.app || typeof options.app.synth !== 'function') {
    throw new Error('HarnessOptions.app: give a cloud assembly folder (cdk.out) or a CDK App');
  }
  const dir = path.resolve(options.app.synth().directory);
  // An App made without an outdir synthesizes into a fresh temporary `cdk.outXXXXXX`: ours to
  // remove. A folder the test named is left as it is.
  const temporary =
    path.dirname(dir) === fs.realpathSync(os.tmpdir()) && path.basename(dir).startsWith('cdk.out');
  return { dir, cleanup: () => temporary && fs.rmSync(dir, { recursive: true, force: true }) };
}

function mockConfigOf(source: HarnessOptions['mockConfig']): string | MockConfig | undefined {
  if (source === undefined || typeof source === 'string') return source;
  return MockConfig.parse(source);
}

function dynamodbOf(option: HarnessOptions['dynamodb']) {
  if (!option) return false as const;
  return option === true ? {} : option;
}

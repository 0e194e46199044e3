import * as fs from 'node:fs';
import { createInterpreter } from '../asl/interpreter';
import { scaledClock, validateWaitTimeScale } from '../asl/scaled-clock';
import type { Clock, Engine } from '../asl/engine';
import type { AppDynamoDb, AppDynamoDbOptions, LocalDynamoDbInfo } from '../local/dynamodb/app-dynamodb';
import type { ExecutionStoreLimits } from '../local/execution-store';
import {
  FaultInjectionOptions,
  InjectedFault,
  injectFaults,
  validateFaultInjection,
} from '../local/fault-injection';
import { FunctionRegistry } from '../local/function-registry';
import { FunctionRunner, LocalFunction } from '../local/lambda/function-runner';
import { nodeModulesAbove } from '../local/lambda/sdk/runtime-modules';
import { exampleInputsOf } from '../local/example-inputs';
import { loadLocalApp, LocalApp } from '../local/local-app';
import { MockConfig } from '../local/mock-config';
import { LocalRuntime } from '../local/local-runtime';
import { EventBusRecorder } from '../local/messaging/event-bus-recorder';
import { defaultEventBus } from '../local/messaging/event-buses';
import { SqsRecorder } from '../local/messaging/sqs-recorder';
import { SnsRecorder } from '../local/sns-recorder';
import { createTaskHandler } from '../local/task-dispatcher';
import { DEFAULT_LOCAL_ENVIRONMENT } from '../local/template-resolver';
import { LocalEndpoint, LocalEndpointOptions } from './endpoint';

export const DEFAULT_PORT = 8083;

export interface StartLocalOptions {
  /** The cloud assembly (cdk.out) to serve. */
  readonly assemblyDir: string;
  /** @default 8083, as Step Functions Local; 0 picks a free port */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** A Step Functions Local mock configuration: a file path or a parsed config. */
  readonly mockConfig?: string | MockConfig;
  /** @default the real clock */
  readonly clock?: Clock;
  /**
   * Step Functions Local's WAIT_TIME_SCALE: Wait states and retry intervals last this many times
   * their time (0 skips them, 0.5 halves them); timeouts are not scaled. @default 1
   */
  readonly waitTimeScale?: number;
  readonly random?: () => number;
  readonly limits?: ExecutionStoreLimits;
  /** @default our ASL interpreter */
  readonly engine?: Engine;
  /** Each line a function writes to stdout or stderr. */
  readonly onFunctionLog?: (functionName: string, line: string) => void;
  /**
   * `runtime`: a Node.js function whose runtime is another major than the host's runs on that
   * Node.js, fetched once (lambda/node-runtimes.ts); `host`: all in worker threads. @default 'runtime'
   */
  readonly nodeVersions?: 'runtime' | 'host';
  /** Warm workers per function. @default 2 */
  readonly maxWorkersPerFunction?: number;
  /**
   * DynamoDB Local for the app's tables. By default, when the app has DynamoDB tables, DynamoDB
   * Local is started (Java 17+ needed; or reused with `endpoint`), the tables are created in a
   * namespace of their own (`accessKeyId`, random by default) and seeded from `seedFile`; the
   * functions and the DynamoDB tasks use it. An app without tables starts nothing, unless
   * `endpoint` is given. `false`: never (DynamoDB tasks then fail unless mocked). A function
   * decides once the app is loaded (`run`: only when something uses a table).
   */
  readonly dynamodb?: AppDynamoDbOptions | false | ((app: LocalApp) => AppDynamoDbOptions | false);
  /**
   * Transient faults injected into every Task call (mocked ones included), seeded and
   * reproducible: a drill of the workflow's retries and idempotency.
   * @default no faults
   */
  readonly faults?: FaultInjectionOptions;
  /** Called with every fault injected. */
  readonly onFault?: (fault: InjectedFault) => void;
  /** The HTTP server's timeouts for slow or stalled clients. */
  readonly endpoint?: LocalEndpointOptions;
  /**
   * Example input files for each of the app's state machines, offered by the console, `run` and
   * the start banner. @default the app's own, found by convention (local/example-inputs.ts)
   */
  readonly exampleInputs?: readonly string[];
  /** How long GetActivityTask waits for a task before answering with none. @default 60 s, as AWS */
  readonly activityPollSeconds?: number;
  /**
   * Functions whose execution environment starts (and runs its init) at once, while DynamoDB Local
   * boots, decided once the app is loaded: `run` gives its state machine's. Their first invocation
   * still reports its init, as a cold start. @default none: each starts at its first invocation
   */
  readonly prewarm?: (app: LocalApp) => readonly LocalFunction[];
}

/** A running local Step Functions, Lambda, SNS, SQS and EventBridge for one cloud assembly. */
export interface LocalService {
  readonly url: string;
  readonly app: LocalApp;
  readonly runtime: LocalRuntime;
  readonly sns: SnsRecorder;
  /** The messages sent to the app's queues (recorded, never delivered). */
  readonly sqs: SqsRecorder;
  /** The events put on the app's buses and the account's `default` one (recorded, never delivered). */
  readonly events: EventBusRecorder;
  /** The app's DynamoDB Local, when it has one (see StartLocalOptions.dynamodb). */
  readonly dynamodb?: LocalDynamoDbInfo;
  /** A state machine's example input files (absolute paths), best first; none for a machine the app lacks. */
  exampleInputs(stateMachineArn: string): string[];
  /** The endpoint's open connections (idle keep-alive ones included). */
  openConnections(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Loads the assembly, starts the endpoint and wires the runtime: the composition root that the CLI,
 * the integration tests and the benchmark share.
 */
export async function startLocal(options: StartLocalOptions): Promise<LocalService> {
  if (options.faults) validateFaultInjection(options.faults);
  if (options.waitTimeScale !== undefined) validateWaitTimeScale(options.waitTimeScale);
  // The endpoint listens before the app is read: queue URLs and the functions' environment carry its URL.
  const endpoint = new LocalEndpoint(options.endpoint);
  const url = await endpoint.listen(options.port ?? DEFAULT_PORT, options.host);
  let app: LocalApp;
  let mockConfig: MockConfig | undefined;
  let warm: readonly LocalFunction[];
  try {
    app = loadLocalApp(options.assemblyDir, { ...DEFAULT_LOCAL_ENVIRONMENT, queueUrlOrigin: url });
    mockConfig = loadMockConfig(options.mockConfig);
    warm = options.prewarm?.(app) ?? [];
  } catch (error) {
    await endpoint.close();
    throw error;
  }
  // Functions reach the local SNS (and whatever else the endpoint serves) through the SDK's
  // per-service endpoint variables; credentials are fake but well-formed.
  const baseEnvironment = {
    AWS_REGION: app.environment.region,
    AWS_DEFAULT_REGION: app.environment.region,
    AWS_ENDPOINT_URL_SNS: url,
    AWS_ENDPOINT_URL_SQS: url,
    AWS_ENDPOINT_URL_EVENTBRIDGE: url,
    AWS_ENDPOINT_URL_LAMBDA: url,
    AWS_ENDPOINT_URL_SFN: url,
  };
  const runner = new FunctionRunner({
    baseEnvironment,
    maxWorkersPerFunction: options.maxWorkersPerFunction,
    nodeVersions: options.nodeVersions,
    onLog: options.onFunctionLog,
    // The app's own packages first, as its project resolves them (cdk.out sits in the project).
    appNodeModules: nodeModulesAbove(app.assemblyDir),
  });
  // With DynamoDB Local's variables, known before java starts: the functions to warm start meanwhile.
  const startFunctions = (environment: Readonly<Record<string, string>> = {}) => {
    runner.setBaseEnvironment({ ...baseEnvironment, ...environment });
    // A failure to prepare them is reported by prepare() below.
    if (warm.length > 0) runner.prewarm([...warm]).catch(() => undefined);
  };
  let dynamodb: AppDynamoDb | undefined;
  try {
    const dynamodbOptions = typeof options.dynamodb === 'function' ? options.dynamodb(app) : options.dynamodb;
    dynamodb = await startDynamoDb(app, dynamodbOptions, startFunctions);
    // The SDK packages Lambda provides that neither the bundles nor the app have are fetched now,
    // once into the cache, rather than during a function's first invocation.
    await runner.prepare([...app.functions]);
  } catch (error) {
    await runner.close();
    await endpoint.close();
    throw error;
  }
  const functions = new FunctionRegistry(app.functions);
  const sns = new SnsRecorder(new Set(app.topicArns));
  const sqs = new SqsRecorder(app.queues, app.environment.accountId);
  const events = new EventBusRecorder([defaultEventBus(app.environment), ...app.eventBuses]);
  const dispatcherDeps = {
    functions,
    runner,
    sns,
    sqs,
    events,
    region: app.environment.region,
    dynamodb: dynamodb?.client,
    // Markers exist only where the assembly had something unresolvable, which it lists.
    mayHoldUnresolved: app.problems.length > 0,
  };
  const runtime = new LocalRuntime(
    {
      engine: options.engine ?? createInterpreter(),
      environment: app.environment,
      taskHandlerFor: (mock) => {
        const handler = createTaskHandler(dispatcherDeps, mock);
        return options.faults ? injectFaults(handler, options.faults, options.onFault) : handler;
      },
      mockConfig,
      clock:
        options.waitTimeScale === undefined
          ? options.clock
          : scaledClock(options.waitTimeScale, options.clock),
      random: options.random,
      limits: options.limits,
      activityPollSeconds: options.activityPollSeconds,
    },
    app.stateMachines,
    app.activities,
  );
  const records = dynamodb
    ? async (input: unknown) => {
        const { recordsOfInput } = await import('../local/dynamodb/records');
        return recordsOfInput(dynamodb.client, app.tables, input);
      }
    : undefined;
  const exampleInputs = exampleInputsOf(app, options.exampleInputs);
  endpoint.attach({ runtime, functions, runner, sns, sqs, events, records, exampleInputs });

  return {
    url,
    app,
    runtime,
    sns,
    sqs,
    events,
    dynamodb: dynamodb?.info,
    exampleInputs,
    openConnections: () => endpoint.openConnections(),
    close: async () => {
      await endpoint.close();
      await runner.close();
      await dynamodb?.close();
    },
  };
}

/**
 * Only an app with tables (or an explicit endpoint) loads the SDK, or needs Java. `onEnvironment`
 * hears the functions' DynamoDB variables as soon as they are known (none without DynamoDB).
 */
async function startDynamoDb(
  app: LocalApp,
  options: AppDynamoDbOptions | false | undefined,
  onEnvironment: (environment?: Readonly<Record<string, string>>) => void,
): Promise<AppDynamoDb | undefined> {
  if (options === false || (app.tables.length === 0 && !options?.endpoint)) {
    onEnvironment();
    return undefined;
  }
  const { startAppDynamoDb } = await import('../local/dynamodb/app-dynamodb');
  return startAppDynamoDb(app.tables, app.environment.region, {
    ...options,
    onEnvironment: (environment) => {
      options?.onEnvironment?.(environment);
      onEnvironment(environment);
    },
  });
}

function loadMockConfig(source: string | MockConfig | undefined): MockConfig | undefined {
  if (source === undefined || source instanceof MockConfig) return source;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(source, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the mock configuration ${source}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return MockConfig.parse(raw);
}

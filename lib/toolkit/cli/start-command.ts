import { displayPath } from '../local/example-inputs';
import { localRuntimeSupport } from '../local/lambda/runtime-support';
import type { LocalApp } from '../local/local-app';
import { LocalService, startLocal } from '../server/start-local';
import { sfnLocalSettings } from './sfn-local-environment';
import { commandAssembly } from './this-app';

export interface StartEndpointOptions {
  readonly type: 'standard' | 'express';
  readonly port: number;
  readonly assembly?: string;
  /** `--no-cache`: false, synthesize this app even when its cached assembly is up to date. */
  readonly cache?: boolean;
  /** @default the SFN_MOCK_CONFIG variable, as Step Functions Local */
  readonly mockConfig?: string;
  /** `--host-node`: every Node.js function on the host's Node.js. */
  readonly hostNode?: boolean;
  /** Wait states and retry intervals last this many times their time. @default WAIT_TIME_SCALE, else 1 */
  readonly waitTimeScale?: number;
  /** Seed data for the app's tables. @default examples/inventory-seed.json for this app, none with --assembly */
  readonly seed?: string;
  /** Keep DynamoDB Local's data in this folder. @default in memory */
  readonly dbPath?: string;
  /** @default 8000 */
  readonly dynamodbPort?: number;
  /** Use this running DynamoDB Local instead of starting one. */
  readonly dynamodbEndpoint?: string;
  /** The tables' namespace in DynamoDB Local. @default 'local' */
  readonly accessKey?: string;
  /** `--no-dynamodb`: false. */
  readonly dynamodb?: boolean;
  /** The chance that one task attempt fails transiently. @default no faults */
  readonly faultRate?: number;
  /** Makes the faults reproducible. @default 0 */
  readonly faultSeed?: number;
}

/** `order-workflow start`: serves the app until interrupted. */
export async function startEndpoint(options: StartEndpointOptions): Promise<void> {
  const settings = sfnLocalSettings(options);
  const assembly = await commandAssembly(options);
  const service = await startLocal({
    assemblyDir: assembly.dir,
    port: options.port,
    mockConfig: settings.mockConfig,
    waitTimeScale: settings.waitTimeScale,
    nodeVersions: options.hostNode ? 'host' : 'runtime',
    exampleInputs: assembly.exampleInputs,
    onFunctionLog: (fn, line) => console.log(`[${fn}] ${line}`),
    faults: options.faultRate ? { rate: options.faultRate, seed: options.faultSeed } : undefined,
    onFault: (fault) =>
      console.log(
        `[fault] ${fault.executionName} "${fault.stateName}" attempt ${fault.retryCount + 1}: ${fault.error} (${fault.when} the call)`,
      ),
    dynamodb: options.dynamodb !== false && {
      endpoint: options.dynamodbEndpoint,
      port: options.dynamodbPort ?? 8000,
      dbPath: options.dbPath,
      seedFile: options.seed ?? assembly.seedFile,
      // A fixed key: `aws dynamodb ... --endpoint-url` with the same key sees the tables.
      accessKeyId: options.accessKey ?? 'local',
    },
  });
  console.log(
    `order-workflow local endpoint on ${service.url} (Step Functions, Lambda Invoke, SNS Publish, SQS SendMessage, EventBridge PutEvents)`,
  );
  console.log(`console: ${service.url}/console/`);
  console.log(`assembly: ${assembly.dir}`);
  if (settings.mockConfig) console.log(`mock configuration: ${settings.mockConfig}`);
  if (settings.waitTimeScale !== undefined) console.log(`wait time scale: ${settings.waitTimeScale}`);
  for (const m of service.runtime.listStateMachines()) console.log(`state machine (${m.type}): ${m.arn}`);
  printFunctionsAndProblems(service.app);
  printDynamoDb(service);
  printStartExample(service);
  const stop = async () => {
    await service.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * How to start the first state machine with the AWS CLI, with the app's own example input when it
 * has one (its other examples listed), else `{}`: never another app's input.
 */
export function printStartExample(service: LocalService, print: (line: string) => void = console.log): void {
  const [machine] = service.runtime.listStateMachines();
  if (!machine) return;
  const files = service.exampleInputs(machine.arn).map(displayPath);
  const input = files[0] ? `file://${files[0]}` : "'{}'";
  print(`\nStart an execution (AWS CLI):`);
  print(
    `  aws stepfunctions start-execution --endpoint-url ${service.url} --state-machine-arn ${machine.arn} --input ${input}`,
  );
  if (files.length > 1) print(`  (other example inputs: ${files.slice(1).join(', ')})`);
  if (files.length === 0)
    print(
      `  (no example input found: a JSON file in events/ or examples/ named for the state machine is offered here)`,
    );
}

/**
 * Each function with its runtime, those that cannot run here with why (they fail at their first
 * call), and the values of the app that cannot be resolved locally (they fail only where used).
 */
export function printFunctionsAndProblems(app: LocalApp, print: (line: string) => void = console.log): void {
  for (const fn of app.functions) {
    const support = localRuntimeSupport(fn);
    const runtime = fn.packageType === 'Image' ? 'container image' : (fn.runtime ?? 'nodejs');
    print(
      support.runs
        ? `function: ${fn.name} (${runtime})`
        : `function: ${fn.name} (${runtime}) cannot run locally: ${support.reason}; mock the states that call it`,
    );
  }
  if (app.problems.length === 0) return;
  print('\nNot resolvable locally (only what uses them fails):');
  for (const problem of app.problems) print(`  ${problem}`);
}

function printDynamoDb({ dynamodb }: LocalService): void {
  if (!dynamodb) return;
  const { endpoint, accessKeyId, region, tableNames, startupMs } = dynamodb;
  const started = startupMs > 0 ? `, started in ${(startupMs / 1000).toFixed(1)} s` : '';
  console.log(`DynamoDB Local: ${endpoint} (access key ${accessKeyId}, region ${region}${started})`);
  for (const [logicalId, name] of Object.entries(tableNames)) {
    console.log(`table: ${name}${name === logicalId ? '' : ` (${logicalId})`}`);
  }
  const [table] = Object.values(tableNames);
  if (table) {
    console.log('\nRead a table (AWS CLI):');
    console.log(
      `  AWS_ACCESS_KEY_ID=${accessKeyId} AWS_SECRET_ACCESS_KEY=local aws dynamodb scan --endpoint-url ${endpoint} --region ${region} --table-name ${table}`,
    );
  }
}

import { LocalService, startLocal } from '../server/start-local';
import { commandAssembly } from './this-app';

export interface StartEndpointOptions {
  readonly type: 'standard' | 'express';
  readonly port: number;
  readonly assembly?: string;
  readonly mockConfig?: string;
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
  const assembly = await commandAssembly(options);
  const service = await startLocal({
    assemblyDir: assembly.dir,
    port: options.port,
    mockConfig: options.mockConfig,
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
  for (const m of service.runtime.listStateMachines()) console.log(`state machine (${m.type}): ${m.arn}`);
  for (const f of service.app.functions) console.log(`function: ${f.name}`);
  printDynamoDb(service);
  const arn = service.runtime.listStateMachines()[0]?.arn;
  if (arn) {
    // This app's example order; another app's input is its own business: an empty object.
    const input = assembly.seedFile ? 'file://examples/order.json' : "'{}'";
    console.log(`\nStart an execution (AWS CLI):`);
    console.log(
      `  aws stepfunctions start-execution --endpoint-url ${service.url} --state-machine-arn ${arn} --input ${input}`,
    );
  }
  const stop = async () => {
    await service.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
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

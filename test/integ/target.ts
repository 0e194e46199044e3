import { LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { localDynamoDbClient } from '../../lib/toolkit/local/dynamodb/app-dynamodb';
import type { WorkflowTypeName } from '../../lib/app/synthesize';
import { LocalService, startLocal, StartLocalOptions } from '../../lib/toolkit/server/start-local';
import { appAssembly } from '../support/app-assemblies';
import { INVENTORY_SEED } from '../support/local-app';
import { LOCAL_CREDENTIALS } from '../support/sfn-client';

/**
 * Where the integration suite runs: against a deployed stack when ORDER_WORKFLOW_STANDARD_ARN or
 * ORDER_WORKFLOW_EXPRESS_ARN is set (with the usual AWS credentials and region; the table checks run
 * when ORDER_WORKFLOW_ORDERS_TABLE and ORDER_WORKFLOW_INVENTORY_TABLE name the tables), otherwise against
 * the local endpoint, started in-process on a free port from the run's synthesis of the app
 * (test/support/app-assemblies.ts).
 */
export interface Target {
  readonly kind: 'local' | 'deployed';
  readonly sfn: SFNClient;
  readonly lambda: LambdaClient;
  readonly stateMachineArn: string;
  /** Only locally: the recorded SNS messages. */
  readonly local?: LocalService;
  /** The Orders and Inventory tables, to check timelines and stock (deployed: when their names are given). */
  readonly tables?: { client: DynamoDBClient; orders: string; inventory: string };
  close(): Promise<void>;
}

const DEPLOYED_ARN: Record<WorkflowTypeName, string | undefined> = {
  STANDARD: process.env.ORDER_WORKFLOW_STANDARD_ARN,
  EXPRESS: process.env.ORDER_WORKFLOW_EXPRESS_ARN,
};

export const isDeployedRun = Boolean(DEPLOYED_ARN.STANDARD || DEPLOYED_ARN.EXPRESS);

export async function openTarget(
  type: WorkflowTypeName,
  options: Partial<StartLocalOptions> = {},
): Promise<Target> {
  const deployedArn = DEPLOYED_ARN[type];
  if (isDeployedRun) {
    if (!deployedArn) throw new Error(`set ORDER_WORKFLOW_${type}_ARN to run the ${type} suite against AWS`);
    const sfn = new SFNClient({});
    const lambda = new LambdaClient({});
    const orders = process.env.ORDER_WORKFLOW_ORDERS_TABLE;
    const inventory = process.env.ORDER_WORKFLOW_INVENTORY_TABLE;
    const tables = orders && inventory ? { client: new DynamoDBClient({}), orders, inventory } : undefined;
    return {
      kind: 'deployed',
      sfn,
      lambda,
      stateMachineArn: deployedArn,
      tables,
      close: async () => sfn.destroy(),
    };
  }
  const local = await startLocal({
    assemblyDir: appAssembly(type),
    port: 0,
    dynamodb: { endpoint: process.env.DYNAMODB_LOCAL_ENDPOINT, seedFile: INVENTORY_SEED },
    // Retry back-offs at a tenth of their time (as Step Functions Local's WAIT_TIME_SCALE): the same
    // paths and attempts, without seconds of sleep (the unavailable-payment path slept 5 s).
    waitTimeScale: 0.1,
    ...options,
  });
  const clientConfig = {
    endpoint: local.url,
    region: local.app.environment.region,
    credentials: LOCAL_CREDENTIALS,
    // StartSyncExecution is sent to `sync-<host>`, which does not resolve for 127.0.0.1.
    disableHostPrefix: true,
  };
  const sfn = new SFNClient(clientConfig);
  const lambda = new LambdaClient(clientConfig);
  const db = local.dynamodb!;
  const tableNamed = (prefix: string) =>
    Object.entries(db.tableNames).find(([logicalId]) => logicalId.startsWith(prefix))![1];
  const tables = {
    client: localDynamoDbClient(db.endpoint, db.accessKeyId, db.region),
    orders: tableNamed('OrderWorkflowOrdersTable'),
    inventory: tableNamed('OrderWorkflowInventoryTable'),
  };
  return {
    kind: 'local',
    sfn,
    lambda,
    stateMachineArn: local.runtime.listStateMachines()[0].arn,
    local,
    tables,
    close: async () => {
      sfn.destroy();
      lambda.destroy();
      tables.client.destroy();
      await local.close();
    },
  };
}

import { synthesizeApp, WorkflowTypeName } from '../local/synthesize';
import { startLocal } from '../server/start-local';

export interface StartEndpointOptions {
  readonly type: 'standard' | 'express';
  readonly port: number;
  readonly assembly?: string;
  readonly mockConfig?: string;
}

/** `order-workflow start`: serves the app until interrupted. */
export async function startEndpoint(options: StartEndpointOptions): Promise<void> {
  const type = options.type.toUpperCase() as WorkflowTypeName;
  const assemblyDir = options.assembly ?? synthesizeApp(type);
  const service = await startLocal({
    assemblyDir,
    port: options.port,
    mockConfig: options.mockConfig,
    onFunctionLog: (fn, line) => console.log(`[${fn}] ${line}`),
  });
  console.log(`order-workflow local endpoint on ${service.url} (Step Functions, Lambda Invoke, SNS Publish)`);
  console.log(`assembly: ${assemblyDir}`);
  for (const m of service.runtime.listStateMachines()) console.log(`state machine (${m.type}): ${m.arn}`);
  for (const f of service.app.functions) console.log(`function: ${f.name}`);
  const arn = service.runtime.listStateMachines()[0]?.arn;
  if (arn) {
    console.log('\nRun an order (AWS CLI):');
    console.log(
      `  aws stepfunctions start-execution --endpoint-url ${service.url} --state-machine-arn ${arn} --name ord-1001 --input file://examples/order.json`,
    );
  }
  const stop = async () => {
    await service.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

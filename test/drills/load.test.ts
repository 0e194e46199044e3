import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { LocalService } from '../../lib/toolkit/server/start-local';
import { startAppLocally } from '../support/local-app';
import { localSfnClient } from '../support/sfn-client';
import { allMocked, ALL_MOCKED } from './support/all-mocked';
import { drillOrder, DrillOutcome, listedExecutionArns, runOrders } from './support/drill';

/**
 * Load: 1,000 executions through the endpoint (the bench's soak runs 10,000). The executions store
 * keeps full histories for the newest few only (here 200, to cross the bound) and a summary for
 * every one: all 1,000 must end, be listed by ListExecutions and answer DescribeExecution.
 */
const EXECUTIONS = 1000;
const HISTORIES_KEPT = 200;

describe('load drill: 1,000 executions through the endpoint', () => {
  let local: LocalService;
  let sfn: SFNClient;
  let stateMachineArn: string;
  let outcome: DrillOutcome;

  beforeAll(async () => {
    local = await startAppLocally('STANDARD', {
      // Every task mocked: the endpoint, runtime and store under load, not DynamoDB Local.
      // The app's state machine by its logical id (test/lib/toolkit/server/mocked-scenarios.test.ts pins it).
      mockConfig: allMocked('OrderWorkflowStateMachine225C08D5', drillOrder('load')),
      limits: { histories: HISTORIES_KEPT },
    });
    sfn = localSfnClient(local.url);
    stateMachineArn = local.runtime.listStateMachines()[0].arn;
    const orderIds = Array.from({ length: EXECUTIONS }, (_, i) => `load-${String(i).padStart(4, '0')}`);
    outcome = await runOrders(local, sfn, `${stateMachineArn}#${ALL_MOCKED}`, orderIds, { concurrency: 50 });
  }, 180_000);
  afterAll(async () => {
    sfn?.destroy();
    await local?.close();
  });

  it('brings every execution to a terminal state, successfully', () => {
    expect(outcome.hung).toEqual([]);
    expect(outcome.records).toHaveLength(EXECUTIONS);
    expect(outcome.succeeded).toBe(EXECUTIONS);
  });

  it('lists every execution through ListExecutions, past the bound on histories', async () => {
    const listed = await listedExecutionArns(sfn, stateMachineArn);
    expect(listed.size).toBe(EXECUTIONS);
    expect(outcome.records.filter((r) => !listed.has(r.executionArn))).toEqual([]);
  });

  it('describes the oldest execution from its summary after its history was dropped', async () => {
    const oldest = outcome.records.find((r) => r.name === 'load-0000')!;
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: oldest.executionArn }));
    expect(described).toMatchObject({ status: 'SUCCEEDED', name: 'load-0000' });
    await expect(
      sfn.send(new GetExecutionHistoryCommand({ executionArn: oldest.executionArn })),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist', message: expect.stringMatching(/histor/) });
  });

  it('keeps the full history of the newest executions', async () => {
    const newest = [...outcome.records].sort((a, b) => +b.stopDate! - +a.stopDate!)[0];
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: newest.executionArn }));
    expect(history.events!.at(-1)!.type).toBe('ExecutionSucceeded');
  });
});

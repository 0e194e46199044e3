import {
  DescribeMapRunCommand,
  GetExecutionHistoryCommand,
  ListMapRunsCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  UpdateMapRunCommand,
} from '@aws-sdk/client-sfn';
import { LocalService, startLocal } from '../../../../lib/toolkit/server/start-local';
import { synthMapRunAssembly } from '../../../support/map-run-assembly';
import { localSfnClient } from '../../../support/sfn-client';

const item = (seconds = 0) => ({ seconds });
const failing = { fail: true };

/** ListMapRuns / DescribeMapRun / UpdateMapRun through the SDK, on a distributed Map. */
describe('map runs through the Step Functions API', () => {
  let local: LocalService;
  let sfn: SFNClient;
  let machineArn: string;

  beforeAll(async () => {
    local = await startLocal({ assemblyDir: synthMapRunAssembly(), port: 0, dynamodb: false });
    sfn = localSfnClient(local.url);
    machineArn = local.runtime.listStateMachines()[0].arn;
  }, 60_000);
  afterAll(async () => {
    sfn?.destroy();
    await local?.close();
  });

  const start = async (items: object[]) =>
    (
      await sfn.send(
        new StartExecutionCommand({ stateMachineArn: machineArn, input: JSON.stringify({ items }) }),
      )
    ).executionArn!;
  const mapRunOf = async (executionArn: string) => {
    for (;;) {
      const { mapRuns } = await sfn.send(new ListMapRunsCommand({ executionArn }));
      if (mapRuns!.length > 0) return mapRuns![0].mapRunArn!;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const describe_ = (mapRunArn: string) => sfn.send(new DescribeMapRunCommand({ mapRunArn }));
  const counts = (total: number, done: Partial<Record<string, number>>) => ({
    pending: 0,
    running: 0,
    succeeded: 0,
    failed: 0,
    timedOut: 0,
    aborted: 0,
    resultsWritten: 0,
    total,
    ...done,
  });

  it('lists and describes a finished map run as AWS recorded it (test_sfn_api_map_run)', async () => {
    const executionArn = await start([item(), item()]);
    await local.runtime.waitFor(executionArn);
    const { mapRuns } = await sfn.send(new ListMapRunsCommand({ executionArn }));
    expect(mapRuns).toHaveLength(1);
    const [listed] = mapRuns!;
    expect(listed).toEqual({
      executionArn,
      mapRunArn: expect.stringMatching(
        /^arn:aws:states:[^:]+:\d{12}:mapRun:Fanout\/Fan:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      ),
      stateMachineArn: `${machineArn}/Fan`,
      startDate: expect.any(Date),
      stopDate: expect.any(Date),
    });
    const { $metadata, ...described } = await describe_(listed.mapRunArn!);
    expect($metadata.httpStatusCode).toBe(200);
    const written = counts(2, { succeeded: 2, resultsWritten: 2 });
    expect(described).toEqual({
      mapRunArn: listed.mapRunArn,
      executionArn,
      status: 'SUCCEEDED',
      startDate: expect.any(Date),
      stopDate: expect.any(Date),
      maxConcurrency: 1,
      toleratedFailureCount: 1,
      toleratedFailurePercentage: 0,
      itemCounts: written,
      executionCounts: written,
    });
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const started = events!.find((e) => e.type === 'MapRunStarted')!;
    expect(started.mapRunStartedEventDetails).toEqual({ mapRunArn: listed.mapRunArn });
    expect(events!.map((e) => e.type)).toContain('MapRunSucceeded');
  });

  it('reports a running map run’s counts, and UpdateMapRun’s MaxConcurrency launches the waiting children', async () => {
    const executionArn = await start([item(1), item(1), item(1), item(1)]);
    const mapRunArn = await mapRunOf(executionArn);
    const running = await describe_(mapRunArn);
    expect(running).toMatchObject({ status: 'RUNNING', maxConcurrency: 1 });
    expect(running.executionCounts).toEqual(counts(4, { running: 1, pending: 3 }));
    expect(running.stopDate).toBeUndefined();

    const updatedAt = Date.now();
    await sfn.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: 0 }));
    const widened = await describe_(mapRunArn);
    expect(widened).toMatchObject({ status: 'RUNNING', maxConcurrency: 0 });
    expect(widened.executionCounts).toMatchObject({ running: 4, pending: 0 });
    await local.runtime.waitFor(executionArn);
    // One second more, not three: the other three ran at once.
    expect(Date.now() - updatedAt).toBeLessThan(2_500);
    expect((await describe_(mapRunArn)).executionCounts).toEqual(
      counts(4, { succeeded: 4, resultsWritten: 4 }),
    );
  });

  it('applies thresholds UpdateMapRun raised while the run was going', async () => {
    const executionArn = await start([item(1), failing, failing]);
    const mapRunArn = await mapRunOf(executionArn);
    await sfn.send(
      new UpdateMapRunCommand({ mapRunArn, toleratedFailureCount: 2, toleratedFailurePercentage: 80 }),
    );
    const { status } = await local.runtime.waitFor(executionArn);
    expect(status).toBe('SUCCEEDED');
    expect(await describe_(mapRunArn)).toMatchObject({
      status: 'SUCCEEDED',
      toleratedFailureCount: 2,
      toleratedFailurePercentage: 80,
      itemCounts: counts(3, { succeeded: 1, failed: 2, resultsWritten: 3 }),
    });
  });

  it('fails a run beyond its tolerance, with MapRunFailed, and refuses to update it', async () => {
    const executionArn = await start([failing, failing, item()]);
    const record = await local.runtime.waitFor(executionArn);
    expect(record).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
    const mapRunArn = await mapRunOf(executionArn);
    expect(await describe_(mapRunArn)).toMatchObject({
      status: 'FAILED',
      executionCounts: counts(3, { failed: 2, pending: 1 }),
    });
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events!.find((e) => e.type === 'MapRunFailed')!.mapRunFailedEventDetails).toMatchObject({
      error: 'States.ExceedToleratedFailureThreshold',
    });
    await expect(sfn.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: 5 }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: `Map Run ${mapRunArn} is FAILED: only a running Map Run can be updated`,
    });
  });

  it('aborts the map run of a stopped execution, its running child counted as aborted', async () => {
    const executionArn = await start([item(30), item(30)]);
    const mapRunArn = await mapRunOf(executionArn);
    await sfn.send(new StopExecutionCommand({ executionArn }));
    await local.runtime.waitFor(executionArn);
    for (let i = 0; i < 50 && (await describe_(mapRunArn)).status === 'RUNNING'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await describe_(mapRunArn)).toMatchObject({
      status: 'ABORTED',
      stopDate: expect.any(Date),
      executionCounts: counts(2, { aborted: 1, pending: 1 }),
    });
  });

  it('names the problem with an unknown or malformed map run, execution or setting', async () => {
    const unknown = `arn:aws:states:us-east-1:123456789012:mapRun:Fanout/Fan:00000000-0000-0000-0000-000000000000`;
    await expect(describe_(unknown)).rejects.toMatchObject({
      name: 'ResourceNotFound',
      message: `Resource not found: '${unknown}'`,
    });
    await expect(describe_('not-an-arn')).rejects.toMatchObject({ name: 'InvalidArn' });
    await expect(
      sfn.send(
        new ListMapRunsCommand({ executionArn: `${machineArn.replace('stateMachine', 'execution')}:nope` }),
      ),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    const executionArn = await start([item(5)]);
    const mapRunArn = await mapRunOf(executionArn);
    await expect(
      sfn.send(new UpdateMapRunCommand({ mapRunArn, toleratedFailurePercentage: 101 })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('between 0 and 100'),
    });
    await expect(sfn.send(new UpdateMapRunCommand({ mapRunArn }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('At least one of'),
    });
    await sfn.send(new StopExecutionCommand({ executionArn }));
  });
});

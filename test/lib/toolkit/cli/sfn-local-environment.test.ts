import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { parseWaitTimeScale, sfnLocalSettings } from '../../../../lib/toolkit/cli/sfn-local-environment';
import { LocalService, startLocal } from '../../../../lib/toolkit/server/start-local';
import { localSfnClient } from '../../../support/sfn-client';
import { synthWaitAssembly } from '../../../support/wait-assembly';

describe('Step Functions Local’s environment variables', () => {
  it('takes SFN_MOCK_CONFIG and WAIT_TIME_SCALE when no flag is given', () => {
    expect(sfnLocalSettings({}, { SFN_MOCK_CONFIG: '/m.json', WAIT_TIME_SCALE: '0.5' })).toEqual({
      mockConfig: '/m.json',
      waitTimeScale: 0.5,
    });
  });

  it('lets a flag win over its variable, and ignores empty variables', () => {
    expect(
      sfnLocalSettings(
        { mockConfig: '/flag.json', waitTimeScale: 0 },
        { SFN_MOCK_CONFIG: '/m.json', WAIT_TIME_SCALE: '2' },
      ),
    ).toEqual({ mockConfig: '/flag.json', waitTimeScale: 0 });
    expect(sfnLocalSettings({}, { SFN_MOCK_CONFIG: '', WAIT_TIME_SCALE: ' ' })).toEqual({});
  });

  it('refuses a scale that is not a number of at least 0, naming where it came from', () => {
    expect(() => sfnLocalSettings({}, { WAIT_TIME_SCALE: 'fast' })).toThrow(
      'WAIT_TIME_SCALE: the wait time scale must be a number of at least 0 (0 skips waits, 0.5 halves them), not "fast"',
    );
    expect(() => parseWaitTimeScale('-1', '--wait-time-scale')).toThrow(/^--wait-time-scale: .* not -1$/);
  });
});

describe('the endpoint with SFN_MOCK_CONFIG and WAIT_TIME_SCALE=0', () => {
  let local: LocalService;
  let sfn: SFNClient;
  let arn: string;
  beforeAll(async () => {
    const { assemblyDir, mockConfigFile } = synthWaitAssembly();
    const settings = sfnLocalSettings({}, { SFN_MOCK_CONFIG: mockConfigFile, WAIT_TIME_SCALE: '0' });
    local = await startLocal({ assemblyDir, port: 0, dynamodb: false, ...settings });
    sfn = localSfnClient(local.url);
    arn = local.runtime.listStateMachines().find((m) => m.name === 'Patient')!.arn;
  }, 60_000);
  afterAll(async () => {
    sfn?.destroy();
    await local?.close();
  });

  it('skips an hour’s Wait and an hour’s retry interval, and takes the test case named after #', async () => {
    const started = Date.now();
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: `${arn}#Mocked` }));
    await local.runtime.waitFor(executionArn!);
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(execution).toMatchObject({ status: 'SUCCEEDED', output: '{"mocked":true}' });
    expect(Date.now() - started).toBeLessThan(5_000);
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events!.filter((e) => e.type === 'LambdaFunctionFailed')).toHaveLength(1);
    expect(events!.map((e) => e.type)).toContain('WaitStateExited');
  });

  it('runs the real function without the test case', async () => {
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
    await local.runtime.waitFor(executionArn!);
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(execution).toMatchObject({ status: 'SUCCEEDED', output: '{"real":true}' });
  });
});

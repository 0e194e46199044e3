import { createInterpreter } from '../../../../lib/toolkit/asl/interpreter';
import { LocalRuntime } from '../../../../lib/toolkit/local/local-runtime';
import { parseStateMachineReference } from '../../../../lib/toolkit/local/qualified-arn';
import { DEFAULT_LOCAL_ENVIRONMENT } from '../../../../lib/toolkit/local/template-resolver';

const pass = (ran: string) => ({ StartAt: 'S', States: { S: { Type: 'Pass', Result: { ran }, End: true } } });

function newRuntime(draws: number[] = []) {
  return new LocalRuntime({
    engine: createInterpreter(),
    environment: DEFAULT_LOCAL_ENVIRONMENT,
    taskHandlerFor: () => async (task) => {
      throw new Error(`unexpected task ${task.stateName}`);
    },
    random: () => draws.shift() ?? 0,
  });
}

describe('qualified state machine ARNs', () => {
  const machine = 'arn:aws:states:us-east-1:123456789012:stateMachine:Orders';
  it('tells a machine, a version and an alias apart', () => {
    expect(parseStateMachineReference(machine)).toEqual({ kind: 'machine', machineArn: machine });
    expect(parseStateMachineReference(`${machine}:12`)).toEqual({
      kind: 'version',
      machineArn: machine,
      version: 12,
    });
    expect(parseStateMachineReference(`${machine}:prod`)).toEqual({
      kind: 'alias',
      machineArn: machine,
      alias: 'prod',
    });
    // Version numbers start at 1: `:0` and `:01` can only be alias names.
    expect(parseStateMachineReference(`${machine}:01`).kind).toBe('alias');
    expect(parseStateMachineReference('not-an-arn').kind).toBe('machine');
  });
});

describe('versions and aliases on the runtime', () => {
  it('runs an Express version synchronously through an alias, and records both', async () => {
    const runtime = newRuntime([0.99]);
    const machine = runtime.createStateMachine({ name: 'Fast', type: 'EXPRESS', definition: pass('v1') });
    const v1 = runtime.versioning.publish(machine.arn);
    runtime.updateStateMachine(machine.arn, { definition: pass('v2') });
    const v2 = runtime.versioning.publish(machine.arn);
    const alias = runtime.versioning.createAlias({
      name: 'live',
      routingConfiguration: [
        { stateMachineVersionArn: v1.arn, weight: 50 },
        { stateMachineVersionArn: v2.arn, weight: 50 },
      ],
    });
    const record = await runtime.startSync({ stateMachine: alias.arn });
    expect(record).toMatchObject({
      status: 'SUCCEEDED',
      output: { ran: 'v2' },
      stateMachineArn: machine.arn,
      stateMachineVersionArn: v2.arn,
      stateMachineAliasArn: alias.arn,
    });
    expect(record.events![0]).toMatchObject({
      type: 'ExecutionStarted',
      executionStartedEventDetails: { stateMachineVersionArn: v2.arn, stateMachineAliasArn: alias.arn },
    });
  });

  it('never routes to a version of weight 0, and a nested execution may name a version', async () => {
    const runtime = newRuntime([0, 0.5, 0.999]);
    const child = runtime.createStateMachine({ name: 'Child', definition: pass('old') });
    const old = runtime.versioning.publish(child.arn, { description: 'first' });
    runtime.updateStateMachine(child.arn, { definition: pass('new') });
    const current = runtime.versioning.publish(child.arn);
    const alias = runtime.versioning.createAlias({
      name: 'stable',
      routingConfiguration: [
        { stateMachineVersionArn: current.arn, weight: 0 },
        { stateMachineVersionArn: old.arn, weight: 100 },
      ],
    });
    for (let i = 0; i < 3; i++) {
      const record = runtime.start({ stateMachine: alias.arn });
      await record.done;
      expect(record.stateMachineVersionArn).toBe(old.arn);
    }
    const parent = runtime.createStateMachine({
      name: 'Parent',
      definition: {
        StartAt: 'Run',
        States: {
          Run: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution.sync:2',
            Parameters: { StateMachineArn: old.arn },
            OutputPath: '$.Output',
            End: true,
          },
        },
      },
    });
    const record = runtime.start({ stateMachine: parent.arn });
    await record.done;
    expect(record).toMatchObject({ status: 'SUCCEEDED', output: { ran: 'old' } });
  });

  it('keeps the definition an execution started with, whatever is published or updated later', async () => {
    const runtime = newRuntime();
    const machine = runtime.createStateMachine({ name: 'Kept', definition: pass('first') });
    const record = runtime.start({ stateMachine: machine.arn });
    runtime.updateStateMachine(machine.arn, { definition: pass('second') });
    await record.done;
    expect(record.machineAtStart).toMatchObject({ definition: pass('first'), revisionId: undefined });
    expect(runtime.describeStateMachine(machine.arn).revisionId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

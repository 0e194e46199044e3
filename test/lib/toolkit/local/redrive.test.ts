import { VirtualClock } from '../../../../lib/toolkit/asl/clock';
import { TaskFailure } from '../../../../lib/toolkit/asl/engine';
import { createInterpreter } from '../../../../lib/toolkit/asl/interpreter';
import type { ExecutionRecord } from '../../../../lib/toolkit/local/execution-store';
import { LocalRuntime } from '../../../../lib/toolkit/local/local-runtime';
import { Redrives } from '../../../../lib/toolkit/local/redrive';
import { StepFunctionsError } from '../../../../lib/toolkit/local/step-functions-errors';
import { DEFAULT_LOCAL_ENVIRONMENT } from '../../../../lib/toolkit/local/template-resolver';

/** The runtime's value API for RedriveExecution: `redrive(executionArn)` and its rules. */
describe('LocalRuntime.redrive', () => {
  let clock: VirtualClock;
  let runtime: LocalRuntime;
  let calls: string[];
  beforeEach(() => {
    clock = new VirtualClock('2026-01-01T00:00:00.000Z', { autoAdvance: false });
    calls = [];
    runtime = new LocalRuntime({
      engine: createInterpreter(),
      environment: DEFAULT_LOCAL_ENVIRONMENT,
      clock,
      // Fails every task until the execution is redriven.
      taskHandlerFor: () => async (task) => {
        calls.push(`${task.stateName}#${task.context.Execution.RedriveCount}`);
        if (task.context.Execution.RedriveCount === 0) throw new TaskFailure('NotYet', 'first run');
        return { from: task.stateName };
      },
    });
  });

  const task = (extra: Record<string, unknown> = {}) => ({
    Type: 'Task',
    Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
    End: true,
    ...extra,
  });
  const failedExecution = async (definition: Record<string, unknown>, name = 'Flaky') => {
    const machine = runtime.createStateMachine({ name, definition });
    const record = runtime.start({ stateMachine: machine.arn, input: { id: 1 } });
    await runtime.waitFor(record.executionArn);
    expect(record.status).toBe('FAILED');
    return { machine, record };
  };
  const notRedrivable = (arn: string, message: string) => {
    let thrown: unknown;
    try {
      runtime.redrive(arn);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StepFunctionsError);
    expect(thrown).toMatchObject({ name: 'ExecutionNotRedrivable', message });
  };

  it('reopens the same record, RUNNING, then SUCCEEDED, counting the redrive', async () => {
    const { record } = await failedExecution({ StartAt: 'T', States: { T: task() } });
    const again = runtime.redrive(record.executionArn);
    expect(again).toBe(record);
    expect(record).toMatchObject({ status: 'RUNNING', redriveCount: 1, redriveDate: clock.now() });
    expect(record.error).toBeUndefined();
    await runtime.waitFor(record.executionArn);
    expect(record).toMatchObject({ status: 'SUCCEEDED', output: { from: 'T' } });
    expect(runtime.redriveView(record)).toEqual({
      redriveCount: 1,
      redriveDate: record.redriveDate,
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
    });
    expect(calls).toEqual(['T#0', 'T#1']);
  });

  it('redrives with the definition the execution started with, not an updated one', async () => {
    const { machine, record } = await failedExecution({ StartAt: 'T', States: { T: task() } });
    runtime.updateStateMachine(machine.arn, {
      definition: { StartAt: 'Other', States: { Other: { Type: 'Pass', End: true } } },
    });
    runtime.redrive(record.executionArn);
    await runtime.waitFor(record.executionArn);
    expect(record.output).toEqual({ from: 'T' });
  });

  it('redrives a timed-out execution: the completed Wait is not waited again', async () => {
    // Time runs on by itself here: each sleep wakes once nothing else can happen first.
    runtime = new LocalRuntime({
      engine: createInterpreter(),
      environment: DEFAULT_LOCAL_ENVIRONMENT,
      clock: new VirtualClock(),
      taskHandlerFor: () => async () => ({}),
    });
    const machine = runtime.createStateMachine({
      name: 'Slow',
      definition: {
        TimeoutSeconds: 5,
        StartAt: 'W1',
        States: { W1: { Type: 'Wait', Seconds: 3, Next: 'W2' }, W2: { Type: 'Wait', Seconds: 3, End: true } },
      },
    });
    const record = runtime.start({ stateMachine: machine.arn });
    await runtime.waitFor(record.executionArn);
    expect(record.status).toBe('TIMED_OUT');
    expect(runtime.redriveView(record).redriveStatus).toBe('REDRIVABLE');
    runtime.redrive(record.executionArn);
    await runtime.waitFor(record.executionArn);
    expect(record.status).toBe('SUCCEEDED');
    expect(record.events!.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'WaitStateEntered',
      'WaitStateExited',
      'WaitStateEntered',
      'ExecutionTimedOut',
      'ExecutionRedriven',
      'WaitStateEntered',
      'WaitStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('refuses after 14 days, and once the machine is deleted', async () => {
    const { machine, record } = await failedExecution({ StartAt: 'T', States: { T: task() } });
    await clock.advance(14 * 24 * 3600 * 1000 + 1);
    notRedrivable(record.executionArn, 'Execution redrivable period exceeded');
    expect(runtime.redriveView(record)).toMatchObject({
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution redrivable period exceeded',
    });
    runtime.deleteStateMachine(machine.arn);
    notRedrivable(record.executionArn, 'State machine is in DELETING status');
  });

  it('refuses once the runtime no longer keeps the execution’s history', async () => {
    runtime = new LocalRuntime({
      engine: createInterpreter(),
      environment: DEFAULT_LOCAL_ENVIRONMENT,
      limits: { histories: 1 },
      taskHandlerFor: () => async () => {
        throw new TaskFailure('NotYet');
      },
    });
    const { record } = await failedExecution({ StartAt: 'T', States: { T: task() } }, 'A');
    await failedExecution({ StartAt: 'T', States: { T: task() } }, 'B');
    expect(record.events).toBeUndefined();
    expect(() => runtime.redrive(record.executionArn)).toThrow(/no longer kept/);
  });
});

describe('Redrives: why an execution cannot be redriven', () => {
  const DAY = 24 * 3600 * 1000;
  const now = new Date('2026-06-01T00:00:00.000Z');
  let current = now;
  const redrives = new Redrives(() => current);
  /** A FAILED record with a kept history of `events` events and what a redrive needs. */
  const failed = (startDate: Date, stopDate: Date, events = 3): ExecutionRecord => {
    const record = {
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:m:e',
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m',
      stateMachineName: 'm',
      type: 'STANDARD',
      name: 'e',
      input: {},
      startDate,
      stopDate,
      status: 'FAILED',
      events: Array.from({ length: events }, (_, i) => ({
        id: i + 1,
        previousEventId: i,
        type: 'X',
        timestamp: startDate,
      })),
      done: Promise.resolve(),
    } satisfies ExecutionRecord;
    redrives.started(record, {
      model: {} as never,
      roleArn: 'r',
      taskHandler: async () => ({}),
      journal: { kind: 'execution-journal' },
    });
    return record;
  };

  it('is redrivable within 14 days of its end', () => {
    expect(
      redrives.whyNot(failed(new Date(now.getTime() - DAY), new Date(now.getTime() - DAY))),
    ).toBeUndefined();
  });
  it('is not once open for more than a year', () => {
    const record = failed(new Date(now.getTime() - 366 * DAY), new Date(now.getTime() - DAY));
    expect(redrives.whyNot(record)).toBe('Execution has exceeded the max execution time');
  });
  it('is not with 24,999 events or more (no room for ExecutionRedriven and one more)', () => {
    const record = failed(new Date(now.getTime() - DAY), new Date(now.getTime() - DAY), 24_999);
    expect(redrives.whyNot(record)).toBe('Execution history event limit exceeded');
  });
  it('answers a client token again only within 15 minutes', () => {
    const record = failed(new Date(now.getTime() - DAY), new Date(now.getTime() - DAY));
    expect(redrives.take(record, 't')).toBeDefined();
    expect(redrives.take(record, 't')).toBeUndefined();
    current = new Date(now.getTime() + 16 * 60 * 1000);
    expect(redrives.take(record, 't')).toBeDefined();
    current = now;
  });
});

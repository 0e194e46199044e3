import { HistoryEvent, TaskFailure, TaskHandler } from '../../../../../lib/toolkit/asl/engine';
import { createInterpreter } from '../../../../../lib/toolkit/asl/interpreter';
import { buildWorkflowGraph } from '../../../../../lib/toolkit/diagram/graph-model';
import { DEFAULT_LOCAL_ENVIRONMENT } from '../../../../../lib/toolkit/local/template-resolver';
import type { ExecutionRecord } from '../../../../../lib/toolkit/local/execution-store';
import { LocalRuntime } from '../../../../../lib/toolkit/local/local-runtime';
import { executionView } from '../../../../../lib/toolkit/server/console/execution-view';

/** A payment that fails once and is retried (`flaky`), or is declined and caught (`declined`). */
const PAYMENT = {
  StartAt: 'Charge',
  States: {
    Charge: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'charge', 'Payload.$': '$' },
      ResultPath: '$.charge',
      Retry: [{ ErrorEquals: ['Flaky'], MaxAttempts: 2, IntervalSeconds: 1, JitterStrategy: 'FULL' }],
      Catch: [{ ErrorEquals: ['Declined'], ResultPath: '$.error', Next: 'Notify' }],
      Next: 'In stock?',
    },
    'In stock?': {
      Type: 'Choice',
      Choices: [{ Variable: '$.stock', NumericGreaterThan: 0, Next: 'Ship' }],
      Default: 'Back order',
    },
    Ship: { Type: 'Pass', Next: 'Done' },
    'Back order': { Type: 'Pass', End: true },
    Done: { Type: 'Succeed' },
    Notify: { Type: 'Pass', Next: 'Declined' },
    Declined: { Type: 'Fail', Error: 'PaymentDeclined' },
  },
};

const FAN_OUT = {
  StartAt: 'Both',
  States: {
    Both: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Fine', States: { Fine: { Type: 'Pass', End: true } } },
        { StartAt: 'Boom', States: { Boom: { Type: 'Fail', Error: 'Boom' } } },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Recover' }],
      End: true,
    },
    Recover: { Type: 'Pass', Next: 'Each' },
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } },
      End: true,
    },
  },
};

/** The payment step with no Catch: a declined card fails the execution. */
const UNCAUGHT = {
  StartAt: 'Charge',
  States: { Charge: { ...PAYMENT.States.Charge, Catch: undefined, Next: undefined, End: true } },
};

const WAITER = {
  StartAt: 'Wait',
  States: {
    Wait: { Type: 'Wait', SecondsPath: '$.seconds', Next: 'Done' },
    Done: { Type: 'Pass', End: true },
  },
};

describe('an execution drawn over its graph', () => {
  const charge: TaskHandler = async ({ input, retryCount }) => {
    const mode = (input as { Payload: { mode: string } }).Payload.mode;
    if (mode === 'declined') throw new TaskFailure('Declined', 'card declined');
    if (mode === 'flaky' && retryCount === 0) throw new TaskFailure('Flaky', 'try again');
    if (mode === 'flaky-declined') {
      throw retryCount === 0
        ? new TaskFailure('Flaky', 'try again')
        : new TaskFailure('Declined', 'card declined');
    }
    return { Payload: { charged: true } };
  };
  const runtime = new LocalRuntime({
    engine: createInterpreter(),
    environment: DEFAULT_LOCAL_ENVIRONMENT,
    taskHandlerFor: () => charge,
    random: () => 0, // full jitter at zero: retries without waiting
  });
  const machine = (name: string, definition: object) => runtime.createStateMachine({ name, definition });
  const payment = machine('Payment', PAYMENT);
  const fanOut = machine('FanOut', FAN_OUT);
  const waiter = machine('Waiter', WAITER);
  const uncaught = machine('Uncaught', UNCAUGHT);

  async function run(arn: string, input: object) {
    const started = runtime.start({ stateMachine: arn, input });
    const record = await runtime.waitFor(started.executionArn);
    return executionView(record, buildWorkflowGraph(runtime.describeStateMachine(arn).definition));
  }
  const taken = (view: { transitions: ReadonlyArray<{ from: string; to: string; kind: string }> }) =>
    view.transitions.map((t) => `${t.from || 'Start'} -${t.kind}-> ${t.to || 'End'}`);

  it('colors a retried state that then succeeded as succeeded, and follows the Choice rule taken', async () => {
    const view = await run(payment.arn, { mode: 'flaky', stock: 3 });
    expect(view.execution.status).toBe('SUCCEEDED');
    expect(view.states).toEqual({
      Charge: 'succeeded',
      'In stock?': 'succeeded',
      Ship: 'succeeded',
      Done: 'succeeded',
    });
    expect(view.steps[0].failures).toEqual([{ error: 'Flaky', cause: 'try again' }]);
    expect(taken(view)).toEqual([
      'Start -start-> Charge',
      'Charge -next-> In stock?',
      'In stock? -choice-> Ship',
      'Ship -next-> Done',
      'Done -end-> End',
    ]);
  });

  it('takes the Default when no rule matches', async () => {
    const view = await run(payment.arn, { mode: 'ok', stock: 0 });
    expect(taken(view)).toContain('In stock? -default-> Back order');
    expect(taken(view)).toContain('Back order -end-> End');
    expect(view.states['Ship']).toBeUndefined();
  });

  it('colors a caught failure as caught, the Catch edge as taken, and the Fail state that ended it as failed', async () => {
    const view = await run(payment.arn, { mode: 'declined', stock: 3 });
    expect(view.execution).toMatchObject({ status: 'FAILED', error: 'PaymentDeclined' });
    expect(view.states).toEqual({ Charge: 'caught', Notify: 'succeeded', Declined: 'failed' });
    expect(taken(view)).toEqual([
      'Start -start-> Charge',
      'Charge -catch-> Notify',
      'Notify -next-> Declined',
      'Declined -end-> End',
    ]);
    expect(view.steps.map((s) => [s.name, s.status])).toEqual([
      ['Charge', 'caught'],
      ['Notify', 'succeeded'],
      ['Declined', 'failed'],
    ]);
    expect(view.steps[1].input).toMatchObject({ error: { Error: 'Declined', Cause: 'card declined' } });
  });

  it('colors a failed Parallel branch, the caught Parallel, and every Map iteration', async () => {
    const view = await run(fanOut.arn, { items: [1, 2, 3] });
    expect(view.execution.status).toBe('SUCCEEDED');
    expect(view.states).toMatchObject({
      Both: 'caught',
      Fine: 'succeeded',
      Boom: 'failed',
      Recover: 'succeeded',
      Each: 'succeeded',
      Item: 'succeeded',
    });
    expect(view.steps.filter((s) => s.name === 'Item')).toHaveLength(3);
    expect(taken(view)).toEqual(
      expect.arrayContaining(['Both -catch-> Recover', 'Recover -next-> Each', 'Each -end-> End']),
    );
    expect(taken(view)).not.toContain('Both -end-> End');
  });

  it('shows the state a running execution is in as running, with no way to the end yet; stopped, as failed', async () => {
    const started = runtime.start({ stateMachine: waiter.arn, input: { seconds: 30 } });
    const graph = buildWorkflowGraph(WAITER);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const running = executionView(started, graph);
    expect(running.execution.status).toBe('RUNNING');
    expect(running.execution.stopDate).toBeUndefined();
    expect(running.states).toEqual({ Wait: 'running' });
    expect(taken(running)).toEqual(['Start -start-> Wait']);
    runtime.stopExecution(started.executionArn, { error: 'Operator', cause: 'test' });
    const stopped = executionView(await runtime.waitFor(started.executionArn), graph);
    expect(stopped.execution.status).toBe('ABORTED');
    expect(stopped.states).toEqual({ Wait: 'failed' });
  });

  it('still lists the steps when the state machine is gone, without a graph to follow', async () => {
    const gone = machine('Gone', WAITER);
    const started = runtime.start({ stateMachine: gone.arn, input: { seconds: 0 } });
    const record = await runtime.waitFor(started.executionArn);
    runtime.deleteStateMachine(gone.arn);
    const view = executionView(record, undefined);
    expect(view.steps.map((s) => s.name)).toEqual(['Wait', 'Done']);
    expect(view.transitions).toEqual([]);
    expect(view.historyKept).toBe(true);
    expect(view.events.length).toBeGreaterThan(0);
  });

  it('lists an uncaught failure once: the execution’s own failure event repeats it, it was not retried', async () => {
    const view = await run(uncaught.arn, { mode: 'declined' });
    expect(view.execution).toMatchObject({ status: 'FAILED', error: 'Declined' });
    expect(view.steps.map((s) => [s.name, s.status, s.failures])).toEqual([
      ['Charge', 'failed', [{ error: 'Declined', cause: 'card declined' }]],
    ]);
    // A retry with the same error stays a retry.
    const flaky = await run(uncaught.arn, { mode: 'flaky-declined' });
    expect(flaky.steps[0].failures).toEqual([
      { error: 'Flaky', cause: 'try again' },
      { error: 'Declined', cause: 'card declined' },
    ]);
  });
});

describe('a redriven execution over its graph', () => {
  const at = (s: number) => new Date(Date.UTC(2026, 11, 6, 12, 0, s));
  const failed = { error: 'Unreachable', cause: 'nobody answered' };
  /** Ask failed uncaught, the execution was redriven from it, and Ask runs again. */
  const history = (): HistoryEvent[] =>
    [
      ['ExecutionStarted', 0, {}],
      ['TaskStateEntered', 1, { stateEnteredEventDetails: { name: 'Ask', input: '{}' } }],
      ['TaskFailed', 2, { taskFailedEventDetails: failed }],
      ['ExecutionFailed', 3, { executionFailedEventDetails: failed }],
      ['ExecutionRedriven', 4, { executionRedrivenEventDetails: { redriveCount: 1 } }],
      ['TaskStateEntered', 5, { stateEnteredEventDetails: { name: 'Ask', input: '{}' } }],
    ].map(([type, previousEventId, details], i) => ({
      id: i + 1,
      previousEventId: previousEventId as number,
      type: type as string,
      timestamp: at(i),
      ...(details as object),
    }));
  const record = (status: ExecutionRecord['status'], events: HistoryEvent[]): ExecutionRecord => ({
    executionArn: 'arn:aws:states:us-east-1:123456789012:execution:Approval:r',
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Approval',
    stateMachineName: 'Approval',
    type: 'STANDARD',
    name: 'r',
    input: {},
    startDate: at(0),
    status,
    events,
    done: Promise.resolve(),
  });
  const graph = buildWorkflowGraph({
    StartAt: 'Ask',
    States: { Ask: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
  });

  it('colors the state by the run after the redrive, and keeps the failed visit as history', () => {
    const events = history();
    const running = executionView(record('RUNNING', events), graph);
    expect(running.states).toEqual({ Ask: 'running' });
    expect(running.steps.map((s) => [s.status, s.failures])).toEqual([
      ['failed', [failed]],
      ['running', []],
    ]);
    events.push(
      {
        id: 7,
        previousEventId: 6,
        type: 'TaskStateExited',
        timestamp: at(7),
        stateExitedEventDetails: { name: 'Ask', output: '{}' },
      },
      { id: 8, previousEventId: 7, type: 'ExecutionSucceeded', timestamp: at(8) },
    );
    const succeeded = executionView(record('SUCCEEDED', events), graph);
    expect(succeeded.states).toEqual({ Ask: 'succeeded' });
    expect(succeeded.steps.map((s) => s.status)).toEqual(['failed', 'succeeded']);
  });
});

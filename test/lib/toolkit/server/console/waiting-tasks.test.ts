import type { HistoryEvent } from '../../../../../lib/toolkit/asl/engine';
import { createInterpreter } from '../../../../../lib/toolkit/asl/interpreter';
import { LocalRuntime } from '../../../../../lib/toolkit/local/local-runtime';
import { DEFAULT_LOCAL_ENVIRONMENT } from '../../../../../lib/toolkit/local/template-resolver';
import { executionView } from '../../../../../lib/toolkit/server/console/execution-view';
import { tokenOf, waitingTasks } from '../../../../../lib/toolkit/server/console/waiting-tasks';

const token = (c: string) => `AQ${c.repeat(86)}`;
const at = (s: number) => new Date(Date.UTC(2026, 11, 6, 12, 0, s));

/** A history written the way the runtime links it: each event names the one before it in its thread. */
class History {
  readonly events: HistoryEvent[] = [];
  add(type: string, previousEventId: number, details: Record<string, unknown> = {}): number {
    const id = this.events.length + 1;
    this.events.push({ id, previousEventId, type, timestamp: at(id), ...details });
    return id;
  }
  entered(name: string, previous: number, input = '{}'): number {
    return this.add('TaskStateEntered', previous, { stateEnteredEventDetails: { name, input } });
  }
  scheduled(previous: number, resource: string, parameters: unknown): number {
    return this.add('TaskScheduled', previous, {
      taskScheduledEventDetails: { resourceType: 'lambda', resource, parameters: JSON.stringify(parameters) },
    });
  }
}

describe('what a running execution waits on, read off its history', () => {
  it('a callback task after TaskSubmitted, with its token, until its answer', () => {
    const h = new History();
    const start = h.add('ExecutionStarted', 0);
    const scheduled = h.scheduled(h.entered('Approve', start), 'invoke.waitForTaskToken', {
      Payload: { token: token('a') },
    });
    const started = h.add('TaskStarted', scheduled);
    expect(waitingTasks(h.events)).toEqual([]); // the request is still going out
    const submitted = h.add('TaskSubmitted', started);
    expect(waitingTasks(h.events)).toEqual([
      {
        kind: 'callback',
        state: 'Approve',
        since: at(submitted).toISOString(),
        resource: 'invoke.waitForTaskToken',
        token: token('a'),
      },
    ]);
    h.add('TaskSucceeded', submitted);
    expect(waitingTasks(h.events)).toEqual([]);
  });

  it('ignores a task that is not a callback, however long it runs', () => {
    const h = new History();
    const scheduled = h.scheduled(h.entered('Job', 1), 'startJobRun.sync', {});
    h.add('TaskSubmitted', h.add('TaskStarted', scheduled));
    expect(waitingTasks(h.events)).toEqual([]);
  });

  it('tells interleaved Parallel branches apart, and a retried attempt from the one that failed', () => {
    const h = new History();
    const a = h.scheduled(h.entered('Left', 1), 'invoke.waitForTaskToken', { t: token('l') });
    const b = h.scheduled(h.entered('Right', 1), 'publish.waitForTaskToken', { t: token('r') });
    const aSubmitted = h.add('TaskSubmitted', h.add('TaskStarted', a));
    h.add('TaskSubmitted', h.add('TaskStarted', b));
    const aFailed = h.add('TaskFailed', aSubmitted);
    const retry = h.scheduled(aFailed, 'invoke.waitForTaskToken', { t: token('m') });
    expect(waitingTasks(h.events).map((w) => [w.state, w.kind === 'callback' && w.token])).toEqual([
      ['Right', token('r')],
    ]);
    h.add('TaskSubmitted', h.add('TaskStarted', retry));
    expect(waitingTasks(h.events).map((w) => [w.state, w.kind === 'callback' && w.token])).toEqual([
      ['Right', token('r')],
      ['Left', token('m')],
    ]);
  });

  it('an activity task until a worker takes it', () => {
    const h = new History();
    const arn = 'arn:aws:states:us-east-1:123456789012:activity:review';
    const scheduled = h.add('ActivityScheduled', h.entered('Review', 1), {
      activityScheduledEventDetails: { resource: arn, input: '{}' },
    });
    expect(waitingTasks(h.events)).toEqual([
      { kind: 'activity', state: 'Review', since: at(scheduled).toISOString(), resource: arn },
    ]);
    h.add('ActivityStarted', scheduled, { activityStartedEventDetails: { workerName: 'w-1' } });
    expect(waitingTasks(h.events)).toEqual([]);
  });

  it('an activity that timed out before a worker took it waits on nobody', () => {
    const h = new History();
    const scheduled = h.add('ActivityScheduled', h.entered('Review', 1));
    h.add('ActivityTimedOut', scheduled);
    expect(waitingTasks(h.events)).toEqual([]);
  });

  it('takes the token issued to this task, not one passed along in its input, even inside a text', () => {
    const mine = token('n');
    const theirs = token('o');
    const input = JSON.stringify({ from: theirs });
    expect(tokenOf(JSON.stringify({ old: theirs, url: `https://x/cb?t=${mine}` }), input)).toBe(mine);
    expect(tokenOf(JSON.stringify({ old: theirs }), input)).toBeUndefined();
    expect(tokenOf(JSON.stringify({ longer: `${mine}x` }), '')).toBeUndefined();
  });
});

describe('the execution view of a callback that waits on a real runtime', () => {
  const runtime = new LocalRuntime({
    engine: createInterpreter(),
    environment: DEFAULT_LOCAL_ENVIRONMENT,
    taskHandlerFor: () => async () => ({ Payload: { acknowledged: true } }),
  });
  const machine = runtime.createStateMachine({
    name: 'Approval',
    definition: {
      StartAt: 'Ask',
      States: {
        Ask: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: 'ask', Payload: { 'token.$': '$$.Task.Token' } },
          End: true,
        },
      },
    },
  });

  it('shows the token the runtime issued: answering it ends the wait', async () => {
    const { executionArn } = runtime.start({ stateMachine: machine.arn, input: {} });
    let view = executionView(runtime.executions.get(executionArn)!, undefined);
    for (let i = 0; view.waiting.length === 0 && i < 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      view = executionView(runtime.executions.get(executionArn)!, undefined);
    }
    expect(view.waiting).toMatchObject([{ kind: 'callback', state: 'Ask', token: expect.any(String) }]);
    const waiting = view.waiting[0];
    runtime.sendTaskSuccess(waiting.kind === 'callback' ? waiting.token! : '', { approved: true });
    const done = executionView(await runtime.waitFor(executionArn), undefined);
    expect(done.execution).toMatchObject({ status: 'SUCCEEDED', output: { approved: true } });
    expect(done.waiting).toEqual([]);
  });
});

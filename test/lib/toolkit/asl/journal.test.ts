import { TaskFailure, type HistoryEvent, type TaskHandler } from '../../../../lib/toolkit/asl/engine';
import { run, shape, startOn } from './helpers';

/**
 * The engine's side of RedriveExecution: a redrivable run keeps a journal; a redrive replays what
 * completed (no events, no task calls), runs again the state that did not complete, and within a
 * Parallel or inline Map only the branches and iterations that did not succeed.
 */
describe('redrive (engine)', () => {
  /** A task handler that fails the states named in `failing` until the execution is redriven, counting calls. */
  function flaky(failing: (task: Parameters<TaskHandler>[0]) => boolean) {
    const calls: string[] = [];
    const handler: TaskHandler = async (task) => {
      calls.push(`${task.stateName}:${JSON.stringify(task.input)}#${task.context.Execution.RedriveCount}`);
      if (task.context.Execution.RedriveCount === 0 && failing(task))
        throw new TaskFailure('Flaky', 'first run');
      return { done: task.stateName, input: task.input };
    };
    return { calls, handler };
  }

  /** Runs, then redrives once, as the runtime does: same input, the journal, ids going on. */
  async function twice(definition: unknown, handler: TaskHandler, input: unknown = {}) {
    const one = startOn(definition, input, { taskHandler: handler, redrivable: true });
    const firstOutcome = await one.execution.done;
    const firstEvents = [...one.events];
    const two = startOn(definition, input, {
      taskHandler: handler,
      clock: one.clock,
      redrive: {
        journal: one.execution.journal!,
        redriveCount: 1,
        lastEventId: firstEvents.length,
        startTime: new Date('2024-01-01T00:00:00.000Z'),
      },
    });
    const secondOutcome = await two.execution.done;
    return { firstOutcome, firstEvents, secondOutcome, secondEvents: two.events };
  }

  const task = (next?: string) => ({
    Type: 'Task',
    Resource: 'arn:aws:lambda:eu-west-1:123456789012:function:f',
    ...(next ? { Next: next } : { End: true }),
  });
  const types = (events: readonly HistoryEvent[]) => events.map((e) => e.type);

  it('keeps no journal unless asked', async () => {
    const { execution } = startOn({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, {});
    await execution.done;
    expect(execution.journal).toBeUndefined();
  });

  it('continues from the failed state: completed states are not run again, ids go on after ExecutionRedriven', async () => {
    const { calls, handler } = flaky((t) => t.stateName === 'B');
    const definition = {
      StartAt: 'A',
      States: {
        A: task('Mark'),
        Mark: { Type: 'Pass', Assign: { marked: 'yes' }, Next: 'B' },
        B: { ...task(), Parameters: { 'marked.$': '$marked', 'redrives.$': '$$.Execution.RedriveCount' } },
      },
    };
    const { firstOutcome, firstEvents, secondOutcome, secondEvents } = await twice(definition, handler, {
      n: 1,
    });
    expect(firstOutcome).toMatchObject({ status: 'FAILED', error: 'Flaky' });
    expect(secondOutcome).toMatchObject({
      status: 'SUCCEEDED',
      output: { done: 'B', input: { marked: 'yes', redrives: 1 } },
    });
    expect(calls).toEqual([
      'A:{"n":1}#0',
      'B:{"marked":"yes","redrives":0}#0',
      'B:{"marked":"yes","redrives":1}#1',
    ]);
    const last = firstEvents.length;
    expect(shape(secondEvents).slice(0, 2)).toEqual([
      `${last + 1}<-${last} ExecutionRedriven`,
      `${last + 2}<-${last + 1} TaskStateEntered`,
    ]);
    expect(secondEvents[0]).toMatchObject({ executionRedrivenEventDetails: { redriveCount: 1 } });
    expect(types(secondEvents)).not.toContain('PassStateEntered');
    expect(types(secondEvents).at(-1)).toBe('ExecutionSucceeded');
  });

  it('reruns only the failed branch of a Parallel', async () => {
    const { calls, handler } = flaky((t) => t.stateName === 'Right');
    const definition = {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'Left', States: { Left: task() } },
            { StartAt: 'Right1', States: { Right1: task('Right'), Right: task() } },
          ],
        },
      },
    };
    const { firstOutcome, secondOutcome, secondEvents } = await twice(definition, handler, { x: 1 });
    expect(firstOutcome.status).toBe('FAILED');
    expect(secondOutcome.status).toBe('SUCCEEDED');
    expect(calls.filter((c) => c.startsWith('Left'))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('Right1'))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('Right:'))).toHaveLength(2);
    if (secondOutcome.status !== 'SUCCEEDED') throw new Error('unreachable');
    expect(secondOutcome.output).toEqual([
      { done: 'Left', input: { x: 1 } },
      { done: 'Right', input: { done: 'Right1', input: { x: 1 } } },
    ]);
    expect(types(secondEvents)).toEqual([
      'ExecutionRedriven',
      'ParallelStateEntered',
      'ParallelStateStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ParallelStateSucceeded',
      'ParallelStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('reruns only the failed iterations of an inline Map', async () => {
    const { calls, handler } = flaky((t) => (t.input as { fail?: boolean }).fail === true);
    const definition = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          End: true,
          MaxConcurrency: 1,
          ItemProcessor: { StartAt: 'Work', States: { Work: task() } },
        },
      },
    };
    const items = [{ i: 0 }, { i: 1, fail: true }, { i: 2 }];
    const { secondOutcome, secondEvents } = await twice(definition, handler, items);
    expect(secondOutcome.status).toBe('SUCCEEDED');
    // Sequential: 0 succeeds, 1 fails (2 never starts); the redrive runs 1 and 2 only.
    expect(calls).toEqual([
      'Work:{"i":0}#0',
      'Work:{"i":1,"fail":true}#0',
      'Work:{"i":1,"fail":true}#1',
      'Work:{"i":2}#1',
    ]);
    if (secondOutcome.status !== 'SUCCEEDED') throw new Error('unreachable');
    expect(secondOutcome.output).toEqual(items.map((input) => ({ done: 'Work', input })));
    expect(
      secondEvents
        .filter((e) => e.type === 'MapIterationStarted')
        .map((e) => e.mapIterationStartedEventDetails),
    ).toEqual([
      { index: 1, name: 'Each' },
      { index: 2, name: 'Each' },
    ]);
  });

  it('resumes nested children: only the failed branch of the failed iteration runs again, variables replayed', async () => {
    const { calls, handler } = flaky((t) => t.stateName === 'B' && (t.input as { i: number }).i === 1);
    const definition = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          End: true,
          ItemProcessor: {
            StartAt: 'Remember',
            States: {
              Remember: { Type: 'Pass', Assign: { 'seen.$': '$.i' }, Next: 'Both' },
              Both: {
                Type: 'Parallel',
                End: true,
                Branches: [
                  { StartAt: 'A', States: { A: { ...task(), Parameters: { 'i.$': '$seen' } } } },
                  { StartAt: 'B', States: { B: { ...task(), Parameters: { 'i.$': '$seen' } } } },
                ],
              },
            },
          },
        },
      },
    };
    const { secondOutcome } = await twice(definition, handler, [{ i: 0 }, { i: 1 }]);
    expect(secondOutcome.status).toBe('SUCCEEDED');
    const ran = (state: string) => calls.filter((c) => c.startsWith(`${state}:`));
    expect(ran('A')).toEqual(['A:{"i":0}#0', 'A:{"i":1}#0']);
    expect(ran('B').filter((c) => c.endsWith('#1'))).toEqual(['B:{"i":1}#1']);
  });

  it('a Retry after the redrive’s first attempt starts every branch afresh', async () => {
    let rightAfterRedrive = 0;
    const calls: string[] = [];
    const handler: TaskHandler = async (t) => {
      calls.push(`${t.stateName}#${t.context.Execution.RedriveCount}`);
      if (t.stateName !== 'Right') return {};
      if (t.context.Execution.RedriveCount === 0 || rightAfterRedrive++ === 0)
        throw new TaskFailure('Flaky', '');
      return {};
    };
    const definition = {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          End: true,
          Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 1, MaxAttempts: 1 }],
          Branches: [
            { StartAt: 'Left', States: { Left: task() } },
            { StartAt: 'Right', States: { Right: task() } },
          ],
        },
      },
    };
    const { firstOutcome, secondOutcome } = await twice(definition, handler);
    expect(firstOutcome.status).toBe('FAILED');
    expect(secondOutcome.status).toBe('SUCCEEDED');
    // The redrive's first attempt skips Left; its Retry runs both branches again.
    expect(calls.filter((c) => c.startsWith('Left'))).toEqual(['Left#0', 'Left#0', 'Left#1']);
    expect(calls.filter((c) => c.startsWith('Right'))).toEqual(['Right#0', 'Right#0', 'Right#1', 'Right#1']);
  });

  it('a Retry within one run still reruns every branch', async () => {
    let attempts = 0;
    const calls: string[] = [];
    const handler: TaskHandler = async (t) => {
      calls.push(t.stateName);
      if (t.stateName === 'Right' && attempts++ === 0) throw new TaskFailure('Flaky', 'once');
      return {};
    };
    const definition = {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          End: true,
          Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 1 }],
          Branches: [
            { StartAt: 'Left', States: { Left: task() } },
            { StartAt: 'Right', States: { Right: task() } },
          ],
        },
      },
    };
    const result = await run(definition, {}, { taskHandler: handler, redrivable: true });
    expect(result.outcome.status).toBe('SUCCEEDED');
    expect(calls.filter((c) => c === 'Left')).toHaveLength(2);
  });
});

import { VirtualClock } from '../../../../lib/toolkit/asl/clock';
import { TaskFailure } from '../../../../lib/toolkit/asl/engine';
import { run, shape, single } from './helpers';

const LAMBDA = 'arn:aws:states:::lambda:invoke';
const FUNCTION = 'arn:aws:lambda:eu-west-1:123456789012:function:pay';

describe('execution history', () => {
  it('of a Pass state: numbered as AWS numbers it, inputs and outputs as JSON text', async () => {
    const { events } = await run(
      single({ Type: 'Pass', Result: { b: 2 }, ResultPath: '$.r' }),
      { a: 1 },
      {
        roleArn: 'arn:aws:iam::123456789012:role/r',
      },
    );
    expect(events).toEqual([
      {
        id: 1,
        previousEventId: 0,
        type: 'ExecutionStarted',
        timestamp: new Date('2024-01-01T00:00:00.000Z'),
        executionStartedEventDetails: {
          input: '{"a":1}',
          inputDetails: { truncated: false },
          roleArn: 'arn:aws:iam::123456789012:role/r',
        },
      },
      {
        id: 2,
        previousEventId: 0,
        type: 'PassStateEntered',
        timestamp: expect.any(Date),
        stateEnteredEventDetails: { name: 'S', input: '{"a":1}', inputDetails: { truncated: false } },
      },
      {
        id: 3,
        previousEventId: 2,
        type: 'PassStateExited',
        timestamp: expect.any(Date),
        stateExitedEventDetails: {
          name: 'S',
          output: '{"a":1,"r":{"b":2}}',
          outputDetails: { truncated: false },
        },
      },
      {
        id: 4,
        previousEventId: 3,
        type: 'ExecutionSucceeded',
        timestamp: expect.any(Date),
        executionSucceededEventDetails: {
          output: '{"a":1,"r":{"b":2}}',
          outputDetails: { truncated: false },
        },
      },
    ]);
  });

  it('of a Task that succeeds: TaskScheduled / TaskStarted / TaskSucceeded with the resource split', async () => {
    const { events } = await run(
      single({
        Type: 'Task',
        Resource: LAMBDA,
        Parameters: { FunctionName: 'f', 'Payload.$': '$' },
        TimeoutSeconds: 15,
      }),
      { n: 1 },
      { taskHandler: async () => ({ Payload: 'ok' }) },
    );
    expect(shape(events)).toEqual([
      '1<-0 ExecutionStarted',
      '2<-0 TaskStateEntered',
      '3<-2 TaskScheduled',
      '4<-3 TaskStarted',
      '5<-4 TaskSucceeded',
      '6<-5 TaskStateExited',
      '7<-6 ExecutionSucceeded',
    ]);
    expect(events[2].taskScheduledEventDetails).toEqual({
      resourceType: 'lambda',
      resource: 'invoke',
      region: 'eu-west-1',
      parameters: '{"FunctionName":"f","Payload":{"n":1}}',
      timeoutInSeconds: 15,
    });
    expect(events[3].taskStartedEventDetails).toEqual({ resourceType: 'lambda', resource: 'invoke' });
    expect(events[4].taskSucceededEventDetails).toEqual({
      resourceType: 'lambda',
      resource: 'invoke',
      output: '{"Payload":"ok"}',
      outputDetails: { truncated: false },
    });
  });

  it('of a Task that fails: TaskFailed, then ExecutionFailed with its error and cause', async () => {
    const { events } = await run(
      single({ Type: 'Task', Resource: 'arn:aws:states:::sns:publish' }),
      {},
      {
        taskHandler: async () => {
          throw new TaskFailure('SNS.NotFoundException', 'no topic');
        },
      },
    );
    expect(shape(events)).toEqual([
      '1<-0 ExecutionStarted',
      '2<-0 TaskStateEntered',
      '3<-2 TaskScheduled',
      '4<-3 TaskStarted',
      '5<-4 TaskFailed',
      '6<-5 ExecutionFailed',
    ]);
    expect(events[4].taskFailedEventDetails).toEqual({
      resourceType: 'sns',
      resource: 'publish',
      error: 'SNS.NotFoundException',
      cause: 'no topic',
    });
    expect(events[5].executionFailedEventDetails).toEqual({
      error: 'SNS.NotFoundException',
      cause: 'no topic',
    });
  });

  it('of a Task retried: each attempt scheduled after the previous failure, timestamps on the clock', async () => {
    let attempt = 0;
    const { events } = await run(
      single({ Type: 'Task', Resource: LAMBDA, Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 2 }] }),
      {},
      {
        taskHandler: async () => {
          attempt += 1;
          if (attempt === 1) throw new TaskFailure('Busy', '');
          return 'ok';
        },
      },
    );
    expect(shape(events)).toEqual([
      '1<-0 ExecutionStarted',
      '2<-0 TaskStateEntered',
      '3<-2 TaskScheduled',
      '4<-3 TaskStarted',
      '5<-4 TaskFailed',
      '6<-5 TaskScheduled',
      '7<-6 TaskStarted',
      '8<-7 TaskSucceeded',
      '9<-8 TaskStateExited',
      '10<-9 ExecutionSucceeded',
    ]);
    expect(events[4].timestamp).toEqual(new Date('2024-01-01T00:00:00.000Z'));
    expect(events[5].timestamp).toEqual(new Date('2024-01-01T00:00:02.000Z'));
  });

  it('of a Lambda function ARN: LambdaFunction* events', async () => {
    const ok = await run(single({ Type: 'Task', Resource: FUNCTION, TimeoutSeconds: 3 }), 'hi', {
      taskHandler: async (task) => task.input,
    });
    expect(shape(ok.events).slice(2, 5)).toEqual([
      '3<-2 LambdaFunctionScheduled',
      '4<-3 LambdaFunctionStarted',
      '5<-4 LambdaFunctionSucceeded',
    ]);
    expect(ok.events[2].lambdaFunctionScheduledEventDetails).toEqual({
      resource: FUNCTION,
      input: '"hi"',
      inputDetails: { truncated: false },
      timeoutInSeconds: 3,
    });
    expect(ok.events[3]).not.toHaveProperty('lambdaFunctionStartedEventDetails');
    expect(ok.events[4].lambdaFunctionSucceededEventDetails).toEqual({
      output: '"hi"',
      outputDetails: { truncated: false },
    });

    const failed = await run(
      single({ Type: 'Task', Resource: FUNCTION }),
      {},
      {
        taskHandler: async () => {
          throw new TaskFailure('Exception', '{"errorMessage":"boom"}');
        },
      },
    );
    expect(failed.events[4]).toMatchObject({
      type: 'LambdaFunctionFailed',
      lambdaFunctionFailedEventDetails: { error: 'Exception', cause: '{"errorMessage":"boom"}' },
    });
  });

  it('of a Parallel state: branch threads start at ParallelStateStarted, the exit follows the last branch event', async () => {
    const { events } = await run(
      single({
        Type: 'Parallel',
        Branches: [
          { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
          { StartAt: 'B1', States: { B1: { Type: 'Pass', Next: 'B2' }, B2: { Type: 'Pass', End: true } } },
        ],
      }),
    );
    expect(shape(events)).toEqual([
      '1<-0 ExecutionStarted',
      '2<-0 ParallelStateEntered',
      '3<-2 ParallelStateStarted',
      '4<-3 PassStateEntered',
      '5<-3 PassStateEntered',
      '6<-4 PassStateExited',
      '7<-5 PassStateExited',
      '8<-7 PassStateEntered',
      '9<-8 PassStateExited',
      '10<-9 ParallelStateSucceeded',
      '11<-9 ParallelStateExited',
      '12<-11 ExecutionSucceeded',
    ]);
  });

  it('of a Map state: iteration events, the state succeeded after the last iteration', async () => {
    const { events } = await run(
      single({
        Type: 'Map',
        MaxConcurrency: 1,
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      }),
      ['x', 'y'],
    );
    expect(shape(events)).toEqual([
      '1<-0 ExecutionStarted',
      '2<-0 MapStateEntered',
      '3<-2 MapStateStarted',
      '4<-3 MapIterationStarted',
      '5<-4 PassStateEntered',
      '6<-5 PassStateExited',
      '7<-6 MapIterationSucceeded',
      '8<-6 MapIterationStarted',
      '9<-8 PassStateEntered',
      '10<-9 PassStateExited',
      '11<-10 MapIterationSucceeded',
      '12<-11 MapStateSucceeded',
      '13<-11 MapStateExited',
      '14<-13 ExecutionSucceeded',
    ]);
    expect(events[2].mapStateStartedEventDetails).toEqual({ length: 2 });
    expect(events[3].mapIterationStartedEventDetails).toEqual({ index: 0, name: 'S' });
  });

  it('of a failing Map iteration: MapIterationFailed, then MapStateFailed', async () => {
    const { events } = await run(
      single({
        Type: 'Map',
        MaxConcurrency: 1,
        ItemProcessor: { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Bad' } } },
      }),
      [1],
    );
    expect(shape(events)).toEqual([
      '1<-0 ExecutionStarted',
      '2<-0 MapStateEntered',
      '3<-2 MapStateStarted',
      '4<-3 MapIterationStarted',
      '5<-4 FailStateEntered',
      '6<-5 MapIterationFailed',
      '7<-5 MapStateFailed',
      '8<-7 ExecutionFailed',
    ]);
  });

  it('of a failing concurrent Map: the siblings still running are aborted after the failed iteration', async () => {
    const clock = new VirtualClock();
    const { events } = await run(
      single({
        Type: 'Map',
        ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, End: true } } },
      }),
      [0, 1, 2],
      {
        clock,
        taskHandler: async (task) => {
          if (task.input === 0) {
            await clock.sleep(10, task.signal);
            throw new TaskFailure('Boom', 'x');
          }
          await clock.sleep(60_000, task.signal);
          return 'late';
        },
      },
    );
    expect(shape(events).slice(3, 6)).toEqual([
      '4<-3 MapIterationStarted',
      '5<-3 MapIterationStarted',
      '6<-3 MapIterationStarted',
    ]);
    expect(shape(events).slice(15)).toEqual([
      '16<-9 TaskFailed',
      '17<-16 MapIterationFailed',
      '18<-16 TaskStateAborted',
      '19<-16 MapIterationAborted',
      '20<-16 TaskStateAborted',
      '21<-16 MapIterationAborted',
      '22<-16 MapStateFailed',
      '23<-22 ExecutionFailed',
    ]);
    expect(events[18].mapIterationAbortedEventDetails).toEqual({ index: 1, name: 'S' });
  });

  it('records assigned variables on the exit event', async () => {
    const { events } = await run(single({ Type: 'Pass', Assign: { 'who.$': '$.name', n: 1 } }), {
      name: 'Ada',
    });
    expect(events[2].stateExitedEventDetails).toEqual({
      name: 'S',
      output: '{"name":"Ada"}',
      outputDetails: { truncated: false },
      assignedVariables: { who: '"Ada"', n: '1' },
      assignedVariablesDetails: { truncated: false },
    });
  });
});

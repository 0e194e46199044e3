/** A task dispatcher with recorded SQS queues and EventBridge buses, and tasks to give it. */
import type { TaskFailure, TaskInvocation } from '../../../../../lib/toolkit/asl/engine';
import { classifyResource } from '../../../../../lib/toolkit/asl/model';
import { FunctionRegistry } from '../../../../../lib/toolkit/local/function-registry';
import type { FunctionRunner } from '../../../../../lib/toolkit/local/lambda/function-runner';
import { EventBusRecorder } from '../../../../../lib/toolkit/local/messaging/event-bus-recorder';
import { defaultEventBus } from '../../../../../lib/toolkit/local/messaging/event-buses';
import { SqsRecorder } from '../../../../../lib/toolkit/local/messaging/sqs-recorder';
import { SnsRecorder } from '../../../../../lib/toolkit/local/sns-recorder';
import { createTaskHandler } from '../../../../../lib/toolkit/local/task-dispatcher';
import { DEFAULT_LOCAL_ENVIRONMENT } from '../../../../../lib/toolkit/local/template-resolver';

export const ACCOUNT = '123456789012';
export const QUEUE_URL = `http://127.0.0.1:8083/${ACCOUNT}/Orders`;
export const STATE_MACHINE = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:Flow`;
export const EXECUTION = `arn:aws:states:us-east-1:${ACCOUNT}:execution:Flow:run-1`;

export function setup() {
  const sqs = new SqsRecorder(
    [
      {
        logicalId: 'Orders',
        name: 'Orders',
        url: QUEUE_URL,
        arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:Orders`,
        fifo: false,
        contentBasedDeduplication: false,
        maximumMessageSize: 1_048_576,
      },
    ],
    ACCOUNT,
  );
  const events = new EventBusRecorder([defaultEventBus(DEFAULT_LOCAL_ENVIRONMENT)]);
  const handle = createTaskHandler({
    functions: new FunctionRegistry([]),
    runner: {} as FunctionRunner,
    sns: new SnsRecorder(new Set()),
    sqs,
    events,
    region: 'us-east-1',
  });
  return { sqs, events, handle };
}

export const task = (resource: string, input: unknown): TaskInvocation =>
  ({
    resource,
    classifiedResource: classifyResource(resource),
    input,
    stateName: 'Send',
    retryCount: 0,
    context: { StateMachine: { Id: STATE_MACHINE, Name: 'Flow' }, Execution: { Id: EXECUTION } },
    signal: new AbortController().signal,
  }) as unknown as TaskInvocation;

export const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the task to fail');
    },
    (error: unknown) => error as TaskFailure,
  );

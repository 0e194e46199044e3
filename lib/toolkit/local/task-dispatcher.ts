import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CallbackResult, TaskFailure, TaskHandler, TaskInvocation } from '../asl/engine';
import type { ServiceIntegrationResource } from '../asl/model';
import { waitsForTaskToken } from '../asl/model';
import { callDynamoDb, isDynamoDbAction } from './dynamodb/dynamodb-tasks';
import { FunctionNotFoundError, FunctionRegistry } from './function-registry';
import type { FunctionRunner, InvokeResult } from './lambda/function-runner';
import type { EventBusRecorder } from './messaging/event-bus-recorder';
import { callEvents, isEventsAction } from './messaging/events-tasks';
import type { SqsRecorder } from './messaging/sqs-recorder';
import { callSqs, isSqsAction } from './messaging/sqs-tasks';
import { errorDocument } from './lambda/local-function';
import { MockConfig, MockedResponse } from './mock-config';
import { SnsRecorder, TopicNotFoundError } from './sns-recorder';
import { unresolvedIn, unresolvedMessage } from './unresolved';

/** A mock configuration test case that this execution runs under. */
export interface MockSelection {
  readonly config: MockConfig;
  readonly stateMachineName: string;
  readonly testCase: string;
}

export interface TaskDispatcherDeps {
  readonly functions: FunctionRegistry;
  readonly runner: FunctionRunner;
  readonly sns: SnsRecorder;
  /** The recorded SQS queues; without it SQS tasks fail as a resource it cannot serve. */
  readonly sqs?: SqsRecorder;
  /** The recorded EventBridge buses; without it PutEvents tasks fail as a resource it cannot serve. */
  readonly events?: EventBusRecorder;
  readonly region: string;
  /** The app's DynamoDB Local (its access key namespace); without it DynamoDB tasks fail. */
  readonly dynamodb?: DynamoDBClient;
  /**
   * Whether a task's resource or input may hold an unresolved marker (lib/toolkit/local/unresolved.ts):
   * false when the assembly resolved entirely, which spares every call a walk through its input.
   * @default true
   */
  readonly mayHoldUnresolved?: boolean;
}

/**
 * The only place that knows how a Task's Resource is served locally: a mocked response when the
 * execution runs a mock test case that mocks the state; otherwise the app's bundled Lambda code,
 * the recorded SNS, SQS and EventBridge, or the app's DynamoDB Local. Anything else fails with a cause that says how to mock it.
 */
export function createTaskHandler(deps: TaskDispatcherDeps, mock?: MockSelection): TaskHandler {
  if (!mock) return (task) => serve(deps, task);
  // Per execution: the mock's attempt numbers count every invocation of a state, retries included.
  const invocations = new Map<string, number>();
  return (task) => {
    const attempt = invocations.get(task.stateName) ?? 0;
    invocations.set(task.stateName, attempt + 1);
    return mockedAnswer(mock, task, attempt) ?? serve(deps, task);
  };
}

/**
 * The test case's answer to this attempt as a settled promise (made here, not by an async
 * function: it is every mocked task's path), or undefined when the test case does not mock the state.
 */
function mockedAnswer(
  mock: MockSelection,
  task: TaskInvocation,
  attempt: number,
): Promise<unknown> | undefined {
  let response: MockedResponse | undefined;
  try {
    response = mock.config.responseFor(mock.stateMachineName, mock.testCase, task.stateName, attempt);
  } catch (error) {
    return Promise.reject(error);
  }
  switch (response?.kind) {
    case 'return':
      // As in Step Functions Local, a mocked `.waitForTaskToken` task's response is the callback's answer.
      return Promise.resolve(
        waitsForTaskToken(task.classifiedResource) ? new CallbackResult(response.value) : response.value,
      );
    case 'throw':
      return Promise.reject(new TaskFailure(response.error, response.cause));
    default:
      return undefined;
  }
}

/** How a Resource, as the model classified it, is served locally. */
async function serve(deps: TaskDispatcherDeps, task: TaskInvocation): Promise<unknown> {
  const unresolved = deps.mayHoldUnresolved === false ? undefined : unresolvedIn([task.resource, task.input]);
  if (unresolved) {
    throw new TaskFailure(
      'States.Runtime',
      `state "${task.stateName}": ${unresolvedMessage(unresolved)}. Mock the state (--mock-config and --test-case; see README).`,
    );
  }
  const resource = task.classifiedResource;
  switch (resource.kind) {
    case 'lambda-function':
      return invokeFunction(deps, resource.arn, task.input, task.signal);
    case 'service':
      return callService(deps, task, resource);
    case 'activity':
    case 'unrecognized':
      throw cannotServe(task);
  }
}

/**
 * The service integrations served locally: request-response, and the request of a
 * `.waitForTaskToken` task (the engine then waits for its token). A `.sync` job is not served here
 * (a mock test case can stand in for one).
 */
async function callService(
  deps: TaskDispatcherDeps,
  task: TaskInvocation,
  resource: ServiceIntegrationResource,
): Promise<unknown> {
  if (resource.pattern === 'sync' || resource.pattern === 'sync:2') throw cannotServe(task);
  return requestResponse(deps, task, resource);
}

/**
 * A service call's request and its answer: the whole of a request-response task, and the first
 * half of a `.waitForTaskToken` one (the message carrying the token, recorded as sent).
 */
async function requestResponse(
  deps: TaskDispatcherDeps,
  task: TaskInvocation,
  resource: ServiceIntegrationResource,
): Promise<unknown> {
  switch (resource.service) {
    case 'lambda':
      // The optimized integration only: the AWS SDK one answers in another shape.
      if (!resource.sdk && resource.action === 'invoke') return invokeLambdaIntegration(deps, task);
      break;
    case 'sns':
      // Both integrations answer a publish alike.
      if (resource.action === 'publish') return publish(deps, task);
      break;
    case 'dynamodb':
      if (isDynamoDbAction(resource)) return callDynamoDb(deps.dynamodb, task, resource);
      break;
    case 'sqs':
      if (isSqsAction(resource) && deps.sqs) return callSqs(deps.sqs, task, resource);
      break;
    case 'events':
    case 'eventbridge':
      if (isEventsAction(resource) && deps.events) return callEvents(deps.events, task, resource);
      break;
  }
  throw cannotServe(task);
}

function cannotServe(task: TaskInvocation): TaskFailure {
  return new TaskFailure(
    'States.Runtime',
    `The local runtime cannot call ${task.resource} (state "${task.stateName}"). ` +
      'Mock it with a mock configuration test case (--mock-config and --test-case; see README).',
  );
}

/** `arn:aws:states:::lambda:invoke`: the function's payload wrapped as the integration returns it. */
async function invokeLambdaIntegration(deps: TaskDispatcherDeps, task: TaskInvocation) {
  const params = (task.input ?? {}) as { FunctionName?: unknown; Payload?: unknown };
  if (typeof params.FunctionName !== 'string') {
    throw new TaskFailure(
      'States.Runtime',
      `state "${task.stateName}": Parameters.FunctionName must be a string`,
    );
  }
  // A Payload of null (`"Payload.$": "$"` on a null input) is sent as null, as AWS sends it: only
  // a missing one becomes {}.
  const event = params.Payload === undefined ? {} : params.Payload;
  const payload = await invokeFunction(deps, params.FunctionName, event, task.signal);
  const requestId = randomUUID();
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload,
    SdkHttpMetadata: {
      AllHttpHeaders: { 'X-Amz-Executed-Version': ['$LATEST'], 'x-amzn-RequestId': [requestId] },
      HttpHeaders: { 'X-Amz-Executed-Version': '$LATEST', 'x-amzn-RequestId': requestId },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

async function invokeFunction(
  deps: TaskDispatcherDeps,
  reference: string,
  event: unknown,
  signal: AbortSignal,
) {
  let result: InvokeResult;
  try {
    result = await deps.runner.invoke(deps.functions.find(reference), event, { signal });
  } catch (error) {
    if (error instanceof FunctionNotFoundError) {
      throw new TaskFailure(
        'Lambda.ResourceNotFoundException',
        `${error.message} (not a function of this app)`,
      );
    }
    throw error;
  }
  if (result.ok) return result.payload;
  // As Step Functions reports a function error: its type as the error, the runtime's JSON as the cause.
  throw new TaskFailure(result.errorType, JSON.stringify(errorDocument(result)));
}

function publish(deps: TaskDispatcherDeps, task: TaskInvocation) {
  const params = (task.input ?? {}) as Record<string, unknown>;
  const topicArn = params.TopicArn;
  if (typeof topicArn !== 'string') {
    throw new TaskFailure('SNS.InvalidParameterException', 'Invalid parameter: TopicArn');
  }
  const message = typeof params.Message === 'string' ? params.Message : JSON.stringify(params.Message ?? '');
  try {
    const record = deps.sns.publish({
      topicArn,
      message,
      subject: typeof params.Subject === 'string' ? params.Subject : undefined,
      messageAttributes: params.MessageAttributes as Record<string, unknown> | undefined,
    });
    const requestId = randomUUID();
    return {
      MessageId: record.messageId,
      SdkHttpMetadata: { HttpHeaders: { 'x-amzn-RequestId': requestId }, HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: requestId },
    };
  } catch (error) {
    if (error instanceof TopicNotFoundError) throw new TaskFailure('SNS.NotFoundException', error.message);
    throw error;
  }
}

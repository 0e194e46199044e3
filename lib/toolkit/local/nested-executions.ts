/**
 * Step Functions as a service to its own executions, served by the runtime itself (not the task
 * dispatcher: only the runtime has the machines and the tokens):
 * - `arn:aws:states:::states:startExecution` starts a child execution on this runtime's machines:
 *   request-response answers at once; `.waitForTaskToken` answers at once and the engine waits for
 *   the token; `.sync` / `.sync:2` record TaskSubmitted and end with the child (its description,
 *   Input and Output as JSON text for `.sync`, as JSON for `.sync:2`), failing with
 *   States.TaskFailed and the description as cause when the child does not succeed. Stopping the
 *   parent's task stops a `.sync` child.
 * - `arn:aws:states:::aws-sdk:sfn:sendTaskSuccess | sendTaskFailure | sendTaskHeartbeat` answer a
 *   task token, as a child execution answers its parent's `.waitForTaskToken` task.
 * A state the execution's mock test case mocks is left to the mock.
 */
import { randomUUID } from 'node:crypto';
import { TaskFailure, TaskHandler, TaskInvocation } from '../asl/engine';
import type { ServiceIntegrationResource } from '../asl/model';
import type { ExecutionRecord } from './execution-store';
import { StepFunctionsError } from './step-functions-errors';

/** What this needs of the runtime. */
export interface OwnExecutions {
  start(request: { stateMachine: string; name?: string; input?: unknown }): ExecutionRecord;
  sendTaskSuccess(token: string, output: unknown): void;
  sendTaskFailure(token: string, error?: string, cause?: string): void;
  sendTaskHeartbeat(token: string): void;
}

/**
 * Serves Step Functions' own integrations before `handler` serves the rest. Every other task goes
 * straight to `handler`, with no promise of this layer's own: it sits on every task's path.
 */
export function withStepFunctions(
  handler: TaskHandler,
  runtime: OwnExecutions,
  mocked: (stateName: string) => boolean = () => false,
): TaskHandler {
  return (task) => {
    const resource = task.classifiedResource;
    if (resource.kind !== 'service' || !isOwnIntegration(resource) || mocked(task.stateName)) {
      return handler(task);
    }
    return serveOwn(runtime, task, resource);
  };
}

function isOwnIntegration(resource: ServiceIntegrationResource): boolean {
  return resource.sdk
    ? resource.service === 'sfn' && resource.action in TOKEN_ACTIONS
    : resource.service === 'states' && resource.action === 'startExecution';
}

/** A child execution, or a token answered; a refusal rejects (never throws). */
async function serveOwn(runtime: OwnExecutions, task: TaskInvocation, resource: ServiceIntegrationResource) {
  if (resource.sdk) return answerToken(runtime, task, resource.action);
  return startChild(runtime, task, resource);
}

// ------------------------------------------------------------------------------ startExecution

async function startChild(
  runtime: OwnExecutions,
  task: TaskInvocation,
  resource: ServiceIntegrationResource,
) {
  const params = parametersOf(task);
  const stateMachine = params.StateMachineArn;
  if (typeof stateMachine !== 'string') {
    throw new TaskFailure(
      'StepFunctions.ValidationException',
      `state "${task.stateName}": Parameters.StateMachineArn must be a state machine ARN (got ${JSON.stringify(stateMachine)})`,
    );
  }
  const name = typeof params.Name === 'string' ? params.Name : undefined;
  const child = asTaskFailure('StepFunctions', () =>
    runtime.start({ stateMachine, name, input: childInput(task, params.Input) }),
  );
  const started = startResponse(child);
  if (resource.pattern !== 'sync' && resource.pattern !== 'sync:2') return started;
  task.submitted?.(started);
  await untilEnded(child, task.signal);
  const description = describe(child, resource.pattern === 'sync:2');
  if (child.status === 'SUCCEEDED') return description;
  throw new TaskFailure('States.TaskFailed', JSON.stringify(description));
}

/** `Input` as the child receives it: a JSON value as is, JSON text parsed, none as `{}`. */
function childInput(task: TaskInvocation, input: unknown): unknown {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input);
  } catch (error) {
    throw new TaskFailure(
      'StepFunctions.InvalidExecutionInputException',
      `state "${task.stateName}": Parameters.Input is text but not JSON: ${(error as Error).message}`,
    );
  }
}

/** What StartExecution answers through the optimized integration (dates in epoch milliseconds). */
function startResponse(child: ExecutionRecord) {
  const requestId = randomUUID();
  return {
    ExecutionArn: child.executionArn,
    SdkHttpMetadata: {
      AllHttpHeaders: { 'Content-Type': ['application/x-amz-json-1.0'], 'x-amzn-RequestId': [requestId] },
      HttpHeaders: { 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-RequestId': requestId },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StartDate: child.startDate.getTime(),
  };
}

/** Resolves when the child ends; stops it if the parent's task is stopped or times out first. */
async function untilEnded(child: ExecutionRecord, signal: AbortSignal) {
  const stop = () => child.running?.stop();
  signal.addEventListener('abort', stop, { once: true });
  try {
    await child.done;
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

/** DescribeExecution's answer as `.sync` (JSON text) or `.sync:2` (JSON values) hands it on. */
function describe(child: ExecutionRecord, asJson: boolean) {
  const data = (value: unknown) => (asJson ? value : JSON.stringify(value));
  const succeeded = child.status === 'SUCCEEDED';
  return {
    ...(child.error !== undefined ? { Error: child.error } : {}),
    ...(child.cause !== undefined ? { Cause: child.cause } : {}),
    ExecutionArn: child.executionArn,
    Input: data(child.input),
    InputDetails: { Included: true },
    Name: child.name,
    ...(succeeded ? { Output: data(child.output), OutputDetails: { Included: true } } : {}),
    StartDate: child.startDate.getTime(),
    StateMachineArn: child.stateMachineArn,
    Status: child.status,
    StopDate: child.stopDate?.getTime(),
  };
}

// ------------------------------------------------------------------------------ task tokens

const TOKEN_ACTIONS: Record<string, true> = {
  sendTaskSuccess: true,
  sendTaskFailure: true,
  sendTaskHeartbeat: true,
};

/** The AWS SDK integration's calls: PascalCase fields as the API names them; an empty answer. */
function answerToken(runtime: OwnExecutions, task: TaskInvocation, action: string) {
  const params = parametersOf(task);
  const token = requireString(task, params, 'TaskToken');
  asTaskFailure('Sfn', () => {
    if (action === 'sendTaskHeartbeat') return runtime.sendTaskHeartbeat(token);
    if (action === 'sendTaskFailure') {
      return runtime.sendTaskFailure(
        token,
        optionalString(task, params, 'Error'),
        optionalString(task, params, 'Cause'),
      );
    }
    const text = requireString(task, params, 'Output');
    let output: unknown;
    try {
      output = JSON.parse(text);
    } catch (error) {
      throw new TaskFailure('Sfn.InvalidOutputException', `Invalid Output: '${(error as Error).message}'`);
    }
    return runtime.sendTaskSuccess(token, output);
  });
  return {};
}

// ------------------------------------------------------------------------------ shared

function parametersOf(task: TaskInvocation): Record<string, unknown> {
  const input = task.input;
  return input !== null && typeof input === 'object' && !Array.isArray(input)
    ? (input as Record<string, unknown>)
    : {};
}

function requireString(task: TaskInvocation, params: Record<string, unknown>, field: string): string {
  const value = params[field];
  if (typeof value === 'string') return value;
  throw new TaskFailure(
    'Sfn.ValidationException',
    `state "${task.stateName}": Parameters.${field} must be a string (got ${JSON.stringify(value) ?? 'nothing'})`,
  );
}

function optionalString(task: TaskInvocation, params: Record<string, unknown>, field: string) {
  return params[field] === undefined ? undefined : requireString(task, params, field);
}

/**
 * A runtime refusal as the task sees it: `<Service>.<Name>Exception`, as Step Functions names an
 * integration's errors (`StepFunctions.ExecutionAlreadyExistsException`, `Sfn.TaskTimedOutException`).
 */
function asTaskFailure<T>(service: 'StepFunctions' | 'Sfn', work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof StepFunctionsError)) throw error;
    const name = error.name.endsWith('Exception') ? error.name : `${error.name}Exception`;
    throw new TaskFailure(`${service}.${name}`, error.message);
  }
}

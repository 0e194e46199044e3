import type { HistoryEvent, TestStateRequest } from '../asl/engine';
import { apiErrors } from '../local/api-errors';
import type { ExecutionRecord } from '../local/execution-store';
import type { LocalRuntime, LocalStateMachine } from '../local/local-runtime';
import { compact, epochSeconds, paginate } from './wire';

type Request = Record<string, unknown>;
type Action = (runtime: LocalRuntime, request: Request) => unknown | Promise<unknown>;

/** The Step Functions API actions the endpoint answers, by `X-Amz-Target` operation name. */
export const SFN_ACTIONS: Record<string, Action> = {
  ListStateMachines: (runtime, request) => {
    const { page, nextToken } = paginate(
      runtime.listStateMachines(),
      request.maxResults,
      request.nextToken,
      100,
    );
    return compact({
      stateMachines: page.map((m) => ({
        stateMachineArn: m.arn,
        name: m.name,
        type: m.type,
        creationDate: epochSeconds(m.creationDate),
      })),
      nextToken,
    });
  },
  DescribeStateMachine: (runtime, request) =>
    describeMachine(runtime.describeStateMachine(required(request, 'stateMachineArn'))),
  CreateStateMachine: (runtime, request) => {
    const machine = runtime.createStateMachine({
      name: optionalString(request, 'name'),
      definition: optionalString(request, 'definition'),
      roleArn: optionalString(request, 'roleArn'),
      type: optionalString(request, 'type'),
    });
    return { stateMachineArn: machine.arn, creationDate: epochSeconds(machine.creationDate) };
  },
  UpdateStateMachine: (runtime, request) => ({
    updateDate: epochSeconds(
      runtime.updateStateMachine({
        stateMachineArn: required(request, 'stateMachineArn'),
        definition: optionalString(request, 'definition'),
        roleArn: optionalString(request, 'roleArn'),
      }),
    ),
  }),
  DeleteStateMachine: (runtime, request) => {
    runtime.deleteStateMachine(required(request, 'stateMachineArn'));
    return {};
  },
  StartExecution: (runtime, request) => {
    const record = runtime.startExecution(startRequest(request));
    return { executionArn: record.executionArn, startDate: epochSeconds(record.startDate) };
  },
  StartSyncExecution: async (runtime, request) => {
    const record = await runtime.startSyncExecution(startRequest(request));
    const billedMs = Math.max(
      100,
      Math.ceil((record.stopDate!.getTime() - record.startDate.getTime()) / 100) * 100,
    );
    return compact({
      ...describeExecution(record),
      billingDetails: { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: billedMs },
    });
  },
  DescribeExecution: (runtime, request) =>
    describeExecution(runtime.describeExecution(required(request, 'executionArn'))),
  GetExecutionHistory: (runtime, request) => {
    const events = runtime.getExecutionHistory(
      required(request, 'executionArn'),
      request.reverseOrder === true,
    );
    const { page, nextToken } = paginate(events, request.maxResults, request.nextToken, 1000);
    const withData = request.includeExecutionData !== false;
    return compact({ events: page.map((e) => historyEvent(e, withData)), nextToken });
  },
  ListExecutions: (runtime, request) => {
    const records = runtime.listExecutions({
      stateMachineArn: required(request, 'stateMachineArn'),
      statusFilter: optionalString(request, 'statusFilter'),
    });
    const { page, nextToken } = paginate(records, request.maxResults, request.nextToken, 100);
    return compact({
      executions: page.map(executionSummary),
      nextToken,
    });
  },
  // Sent to `sync-<host>` by the SDKs (clients use disableHostPrefix: true locally).
  TestState: (runtime, request) => runtime.testState(testStateRequest(request)),
  StopExecution: (runtime, request) => ({
    stopDate: epochSeconds(
      runtime.stopExecution(
        required(request, 'executionArn'),
        optionalString(request, 'error'),
        optionalString(request, 'cause'),
      ),
    ),
  }),
};

function describeMachine(m: LocalStateMachine) {
  return {
    stateMachineArn: m.arn,
    name: m.name,
    status: 'ACTIVE',
    definition: JSON.stringify(m.definition),
    roleArn: m.roleArn,
    type: m.type,
    creationDate: epochSeconds(m.creationDate),
    loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    tracingConfiguration: { enabled: false },
  };
}

/** What ListExecutions gives for each execution; DescribeExecution adds input, output and error. */
function executionSummary(r: ExecutionRecord) {
  return compact({
    executionArn: r.executionArn,
    stateMachineArn: r.stateMachineArn,
    name: r.name,
    status: r.status,
    startDate: epochSeconds(r.startDate),
    stopDate: epochSeconds(r.stopDate),
  });
}

function describeExecution(r: ExecutionRecord) {
  return compact({
    ...executionSummary(r),
    input: r.input,
    inputDetails: { included: true },
    output: r.output,
    outputDetails: r.output === undefined ? undefined : { included: true },
    error: r.error,
    cause: r.cause,
  });
}

function historyEvent(event: HistoryEvent, includeData: boolean) {
  const { timestamp, ...rest } = event;
  const shaped: Record<string, unknown> = { ...rest, timestamp: epochSeconds(timestamp) };
  if (!includeData) {
    for (const [key, details] of Object.entries(shaped)) {
      if (key.endsWith('EventDetails') && details && typeof details === 'object') {
        const kept = { ...(details as Record<string, unknown>) };
        delete kept.input;
        delete kept.output;
        shaped[key] = kept;
      }
    }
  }
  return shaped;
}

/** TestState's request: strings as they are, the two structures if they are objects. */
function testStateRequest(request: Request): TestStateRequest {
  const structure = (field: string) => {
    const value = request[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value))
      throw apiErrors.serialization(`'${field}' must be an object`);
    return value as Record<string, never>;
  };
  return {
    definition: optionalString(request, 'definition'),
    stateName: optionalString(request, 'stateName'),
    input: optionalString(request, 'input'),
    variables: optionalString(request, 'variables'),
    context: optionalString(request, 'context'),
    roleArn: optionalString(request, 'roleArn'),
    inspectionLevel: optionalString(request, 'inspectionLevel'),
    revealSecrets: request.revealSecrets === true,
    mock: structure('mock'),
    stateConfiguration: structure('stateConfiguration'),
  };
}

function startRequest(request: Request) {
  return {
    stateMachineArn: required(request, 'stateMachineArn'),
    name: optionalString(request, 'name'),
    input: optionalString(request, 'input'),
  };
}

function required(request: Request, field: string): string {
  const value = request[field];
  if (typeof value !== 'string') {
    throw apiErrors.validation(
      value === undefined || value === null
        ? `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`
        : `Start of structure or map found where not expected: '${field}' must be a string`,
    );
  }
  return value;
}

function optionalString(request: Request, field: string): string | undefined {
  const value = request[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw apiErrors.serialization(`'${field}' must be a string`);
  return value;
}

import type { ExecutionStatus, HistoryEvent } from '../asl/engine';
import type { ExecutionRecord } from '../local/execution-store';
import type {
  CreateStateMachineRequest,
  LocalRuntime,
  LocalStateMachine,
  StartRequest,
} from '../local/local-runtime';
import type { RedriveFilter, RedriveView } from '../local/redrive';
import { requireStateMachineName, requireStateMachineType } from '../local/request-rules';
import { MAP_RUN_ACTIONS } from './map-run-api';
import {
  executionTarget,
  optionalString,
  parseDefinition,
  parseInput,
  parseOutput,
  Request,
  required,
  stateMachineArn,
  testStateRequest,
} from './sfn-request';
import { requestTags, SFN_ACTIVITY_ACTIONS } from './sfn-activity-api';
import {
  describeVersion,
  publishIfAsked,
  requirePublishFields,
  VERSION_ACTIONS,
  versionFieldsOf,
} from './sfn-versions-api';
import { compact, epochSeconds, paginate } from './wire';

/** `signal` aborts when the client goes away before its answer (a worker's long poll). */
type Action = (runtime: LocalRuntime, request: Request, signal?: AbortSignal) => unknown | Promise<unknown>;

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
  DescribeStateMachine: (runtime, request) => {
    const arn = stateMachineArn(request);
    const version = runtime.versioning.versions.find(arn);
    if (version) return describeVersion(runtime.describeStateMachine(version.machineArn), version);
    return describeMachine(runtime.describeStateMachine(arn));
  },
  CreateStateMachine: (runtime, request) => {
    requirePublishFields(request);
    const machine = runtime.createStateMachine(createRequest(request));
    return {
      stateMachineArn: machine.arn,
      creationDate: epochSeconds(machine.creationDate),
      ...publishIfAsked(runtime, request, machine.arn),
    };
  },
  UpdateStateMachine: (runtime, request) => {
    const arn = stateMachineArn(request);
    const definition = optionalString(request, 'definition');
    const roleArn = optionalString(request, 'roleArn');
    runtime.describeStateMachine(arn);
    requirePublishFields(request);
    const update = {
      definition: definition === undefined ? undefined : parseDefinition(definition),
      roleArn,
    };
    const updateDate = epochSeconds(runtime.updateStateMachine(arn, update));
    const { revisionId } = runtime.describeStateMachine(arn);
    return compact({ updateDate, revisionId, ...publishIfAsked(runtime, request, arn) });
  },
  DeleteStateMachine: (runtime, request) => {
    runtime.deleteStateMachine(stateMachineArn(request));
    return {};
  },
  StartExecution: (runtime, request) => {
    const record = runtime.start(startRequest(runtime, request, 'async'));
    return { executionArn: record.executionArn, startDate: epochSeconds(record.startDate) };
  },
  StartSyncExecution: async (runtime, request) => {
    const record = await runtime.startSync(startRequest(runtime, request, 'sync'));
    const billedMs = Math.max(
      100,
      Math.ceil((record.stopDate!.getTime() - record.startDate.getTime()) / 100) * 100,
    );
    return compact({
      ...describeExecution(record),
      billingDetails: { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: billedMs },
    });
  },
  DescribeExecution: (runtime, request) => {
    const record = runtime.describeExecution(required(request, 'executionArn'));
    return compact({ ...describeExecution(record), ...redriveFields(runtime.redriveView(record)) });
  },
  GetExecutionHistory: (runtime, request) => {
    const events = runtime.getExecutionHistory(required(request, 'executionArn'), {
      reverseOrder: request.reverseOrder === true,
    });
    const { page, nextToken } = paginate(events, request.maxResults, request.nextToken, 1000);
    const withData = request.includeExecutionData !== false;
    return compact({ events: page.map((e) => historyEvent(e, withData)), nextToken });
  },
  ListExecutions: (runtime, request) => {
    const records = runtime.listExecutions(stateMachineArn(request), {
      // The runtime checks the value against AWS's statuses.
      status: optionalString(request, 'statusFilter') as ExecutionStatus | undefined,
      redriveFilter: optionalString(request, 'redriveFilter') as RedriveFilter | undefined,
    });
    const { page, nextToken } = paginate(records, request.maxResults, request.nextToken, 100);
    return compact({
      executions: page.map((r) =>
        compact({
          ...executionSummary(r),
          redriveCount: r.redriveCount ?? 0,
          redriveDate: epochSeconds(r.redriveDate),
        }),
      ),
      nextToken,
    });
  },
  // Sent to `sync-<host>` by the SDKs (clients use disableHostPrefix: true locally).
  TestState: (runtime, request) => runtime.testState(testStateRequest(request)),
  // Callbacks for `.waitForTaskToken` tasks; each answers an empty structure.
  SendTaskSuccess: (runtime, request) => {
    const token = required(request, 'taskToken');
    runtime.sendTaskSuccess(token, parseOutput(required(request, 'output')));
    return {};
  },
  SendTaskFailure: (runtime, request) => {
    const token = required(request, 'taskToken');
    runtime.sendTaskFailure(token, optionalString(request, 'error'), optionalString(request, 'cause'));
    return {};
  },
  SendTaskHeartbeat: (runtime, request) => {
    runtime.sendTaskHeartbeat(required(request, 'taskToken'));
    return {};
  },
  ...MAP_RUN_ACTIONS,
  RedriveExecution: (runtime, request) => {
    const record = runtime.redrive(required(request, 'executionArn'), {
      clientToken: optionalString(request, 'clientToken'),
    });
    return { redriveDate: epochSeconds(record.redriveDate) };
  },
  StopExecution: (runtime, request) => ({
    stopDate: epochSeconds(
      runtime.stopExecution(required(request, 'executionArn'), {
        error: optionalString(request, 'error'),
        cause: optionalString(request, 'cause'),
      }),
    ),
  }),
  ...SFN_ACTIVITY_ACTIONS,
  ...VERSION_ACTIONS,
};

/**
 * CreateStateMachine's request as values, checked in the order the runtime checks it (name, type,
 * then the definition), its definition's JSON included.
 */
function createRequest(request: Request): CreateStateMachineRequest {
  const name = optionalString(request, 'name') ?? '';
  const definition = optionalString(request, 'definition');
  const roleArn = optionalString(request, 'roleArn');
  const type = optionalString(request, 'type');
  return {
    name: requireStateMachineName(name),
    type: requireStateMachineType(type),
    roleArn,
    definition: parseDefinition(definition),
    tags: requestTags(request, 'optional'),
  };
}

/**
 * StartExecution's (or StartSyncExecution's) request as values. The state machine and its test
 * case are checked before the input is parsed, as the runtime checks them.
 */
function startRequest(runtime: LocalRuntime, request: Request, mode: 'async' | 'sync'): StartRequest {
  const target = executionTarget(required(request, 'stateMachineArn'));
  const name = optionalString(request, 'name');
  const input = optionalString(request, 'input');
  runtime.stateMachineToStart(target, mode);
  return { ...target, name, input: parseInput(input) };
}

function describeMachine(m: LocalStateMachine) {
  return compact({
    stateMachineArn: m.arn,
    name: m.name,
    status: 'ACTIVE',
    definition: JSON.stringify(m.definition),
    roleArn: m.roleArn,
    type: m.type,
    creationDate: epochSeconds(m.creationDate),
    revisionId: m.revisionId,
    loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    tracingConfiguration: { enabled: false },
  });
}

/** What ListExecutions gives for each execution; DescribeExecution adds input, output and error. */
function executionSummary(r: ExecutionRecord) {
  return compact({
    executionArn: r.executionArn,
    stateMachineArn: r.stateMachineArn,
    ...versionFieldsOf(r),
    name: r.name,
    status: r.status,
    startDate: epochSeconds(r.startDate),
    stopDate: epochSeconds(r.stopDate),
  });
}

function describeExecution(r: ExecutionRecord) {
  return compact({
    ...executionSummary(r),
    input: r.inputText ?? JSON.stringify(r.input),
    inputDetails: { included: true },
    output: r.status === 'SUCCEEDED' ? (r.outputText ?? JSON.stringify(r.output)) : undefined,
    outputDetails: r.status === 'SUCCEEDED' ? { included: true } : undefined,
    error: r.error,
    cause: r.cause,
  });
}

function redriveFields(view: RedriveView) {
  return { ...view, redriveDate: epochSeconds(view.redriveDate) };
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

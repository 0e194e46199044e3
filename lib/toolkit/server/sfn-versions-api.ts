/**
 * The Step Functions API's versions, aliases, ValidateStateMachineDefinition and
 * DescribeStateMachineForExecution, as JSON on the wire; the runtime's versioning
 * (lib/toolkit/local/versioning.ts) does the work. Shapes follow AWS's recorded answers
 * (LocalStack's test_sfn_api_versioning / _aliasing / _validation snapshots).
 */
import type { RoutingEntry, StateMachineAlias } from '../local/aliases';
import type { ExecutionRecord } from '../local/execution-store';
import type { LocalRuntime, LocalStateMachine } from '../local/local-runtime';
import { stepFunctionsErrors } from '../local/step-functions-errors';
import type { StateMachineVersion } from '../local/versions';
import { wireErrors } from './api-error';
import { optionalString, Request, required } from './sfn-request';
import { compact, epochSeconds, paginate } from './wire';

type Action = (runtime: LocalRuntime, request: Request) => unknown;

export const VERSION_ACTIONS: Record<string, Action> = {
  PublishStateMachineVersion: (runtime, request) => {
    const arn = required(request, 'stateMachineArn');
    const version = runtime.versioning.publish(arn, {
      description: optionalString(request, 'description'),
      revisionId: optionalString(request, 'revisionId'),
    });
    return { stateMachineVersionArn: version.arn, creationDate: epochSeconds(version.creationDate) };
  },
  ListStateMachineVersions: (runtime, request) => {
    const versions = runtime.versioning.listVersions(required(request, 'stateMachineArn'));
    const { page, nextToken } = paginate(versions, request.maxResults, request.nextToken, 100);
    return compact({
      stateMachineVersions: page.map((v) => ({
        stateMachineVersionArn: v.arn,
        creationDate: epochSeconds(v.creationDate),
      })),
      nextToken,
    });
  },
  DeleteStateMachineVersion: (runtime, request) => {
    runtime.versioning.deleteVersion(required(request, 'stateMachineVersionArn'));
    return {};
  },
  CreateStateMachineAlias: (runtime, request) => {
    const alias = runtime.versioning.createAlias({
      name: required(request, 'name'),
      description: optionalString(request, 'description'),
      routingConfiguration: routingOf(request) ?? [],
    });
    return { stateMachineAliasArn: alias.arn, creationDate: epochSeconds(alias.creationDate) };
  },
  DescribeStateMachineAlias: (runtime, request) =>
    describeAlias(runtime.versioning.describeAlias(required(request, 'stateMachineAliasArn'))),
  ListStateMachineAliases: (runtime, request) => {
    const aliases = runtime.versioning.listAliases(required(request, 'stateMachineArn'));
    const { page, nextToken } = paginate(aliases, request.maxResults, request.nextToken, 100);
    return compact({
      stateMachineAliases: page.map((a) => ({
        stateMachineAliasArn: a.arn,
        creationDate: epochSeconds(a.creationDate),
      })),
      nextToken,
    });
  },
  UpdateStateMachineAlias: (runtime, request) => {
    const alias = runtime.versioning.updateAlias(required(request, 'stateMachineAliasArn'), {
      description: optionalString(request, 'description'),
      routingConfiguration: routingOf(request),
    });
    return { updateDate: epochSeconds(alias.updateDate) };
  },
  DeleteStateMachineAlias: (runtime, request) => {
    runtime.versioning.deleteAlias(required(request, 'stateMachineAliasArn'));
    return {};
  },
  ValidateStateMachineDefinition: (runtime, request) => {
    const maxResults = request.maxResults;
    if (maxResults !== undefined && maxResults !== null && typeof maxResults !== 'number') {
      throw wireErrors.serialization("'maxResults' must be a number");
    }
    return runtime.validateStateMachineDefinition({
      definition: required(request, 'definition'),
      type: optionalString(request, 'type'),
      severity: optionalString(request, 'severity'),
      maxResults: maxResults ?? undefined,
    });
  },
  DescribeStateMachineForExecution: (runtime, request) =>
    describeMachineForExecution(runtime.describeExecution(required(request, 'executionArn'))),
};

/** CreateStateMachine's `publish` / `versionDescription`, checked before the machine is created. */
export function requirePublishFields(request: Request): void {
  if (optionalString(request, 'versionDescription') !== undefined && request.publish !== true) {
    throw stepFunctionsErrors.validation('Version description can only be set when publish is true');
  }
}

/** The version CreateStateMachine or UpdateStateMachine publishes when `publish` is true. */
export function publishIfAsked(runtime: LocalRuntime, request: Request, machineArn: string) {
  if (request.publish !== true) return {};
  const version = runtime.versioning.publish(machineArn, {
    description: optionalString(request, 'versionDescription'),
  });
  return { stateMachineVersionArn: version.arn };
}

/** DescribeStateMachine of a version ARN: the version's definition, role and description. */
export function describeVersion(machine: LocalStateMachine, version: StateMachineVersion) {
  return compact({
    stateMachineArn: version.arn,
    name: machine.name,
    status: 'ACTIVE',
    definition: JSON.stringify(version.definition),
    roleArn: version.roleArn,
    type: machine.type,
    creationDate: epochSeconds(version.creationDate),
    description: version.description,
    revisionId: version.revisionId,
    loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    tracingConfiguration: { enabled: false },
  });
}

/** What DescribeExecution and ListExecutions add for an execution of a version or through an alias. */
export function versionFieldsOf(record: ExecutionRecord) {
  return compact({
    stateMachineVersionArn: record.stateMachineVersionArn,
    stateMachineAliasArn: record.stateMachineAliasArn,
  });
}

function describeAlias(alias: StateMachineAlias) {
  return compact({
    stateMachineAliasArn: alias.arn,
    name: alias.name,
    description: alias.description,
    routingConfiguration: alias.routingConfiguration,
    creationDate: epochSeconds(alias.creationDate),
    updateDate: epochSeconds(alias.updateDate),
  });
}

/** The machine as the execution started it: the base machine's ARN, the definition it ran. */
function describeMachineForExecution(record: ExecutionRecord) {
  const atStart = record.machineAtStart;
  if (!atStart) throw stepFunctionsErrors.executionDoesNotExist(record.executionArn);
  return compact({
    stateMachineArn: record.stateMachineArn,
    name: record.stateMachineName,
    definition: JSON.stringify(atStart.definition),
    roleArn: atStart.roleArn,
    updateDate: epochSeconds(atStart.updateDate),
    revisionId: atStart.revisionId,
    loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    tracingConfiguration: { enabled: false },
  });
}

/** `routingConfiguration`: a list of `{ stateMachineVersionArn, weight }`, or absent. */
function routingOf(request: Request): RoutingEntry[] | undefined {
  const value = request.routingConfiguration;
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw wireErrors.serialization("'routingConfiguration' must be a list");
  return value.map((item: unknown, i) => {
    const entry = (item ?? {}) as Record<string, unknown>;
    if (typeof entry.stateMachineVersionArn !== 'string' || typeof entry.weight !== 'number') {
      throw wireErrors.validation(
        `1 validation error detected: Value null at 'routingConfiguration.${i + 1}.member' failed to satisfy ` +
          'constraint: stateMachineVersionArn (a string) and weight (a number) are required',
      );
    }
    return { stateMachineVersionArn: entry.stateMachineVersionArn, weight: entry.weight };
  });
}

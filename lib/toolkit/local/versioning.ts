/**
 * Versions and aliases of the runtime's state machines, and what a qualified ARN means where the
 * API takes one: StartExecution with a version ARN runs that version's definition and role; with
 * an alias ARN, the version the alias routes to (by weight). The execution keeps the base
 * machine's ARN and records the version (and alias) it ran, as AWS records them.
 */
import type { HistoryEvent } from '../asl/engine';
import { CreateAliasRequest, StateMachineAlias, StateMachineAliases, UpdateAliasRequest } from './aliases';
import { parseStateMachineReference } from './qualified-arn';
import { stepFunctionsErrors } from './step-functions-errors';
import { PublishOptions, StateMachineVersion, StateMachineVersions, VersionedMachine } from './versions';

/** What versioning needs of the runtime. */
export interface VersioningHost<M extends VersionedMachine> {
  /** The machine with this (unqualified) ARN, or StateMachineDoesNotExist. */
  machine(arn: string): M;
  now(): Date;
}

/** What an execution started with a (possibly qualified) ARN runs. */
export interface ResolvedTarget<M> {
  /** The machine as the execution runs it: the version's definition, model and role for a version. */
  readonly runs: M;
  readonly versionArn?: string;
  readonly aliasArn?: string;
}

/** An execution's record, as far as versioning reads it (ListExecutions with a qualified ARN). */
export interface VersionedExecution {
  readonly stateMachineArn: string;
  readonly stateMachineVersionArn?: string;
  readonly stateMachineAliasArn?: string;
}

export class StateMachineVersioning<M extends VersionedMachine> {
  readonly versions = new StateMachineVersions();
  readonly aliases = new StateMachineAliases((arn) => this.versions.find(arn));

  constructor(private readonly host: VersioningHost<M>) {}

  // ------------------------------------------------------------------------------ versions

  /** PublishStateMachineVersion (and CreateStateMachine / UpdateStateMachine with `publish`). */
  publish(machineArn: string, options: PublishOptions = {}): StateMachineVersion {
    return this.versions.publish(this.host.machine(machineArn), options, this.host.now());
  }

  listVersions(machineArn: string): StateMachineVersion[] {
    this.host.machine(machineArn);
    return this.versions.list(machineArn);
  }

  describeVersion(versionArn: string): StateMachineVersion {
    return this.versions.describe(versionArn);
  }

  /** Refused (ConflictException) while an alias routes to the version. */
  deleteVersion(versionArn: string): void {
    const names = this.aliases.referencing(versionArn);
    if (names.length > 0) {
      throw stepFunctionsErrors.conflict(
        'Version to be deleted must not be referenced by an alias. ' +
          `Current list of aliases referencing this version: [${names.join(', ')}]`,
      );
    }
    this.versions.delete(versionArn);
  }

  // ------------------------------------------------------------------------------ aliases

  createAlias(request: CreateAliasRequest): StateMachineAlias {
    return this.aliases.create(request, this.host.now());
  }

  describeAlias(aliasArn: string): StateMachineAlias {
    return this.aliases.describe(aliasArn);
  }

  listAliases(machineArn: string): StateMachineAlias[] {
    this.host.machine(machineArn);
    return this.aliases.list(machineArn);
  }

  updateAlias(aliasArn: string, request: UpdateAliasRequest): StateMachineAlias {
    return this.aliases.update(aliasArn, request, this.host.now());
  }

  deleteAlias(aliasArn: string): void {
    this.aliases.delete(aliasArn);
  }

  /** DeleteStateMachine: its versions and aliases go with it. */
  forget(machineArn: string): void {
    this.aliases.forget(machineArn);
    this.versions.forget(machineArn);
  }

  // ------------------------------------------------------------------------------ qualified ARNs

  /**
   * The machine a (possibly qualified) ARN names, checked before anything runs: its version or
   * alias must exist (StateMachineDoesNotExist naming the ARN given otherwise). `ref` is the ARN
   * parsed, when the caller already has it.
   */
  machineOf(arn: string, ref = parseStateMachineReference(arn)): M {
    const machine = this.host.machine(ref.machineArn);
    if (ref.kind === 'version' && !this.versions.find(arn))
      throw stepFunctionsErrors.stateMachineDoesNotExist(arn);
    if (ref.kind === 'alias' && !this.aliases.find(arn))
      throw stepFunctionsErrors.stateMachineDoesNotExist(arn);
    return machine;
  }

  /** What an execution started with `arn` runs; `draw` (in [0, 1)) picks an alias's version. */
  resolve(arn: string, draw: () => number): ResolvedTarget<M> {
    const ref = parseStateMachineReference(arn);
    const machine = this.machineOf(arn, ref);
    if (ref.kind === 'machine') return { runs: machine };
    const aliasArn = ref.kind === 'alias' ? arn : undefined;
    const versionArn = aliasArn ? this.aliases.route(this.aliases.describe(aliasArn), draw()) : arn;
    const version = this.versions.describe(versionArn);
    return { runs: asVersion(machine, version), versionArn, aliasArn };
  }

  /** ListExecutions with a version or alias ARN lists the executions started through it. */
  executionFilter(arn: string): { machineArn: string; matches: (r: VersionedExecution) => boolean } {
    const ref = parseStateMachineReference(arn);
    this.machineOf(arn, ref);
    if (ref.kind === 'version')
      return { machineArn: ref.machineArn, matches: (r) => r.stateMachineVersionArn === arn };
    if (ref.kind === 'alias')
      return { machineArn: ref.machineArn, matches: (r) => r.stateMachineAliasArn === arn };
    return { machineArn: arn, matches: () => true };
  }
}

/** The machine as a version runs it: the version's definition, model, role and revision. */
function asVersion<M extends VersionedMachine>(machine: M, version: StateMachineVersion): M {
  return {
    ...machine,
    definition: version.definition,
    model: version.model,
    roleArn: version.roleArn,
    revisionId: version.revisionId,
    updateDate: version.revisionDate,
  };
}

/** AWS's ExecutionStarted names the version an execution runs, and the alias it came through. */
export function withVersionDetails(
  event: HistoryEvent,
  started: { versionArn?: string; aliasArn?: string },
): HistoryEvent {
  if (event.type !== 'ExecutionStarted' || started.versionArn === undefined) return event;
  const details = event.executionStartedEventDetails as Record<string, unknown>;
  return {
    ...event,
    executionStartedEventDetails: {
      ...details,
      stateMachineVersionArn: started.versionArn,
      ...(started.aliasArn === undefined ? {} : { stateMachineAliasArn: started.aliasArn }),
    },
  };
}

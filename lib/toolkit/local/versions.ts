/**
 * State machine versions (PublishStateMachineVersion, UpdateStateMachine with `publish`): an
 * immutable copy of a machine's definition and role, numbered from 1 per machine; numbers are never
 * reused, even after a version is deleted. Publishing is idempotent: while the machine's revision
 * is the one a version was published from, publishing again answers that version.
 */
import type { StateMachine } from '../asl/engine';
import { parseStateMachineReference, versionArnOf } from './qualified-arn';
import { stepFunctionsErrors } from './step-functions-errors';

/** What a version copies from its state machine (LocalStateMachine has these). */
export interface VersionedMachine {
  readonly arn: string;
  readonly definition: Record<string, unknown>;
  readonly model: StateMachine;
  readonly roleArn: string;
  readonly creationDate: Date;
  /** Set by the first UpdateStateMachine that changes something; absent until then, as on AWS. */
  readonly revisionId?: string;
  readonly updateDate?: Date;
}

export interface StateMachineVersion {
  /** `<machine ARN>:<number>` */
  readonly arn: string;
  readonly machineArn: string;
  readonly number: number;
  readonly description?: string;
  readonly creationDate: Date;
  /** The machine's revision it was published from (absent if the machine was never updated). */
  readonly revisionId?: string;
  /** When that revision was made: the machine's last update, or its creation. */
  readonly revisionDate: Date;
  readonly definition: Record<string, unknown>;
  readonly model: StateMachine;
  readonly roleArn: string;
}

export interface PublishOptions {
  readonly description?: string;
  /** Publish only if this is still the machine's current revision (ConflictException otherwise). */
  readonly revisionId?: string;
}

interface MachineVersions {
  lastNumber: number;
  readonly versions: Map<number, StateMachineVersion>;
}

export class StateMachineVersions {
  private readonly machines = new Map<string, MachineVersions>();

  publish(machine: VersionedMachine, options: PublishOptions, now: Date): StateMachineVersion {
    if (options.revisionId !== undefined && options.revisionId !== machine.revisionId) {
      throw stepFunctionsErrors.conflict(
        `Failed to publish the State Machine version for revision ${options.revisionId}. ` +
          `The current State Machine revision is ${machine.revisionId ?? 'null'}.`,
      );
    }
    const entry = this.entry(machine.arn);
    const published = [...entry.versions.values()].find((v) => v.revisionId === machine.revisionId);
    if (published) return published;
    const number = ++entry.lastNumber;
    const version: StateMachineVersion = {
      arn: versionArnOf(machine.arn, number),
      machineArn: machine.arn,
      number,
      description: options.description,
      creationDate: now,
      revisionId: machine.revisionId,
      revisionDate: machine.updateDate ?? machine.creationDate,
      // Definitions are replaced, never changed in place, on update: sharing the object is a copy.
      definition: machine.definition,
      model: machine.model,
      roleArn: machine.roleArn,
    };
    entry.versions.set(number, version);
    return version;
  }

  /** Newest first, as ListStateMachineVersions answers. */
  list(machineArn: string): StateMachineVersion[] {
    return [...(this.machines.get(machineArn)?.versions.values() ?? [])].sort((a, b) => b.number - a.number);
  }

  find(versionArn: string): StateMachineVersion | undefined {
    const ref = parseStateMachineReference(versionArn);
    if (ref.kind !== 'version') return undefined;
    return this.machines.get(ref.machineArn)?.versions.get(ref.version);
  }

  /** DescribeStateMachine of a version ARN: StateMachineDoesNotExist naming it when there is none. */
  describe(versionArn: string): StateMachineVersion {
    const version = this.find(versionArn);
    if (!version) throw stepFunctionsErrors.stateMachineDoesNotExist(versionArn);
    return version;
  }

  /** Deleting a version that is not there succeeds, as on AWS. */
  delete(versionArn: string): void {
    const ref = parseStateMachineReference(versionArn);
    if (ref.kind !== 'version') throw stepFunctionsErrors.invalidArn(versionArn);
    this.machines.get(ref.machineArn)?.versions.delete(ref.version);
  }

  /** DeleteStateMachine takes the machine's versions with it. */
  forget(machineArn: string): void {
    this.machines.delete(machineArn);
  }

  private entry(machineArn: string): MachineVersions {
    let entry = this.machines.get(machineArn);
    if (!entry) {
      entry = { lastNumber: 0, versions: new Map() };
      this.machines.set(machineArn, entry);
    }
    return entry;
  }
}

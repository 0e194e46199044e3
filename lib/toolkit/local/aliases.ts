/**
 * State machine aliases: a name (`<machine ARN>:<alias>`) that routes each StartExecution to one of
 * one or two versions of one machine, by weight. Requests are checked as AWS checks them, with its
 * messages where they were recorded (LocalStack's test_sfn_api_aliasing snapshot).
 */
import { aliasArnOf, parseStateMachineReference } from './qualified-arn';
import { stepFunctionsErrors } from './step-functions-errors';
import type { StateMachineVersion } from './versions';

export interface RoutingEntry {
  readonly stateMachineVersionArn: string;
  readonly weight: number;
}

export interface StateMachineAlias {
  readonly arn: string;
  readonly name: string;
  readonly machineArn: string;
  description?: string;
  routingConfiguration: readonly RoutingEntry[];
  readonly creationDate: Date;
  updateDate: Date;
}

export interface CreateAliasRequest {
  readonly name: string;
  readonly description?: string;
  readonly routingConfiguration: readonly RoutingEntry[];
}

export interface UpdateAliasRequest {
  readonly description?: string;
  readonly routingConfiguration?: readonly RoutingEntry[];
}

/** AWS's pattern for an alias name: letters, digits, `_`, `-`, `.`, not only digits. */
const ALIAS_NAME = /^(?=.*[a-zA-Z_\-.])[a-zA-Z0-9_\-.]+$/;
const ALIAS_NAME_TEXT = '^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$';

const constraint = (value: string, field: string, rule: string) =>
  stepFunctionsErrors.validation(
    `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ${rule}`,
  );

export class StateMachineAliases {
  /** By alias ARN, in creation order (ListStateMachineAliases's order). */
  private readonly aliases = new Map<string, StateMachineAlias>();

  constructor(private readonly versionOf: (versionArn: string) => StateMachineVersion | undefined) {}

  /** Idempotent for the same name, description and routing; ConflictException for the same name otherwise. */
  create(request: CreateAliasRequest, now: Date): StateMachineAlias {
    const name = requireAliasName(request.name);
    const machineArn = this.requireRouting(request.routingConfiguration);
    const arn = aliasArnOf(machineArn, name);
    const existing = this.aliases.get(arn);
    if (existing) {
      if (
        existing.description === request.description &&
        sameRouting(existing.routingConfiguration, request.routingConfiguration)
      )
        return existing;
      throw stepFunctionsErrors.conflict(
        'Failed to create alias because an alias with the same name and a different routing configuration already exists.',
      );
    }
    const alias: StateMachineAlias = {
      arn,
      name,
      machineArn,
      description: request.description,
      routingConfiguration: copyRouting(request.routingConfiguration),
      creationDate: now,
      updateDate: now,
    };
    this.aliases.set(arn, alias);
    return alias;
  }

  describe(aliasArn: string): StateMachineAlias {
    const alias = this.aliases.get(aliasArn);
    if (!alias) throw stepFunctionsErrors.referencedResourceNotFound();
    return alias;
  }

  find(aliasArn: string): StateMachineAlias | undefined {
    return this.aliases.get(aliasArn);
  }

  list(machineArn: string): StateMachineAlias[] {
    return [...this.aliases.values()].filter((a) => a.machineArn === machineArn);
  }

  update(aliasArn: string, request: UpdateAliasRequest, now: Date): StateMachineAlias {
    if (request.description === undefined && request.routingConfiguration === undefined) {
      throw stepFunctionsErrors.validation(
        'Either the description or the routingConfiguration must be specified',
      );
    }
    const alias = this.describe(aliasArn);
    if (request.routingConfiguration !== undefined) {
      const machineArn = this.requireRouting(request.routingConfiguration);
      if (machineArn !== alias.machineArn) throw differentMachines(request.routingConfiguration);
      alias.routingConfiguration = copyRouting(request.routingConfiguration);
    }
    if (request.description !== undefined) alias.description = request.description;
    alias.updateDate = now;
    return alias;
  }

  /** Deleting an alias that is not there succeeds, as on AWS. */
  delete(aliasArn: string): void {
    if (parseStateMachineReference(aliasArn).kind !== 'alias') throw stepFunctionsErrors.invalidArn(aliasArn);
    this.aliases.delete(aliasArn);
  }

  /** DeleteStateMachine takes the machine's aliases with it. */
  forget(machineArn: string): void {
    for (const alias of this.list(machineArn)) this.aliases.delete(alias.arn);
  }

  /** The names of the aliases that route to a version: DeleteStateMachineVersion refuses while any does. */
  referencing(versionArn: string): string[] {
    return [...this.aliases.values()]
      .filter((a) => a.routingConfiguration.some((r) => r.stateMachineVersionArn === versionArn))
      .map((a) => a.name);
  }

  /** The version an execution started through the alias runs: `draw` in [0, 1) picks by weight. */
  route(alias: StateMachineAlias, draw: number): string {
    let threshold = draw * 100;
    for (const entry of alias.routingConfiguration) {
      if (threshold < entry.weight) return entry.stateMachineVersionArn;
      threshold -= entry.weight;
    }
    // Only reached through rounding: the last version with any weight.
    return [...alias.routingConfiguration].reverse().find((r) => r.weight > 0)!.stateMachineVersionArn;
  }

  /** A routing configuration AWS accepts; returns the machine its versions belong to. */
  private requireRouting(routing: readonly RoutingEntry[]): string {
    if (routing.length === 0) {
      throw constraint('[]', 'routingConfiguration', 'Member must have length greater than or equal to 1');
    }
    if (routing.length > 2) {
      const items = routing
        .map(
          (r) =>
            `RoutingConfigurationListItem(stateMachineVersionArn=${r.stateMachineVersionArn}, weight=${r.weight})`,
        )
        .join(', ');
      throw constraint(
        `[${items}]`,
        'routingConfiguration',
        'Member must have length less than or equal to 2',
      );
    }
    routing.forEach((r, i) => requireWeight(r.weight, i + 1));
    const arns = routing.map((r) => r.stateMachineVersionArn);
    const refs = arns.map(parseStateMachineReference);
    if (refs.some((ref) => ref.kind !== 'version')) {
      throw stepFunctionsErrors.validation(
        `Routing configuration must contain state machine version ARNs. Received: [${arns.join(', ')}]`,
      );
    }
    if (new Set(arns).size !== arns.length) {
      throw stepFunctionsErrors.validation(
        `Routing configuration must contain distinct state machine version ARNs. Received: [${arns.join(', ')}]`,
      );
    }
    const weights = routing.map((r) => r.weight);
    if (weights.reduce((sum, w) => sum + w, 0) !== 100) {
      throw stepFunctionsErrors.validation(
        `Sum of routing configuration weights must equal 100. Received: [${weights.join(', ')}]`,
      );
    }
    if (new Set(refs.map((ref) => ref.machineArn)).size > 1) throw differentMachines(routing);
    // A version that was never published, or was deleted, is not there to route to.
    if (arns.some((arn) => !this.versionOf(arn))) throw stepFunctionsErrors.referencedResourceNotFound();
    return refs[0].machineArn;
  }
}

function requireAliasName(name: string): string {
  if (name.length < 1) throw constraint(name, 'name', 'Member must have length greater than or equal to 1');
  if (name.length > 80) throw constraint(name, 'name', 'Member must have length less than or equal to 80');
  if (!ALIAS_NAME.test(name)) {
    throw constraint(name, 'name', `Member must satisfy regular expression pattern: ${ALIAS_NAME_TEXT}`);
  }
  return name;
}

function requireWeight(weight: number, position: number): void {
  const field = `routingConfiguration.${position}.member.weight`;
  if (!Number.isInteger(weight)) throw constraint(String(weight), field, 'Member must be an integer');
  if (weight > 100)
    throw constraint(String(weight), field, 'Member must have value less than or equal to 100');
  if (weight < 0)
    throw constraint(String(weight), field, 'Member must have value greater than or equal to 0');
}

function differentMachines(routing: readonly RoutingEntry[]) {
  return stepFunctionsErrors.validation(
    `Routing configuration must contain versions of one state machine. Received: [${routing
      .map((r) => r.stateMachineVersionArn)
      .join(', ')}]`,
  );
}

function copyRouting(routing: readonly RoutingEntry[]): RoutingEntry[] {
  return routing.map((r) => ({ stateMachineVersionArn: r.stateMachineVersionArn, weight: r.weight }));
}

function sameRouting(a: readonly RoutingEntry[], b: readonly RoutingEntry[]): boolean {
  return JSON.stringify(copyRouting(a)) === JSON.stringify(copyRouting(b));
}

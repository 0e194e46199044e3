import * as fs from 'node:fs';
import type { Tag } from './tags';
import { CfnResource, CfnTemplate, TemplateResolver } from './template-resolver';
import { TemplateResolutionError, unresolvedIn } from './unresolved';

/** A state machine found in a template, with its definition as plain ASL. */
export interface ResolvedStateMachine {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  /**
   * The definition; a value that cannot be resolved locally is an unresolved marker in place
   * (see unresolved.ts), which fails the state that uses it.
   */
  readonly definition: Record<string, unknown>;
  /** The construct path CDK recorded (`MyStack/Flow/Resource`), when it did. */
  readonly constructPath?: string;
  /** The template's Tags, which ListTagsForResource answers. */
  readonly tags?: readonly Tag[];
}

/**
 * Every AWS::StepFunctions::StateMachine of a template, its DefinitionString (or Definition)
 * resolved into plain ASL and its DefinitionSubstitutions applied. What cannot be resolved is
 * added to `problems`, naming the resource, property and intrinsic: a machine whose name cannot be
 * resolved, or whose definition is not JSON, is left out; one whose definition uses such a value
 * is kept, and the state that uses it fails.
 */
export function resolveStateMachines(
  template: CfnTemplate,
  resolver = new TemplateResolver(template),
  problems: string[] = [],
  assetFile: (s3Key: string) => string | undefined = () => undefined,
): ResolvedStateMachine[] {
  const stateMachines: ResolvedStateMachine[] = [];
  for (const [logicalId, resource] of resolver.resourcesOfType('AWS::StepFunctions::StateMachine')) {
    try {
      const machine = resolveStateMachine(resolver, logicalId, resource, assetFile);
      const unresolved = unresolvedIn(machine.definition);
      if (unresolved) problems.push(`state machine ${machine.name}: ${unresolved}`);
      stateMachines.push(machine);
    } catch (error) {
      if (!(error instanceof TemplateResolutionError)) throw error;
      problems.push(`state machine ${logicalId} is left out: ${error.message}`);
    }
  }
  return stateMachines;
}

function resolveStateMachine(
  resolver: TemplateResolver,
  logicalId: string,
  resource: CfnResource,
  assetFile: (s3Key: string) => string | undefined,
): ResolvedStateMachine {
  const props = resource.Properties ?? {};
  const where = `${logicalId}.Properties`;
  let text: string;
  if (props.DefinitionString !== undefined) {
    text = String(resolver.resolveLeniently(props.DefinitionString, `${where}.DefinitionString`));
  } else if (props.Definition !== undefined) {
    text = JSON.stringify(resolver.resolveLeniently(props.Definition, `${where}.Definition`));
  } else if (props.DefinitionS3Location !== undefined) {
    text = definitionFromAsset(
      resolver,
      props.DefinitionS3Location,
      `${where}.DefinitionS3Location`,
      assetFile,
    );
  } else {
    throw new TemplateResolutionError(
      'state machine has no Definition, DefinitionString or DefinitionS3Location',
      where,
    );
  }
  const definition = parseDefinition(text, substitutions(resolver, props, where), logicalId);
  return {
    logicalId,
    name: resolver.physicalName(logicalId),
    arn: resolver.arn(logicalId),
    type: props.StateMachineType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
    definition: definition as Record<string, unknown>,
    constructPath: constructPathOf(resource.Metadata),
  };
}

/**
 * `DefinitionBody.fromFile` deploys the definition as a file asset: the S3 key names the file in
 * the assembly (through the stack's asset manifest), read as the definition text.
 */
function definitionFromAsset(
  resolver: TemplateResolver,
  location: unknown,
  where: string,
  assetFile: (s3Key: string) => string | undefined,
): string {
  const { Key } = (resolver.resolveLeniently(location, where) ?? {}) as { Key?: unknown };
  const file = typeof Key === 'string' ? assetFile(Key) : undefined;
  if (!file || !fs.existsSync(file)) {
    throw new TemplateResolutionError(
      `the definition's S3 object ${String(Key)} is not a file asset of this assembly`,
      where,
    );
  }
  return fs.readFileSync(file, 'utf8');
}

function substitutions(resolver: TemplateResolver, props: Record<string, unknown>, where: string) {
  const values = resolver.resolveLeniently(
    props.DefinitionSubstitutions ?? {},
    `${where}.DefinitionSubstitutions`,
  ) as Record<string, unknown>;
  return (text: string) =>
    text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (match, name: string) =>
      name in values ? String(values[name]) : match,
    );
}

function parseDefinition(text: string, substitute: (text: string) => string, logicalId: string): unknown {
  try {
    return JSON.parse(substitute(text));
  } catch (error) {
    throw new TemplateResolutionError(
      `the definition of ${logicalId} is not JSON after resolution: ${(error as Error).message}`,
      logicalId,
    );
  }
}

function constructPathOf(metadata: Record<string, unknown> | undefined): string | undefined {
  const value = metadata?.['aws:cdk:path'];
  return typeof value === 'string' ? value : undefined;
}

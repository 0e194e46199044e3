import { CfnTemplate, TemplateResolutionError, TemplateResolver } from './template-resolver';

/** A state machine found in a template, with its definition as plain ASL. */
export interface ResolvedStateMachine {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly definition: Record<string, unknown>;
  /** The construct path CDK recorded (`MyStack/Flow/Resource`), when it did. */
  readonly constructPath?: string;
}

/**
 * Every AWS::StepFunctions::StateMachine of a template, its DefinitionString (or Definition)
 * resolved into plain ASL and its DefinitionSubstitutions applied.
 */
export function resolveStateMachines(template: CfnTemplate, resolver = new TemplateResolver(template)) {
  return resolver.resourcesOfType('AWS::StepFunctions::StateMachine').map(([logicalId, resource]) => {
    const props = resource.Properties ?? {};
    const where = `${logicalId}.Properties`;
    let definition: unknown;
    if (props.DefinitionString !== undefined) {
      const text = resolver.resolve(props.DefinitionString, `${where}.DefinitionString`);
      definition = parseDefinition(String(text), applySubstitutions(resolver, props, where), logicalId);
    } else if (props.Definition !== undefined) {
      const text = JSON.stringify(resolver.resolve(props.Definition, `${where}.Definition`));
      definition = parseDefinition(text, applySubstitutions(resolver, props, where), logicalId);
    } else {
      throw new TemplateResolutionError('state machine has no Definition or DefinitionString', where);
    }
    const type = props.StateMachineType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD';
    return {
      logicalId,
      name: resolver.physicalName(logicalId),
      arn: resolver.arn(logicalId),
      type,
      definition: definition as Record<string, unknown>,
      constructPath: constructPathOf(resource.Metadata),
    } satisfies ResolvedStateMachine;
  });
}

function applySubstitutions(resolver: TemplateResolver, props: Record<string, unknown>, where: string) {
  const substitutions = resolver.resolve(
    props.DefinitionSubstitutions ?? {},
    `${where}.DefinitionSubstitutions`,
  );
  return (text: string) =>
    text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (match, name: string) =>
      name in (substitutions as object) ? String((substitutions as Record<string, unknown>)[name]) : match,
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

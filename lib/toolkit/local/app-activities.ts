/**
 * The app's activities (`AWS::StepFunctions::Activity`) and the Tags its state machines and
 * activities carry in their templates, read as the runtime serves them.
 */
import type { Tag } from './tags';
import type { CfnResource, TemplateResolver } from './template-resolver';
import { unresolvedIn } from './unresolved';

export interface AppActivity {
  readonly logicalId: string;
  readonly name: string;
  /** `arn:<partition>:states:<region>:<account>:activity:<name>`, as the template resolver gives it. */
  readonly arn: string;
  readonly tags: readonly Tag[];
}

export function activitiesOfTemplate(resolver: TemplateResolver): AppActivity[] {
  return resolver.resourcesOfType('AWS::StepFunctions::Activity').map(([logicalId, resource]) => ({
    logicalId,
    name: resolver.physicalName(logicalId),
    arn: resolver.arn(logicalId),
    tags: templateTags(resolver, logicalId, resource),
  }));
}

/**
 * A resource's `Tags` (`[{ Key, Value }]`, as CDK's `Tags.of(...)` writes them), resolved; a
 * tag whose key or value cannot be resolved locally is left out.
 */
export function templateTags(resolver: TemplateResolver, logicalId: string, resource: CfnResource): Tag[] {
  const raw = resolver.resolveLeniently(resource.Properties?.Tags ?? [], `${logicalId}.Properties.Tags`);
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry: unknown) => {
    const { Key, Value } = (entry ?? {}) as { Key?: unknown; Value?: unknown };
    const known = typeof Key === 'string' && typeof Value === 'string' && !unresolvedIn([Key, Value]);
    return known ? [{ key: Key, value: Value }] : [];
  });
}

import { findFunctionBundles } from '../function-bundles';
import { CfnTemplate, TemplateResolver } from '../template-resolver';
import { TemplateResolutionError, unresolvedIn, unresolvedMarker } from '../unresolved';
import type { LocalFunction } from './local-function';

/** CloudFormation's defaults for AWS::Lambda::Function. */
const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_MEMORY_MB = 128;

/**
 * Every bundled AWS::Lambda::Function of a synthesized stack, ready for FunctionRunner: its bundle
 * folder (findFunctionBundles), name and ARN as the resolver names them locally, and its
 * environment variables resolved to the strings the function will see (a topic's `Ref` becomes
 * its local ARN, a table's its name). A value that cannot be resolved locally does not stop the
 * app: the function is kept with `unresolved` saying why, and its invocations fail with that.
 */
export function localFunctionsFromAssembly(
  assemblyDir: string,
  stackName: string,
  template: CfnTemplate,
  resolver: TemplateResolver = new TemplateResolver(template),
): LocalFunction[] {
  return findFunctionBundles(assemblyDir, stackName, template).map((bundle) => {
    const { logicalId } = bundle;
    const props = template.Resources?.[logicalId]?.Properties ?? {};
    const where = `${logicalId}.Properties`;
    const resolve = (value: unknown, at: string) => resolver.resolveLeniently(value, `${where}.${at}`);
    const fn: LocalFunction = {
      ...identity(resolver, logicalId),
      directory: bundle.directory,
      handler: String(resolve(bundle.handler, 'Handler')),
      runtime: bundle.runtime === undefined ? undefined : String(resolve(bundle.runtime, 'Runtime')),
      environment: environmentStrings(resolver, bundle.environment, `${where}.Environment.Variables`),
      timeoutSeconds: numberOr(resolve(props.Timeout, 'Timeout'), DEFAULT_TIMEOUT_SECONDS),
      memoryMb: numberOr(resolve(props.MemorySize, 'MemorySize'), DEFAULT_MEMORY_MB),
      ...(bundle.packageType && { packageType: bundle.packageType }),
    };
    const unresolved = unresolvedIn([fn.name, fn.handler, fn.runtime, fn.environment]);
    return unresolved ? { ...fn, unresolved } : fn;
  });
}

/** Name and ARN; a name that cannot be resolved leaves the logical id, marked unresolved. */
function identity(resolver: TemplateResolver, logicalId: string): { name: string; arn: string } {
  try {
    return { name: resolver.physicalName(logicalId), arn: resolver.arn(logicalId) };
  } catch (error) {
    if (!(error instanceof TemplateResolutionError)) throw error;
    const { partition, region, accountId } = resolver.environment;
    return {
      name: `${logicalId} ${unresolvedMarker(error.message)}`,
      arn: `arn:${partition}:lambda:${region}:${accountId}:function:${logicalId}`,
    };
  }
}

/** Lambda environment variables are strings; `Ref: AWS::NoValue` removes one. */
function environmentStrings(
  resolver: TemplateResolver,
  variables: Record<string, unknown>,
  where: string,
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    const resolved = resolver.resolveLeniently(value, `${where}.${name}`);
    if (resolved === undefined) continue;
    environment[name] = typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
  }
  return environment;
}

function numberOr(value: unknown, fallback: number): number {
  const number = value === undefined || value === null || value === '' ? NaN : Number(value);
  return Number.isFinite(number) ? number : fallback;
}

import { findFunctionBundles } from '../function-bundles';
import { CfnTemplate, TemplateResolver } from '../template-resolver';
import type { LocalFunction } from './local-function';

/** CloudFormation's defaults for AWS::Lambda::Function. */
const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_MEMORY_MB = 128;

/**
 * Every bundled AWS::Lambda::Function of a synthesized stack, ready for FunctionRunner: its bundle
 * folder (findFunctionBundles), name and ARN as the resolver names them locally, and its
 * environment variables resolved to the strings the function will see (a topic's `Ref` becomes
 * its local ARN, a table's its name).
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
    return {
      name: resolver.physicalName(logicalId),
      arn: resolver.arn(logicalId),
      directory: bundle.directory,
      handler: String(resolver.resolve(bundle.handler, `${where}.Handler`)),
      runtime:
        bundle.runtime === undefined
          ? undefined
          : String(resolver.resolve(bundle.runtime, `${where}.Runtime`)),
      environment: environmentStrings(resolver, bundle.environment, `${where}.Environment.Variables`),
      timeoutSeconds: numberOr(resolver.resolve(props.Timeout, `${where}.Timeout`), DEFAULT_TIMEOUT_SECONDS),
      memoryMb: numberOr(resolver.resolve(props.MemorySize, `${where}.MemorySize`), DEFAULT_MEMORY_MB),
    };
  });
}

/** Lambda environment variables are strings; `Ref: AWS::NoValue` removes one. */
function environmentStrings(
  resolver: TemplateResolver,
  variables: Record<string, unknown>,
  where: string,
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    const resolved = resolver.resolve(value, `${where}.${name}`);
    if (resolved === undefined) continue;
    environment[name] = typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
  }
  return environment;
}

function numberOr(value: unknown, fallback: number): number {
  const number = value === undefined || value === null || value === '' ? NaN : Number(value);
  return Number.isFinite(number) ? number : fallback;
}

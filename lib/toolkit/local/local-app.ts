import * as cxapi from 'aws-cdk-lib/cx-api';
import { LocalTable, tablesOfTemplate } from './dynamodb/tables';
import { localFunctionsFromAssembly } from './lambda/local-functions';
import type { LocalFunction } from './lambda/local-function';
import { eventBusesOfTemplate, LocalEventBus } from './messaging/event-buses';
import { LocalQueue, queuesOfTemplate } from './messaging/queues';
import { resolveStateMachines, ResolvedStateMachine } from './state-machine-definitions';
import { DEFAULT_LOCAL_ENVIRONMENT, LocalEnvironment, TemplateResolver } from './template-resolver';

/**
 * What the local runtime serves, read once from a cloud assembly (cdk.out): every stack's state
 * machines as plain ASL, its functions with their bundles and environments, its topics and
 * DynamoDB tables. Nothing
 * else reads the assembly.
 */
export interface LocalApp {
  readonly assemblyDir: string;
  readonly environment: LocalEnvironment;
  readonly stateMachines: readonly ResolvedStateMachine[];
  readonly functions: readonly LocalFunction[];
  readonly topicArns: readonly string[];
  readonly tables: readonly LocalTable[];
  readonly queues: readonly LocalQueue[];
  /** The app's own buses (the account's `default` bus is not among them). */
  readonly eventBuses: readonly LocalEventBus[];
}

export function loadLocalApp(assemblyDir: string, environment = DEFAULT_LOCAL_ENVIRONMENT): LocalApp {
  let assembly: cxapi.CloudAssembly;
  try {
    assembly = new cxapi.CloudAssembly(assemblyDir);
  } catch (error) {
    throw new Error(
      `cannot read a cloud assembly in ${assemblyDir}: ${(error as Error).message}. Run \`npx cdk synth\` first.`,
      { cause: error },
    );
  }
  const stateMachines: ResolvedStateMachine[] = [];
  const functions: LocalFunction[] = [];
  const topicArns: string[] = [];
  const tables: LocalTable[] = [];
  const queues: LocalQueue[] = [];
  const eventBuses: LocalEventBus[] = [];
  for (const stack of assembly.stacksRecursively) {
    const resolver = new TemplateResolver(stack.template, environment);
    const paths = constructPaths(stack);
    stateMachines.push(
      ...resolveStateMachines(stack.template, resolver).map((m) => ({
        ...m,
        constructPath: m.constructPath ?? paths.get(m.logicalId),
      })),
    );
    functions.push(...localFunctionsFromAssembly(assembly.directory, stack.id, stack.template, resolver));
    topicArns.push(...resolver.resourcesOfType('AWS::SNS::Topic').map(([id]) => resolver.arn(id)));
    tables.push(...tablesOfTemplate(stack.template, resolver));
    queues.push(...queuesOfTemplate(stack.template, resolver));
    eventBuses.push(...eventBusesOfTemplate(stack.template, resolver));
  }
  return {
    assemblyDir: assembly.directory,
    environment,
    stateMachines,
    functions,
    topicArns,
    tables,
    queues,
    eventBuses,
  };
}

/**
 * Each resource's construct path, by logical id, from the assembly's `aws:cdk:logicalId` metadata:
 * there whether or not the template carries `aws:cdk:path` metadata (an App synthesized in a test
 * does not). The path is the entry's without its leading slash.
 */
function constructPaths(stack: cxapi.CloudFormationStackArtifact): Map<string, string> {
  const paths = new Map<string, string>();
  for (const entry of stack.findMetadataByType('aws:cdk:logicalId')) {
    if (typeof entry.data === 'string') paths.set(entry.data, entry.path.replace(/^\//, ''));
  }
  return paths;
}

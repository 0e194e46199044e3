import * as cxapi from 'aws-cdk-lib/cx-api';
import { activitiesOfTemplate, AppActivity, templateTags } from './app-activities';
import { appStacks, AppStack } from './app-stacks';
import { LocalTable, tablesOfTemplate } from './dynamodb/tables';
import { localFunctionsFromAssembly } from './lambda/local-functions';
import type { LocalFunction } from './lambda/local-function';
import { eventBusesOfTemplate, LocalEventBus } from './messaging/event-buses';
import { LocalQueue, queuesOfTemplate } from './messaging/queues';
import { resolveStateMachines, ResolvedStateMachine } from './state-machine-definitions';
import { DEFAULT_LOCAL_ENVIRONMENT, LocalEnvironment } from './template-resolver';
import { TemplateResolutionError } from './unresolved';

/**
 * What the local runtime serves, read once from a cloud assembly (cdk.out), nested stacks
 * included: every stack's state machines as plain ASL, its functions with their bundles and
 * environments, its topics and DynamoDB tables. Nothing else reads the assembly.
 */
export interface LocalApp {
  readonly assemblyDir: string;
  readonly environment: LocalEnvironment;
  readonly stateMachines: readonly ResolvedStateMachine[];
  readonly functions: readonly LocalFunction[];
  readonly topicArns: readonly string[];
  readonly tables: readonly LocalTable[];
  /**
   * What could not be resolved locally, each naming the resource, the property and the intrinsic:
   * a state machine or function that uses such a value still loads, and fails where it uses it.
   */
  readonly problems: readonly string[];
  readonly queues: readonly LocalQueue[];
  /** The app's own buses (the account's `default` bus is not among them). */
  readonly eventBuses: readonly LocalEventBus[];
  /** The app's `AWS::StepFunctions::Activity` resources: workers poll them with GetActivityTask. */
  readonly activities: readonly AppActivity[];
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
  const app = {
    assemblyDir: assembly.directory,
    environment,
    stateMachines: [] as ResolvedStateMachine[],
    functions: [] as LocalFunction[],
    topicArns: [] as string[],
    tables: [] as LocalTable[],
    problems: [] as string[],
    queues: [] as LocalQueue[],
    eventBuses: [] as LocalEventBus[],
    activities: [] as AppActivity[],
  };
  for (const stack of appStacks(assembly, environment)) addStack(app, assembly.directory, stack);
  return app;
}

function addStack(
  app: {
    stateMachines: ResolvedStateMachine[];
    functions: LocalFunction[];
    topicArns: string[];
    tables: LocalTable[];
    problems: string[];
    queues: LocalQueue[];
    eventBuses: LocalEventBus[];
    activities: AppActivity[];
  },
  assemblyDir: string,
  stack: AppStack,
): void {
  const { template, resolver } = stack;
  const problems = (found: readonly string[]) => app.problems.push(...found.map((p) => `${stack.id}: ${p}`));
  const found: string[] = [];
  const machines = resolveStateMachines(template, resolver, found, stack.assetFile);
  problems(found);
  app.stateMachines.push(
    ...machines.map((m) => ({
      ...m,
      constructPath: m.constructPath ?? stack.constructPaths.get(m.logicalId),
      tags: templateTags(resolver, m.logicalId, template.Resources?.[m.logicalId] ?? { Type: '' }),
    })),
  );
  const functions = localFunctionsFromAssembly(assemblyDir, stack.assetStackId, template, resolver);
  for (const fn of functions) if (fn.unresolved) problems([`function ${fn.name}: ${fn.unresolved}`]);
  app.functions.push(...functions);
  for (const [logicalId] of resolver.resourcesOfType('AWS::SNS::Topic')) {
    kept(() => app.topicArns.push(resolver.arn(logicalId)), problems);
  }
  kept(() => app.tables.push(...tablesOfTemplate(template, resolver)), problems);
  kept(() => app.queues.push(...queuesOfTemplate(template, resolver)), problems);
  kept(() => app.eventBuses.push(...eventBusesOfTemplate(template, resolver)), problems);
  kept(() => app.activities.push(...activitiesOfTemplate(resolver)), problems);
}

/** Runs `load`; a value that cannot be resolved leaves that resource out, and says so. */
function kept(load: () => unknown, problems: (found: string[]) => void): void {
  try {
    load();
  } catch (error) {
    if (!(error instanceof TemplateResolutionError)) throw error;
    problems([error.message]);
  }
}

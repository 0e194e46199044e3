/**
 * What the cost advisor needs from a synthesized app, read through the same template resolver the
 * local runtime uses (so the definition is the one that deploys, as plain ASL): each state
 * machine, its logging configuration, and each Lambda function's memory and architecture.
 */
import * as cxapi from 'aws-cdk-lib/cx-api';
import { functionNameOf } from '../../local/function-registry';
import { resolveStateMachines, ResolvedStateMachine } from '../../local/state-machine-definitions';
import { appStacks } from '../../local/app-stacks';
import { DEFAULT_LOCAL_ENVIRONMENT, TemplateResolver } from '../../local/template-resolver';
import { TemplateResolutionError } from '../../local/unresolved';
import { selectStateMachine } from '../../local/state-machine-selector';

/** CloudFormation's defaults for AWS::Lambda::Function. */
const DEFAULT_MEMORY_MB = 128;
const DEFAULT_TIMEOUT_SECONDS = 3;

/** A state machine's LoggingConfiguration.Level. */
export type LogLevel = 'ALL' | 'ERROR' | 'FATAL' | 'OFF';

/** What the state machine logs to CloudWatch Logs. */
export interface LoggingFacts {
  readonly level: LogLevel;
  readonly includeExecutionData: boolean;
}

/** A Lambda function of the app, as billing sees it. */
export interface FunctionFacts {
  readonly name: string;
  readonly arn: string;
  readonly memoryMb: number;
  readonly architecture: 'x86_64' | 'arm64';
  /** Its Timeout: how long one invocation, so one attempt of a Lambda task, can last. */
  readonly timeoutSeconds: number;
}

/** A state machine with what its cost depends on. */
export interface MachineFacts {
  readonly machine: ResolvedStateMachine;
  readonly logging: LoggingFacts;
  /** The functions of the machine's stack. */
  readonly functions: readonly FunctionFacts[];
}

/** Every state machine of a cloud assembly with the facts its cost depends on. */
export function readAppFacts(assemblyDir: string): MachineFacts[] {
  let assembly: cxapi.CloudAssembly;
  try {
    assembly = new cxapi.CloudAssembly(assemblyDir);
  } catch (error) {
    throw new Error(`cannot read a cloud assembly in ${assemblyDir}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  // Every stack, nested ones included; a task may call a function of another stack.
  const stacks = appStacks(assembly, DEFAULT_LOCAL_ENVIRONMENT);
  const functions = stacks.flatMap(({ resolver }) => functionFacts(resolver));
  return stacks.flatMap(({ template, resolver, assetFile }) =>
    resolveStateMachines(template, resolver, [], assetFile).map((machine) => ({
      machine,
      logging: loggingFacts(resolver, machine.logicalId),
      functions,
    })),
  );
}

/** The one state machine wanted (by construct path, id, name or ARN), or the only one. */
export function pickMachine(all: readonly MachineFacts[], wanted?: string): MachineFacts {
  if (all.length === 0) throw new Error('the assembly has no state machine');
  const machine = selectStateMachine(
    all.map((facts) => facts.machine),
    wanted,
  );
  return all.find((facts) => facts.machine === machine)!;
}

/** LoggingConfiguration: CloudFormation's defaults are level OFF, IncludeExecutionData false. */
function loggingFacts(resolver: TemplateResolver, logicalId: string): LoggingFacts {
  const [, resource] = resolver
    .resourcesOfType('AWS::StepFunctions::StateMachine')
    .find(([id]) => id === logicalId)!;
  const where = `${logicalId}.Properties.LoggingConfiguration`;
  const config = (resolver.resolveLeniently(resource.Properties?.LoggingConfiguration, where) ?? {}) as {
    Level?: string;
    IncludeExecutionData?: boolean;
  };
  const level = String(config.Level ?? 'OFF').toUpperCase();
  if (!['ALL', 'ERROR', 'FATAL', 'OFF'].includes(level)) {
    throw new Error(`${where}.Level is ${level}: expected ALL, ERROR, FATAL or OFF`);
  }
  return { level: level as LogLevel, includeExecutionData: config.IncludeExecutionData === true };
}

/** Each function's billing facts; a value that cannot be resolved locally takes Lambda's default. */
function functionFacts(resolver: TemplateResolver): FunctionFacts[] {
  return resolver.resourcesOfType('AWS::Lambda::Function').flatMap(([logicalId, resource]) => {
    const where = `${logicalId}.Properties`;
    const positive = (property: string, fallback: number) => {
      const value = Number(
        resolver.resolveLeniently(resource.Properties?.[property], `${where}.${property}`),
      );
      return Number.isFinite(value) && value > 0 ? value : fallback;
    };
    const architectures = resolver.resolveLeniently(
      resource.Properties?.Architectures,
      `${where}.Architectures`,
    );
    let name: string;
    try {
      name = resolver.physicalName(logicalId);
    } catch (error) {
      if (error instanceof TemplateResolutionError) return []; // no task can name it either
      throw error;
    }
    return {
      name,
      arn: resolver.arn(logicalId),
      memoryMb: positive('MemorySize', DEFAULT_MEMORY_MB),
      architecture: Array.isArray(architectures) && architectures[0] === 'arm64' ? 'arm64' : 'x86_64',
      timeoutSeconds: positive('Timeout', DEFAULT_TIMEOUT_SECONDS),
    };
  });
}

/**
 * The function a task names, in any form Lambda accepts for FunctionName (an ARN with or without
 * a version or alias, a partial ARN, a name), read as the local runtime reads it. Undefined when
 * the definition names a function outside the app, or computes the name at run time.
 */
export function findFunction(functions: readonly FunctionFacts[], target: string): FunctionFacts | undefined {
  const name = functionNameOf(target);
  return functions.find((f) => f.name === name);
}

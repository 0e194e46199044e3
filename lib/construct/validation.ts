import { Duration, Token } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { IConstruct } from 'constructs';
import { ResolvedRetryPolicy } from './retry-policy';

/** Thrown at construction when props describe a workflow AWS would reject or that cannot work. */
export class OrderWorkflowValidationError extends Error {
  constructor(scope: IConstruct, message: string) {
    super(`${scope.node.path}: ${message}`);
    this.name = 'OrderWorkflowValidationError';
  }
}

/** Express workflows run for five minutes at the most. */
export const EXPRESS_MAX_DURATION = Duration.minutes(5);
/** Standard workflows run for a year at the most. */
export const STANDARD_MAX_DURATION = Duration.days(365);

/** What {@link validateWorkflowSettings} checks, resolved from the props. */
export interface WorkflowSettings {
  readonly workflowType: sfn.StateMachineType;
  readonly timeout: Duration;
  readonly taskTimeout: Duration;
  readonly retryPolicy: ResolvedRetryPolicy;
  readonly logLevel: sfn.LogLevel;
  readonly stateMachineName?: string;
  readonly functionMemorySize: number;
  /** The timeout of the default functions, when any default function is used. */
  readonly defaultFunctionTimeout?: Duration;
}

/**
 * Refuses, with a message saying what to change, the combinations that AWS would reject at deploy
 * time or that would deploy and then not work.
 */
export function validateWorkflowSettings(scope: IConstruct, s: WorkflowSettings): void {
  const problem = timeoutProblem(s) ?? retryProblem(s.retryPolicy) ?? resourceProblem(s);
  if (problem) throw new OrderWorkflowValidationError(scope, problem);
}

// Fractional on purpose: Duration.toSeconds() throws on 500 ms instead of letting us say what is wrong.
const seconds = (d: Duration) => d.toMilliseconds() / 1000;
const human = (d: Duration) => d.toHumanString();

/** The execution's and each task's timeouts, against the workflow type and the functions'. */
function timeoutProblem(s: WorkflowSettings): string | undefined {
  const express = s.workflowType === sfn.StateMachineType.EXPRESS;
  if (express && seconds(s.timeout) > seconds(EXPRESS_MAX_DURATION)) {
    return (
      `an Express workflow runs for at most five minutes, but timeout is ${human(s.timeout)}. ` +
      'Set timeout to Duration.minutes(5) or less, or use workflowType: StateMachineType.STANDARD.'
    );
  }
  if (seconds(s.timeout) > seconds(STANDARD_MAX_DURATION)) {
    return `timeout is ${human(s.timeout)}, over the one-year limit of a Standard workflow. Lower it.`;
  }
  if (seconds(s.timeout) < 1) {
    return `timeout must be at least one second, got ${human(s.timeout)}.`;
  }
  if (express && s.logLevel === sfn.LogLevel.OFF) {
    return (
      'an Express workflow keeps no execution history: its CloudWatch Logs are the only record of a run. ' +
      'Set logLevel to ALL, ERROR or FATAL, or use workflowType: StateMachineType.STANDARD.'
    );
  }
  return taskTimeoutProblem(s);
}

function taskTimeoutProblem(s: WorkflowSettings): string | undefined {
  if (seconds(s.taskTimeout) < 1) {
    return `taskTimeout must be at least one second, got ${human(s.taskTimeout)}.`;
  }
  if (seconds(s.taskTimeout) >= seconds(s.timeout)) {
    return (
      `taskTimeout (${human(s.taskTimeout)}) must be shorter than the workflow's timeout (${human(s.timeout)}): ` +
      'a single step would use up the whole execution. Lower taskTimeout or raise timeout.'
    );
  }
  if (s.defaultFunctionTimeout && seconds(s.taskTimeout) < seconds(s.defaultFunctionTimeout)) {
    return (
      `taskTimeout (${human(s.taskTimeout)}) is shorter than the default functions' timeout ` +
      `(${human(s.defaultFunctionTimeout)}): Step Functions would abandon invocations that Lambda still runs. ` +
      `Set taskTimeout to ${human(s.defaultFunctionTimeout)} or more, or pass your own functions.`
    );
  }
  return undefined;
}

/** The retry policy, within what Step Functions accepts. */
function retryProblem(retry: ResolvedRetryPolicy): string | undefined {
  if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 0 || retry.maxAttempts > 10) {
    return `retry.maxAttempts must be a whole number from 0 to 10, got ${retry.maxAttempts}.`;
  }
  if (!(retry.backoffRate >= 1) || retry.backoffRate > 10) {
    return `retry.backoffRate must be from 1 to 10, got ${retry.backoffRate}.`;
  }
  const interval = seconds(retry.interval);
  if (!Number.isInteger(interval) || interval < 1) {
    return `retry.interval must be a whole number of seconds, at least 1, got ${human(retry.interval)}.`;
  }
  if (seconds(retry.maxDelay) < interval) {
    return (
      `retry.maxDelay (${human(retry.maxDelay)}) is shorter than retry.interval (${human(retry.interval)}). ` +
      'Raise maxDelay or lower interval.'
    );
  }
  return undefined;
}

/** The state machine's name and the default functions' memory. */
function resourceProblem(s: WorkflowSettings): string | undefined {
  const name = s.stateMachineName;
  if (name !== undefined && !Token.isUnresolved(name) && !/^[A-Za-z0-9_-]{1,80}$/.test(name)) {
    return `stateMachineName "${name}" is invalid: use 1 to 80 letters, digits, hyphens or underscores.`;
  }
  if (!Number.isInteger(s.functionMemorySize) || s.functionMemorySize < 128 || s.functionMemorySize > 10240) {
    return `functionMemorySize must be a whole number of MB from 128 to 10240, got ${s.functionMemorySize}.`;
  }
  return undefined;
}

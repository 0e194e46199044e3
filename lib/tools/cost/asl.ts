/**
 * The parts of a plain ASL definition the cost advisor reads, loosely typed, and the few rules of the
 * language it needs (retry defaults, backoff, which resources are callbacks or jobs).
 */

import { retryDelayMs, type Retrier as AslRetrier } from '../../asl/retry';

/** A Retry entry: the interpreter's own type. */
export type { Retrier as AslRetrier } from '../../asl/retry';

/** A Catch entry. */
export interface AslCatcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  readonly ResultPath?: string | null;
}

/** A state, with the fields the advisor reads. */
export interface AslState {
  readonly Type: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Resource?: string;
  readonly Parameters?: Record<string, unknown>;
  readonly Arguments?: unknown;
  readonly Result?: unknown;
  readonly ResultPath?: string | null;
  readonly OutputPath?: string | null;
  readonly Output?: unknown;
  readonly Retry?: readonly AslRetrier[];
  readonly Catch?: readonly AslCatcher[];
  readonly Choices?: readonly Record<string, unknown>[];
  readonly Default?: string;
  readonly TimeoutSeconds?: number;
  readonly TimeoutSecondsPath?: string;
  readonly Seconds?: number;
  readonly Error?: string;
  readonly ErrorPath?: string;
  readonly Branches?: readonly AslDefinition[];
  readonly Iterator?: AslDefinition;
  readonly ItemProcessor?: AslDefinition;
  readonly MaxConcurrency?: number;
  readonly QueryLanguage?: string;
}

/** A state machine's definition, or a Parallel branch's, or a Map's item processor. */
export interface AslDefinition {
  readonly StartAt: string;
  readonly States: Record<string, AslState>;
  readonly TimeoutSeconds?: number;
  readonly QueryLanguage?: string;
}

/**
 * AWS's default for a Task's TimeoutSeconds (the Step Functions developer guide, "Task": "If not
 * provided, the default value is 99999999"; the States Language spec says 60, AWS does not).
 */
export const DEFAULT_TASK_TIMEOUT_SECONDS = 99_999_999;

/** Checks the shape the advisor relies on, naming what is missing. */
export function asDefinition(value: unknown, where = 'the definition'): AslDefinition {
  const candidate = value as Partial<AslDefinition> | null;
  if (candidate === null || typeof candidate !== 'object') throw new Error(`${where} is not an object`);
  if (typeof candidate.StartAt !== 'string') throw new Error(`${where} has no StartAt`);
  if (candidate.States === null || typeof candidate.States !== 'object') {
    throw new Error(`${where} has no States`);
  }
  if (!(candidate.StartAt in candidate.States)) {
    throw new Error(`${where}: StartAt names "${candidate.StartAt}", which is not one of its states`);
  }
  return candidate as AslDefinition;
}

/** The nested definitions of a Parallel (its branches) or a Map (its item processor), else none. */
export function childDefinitions(state: AslState): AslDefinition[] {
  if (state.Type === 'Parallel') return [...(state.Branches ?? [])];
  if (state.Type === 'Map') {
    const processor = state.ItemProcessor ?? state.Iterator;
    return processor ? [processor] : [];
  }
  return [];
}

/** ASL's default MaxAttempts is 3; 0 means the retrier never retries. */
export function maxAttempts(retrier: AslRetrier): number {
  return retrier.MaxAttempts ?? 3;
}

/**
 * The wait before retry number `retry` (0-based) in seconds, before jitter: IntervalSeconds ×
 * BackoffRate^retry, capped by MaxDelaySeconds (defaults 1 s and 2.0, as in ASL).
 */
export function retryWaitSeconds(retrier: AslRetrier, retry: number): number {
  // The interpreter's own backoff, with the jitter factor at its ceiling.
  return retryDelayMs(retrier, retry, () => 1) / 1000;
}

/** The `.sync` (job-run) and `.waitForTaskToken` (callback) integration patterns, by resource ARN. */
export function integrationPattern(resource: string | undefined): 'sync' | 'callback' | 'request' {
  if (!resource) return 'request';
  if (/\.waitForTaskToken$/.test(resource)) return 'callback';
  if (/\.sync(:\d+)?$/.test(resource)) return 'sync';
  return 'request';
}

/** An activity task: `arn:<partition>:states:<region>:<account>:activity:<name>`. */
export function isActivity(resource: string | undefined): boolean {
  return resource !== undefined && /^arn:[^:]+:states:[^:]*:[^:]*:activity:/.test(resource);
}

/** The optimized Lambda integration (`arn:aws:states:::lambda:invoke`, any pattern). */
export function isLambdaInvoke(resource: string | undefined): boolean {
  return resource !== undefined && /^arn:[^:]+:states:::lambda:invoke(\.|$)/.test(resource);
}

/** The legacy form: the function's own ARN as the Resource. */
export function isLegacyLambda(resource: string | undefined): boolean {
  return resource !== undefined && /^arn:[^:]+:lambda:[^:]*:[^:]*:function:/.test(resource);
}

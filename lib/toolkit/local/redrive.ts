/**
 * RedriveExecution on the local runtime: which executions can be redriven and why not (AWS's
 * `redriveStatus` / `redriveStatusReason`), what a redrive needs kept from the run it continues
 * (the definition it ran, its role, its task handler, the engine's journal), and `clientToken`
 * idempotency. The engine does the redrive itself (lib/toolkit/asl/journal.ts); the runtime only
 * reopens the execution's record (lib/toolkit/local/local-runtime.ts, `redrive`).
 *
 * AWS's rules, as its API reference states them: Standard executions only, FAILED, ABORTED or
 * TIMED_OUT, ended within the last 14 days, started less than a year ago, with fewer than 24,999
 * history events; the same input, ARN and definition; the machine's TimeoutSeconds counts afresh. The reasons are
 * AWS's `redriveStatusReason` texts; ExecutionNotRedrivable carries the same text as its message
 * (AWS's own message for the error was not found recorded anywhere: an assumption).
 */
import type { ExecutionJournal, StateMachine, TaskHandler } from '../asl/engine';
import type { ExecutionRecord } from './execution-store';
import { StepFunctionsError, stepFunctionsErrors } from './step-functions-errors';

/** How long after its end an execution can be redriven (AWS: 14 days). */
export const REDRIVABLE_PERIOD_MS = 14 * 24 * 60 * 60 * 1000;
/** AWS answers again the last 10 client tokens of an execution's redrives, for 15 minutes each. */
const CLIENT_TOKENS_KEPT = 10;
const CLIENT_TOKEN_TTL_MS = 15 * 60 * 1000;
/** An execution stays open at most a year, its redrives included. */
const MAX_OPEN_MS = 365 * 24 * 60 * 60 * 1000;
/** A redrive needs room for ExecutionRedriven and one more event under the 25,000-event limit. */
const MAX_EVENTS_BEFORE_REDRIVE = 24_999;

export type RedriveStatus = 'REDRIVABLE' | 'NOT_REDRIVABLE';
export type RedriveFilter = 'REDRIVEN' | 'NOT_REDRIVEN';
const REDRIVE_FILTERS: readonly string[] = ['REDRIVEN', 'NOT_REDRIVEN'];

/** What a redrive continues from: kept for each Standard execution until it succeeds. */
export interface RedriveSource {
  /** The definition the execution ran (a later UpdateStateMachine does not change a redrive). */
  readonly model: StateMachine;
  readonly roleArn: string;
  /**
   * The handler that served its tasks: a redrive goes on with it, so a mock test case's attempt
   * numbers (which count every invocation of a state in the execution) continue: a response list
   * `"0"` Throw, `"1"` Return fails the first run and succeeds on redrive.
   */
  readonly taskHandler: TaskHandler;
  readonly journal: ExecutionJournal;
}

/** DescribeExecution's redrive fields, as values. */
export interface RedriveView {
  readonly redriveCount: number;
  readonly redriveDate?: Date;
  readonly redriveStatus: RedriveStatus;
  readonly redriveStatusReason?: string;
}

/** The redrive sources and client tokens of a runtime's executions. */
export class Redrives {
  /**
   * Keyed by the record's history (its `events` array), not the record: when the execution store
   * drops an old history to stay within its bound, the journal goes with it, and the execution,
   * whose summary stays, is no longer redrivable.
   */
  private readonly sources = new WeakMap<object, RedriveSource>();
  private readonly tokens = new WeakMap<ExecutionRecord, Array<{ token: string; at: number }>>();

  constructor(private readonly now: () => Date) {}

  /** The execution (re)started with this source; its journal goes on recording. */
  started(record: ExecutionRecord, source: RedriveSource): void {
    if (record.events) this.sources.set(record.events, source);
  }

  /** An execution that succeeded can never be redriven: nothing of it needs keeping. */
  succeeded(record: ExecutionRecord): void {
    if (record.events) this.sources.delete(record.events);
  }

  /** Why the execution cannot be redriven now, or undefined when it can. */
  whyNot(record: ExecutionRecord): string | undefined {
    if (record.status === 'RUNNING' || record.status === 'SUCCEEDED') {
      return `Execution is ${record.status} and cannot be redriven`;
    }
    const now = this.now().getTime();
    if (record.stopDate && now - record.stopDate.getTime() > REDRIVABLE_PERIOD_MS) {
      return 'Execution redrivable period exceeded';
    }
    if (now - record.startDate.getTime() > MAX_OPEN_MS)
      return 'Execution has exceeded the max execution time';
    if ((record.events?.at(-1)?.id ?? 0) >= MAX_EVENTS_BEFORE_REDRIVE)
      return 'Execution history event limit exceeded';
    // Local only: the runtime keeps full histories (and what a redrive needs) for a bounded number of executions.
    if (!record.events || !this.sources.has(record.events)) {
      return 'Execution history is no longer kept by the local runtime (see README, "Local runtime")';
    }
    return undefined;
  }

  view(record: ExecutionRecord): RedriveView {
    const reason = this.whyNot(record);
    return {
      redriveCount: record.redriveCount ?? 0,
      redriveDate: record.redriveDate,
      redriveStatus: reason === undefined ? 'REDRIVABLE' : 'NOT_REDRIVABLE',
      redriveStatusReason: reason,
    };
  }

  /**
   * What to continue from, or ExecutionNotRedrivable naming why not. A client token that already
   * redrove this execution (among its last 10, within 15 minutes) returns undefined: the caller
   * answers with that redrive's date and starts nothing.
   */
  take(record: ExecutionRecord, clientToken?: string): RedriveSource | undefined {
    if (clientToken !== undefined && this.seen(record, clientToken)) return undefined;
    const reason = this.whyNot(record);
    if (reason !== undefined) throw new StepFunctionsError('ExecutionNotRedrivable', reason);
    if (clientToken !== undefined) this.remember(record, clientToken);
    return this.sources.get(record.events!)!;
  }

  private seen(record: ExecutionRecord, clientToken: string): boolean {
    const now = this.now().getTime();
    return (this.tokens.get(record) ?? []).some(
      (t) => t.token === clientToken && now - t.at <= CLIENT_TOKEN_TTL_MS,
    );
  }

  private remember(record: ExecutionRecord, clientToken: string): void {
    const kept = [...(this.tokens.get(record) ?? []), { token: clientToken, at: this.now().getTime() }];
    this.tokens.set(record, kept.slice(-CLIENT_TOKENS_KEPT));
  }
}

/** The execution's record, RUNNING again: its count and date of redrives go up, its end is forgotten. */
export function reopenForRedrive(record: ExecutionRecord, now: Date): void {
  record.status = 'RUNNING';
  record.stopDate = undefined;
  record.output = undefined;
  record.outputText = undefined;
  record.error = undefined;
  record.cause = undefined;
  record.redriveCount = (record.redriveCount ?? 0) + 1;
  record.redriveDate = now;
}

/** ListExecutions' `redriveFilter`: REDRIVEN or NOT_REDRIVEN, refused otherwise as AWS refuses an enum. */
export function requireRedriveFilter(value: string | undefined): RedriveFilter | undefined {
  if (value === undefined || REDRIVE_FILTERS.includes(value)) return value as RedriveFilter | undefined;
  throw stepFunctionsErrors.validation(
    `1 validation error detected: Value '${value}' at 'redriveFilter' failed to satisfy constraint: ` +
      `Member must satisfy enum value set: [${REDRIVE_FILTERS.join(', ')}]`,
  );
}

export function matchesRedriveFilter(record: ExecutionRecord, filter: RedriveFilter | undefined): boolean {
  if (filter === undefined) return true;
  return (record.redriveCount ?? 0) > 0 === (filter === 'REDRIVEN');
}

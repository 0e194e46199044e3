import type { ExecutionStatus, HistoryEvent, RunningExecution } from '../asl/engine';

export type StateMachineType = 'STANDARD' | 'EXPRESS';

/** A state machine as one execution started it: later updates do not change it. */
export interface MachineAtStart {
  readonly definition: Record<string, unknown>;
  readonly roleArn: string;
  readonly revisionId?: string;
  /** The machine's last update before the execution (its creation if never updated). */
  readonly updateDate: Date;
}

/** Everything known about one execution. Its history may be dropped (see {@link ExecutionStore}). */
export interface ExecutionRecord {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly type: StateMachineType;
  readonly name: string;
  /** The execution input, a JSON value. */
  readonly input: unknown;
  /** Its JSON text, when the runtime made it (DescribeExecution answers with it). */
  readonly inputText?: string;
  readonly startDate: Date;
  /** The mock test case it runs under, if any. */
  readonly testCase?: string;
  /** The version it ran, when started with a version or alias ARN (lib/toolkit/local/versioning.ts). */
  readonly stateMachineVersionArn?: string;
  /** The alias it was started through. */
  readonly stateMachineAliasArn?: string;
  /** The machine's definition, role and revision when it started (DescribeStateMachineForExecution). */
  readonly machineAtStart?: MachineAtStart;
  status: ExecutionStatus;
  stopDate?: Date;
  /** The output, a JSON value: set when the execution SUCCEEDED. */
  output?: unknown;
  /** Its JSON text, when the engine made it. */
  outputText?: string;
  error?: string;
  cause?: string;
  /** The history, until the store drops it to stay within its bound. */
  events?: HistoryEvent[];
  running?: RunningExecution;
  /** How many times it was redriven (RedriveExecution), and when last. */
  redriveCount?: number;
  redriveDate?: Date;
  /** Settles when the execution ends. */
  done: Promise<void>;
}

export interface ExecutionStoreLimits {
  /** Executions whose full history is kept; older ones keep their summary only. @default 1000 */
  readonly histories?: number;
  /** Executions kept at all (summaries); the oldest finished ones go first. @default 100000 */
  readonly executions?: number;
}

/**
 * Executions and their histories, bounded: every execution keeps its summary (so ListExecutions
 * sees all of a long soak, up to `executions`), and only the newest `histories` finished
 * executions keep their full event list. Running executions always keep theirs.
 */
export class ExecutionStore {
  private readonly records = new Map<string, ExecutionRecord>();
  private readonly finishedWithHistory: string[] = [];
  private readonly historyLimit: number;
  private readonly executionLimit: number;

  constructor(limits: ExecutionStoreLimits = {}) {
    this.historyLimit = limits.histories ?? 1000;
    this.executionLimit = limits.executions ?? 100_000;
  }

  add(record: ExecutionRecord): void {
    this.records.set(record.executionArn, record);
    if (this.records.size > this.executionLimit) {
      for (const [arn, r] of this.records) {
        if (r.status !== 'RUNNING') {
          this.records.delete(arn);
          break;
        }
      }
    }
  }

  get(executionArn: string): ExecutionRecord | undefined {
    return this.records.get(executionArn);
  }

  /** Marks an execution finished, dropping the oldest finished history beyond the bound. */
  finished(record: ExecutionRecord): void {
    // A redriven execution finishes again: it counts once, as the newest.
    if (record.redriveCount) {
      const earlier = this.finishedWithHistory.indexOf(record.executionArn);
      if (earlier >= 0) this.finishedWithHistory.splice(earlier, 1);
    }
    this.finishedWithHistory.push(record.executionArn);
    while (this.finishedWithHistory.length > this.historyLimit) {
      const oldest = this.records.get(this.finishedWithHistory.shift()!);
      if (oldest) oldest.events = undefined;
    }
  }

  /** Newest first, as ListExecutions returns them. */
  list(filter: { stateMachineArn?: string; status?: ExecutionStatus } = {}): ExecutionRecord[] {
    const matches: ExecutionRecord[] = [];
    for (const r of this.records.values()) {
      if (filter.stateMachineArn && r.stateMachineArn !== filter.stateMachineArn) continue;
      if (filter.status && r.status !== filter.status) continue;
      matches.push(r);
    }
    return matches.reverse();
  }

  get size(): number {
    return this.records.size;
  }

  get limits(): Required<ExecutionStoreLimits> {
    return { histories: this.historyLimit, executions: this.executionLimit };
  }
}

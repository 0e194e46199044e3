/**
 * A distributed Map's map run: what DescribeMapRun reports of it (status, the counts of its child
 * executions and of their items, its settings) while the Map state runs it. UpdateMapRun changes
 * its MaxConcurrency (the running Map launches more children at once) and its tolerated failure
 * thresholds (checked at the next failure). The runtime keeps the runs through {@link MapRunRegistry}.
 */

export type MapRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

/** DescribeMapRun's `itemCounts` / `executionCounts`. */
export interface MapRunCounts {
  readonly pending: number;
  readonly running: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly timedOut: number;
  readonly aborted: number;
  readonly total: number;
  readonly resultsWritten: number;
}

/** What UpdateMapRun may change. A threshold left undefined is not applied (AWS reports it as 0). */
export interface MapRunSettings {
  /** 0: no limit. */
  readonly maxConcurrency: number;
  readonly toleratedFailureCount?: number;
  readonly toleratedFailurePercentage?: number;
}

/** Where an execution hands its map runs, so the API can list, describe and update them. */
export interface MapRunRegistry {
  add(run: MapRun): void;
}

type ChildStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'aborted';

export interface MapRunStart {
  readonly arn: string;
  readonly executionArn: string;
  /** AWS's `stateMachineArn` of a map run: `<state machine ARN>/<Label or state name>`. */
  readonly stateMachineArn: string;
  readonly startDate: Date;
  readonly settings: MapRunSettings;
  /** How many items each child execution runs (1 each without an ItemBatcher). */
  readonly itemsPerExecution: readonly number[];
}

export class MapRun {
  readonly arn: string;
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly startDate: Date;
  private currentStatus: MapRunStatus = 'RUNNING';
  private stop?: Date;
  private current: MapRunSettings;
  private readonly children: ChildStatus[];
  private readonly sizes: readonly number[];
  private written = false;
  private readonly concurrencyListeners: Array<() => void> = [];

  constructor(start: MapRunStart) {
    this.arn = start.arn;
    this.executionArn = start.executionArn;
    this.stateMachineArn = start.stateMachineArn;
    this.startDate = start.startDate;
    this.current = { ...start.settings };
    this.sizes = start.itemsPerExecution;
    this.children = start.itemsPerExecution.map(() => 'pending');
  }

  get status(): MapRunStatus {
    return this.currentStatus;
  }

  get stopDate(): Date | undefined {
    return this.stop;
  }

  get settings(): MapRunSettings {
    return this.current;
  }

  /** The live limit the Map's children run under (see children.ts). */
  get maxConcurrency(): number {
    return this.current.maxConcurrency;
  }

  onConcurrencyChange(listener: () => void): void {
    this.concurrencyListeners.push(listener);
  }

  /** UpdateMapRun's change, already checked by the runtime; a higher limit launches waiting children now. */
  update(changes: Partial<MapRunSettings>): void {
    const defined = Object.entries(changes).filter(([, value]) => value !== undefined);
    this.current = { ...this.current, ...Object.fromEntries(defined) };
    if (changes.maxConcurrency !== undefined) for (const listener of this.concurrencyListeners) listener();
  }

  /** Whether so many failed items exceed the thresholds in force now (none set: any failure does). */
  exceeds(failedItems: number, totalItems: number): boolean {
    const { toleratedFailureCount: count, toleratedFailurePercentage: percentage } = this.current;
    if (count === undefined && percentage === undefined) return failedItems > 0;
    if (count !== undefined && failedItems > count) return true;
    return percentage !== undefined && totalItems > 0 && (failedItems / totalItems) * 100 > percentage;
  }

  childStarted(index: number): void {
    this.children[index] = 'running';
  }

  /** A child's end; a tolerated failure is reported as failed before the Map sees it succeed. */
  childEnded(index: number, status: 'succeeded' | 'failed' | 'aborted'): void {
    if (this.children[index] === 'running') this.children[index] = status;
  }

  /** The run's end: children still running were aborted with it; a successful run wrote its results. */
  finish(status: Exclude<MapRunStatus, 'RUNNING'>, date: Date): void {
    if (this.currentStatus !== 'RUNNING') return;
    this.children.forEach((child, index) => {
      if (child === 'running') this.children[index] = 'aborted';
    });
    this.written = status === 'SUCCEEDED';
    this.currentStatus = status;
    this.stop = date;
  }

  get executionCounts(): MapRunCounts {
    return this.count(() => 1);
  }

  get itemCounts(): MapRunCounts {
    return this.count((index) => this.sizes[index]);
  }

  private count(weight: (index: number) => number): MapRunCounts {
    const by: Record<ChildStatus, number> = { pending: 0, running: 0, succeeded: 0, failed: 0, aborted: 0 };
    this.children.forEach((status, index) => (by[status] += weight(index)));
    const total = this.children.reduce((sum, _, index) => sum + weight(index), 0);
    return {
      pending: by.pending,
      running: by.running,
      succeeded: by.succeeded,
      failed: by.failed,
      // Child executions here have no timeout of their own.
      timedOut: 0,
      aborted: by.aborted,
      total,
      resultsWritten: this.written ? by.succeeded + by.failed : 0,
    };
  }
}

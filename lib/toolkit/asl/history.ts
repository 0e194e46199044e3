/**
 * The execution history, numbered as GetExecutionHistory numbers it. Every event has an `id`
 * (1, 2, ...) and a `previousEventId`: the event that led to it *in its own thread of control*.
 * A thread (the execution, a Parallel branch, a Map iteration) is a {@link HistoryThread} whose
 * `source` is its latest causal event. Most events advance their thread's source; a few do not
 * (ExecutionStarted, MapIterationSucceeded/Failed, MapStateSucceeded, ParallelStateSucceeded), which
 * is why e.g. the first StateEntered has previousEventId 0 and MapStateExited points past
 * MapStateSucceeded. These rules were read off histories recorded on AWS (the conformance corpus).
 */
import type { Clock, HistoryEvent } from './engine';

export interface HistoryThread {
  /** The id the next event of this thread names as its previousEventId. */
  source: number;
}

export interface EmitOptions {
  /** Leave the thread's source where it was (the event is a side note, not a step). */
  readonly keepSource?: boolean;
}

export class History {
  private closed = false;
  private readonly list: HistoryEvent[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly onEvent?: (event: HistoryEvent) => void,
    /** The first event's id: 1, or past the events of a redriven execution's earlier runs. */
    private nextId = 1,
  ) {}

  /** The id of the latest event published (0 before any). */
  get lastId(): number {
    return this.nextId - 1;
  }

  get events(): readonly HistoryEvent[] {
    return this.list;
  }

  /**
   * Publishes an event of `type` with its details under `detailsKey` (e.g.
   * `stateEnteredEventDetails`); returns its id, or 0 once the history is closed (the execution
   * ended: stopped or timed out, and code still unwinding must not add to it).
   */
  emit(
    thread: HistoryThread,
    type: string,
    detailsKey?: string,
    details?: Record<string, unknown>,
    options: EmitOptions = {},
  ): number {
    if (this.closed) return 0;
    const id = this.nextId++;
    const event: HistoryEvent = {
      id,
      previousEventId: thread.source,
      type,
      timestamp: this.clock.now(),
      ...(detailsKey && details ? { [detailsKey]: withoutUndefined(details) } : {}),
    };
    if (!options.keepSource) thread.source = id;
    this.list.push(event);
    try {
      this.onEvent?.(event);
    } catch {
      // A listener's failure must not change the execution's course.
    }
    return id;
  }

  close(): void {
    this.closed = true;
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

function withoutUndefined(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined));
}

/** `{ truncated: false }`: inputs and outputs are never truncated here (they are capped at 256 KiB). */
export const NOT_TRUNCATED = Object.freeze({ truncated: false });

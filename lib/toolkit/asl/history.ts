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
  /**
   * The latest event's timestamp, shared by the events of the same millisecond (most of a fast
   * execution's): a runtime keeps a thousand histories, and a Date per event was a sixth of one.
   * Nothing changes a timestamp in place.
   */
  private timestamp?: Date;

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
    const previousEventId = thread.source;
    const timestamp = this.sameOrNew(this.clock.now());
    // The details in the literal: added afterwards, they took a property array of their own.
    const event: HistoryEvent =
      detailsKey && details
        ? { id, previousEventId, type, timestamp, [detailsKey]: eventDetails(details) }
        : { id, previousEventId, type, timestamp };
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

  private sameOrNew(now: Date): Date {
    if (this.timestamp?.getTime() !== now.getTime()) this.timestamp = now;
    return this.timestamp;
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

/**
 * A value's JSON text, made when first read: most histories are never read, and a task's input
 * (TaskScheduled's parameters) is serialized only if someone looks. The value must not change
 * afterwards, which holds for state data (the engine never changes a value in place once made).
 */
export class JsonText {
  private made?: string;

  constructor(
    readonly value: unknown,
    text?: string,
  ) {
    this.made = text;
  }

  get text(): string {
    return (this.made ??= JSON.stringify(this.value === undefined ? null : this.value));
  }
}

/**
 * The details as the event carries them: without undefined fields, a {@link JsonText} as a string
 * property that serializes on first read (an own, enumerable property: JSON.stringify, spreads
 * and readers see a plain string, in the field's place).
 */
function eventDetails(details: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in details) {
    const value = details[key];
    if (value === undefined) continue;
    if (value instanceof JsonText) deferText(out, key, value);
    else out[key] = value;
  }
  return out;
}

/** Where a details object keeps the JsonTexts of its deferred fields (not enumerable: unseen by spreads, keys and JSON). */
const DEFERRED = Symbol('deferred texts');

type Deferring = Record<string, unknown> & { [DEFERRED]?: Record<string, JsonText | undefined> };

/**
 * One getter per field name, shared by every event's details. V8 keeps an object's properties fast
 * only while its accessors are the same functions as its map's: a closure per field sent every
 * TaskScheduled's details to dictionary mode, and a kept history is most of a runtime's heap.
 */
const textGetters = new Map<string, (this: Deferring) => string>();

function textGetter(key: string): (this: Deferring) => string {
  let getter = textGetters.get(key);
  if (!getter) {
    getter = function (this: Deferring) {
      const deferred = this[DEFERRED]!;
      const text = deferred[key]!.text;
      deferred[key] = undefined; // the text stands in for the value from now on
      Object.defineProperty(this, key, { value: text, enumerable: true, writable: true, configurable: true });
      return text;
    };
    textGetters.set(key, getter);
  }
  return getter;
}

function deferText(target: Deferring, key: string, source: JsonText): void {
  if (!target[DEFERRED]) Object.defineProperty(target, DEFERRED, { value: {} });
  target[DEFERRED]![key] = source;
  Object.defineProperty(target, key, { enumerable: true, configurable: true, get: textGetter(key) });
}

/** `{ truncated: false }`: inputs and outputs are never truncated here (they are capped at 256 KiB). */
export const NOT_TRUNCATED = Object.freeze({ truncated: false });

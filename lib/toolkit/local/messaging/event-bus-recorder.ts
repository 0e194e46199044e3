import { randomUUID } from 'node:crypto';
import { findEventBus, LocalEventBus } from './event-buses';

/** One event put on a bus, by the state machine or by a function through the SDK. */
export interface RecordedEvent {
  readonly eventId: string;
  /** The bus as the entry named it (`default` when it named none). */
  readonly eventBusName: string;
  /**
   * The bus's ARN; absent when the app has no such bus: EventBridge accepts such an entry, answers
   * it with an EventId, and drops it.
   */
  readonly eventBusArn?: string;
  readonly source: string;
  readonly detailType: string;
  /** The Detail text exactly as sent (a task token in it is there verbatim). */
  readonly detail: string;
  readonly resources: readonly string[];
  readonly time: Date;
  readonly traceHeader?: string;
}

export type PutEventsResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

export interface PutEventsResult {
  readonly Entries: PutEventsResultEntry[];
  readonly FailedEntryCount: number;
}

/** A refusal of the whole PutEvents request (an entry's problem is answered in its result entry). */
export class EventsValidationError extends Error {
  readonly type = 'ValidationException';
  constructor(message: string) {
    super(message);
    this.name = 'ValidationException';
  }
}

const MAX_ENTRIES = 10;
/** PutEvents' limit on the entries' total size, counted as EventBridge counts it. */
const MAX_REQUEST_BYTES = 262_144;

/**
 * The local EventBridge: checks each PutEvents entry as EventBridge does, answers with an EventId
 * or the entry's error, and keeps every accepted event (bounded) so that tests, the CLI and the
 * console can show what would have been put. No rule matches and nothing is delivered.
 */
export class EventBusRecorder {
  private readonly events: RecordedEvent[] = [];

  constructor(
    private readonly busList: readonly LocalEventBus[],
    private readonly limit = 10_000,
    private readonly now = () => new Date(),
  ) {}

  putEvents(request: Readonly<Record<string, unknown>>): PutEventsResult {
    const entries = checkEntries(request.Entries);
    const results = entries.map((entry) => this.put(entry));
    return { Entries: results, FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length };
  }

  /** Events put so far, oldest first; optionally one bus's (name or ARN), or whose Detail contains `contains`. */
  list(filter: { eventBus?: string; contains?: string } = {}): RecordedEvent[] {
    const bus = filter.eventBus === undefined ? undefined : findEventBus(this.busList, filter.eventBus);
    return this.events.filter(
      (e) =>
        (filter.eventBus === undefined ||
          (bus ? e.eventBusArn === bus.arn : e.eventBusName === filter.eventBus)) &&
        (!filter.contains || e.detail.includes(filter.contains)),
    );
  }

  buses(): readonly LocalEventBus[] {
    return this.busList;
  }

  private put(entry: Readonly<Record<string, unknown>>): PutEventsResultEntry {
    const problem = entryProblem(entry);
    if (problem) return problem;
    const named =
      typeof entry.EventBusName === 'string' && entry.EventBusName !== '' ? entry.EventBusName : 'default';
    const bus = findEventBus(this.busList, named);
    const record: RecordedEvent = {
      eventId: randomUUID(),
      eventBusName: bus?.name ?? named,
      ...(bus ? { eventBusArn: bus.arn } : {}),
      source: entry.Source as string,
      detailType: entry.DetailType as string,
      detail: entry.Detail as string,
      resources: Array.isArray(entry.Resources) ? entry.Resources.map(String) : [],
      time: timeOf(entry.Time) ?? this.now(),
      ...(typeof entry.TraceHeader === 'string' ? { traceHeader: entry.TraceHeader } : {}),
    };
    this.events.push(record);
    if (this.events.length > this.limit) this.events.splice(0, this.events.length - this.limit);
    return { EventId: record.eventId };
  }
}

function checkEntries(value: unknown): Array<Readonly<Record<string, unknown>>> {
  if (value === undefined || value === null) {
    throw new EventsValidationError(
      "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null",
    );
  }
  if (!Array.isArray(value))
    throw new EventsValidationError('Entries must be a list of PutEventsRequestEntry.');
  const bound = value.length === 0 ? 'greater than or equal to 1' : 'less than or equal to 10';
  if (value.length === 0 || value.length > MAX_ENTRIES) {
    throw new EventsValidationError(
      `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length ${bound}`,
    );
  }
  const entries = value.map((e) => (e !== null && typeof e === 'object' ? e : {})) as Array<
    Readonly<Record<string, unknown>>
  >;
  if (entries.reduce((sum, e) => sum + entrySize(e), 0) > MAX_REQUEST_BYTES) {
    throw new EventsValidationError('Total size of the entries in the request is over the limit.');
  }
  return entries;
}

/** An entry's size as EventBridge counts it: Time 14 bytes, then Source, DetailType, Detail, Resources. */
function entrySize(entry: Readonly<Record<string, unknown>>): number {
  const text = (v: unknown) => (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  const resources = Array.isArray(entry.Resources)
    ? entry.Resources.reduce((s: number, r) => s + text(r), 0)
    : 0;
  return (
    (entry.Time !== undefined ? 14 : 0) +
    text(entry.Source) +
    text(entry.DetailType) +
    text(entry.Detail) +
    resources
  );
}

/** An entry's own problem, in EventBridge's words (required fields first, then the Detail's JSON). */
function entryProblem(entry: Readonly<Record<string, unknown>>): PutEventsResultEntry | undefined {
  for (const field of ['Source', 'DetailType', 'Detail']) {
    const value = entry[field];
    if (typeof value !== 'string' || value === '') {
      return {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.`,
      };
    }
  }
  if (!isJsonObjectText(entry.Detail as string)) {
    return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  }
  return undefined;
}

function isJsonObjectText(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/** Time as the JSON protocol sends it (epoch seconds) or as a definition may write it (ISO text). */
function timeOf(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value * 1000);
  if (typeof value === 'string' && value !== '') {
    const time = new Date(value);
    return Number.isNaN(time.getTime()) ? undefined : time;
  }
  return undefined;
}

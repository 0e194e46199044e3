import type { HistoryEvent } from '../../asl/engine';

/**
 * A task of a running execution that waits on someone outside it: a `.waitForTaskToken` task whose
 * request went out (TaskSubmitted) and that has had no answer yet, or an activity task that no
 * worker has taken yet (ActivityScheduled, no ActivityStarted). The console offers to answer the
 * first and says the second waits for a worker.
 */
export type WaitingTask =
  | {
      readonly kind: 'callback';
      /** The Task state's name. */
      readonly state: string;
      /** When the request went out (TaskSubmitted's timestamp), ISO 8601. */
      readonly since: string;
      /** As the history names it: `invoke.waitForTaskToken`, `publish.waitForTaskToken`… */
      readonly resource: string;
      /**
       * The token, found where AWS shows it too: the task's parameters (TaskScheduled), wherever
       * the definition put `$$.Task.Token`. Absent when the definition sent it nowhere visible.
       */
      readonly token?: string;
    }
  | {
      readonly kind: 'activity';
      readonly state: string;
      /** When it was scheduled (ActivityScheduled's timestamp), ISO 8601. */
      readonly since: string;
      /** The activity's ARN, which a worker polls with GetActivityTask. */
      readonly resource: string;
    };

/**
 * The tokens the local runtime issues (lib/toolkit/local/task-tokens.ts): `AQ` and 86 base64url
 * characters, found as a whole word inside any text (a `States.Format` may have embedded one).
 */
const TOKEN = /(?<![A-Za-z0-9_-])AQ[A-Za-z0-9_-]{86}(?![A-Za-z0-9_-])/g;

/** The events that end a task's attempt or an activity, whatever the reason. */
const TASK_END = /^Task(Succeeded|Failed|TimedOut|StartFailed|SubmitFailed)$/;
const ACTIVITY_END = /^Activity(Succeeded|Failed|TimedOut|ScheduleFailed)$/;

interface Attempt {
  readonly scheduled: HistoryEvent;
  submitted?: HistoryEvent;
  started?: HistoryEvent;
  ended?: HistoryEvent;
}

/**
 * What waits now, read off the history alone (event types and their previousEventId links, so
 * Parallel branches and Map iterations that interleave stay apart); oldest first.
 */
export function waitingTasks(events: readonly HistoryEvent[]): WaitingTask[] {
  const byId = new Map(events.map((e) => [e.id, e]));
  const attempts = new Map<number, Attempt>();
  for (const event of events) {
    if (event.type === 'TaskScheduled' || event.type === 'ActivityScheduled') {
      attempts.set(event.id, { scheduled: event });
      continue;
    }
    const attempt = attemptOf(event, byId, attempts);
    if (!attempt) continue;
    if (event.type === 'TaskSubmitted') attempt.submitted = event;
    else if (event.type === 'ActivityStarted') attempt.started = event;
    else if (TASK_END.test(event.type) || ACTIVITY_END.test(event.type)) attempt.ended = event;
  }
  const waiting: WaitingTask[] = [];
  for (const attempt of attempts.values()) {
    if (attempt.ended) continue;
    const task = waitingOf(attempt, byId);
    if (task) waiting.push(task);
  }
  return waiting;
}

function waitingOf(attempt: Attempt, byId: Map<number, HistoryEvent>): WaitingTask | undefined {
  const { scheduled } = attempt;
  const state = stateOf(scheduled, byId);
  if (scheduled.type === 'ActivityScheduled') {
    if (attempt.started) return undefined;
    const details = scheduled.activityScheduledEventDetails as { resource?: string } | undefined;
    return { kind: 'activity', state, since: iso(scheduled.timestamp), resource: details?.resource ?? '' };
  }
  const details = scheduled.taskScheduledEventDetails as
    { resource?: string; parameters?: string } | undefined;
  const resource = details?.resource ?? '';
  if (!attempt.submitted || !resource.endsWith('.waitForTaskToken')) return undefined;
  const token = tokenOf(details?.parameters ?? '', stateInput(scheduled, byId));
  return { kind: 'callback', state, since: iso(attempt.submitted.timestamp), resource, token };
}

/**
 * The token issued to this attempt: one in its parameters that its state's input does not hold
 * (a token passed along in the input belongs to another task).
 */
export function tokenOf(parameters: string, stateInput: string): string | undefined {
  const inherited = new Set(stateInput.match(TOKEN) ?? []);
  return (parameters.match(TOKEN) ?? []).find((token) => !inherited.has(token));
}

/** The attempt an event belongs to: the nearest TaskScheduled or ActivityScheduled it follows. */
function attemptOf(
  event: HistoryEvent,
  byId: Map<number, HistoryEvent>,
  attempts: Map<number, Attempt>,
): Attempt | undefined {
  if (!/^(Task|Activity)/.test(event.type) || event.type.startsWith('TaskState')) return undefined;
  for (let e = byId.get(event.previousEventId); e; e = byId.get(e.previousEventId)) {
    const attempt = attempts.get(e.id);
    if (attempt) return attempt;
    if (e.stateEnteredEventDetails) return undefined;
  }
  return undefined;
}

function enteredOf(event: HistoryEvent, byId: Map<number, HistoryEvent>): HistoryEvent | undefined {
  for (let e: HistoryEvent | undefined = event; e; e = byId.get(e.previousEventId)) {
    if (e.stateEnteredEventDetails) return e;
  }
  return undefined;
}

function stateOf(event: HistoryEvent, byId: Map<number, HistoryEvent>): string {
  const details = enteredOf(event, byId)?.stateEnteredEventDetails as { name?: string } | undefined;
  return details?.name ?? '';
}

function stateInput(event: HistoryEvent, byId: Map<number, HistoryEvent>): string {
  const details = enteredOf(event, byId)?.stateEnteredEventDetails as { input?: string } | undefined;
  return details?.input ?? '';
}

function iso(timestamp: Date | string): string {
  return new Date(timestamp).toISOString();
}

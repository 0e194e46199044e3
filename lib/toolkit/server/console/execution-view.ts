import { allEdges, allNodes, EdgeKind, WorkflowGraph } from '../../diagram/graph-model';
import type { ExecutionRecord } from '../../local/execution-store';
import type { HistoryEvent } from '../../asl/engine';
import { executionPath, PathStep } from '../../local/execution-path';
import { WaitingTask, waitingTasks } from './waiting-tasks';

/** How a state ended in an execution, as the console colors it. */
export type VisitStatus = 'succeeded' | 'failed' | 'caught' | 'running';

export interface StepView {
  readonly name: string;
  readonly type: string;
  readonly status: VisitStatus;
  readonly input?: unknown;
  readonly output?: unknown;
  /** Failed attempts (retried), and the failure that ended the state, if it failed. */
  readonly failures: ReadonlyArray<{ error?: string; cause?: string }>;
}

/** An edge of the diagram the execution went along, by state names (`''` for Start and End). */
export interface Transition {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
}

export interface ExecutionSummary {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly type: ExecutionRecord['type'];
  readonly name: string;
  readonly status: ExecutionRecord['status'];
  readonly startDate: string;
  readonly stopDate?: string;
  /** Until now while it runs. */
  readonly durationMs: number;
  readonly testCase?: string;
}

export interface ExecutionView {
  readonly execution: ExecutionSummary & {
    /** JSON values, as the runtime keeps them. */
    readonly input: unknown;
    readonly output?: unknown;
    readonly error?: string;
    readonly cause?: string;
  };
  /** False once the store dropped this execution's history (only the summary is left). */
  readonly historyKept: boolean;
  readonly steps: readonly StepView[];
  /** Each visited state's color; a state visited more than once (a Map's) shows its worst visit. */
  readonly states: Readonly<Record<string, VisitStatus>>;
  readonly transitions: readonly Transition[];
  readonly events: readonly HistoryEvent[];
  /** The tasks a running execution waits on: a callback's answer, an activity's worker. */
  readonly waiting: readonly WaitingTask[];
}

export function executionSummary(record: ExecutionRecord, now = new Date()): ExecutionSummary {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    stateMachineName: record.stateMachineName,
    type: record.type,
    name: record.name,
    status: record.status,
    startDate: record.startDate.toISOString(),
    stopDate: record.stopDate?.toISOString(),
    durationMs: (record.stopDate ?? now).getTime() - record.startDate.getTime(),
    testCase: record.testCase,
  };
}

const SEVERITY: Record<VisitStatus, number> = { succeeded: 0, caught: 1, failed: 2, running: 3 };

/**
 * What the console draws over the diagram for one execution: each state's status (succeeded,
 * failed, caught, running) and the edges taken, read off the history with `executionPath`. The
 * graph tells which failures were caught: a failed state followed by one of its Catch targets.
 */
export function executionView(record: ExecutionRecord, graph: WorkflowGraph | undefined): ExecutionView {
  const path = executionPath(record.events ?? []);
  const names = new Map(graph ? allNodes(graph).map((n) => [n.id, n.kind === 'state' ? n.name : '']) : []);
  const edges = graph
    ? allEdges(graph).map((e) => ({ ...e, fromName: names.get(e.from) ?? '', toName: names.get(e.to) ?? '' }))
    : [];

  const events = record.events ?? [];
  const caught = caughtVisits(events);
  const superseded = redrivenVisits(events);
  const endings = executionEndings(events);
  const steps: StepView[] = path.map((step, i) => ({
    name: step.name,
    type: step.type,
    status: caught.has(i) ? 'caught' : visitStatus(step, i),
    input: step.input,
    output: step.output,
    failures: withoutExecutionEcho(step, endings),
  }));

  function visitStatus(step: PathStep, visit: number): VisitStatus {
    if (step.status === 'EXITED') return 'succeeded';
    if (superseded.has(visit)) return 'failed';
    return record.status === 'RUNNING' ? 'running' : 'failed';
  }

  // The diagram shows where the execution stands: a failure a redrive ran again is history only.
  const states: Record<string, VisitStatus> = {};
  for (const [i, step] of steps.entries()) {
    if (superseded.has(i) && step.status === 'failed') continue;
    const seen = states[step.name];
    if (!seen || SEVERITY[step.status] > SEVERITY[seen]) states[step.name] = step.status;
  }

  const taken = new Map<string, Transition>();
  const take = (t: Transition) => taken.set(`${t.kind}|${t.from}|${t.to}`, t);
  if (steps.length > 0) {
    for (const e of edges) if (e.kind === 'start' && e.toName === steps[0].name) take(edgeOf(e));
  }
  // Each state was reached from the latest earlier state with an edge to it: along a Catch when
  // that state was caught, along Next or a Choice rule otherwise.
  steps.forEach((step, j) => {
    for (let i = j - 1; i >= 0; i--) {
      const caught = steps[i].status === 'caught';
      const along = edges.filter(
        (e) =>
          e.fromName === steps[i].name &&
          e.toName === step.name &&
          (e.kind === 'catch') === caught &&
          e.kind !== 'start',
      );
      if (along.length > 0) {
        along.forEach((e) => take(edgeOf(e)));
        break;
      }
    }
  });
  if (record.status !== 'RUNNING') {
    // The execution ended in the last state that leads to End.
    const last = [...steps]
      .reverse()
      .find((s) => edges.some((e) => e.kind === 'end' && e.fromName === s.name));
    if (last && last.status !== 'caught') {
      for (const e of edges) if (e.kind === 'end' && e.fromName === last.name) take(edgeOf(e));
    }
  }

  return {
    execution: {
      ...executionSummary(record),
      input: record.input,
      output: record.output,
      error: record.error,
      cause: record.cause,
    },
    historyKept: record.events !== undefined,
    steps,
    states,
    transitions: [...taken.values()],
    events: record.events ?? [],
    waiting: record.status === 'RUNNING' ? waitingTasks(record.events ?? []) : [],
  };
}

function edgeOf(e: { fromName: string; toName: string; kind: EdgeKind }): Transition {
  return { from: e.fromName, to: e.toName, kind: e.kind };
}

const FAILURE = /(Failed|TimedOut)$/;

/**
 * A state's failures without the execution's own failure event when it only repeats the state's
 * last one: `executionPath` counts ExecutionFailed against the state open at the end (how a Fail
 * state gets its error), so an uncaught Task failure appeared twice, as if retried once.
 */
function withoutExecutionEcho(step: PathStep, endings: ReadonlySet<string>): PathStep['failures'] {
  const failures = step.failures;
  if (step.status === 'EXITED' || failures.length < 2) return failures;
  const [before, last] = failures.slice(-2).map(failureKey);
  return before === last && endings.has(last) ? failures.slice(0, -1) : failures;
}

function failureKey(failure: { error?: string; cause?: string }): string {
  return JSON.stringify([failure.error ?? null, failure.cause ?? null]);
}

/** The failures that ended the execution (one per run, a redriven execution may have several). */
function executionEndings(events: readonly HistoryEvent[]): Set<string> {
  return new Set(
    events
      .filter((e) => /^Execution(Failed|TimedOut)$/.test(e.type))
      .map((e) =>
        failureKey((e.executionFailedEventDetails ?? e.executionTimedOutEventDetails ?? {}) as object),
      ),
  );
}

/**
 * The visits (by index, as in `executionPath`) entered before the execution's last redrive: those
 * that did not exit ended in the failure the redrive started again from.
 */
function redrivenVisits(events: readonly HistoryEvent[]): Set<number> {
  const redrivenAt = Math.max(0, ...events.filter((e) => e.type === 'ExecutionRedriven').map((e) => e.id));
  const entered = events.filter((e) => e.stateEnteredEventDetails);
  return new Set(entered.flatMap((e, visit) => (e.id < redrivenAt ? [visit] : [])));
}

/**
 * Which visits (by their index in `executionPath`, one per state-entered event) ended in a caught
 * error. `executionPath` reports those as exited, with their failure, like a state that failed,
 * retried and succeeded; the history tells them apart: a caught state's exit event follows the
 * failure directly, a retried one's follows its success.
 */
function caughtVisits(events: readonly HistoryEvent[]): Set<number> {
  const byId = new Map(events.map((e) => [e.id, e]));
  const visitOf = new Map<number, number>();
  for (const e of events) if (e.stateEnteredEventDetails) visitOf.set(e.id, visitOf.size);
  const caught = new Set<number>();
  for (const e of events) {
    const name = (e.stateExitedEventDetails as { name?: string } | undefined)?.name;
    const before = name === undefined ? undefined : byId.get(e.previousEventId);
    if (!before || !FAILURE.test(before.type)) continue;
    let entered: HistoryEvent | undefined = before;
    while (entered && (entered.stateEnteredEventDetails as { name?: string } | undefined)?.name !== name) {
      entered = byId.get(entered.previousEventId);
    }
    const visit = entered && visitOf.get(entered.id);
    if (visit !== undefined) caught.add(visit);
  }
  return caught;
}

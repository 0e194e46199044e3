/**
 * A thread of control: the execution itself, a Parallel branch or a Map iteration. Each has its
 * own history thread (the event its next event follows), variables and cancellation.
 */
import { setMaxListeners } from 'node:events';
import type { Clock } from './engine';
import type { StatesError } from './errors';
import type { ExecutionScope } from './execution-scope';
import type { History, HistoryThread } from './history';
import type { ThreadJournal } from './journal';
import { VariableScope } from './variables';

export interface Frame {
  readonly execution: ExecutionScope;
  readonly history: History;
  /** This thread's place in the history: the event its next event names as previous. */
  readonly thread: HistoryThread;
  readonly variables: VariableScope;
  /** Aborted when the execution ends early or a sibling branch/iteration failed. */
  readonly signal: AbortSignal;
  /** The type of the state running in this thread, if any (for <Type>StateAborted). */
  active?: string;
  /** TestState (DEBUG / TRACE): told the data after each processing step (`afterInputPath`, ...). */
  readonly inspect?: (step: string, value: unknown) => void;
  /** TestState with a mock on a Map or Parallel state: its result, or its error, instead of its children. */
  readonly childrenMock?: { readonly result?: unknown; readonly error?: StatesError };
  /** What this thread completes, for a redrive (absent unless the execution is redrivable). */
  readonly journal?: ThreadJournal;
  /** The JSON text of the output the thread ended with, when known (ExecutionSucceeded reuses it). */
  endText?: string;
}

/** Thrown inside a branch or iteration that was cancelled because a sibling failed. */
export class BranchCancelled extends Error {
  constructor() {
    super('branch cancelled');
    this.name = 'BranchCancelled';
  }
}

/** Throws the frame's abort reason once it is aborted: the point where a stopped thread unwinds. */
export function checkpoint(frame: Frame): void {
  if (frame.signal.aborted) throw frame.signal.reason;
}

/** The sleep of a Wait state or a retry interval: the one a clock may scale (see Clock.scaleWait). */
export function sleep(frame: Frame, ms: number): Promise<void> {
  const { clock } = frame.execution;
  return clock.sleep(clock.scaleWait ? clock.scaleWait(ms) : ms, frame.signal);
}

/**
 * Calls `fire` after `ms` on the clock (a timeout: never scaled); returns what disarms it. The
 * clock's own timer when it has one, else a sleep with an AbortSignal.
 */
export function armTimer(clock: Clock, ms: number, fire: () => void): () => void {
  if (clock.timer) return clock.timer(ms, fire);
  const timer = new AbortController();
  clock.sleep(ms, timer.signal).then(fire, () => undefined);
  return () => timer.abort(SETTLED);
}

/** A frame for a branch or iteration: its own history thread, variables and cancellation. */
export function childFrame(
  parent: Frame,
  controller: AbortController,
  options: { history?: History; source?: number; isolatedVariables?: boolean; journal?: ThreadJournal } = {},
): Frame {
  return {
    journal: options.journal,
    execution: parent.execution,
    history: options.history ?? parent.history,
    thread: { source: options.source ?? parent.thread.source },
    variables: options.isolatedVariables ? new VariableScope() : parent.variables.child(),
    signal: controller.signal,
  };
}

/**
 * An AbortController whose signal takes any number of listeners: a Map with hundreds of concurrent
 * iterations links each of them to its parent's signal (Node warns past 10 by default).
 */
export function newController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/**
 * The reason given when a timer is cancelled because what it guarded has settled: aborting without
 * a reason builds a DOMException (with its stack) each time, a measurable cost per task.
 */
export const SETTLED = Object.freeze({ settled: true });

/** Aborts `controller` when `parent` aborts, with the same reason. */
export function linkAbort(parent: AbortSignal, controller: AbortController): () => void {
  if (parent.aborted) {
    controller.abort(parent.reason);
    return () => undefined;
  }
  const onAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return () => parent.removeEventListener('abort', onAbort);
}

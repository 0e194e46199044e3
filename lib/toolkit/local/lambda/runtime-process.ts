import type { Readable } from 'node:stream';

/**
 * What an execution environment needs of the process running a function's code, whichever
 * language: a Node.js worker thread (node-worker.ts) or a Python child process
 * (python/python-process.ts). Both speak the same messages, so timeouts, logs, queueing and
 * error shapes live once, in ExecutionEnvironment.
 */

/** An error as the runtime reports it. */
export interface RapidError {
  errorType: string;
  errorMessage: string;
  trace: string[];
  /** The error document when the runtime's differs from {errorType, errorMessage, trace} (Python's). */
  document?: Record<string, unknown>;
}

/** Parent → runtime: run one invocation. */
export interface InvokeMessage {
  type: 'invoke';
  seq: number;
  requestId: string;
  eventJson: string;
  functionArn: string;
  timeoutMs: number;
}

/** Runtime → parent: init finished, an error between invocations, or an invocation's outcome. */
export type RuntimeMessage =
  | { type: 'ready'; initDurationMs: number }
  | { type: 'fatal'; error: RapidError }
  | ({ type: 'result'; seq: number; durationMs: number; discard: boolean } & (
      { ok: true; payloadJson: string } | { ok: false; error: RapidError }
    ));

/** Why a runtime process ended. */
export interface RuntimeExit {
  code: number | null;
  /** `SIGKILL`… when a signal ended it. */
  signal?: string | null;
  /** It ran out of its memory (the worker's heap limit). */
  outOfMemory?: boolean;
  /** An error it died of (a worker's uncaught error, a process that could not start). */
  crash?: Error;
}

export interface RuntimeProcess {
  readonly stdout: Readable;
  readonly stderr: Readable;
  send(message: InvokeMessage): void;
  onMessage(listener: (message: RuntimeMessage) => void): void;
  /** Ends it at once, whatever it is doing. */
  kill(): void;
  /** Resolves once it has ended and its output has been read. */
  readonly ended: Promise<RuntimeExit>;
}

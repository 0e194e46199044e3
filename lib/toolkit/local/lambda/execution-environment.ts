import { performance } from 'node:perf_hooks';
import type { InvokeResult, LocalFunction } from './local-function';
import { LogCapture, LogStream } from './log-capture';
import type { RuntimeExit, RuntimeMessage, RuntimeProcess } from './runtime-process';

/** Lambda gives init 10 seconds of its own: the function's timeout counts from the handler's start. */
const INIT_TIMEOUT_MS = 10_000;
/** The largest response Lambda returns from a synchronous invocation. */
export const MAX_RESPONSE_BYTES = 6_291_556;
/** How long to wait for a runtime's output after its result, should a handler have broken its stdio. */
const LOG_GRACE_MS = 1_000;

interface Running {
  readonly seq: number;
  readonly requestId: string;
  readonly coldStart: boolean;
  readonly resolve: (result: InvokeResult) => void;
  readonly reject: (reason: unknown) => void;
  readonly detach: () => void;
  handlerStartedAt: number;
  timer?: NodeJS.Timeout;
  /** Set when the runner ends the invocation by terminating the runtime (timeout, abort, close). */
  ending?: { result: (logs: string) => InvokeResult } | { reason: unknown };
}

export interface ExecutionEnvironmentOptions {
  /** The nonce of the end-of-invocation markers the runtime writes (see LogCapture). */
  readonly markerNonce: string;
  /** Added to the logs of a failed invocation: why it may fail here and not on Lambda. */
  readonly failureNote?: string;
  readonly onLog?: (line: string, stream: LogStream, requestId: string | undefined) => void;
}

/**
 * One execution environment of a function: a runtime process (a Node.js worker thread, a Python
 * process) with the function's own environment variables. It runs one invocation at a time and
 * keeps its module state between them, like a warm Lambda container. It is not reused (`usable`
 * false) after a timeout, a crash, an abort or a failed init.
 */
export class ExecutionEnvironment {
  usable = true;
  /** Resolves when the runtime has exited. */
  readonly exited: Promise<void>;
  private readonly logs: LogCapture;
  private seq = 0;
  private warm = false;
  private initDurationMs?: number;
  private running?: Running;

  constructor(
    private readonly fn: LocalFunction,
    private readonly runtime: RuntimeProcess,
    private readonly options: ExecutionEnvironmentOptions,
  ) {
    this.logs = new LogCapture(runtime.stdout, runtime.stderr, options.markerNonce, (line, stream) =>
      options.onLog?.(line, stream, this.running?.requestId),
    );
    runtime.onMessage((message) => this.receive(message));
    this.exited = runtime.ended.then((exit) => {
      this.usable = false;
      this.logs.end();
      this.endWithExit(exit);
    });
  }

  /**
   * Runs one invocation. Resolves with Lambda's outcome (errors included); rejects only when the
   * signal aborts it or the environment is terminated under it.
   */
  run(invocation: { requestId: string; eventJson: string; signal?: AbortSignal }): Promise<InvokeResult> {
    if (this.running || !this.usable)
      return Promise.reject(new Error('execution environment is busy or gone'));
    const { requestId, eventJson, signal } = invocation;
    return new Promise<InvokeResult>((resolve, reject) => {
      const onAbort = () => this.terminate({ reason: signal?.reason });
      signal?.addEventListener('abort', onAbort, { once: true });
      const seq = ++this.seq;
      this.running = {
        seq,
        requestId,
        // The first invocation of an environment is its cold start, and reports its init, even
        // when the init ran before it (an environment started ahead: FunctionRunner.prewarm).
        coldStart: seq === 1,
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
        handlerStartedAt: performance.now(),
      };
      this.startTimer(this.warm ? 0 : INIT_TIMEOUT_MS);
      const timeoutMs = this.fn.timeoutSeconds * 1000;
      this.runtime.send({
        type: 'invoke',
        seq,
        requestId,
        eventJson,
        functionArn: this.fn.arn,
        timeoutMs,
      });
    });
  }

  /**
   * Stops the runtime. A running invocation ends with `ending` (a timeout result, or a rejection
   * with a reason); without one, as a runtime that exited (Runtime.ExitError).
   */
  terminate(ending?: Running['ending']): Promise<void> {
    this.usable = false;
    if (this.running && !this.running.ending && ending) this.running.ending = ending;
    this.runtime.kill();
    return this.exited;
  }

  private receive(message: RuntimeMessage): void {
    const running = this.running;
    switch (message.type) {
      case 'ready':
        this.warm = true;
        this.initDurationMs = message.initDurationMs;
        if (running && !running.ending) {
          running.handlerStartedAt = performance.now();
          this.startTimer(0);
        }
        return;
      case 'fatal':
        // An uncaught error between invocations: on Lambda the runtime exits.
        void this.terminate();
        return;
      case 'result': {
        if (!running || running.seq !== message.seq || running.ending) return;
        if (message.discard) this.usable = false;
        clearTimeout(running.timer);
        let grace: NodeJS.Timeout | undefined;
        const graceOver = new Promise<void>((resolve) => (grace = setTimeout(resolve, LOG_GRACE_MS)));
        void Promise.race([this.logs.untilComplete(message.seq), graceOver]).then(() => {
          clearTimeout(grace);
          if (this.running !== running || running.ending) return;
          this.settle(this.resultOf(message, running));
          if (!this.usable) void this.terminate();
        });
        return;
      }
    }
  }

  private resultOf(message: Extract<RuntimeMessage, { type: 'result' }>, running: Running): InvokeResult {
    const logs = this.logs.take();
    const timing = {
      durationMs: message.durationMs,
      ...(running.coldStart && this.initDurationMs !== undefined
        ? { initDurationMs: this.initDurationMs }
        : {}),
    };
    if (!message.ok) return { ok: false, ...message.error, logs, ...timing };
    if (Buffer.byteLength(message.payloadJson, 'utf8') > MAX_RESPONSE_BYTES) {
      return {
        ok: false,
        errorType: 'Function.ResponseSizeTooLarge',
        errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
        trace: [],
        logs,
        ...timing,
      };
    }
    return { ok: true, payload: JSON.parse(message.payloadJson), logs, ...timing };
  }

  /** (Re)starts the invocation's clock: the function's timeout, plus init's own allowance when cold. */
  private startTimer(extraMs: number): void {
    const running = this.running;
    if (!running) return;
    clearTimeout(running.timer);
    const timeoutSeconds = this.fn.timeoutSeconds;
    running.timer = setTimeout(
      () => {
        void this.terminate({
          result: (logs) => ({
            ok: false,
            errorType: 'Sandbox.Timedout',
            errorMessage: `RequestId: ${running.requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
            trace: [],
            logs,
            durationMs: performance.now() - running.handlerStartedAt,
          }),
        });
      },
      extraMs + timeoutSeconds * 1000,
    );
  }

  /** The runtime has exited: end the running invocation with why. */
  private endWithExit(exit: RuntimeExit): void {
    const running = this.running;
    if (!running) return;
    const logs = this.logs.take();
    const ending = running.ending;
    if (ending && 'reason' in ending) {
      this.settle(undefined, ending.reason);
      return;
    }
    if (ending) {
      this.settle(ending.result(logs));
      return;
    }
    const { code, signal, outOfMemory, crash } = exit;
    const reason =
      outOfMemory || signal === 'SIGKILL'
        ? 'Runtime exited with error: signal: killed'
        : signal
          ? `Runtime exited with error: signal: ${signal}`
          : code === 0
            ? 'Runtime exited without providing a reason'
            : `Runtime exited with error: exit status ${code}`;
    this.settle({
      ok: false,
      errorType: outOfMemory ? 'Runtime.OutOfMemory' : 'Runtime.ExitError',
      errorMessage: `RequestId: ${running.requestId} Error: ${reason}`,
      trace: [],
      logs: crash && !outOfMemory ? `${logs}${crash.stack ?? crash}\n` : logs,
      durationMs: performance.now() - running.handlerStartedAt,
    });
  }

  private settle(result: InvokeResult | undefined, reason?: unknown): void {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    clearTimeout(running.timer);
    running.detach();
    const note = this.options.failureNote;
    if (result && !result.ok && note) result = { ...result, logs: result.logs + note };
    if (result) running.resolve(result);
    else running.reject(reason);
  }
}

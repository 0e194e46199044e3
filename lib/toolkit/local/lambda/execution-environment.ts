import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { InvokeResult, LocalFunction } from './local-function';
import { lambdaEnvironment, nodeMajorOfRuntime } from './lambda-environment';
import { LogCapture, LogStream } from './log-capture';

const WORKER_FILE = path.join(__dirname, 'worker', 'lambda-worker.cjs');
const ESM_HOOKS_URL = pathToFileURL(path.join(__dirname, 'worker', 'esm-resolve-hooks.mjs')).href;

/** Lambda gives init 10 seconds of its own: the function's timeout counts from the handler's start. */
const INIT_TIMEOUT_MS = 10_000;
/** The largest response Lambda returns from a synchronous invocation. */
export const MAX_RESPONSE_BYTES = 6_291_556;
/** How long to wait for a worker's output after its result, should a handler have broken its stdio. */
const LOG_GRACE_MS = 1_000;
const LOCAL_NODE_MAJOR = Number(process.versions.node.split('.')[0]);

interface RapidError {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

type WorkerMessage =
  | { type: 'ready'; initDurationMs: number }
  | { type: 'fatal'; error: RapidError }
  | ({ type: 'result'; seq: number; durationMs: number; discard: boolean } & (
      { ok: true; payloadJson: string } | { ok: false; error: RapidError }
    ));

interface Running {
  readonly seq: number;
  readonly requestId: string;
  readonly coldStart: boolean;
  readonly resolve: (result: InvokeResult) => void;
  readonly reject: (reason: unknown) => void;
  readonly detach: () => void;
  handlerStartedAt: number;
  timer?: NodeJS.Timeout;
  /** Set when the runner ends the invocation by terminating the worker (timeout, abort, close). */
  ending?: { result: (logs: string) => InvokeResult } | { reason: unknown };
}

export interface ExecutionEnvironmentOptions {
  readonly baseEnvironment: Record<string, string>;
  /** node_modules folders standing in for the runtime's /var/runtime/node_modules (the AWS SDK). */
  readonly runtimeNodeModules: string[];
  readonly onLog?: (line: string, stream: LogStream, requestId: string | undefined) => void;
}

/**
 * One execution environment of a function: a worker thread running worker/lambda-worker.cjs,
 * with the function's own environment variables. It runs one invocation at a time and keeps its
 * module state between them, like a warm Lambda container. It is not reused (`usable` false)
 * after a timeout, a crash, an abort or a failed init.
 *
 * A worker keeps the host process alive until it is terminated (FunctionRunner.close()): Node
 * refs a worker's port while its `stdout: true` stream is being read, whatever worker.unref() says.
 */
export class ExecutionEnvironment {
  usable = true;
  /** Resolves when the worker has exited. */
  readonly exited: Promise<void>;
  private readonly worker: Worker;
  private readonly logs: LogCapture;
  private seq = 0;
  private warm = false;
  private initDurationMs?: number;
  private running?: Running;
  private crash?: Error;
  /** The function's runtime is a newer Node.js than the one running it here. */
  private readonly newerRuntime: boolean;

  constructor(
    private readonly fn: LocalFunction,
    options: ExecutionEnvironmentOptions,
  ) {
    const markerNonce = randomUUID();
    const runtimeMajor = nodeMajorOfRuntime(fn.runtime) ?? LOCAL_NODE_MAJOR;
    this.newerRuntime = runtimeMajor > LOCAL_NODE_MAJOR;
    this.worker = new Worker(WORKER_FILE, {
      env: lambdaEnvironment(fn, options.baseEnvironment),
      workerData: {
        taskRoot: path.resolve(fn.directory),
        handler: fn.handler,
        runtimeNodeModules: options.runtimeNodeModules,
        // nodejs24.x removed the callback programming model; earlier runtimes have it.
        callbackHandlers: runtimeMajor < 24,
        esmHooksUrl: ESM_HOOKS_URL,
        markerNonce,
      },
      stdout: true,
      stderr: true,
      // Not the host's flags: a `--import tsx` or `--inspect` of the parent has no place in a function.
      execArgv: [],
      // A function using more than its memory fails like an out-of-memory Lambda (approximately:
      // this caps the JavaScript heap, Lambda the whole process).
      resourceLimits: { maxOldGenerationSizeMb: fn.memoryMb },
    });
    this.logs = new LogCapture(this.worker.stdout, this.worker.stderr, markerNonce, (line, stream) =>
      options.onLog?.(line, stream, this.running?.requestId),
    );
    this.worker.on('message', (message: WorkerMessage) => this.receive(message));
    this.worker.on('error', (error) => (this.crash = error));
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', (code) => {
        this.usable = false;
        // Let the stdio the worker wrote before it ended arrive first.
        setImmediate(() => {
          this.logs.end();
          this.endWithExit(code);
          resolve();
        });
      }),
    );
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
        coldStart: !this.warm,
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
        handlerStartedAt: performance.now(),
      };
      this.startTimer(this.warm ? 0 : INIT_TIMEOUT_MS);
      const timeoutMs = this.fn.timeoutSeconds * 1000;
      this.worker.postMessage({
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
   * Stops the worker. A running invocation ends with `ending` (a timeout result, or a rejection
   * with a reason); without one, as a runtime that exited (Runtime.ExitError).
   */
  terminate(ending?: Running['ending']): Promise<void> {
    this.usable = false;
    if (this.running && !this.running.ending && ending) this.running.ending = ending;
    void this.worker.terminate();
    return this.exited;
  }

  private receive(message: WorkerMessage): void {
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

  private resultOf(message: Extract<WorkerMessage, { type: 'result' }>, running: Running): InvokeResult {
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

  /** The worker has exited: end the running invocation with why. */
  private endWithExit(code: number): void {
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
    const outOfMemory = (this.crash as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
    const reason = outOfMemory
      ? 'Runtime exited with error: signal: killed'
      : code === 0
        ? 'Runtime exited without providing a reason'
        : `Runtime exited with error: exit status ${code}`;
    this.settle({
      ok: false,
      errorType: outOfMemory ? 'Runtime.OutOfMemory' : 'Runtime.ExitError',
      errorMessage: `RequestId: ${running.requestId} Error: ${reason}`,
      trace: [],
      logs: this.crash && !outOfMemory ? `${logs}${this.crash.stack ?? this.crash}\n` : logs,
      durationMs: performance.now() - running.handlerStartedAt,
    });
  }

  private settle(result: InvokeResult | undefined, reason?: unknown): void {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    clearTimeout(running.timer);
    running.detach();
    if (result && !result.ok && this.newerRuntime) {
      // Bundles are built for their runtime (esbuild --target=node24): syntax or APIs an older
      // Node lacks fail here and not on Lambda. Say so next to the error.
      const note = `[local runtime] ${this.fn.name} is built for ${this.fn.runtime} but ran on Node.js ${process.version}: an error from syntax or an API that Node.js lacks would not happen on Lambda.\n`;
      result = { ...result, logs: result.logs + note };
    }
    if (result) running.resolve(result);
    else running.reject(reason);
  }
}

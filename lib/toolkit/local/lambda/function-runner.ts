import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExecutionEnvironment } from './execution-environment';
import type { InvokeResult, LocalFunction } from './local-function';
import type { LogStream } from './log-capture';

export type { InvokeResult, LocalFunction } from './local-function';

export interface FunctionRunnerOptions {
  /**
   * Merged under each function's environment: AWS_REGION, credentials, endpoint URLs such as
   * AWS_ENDPOINT_URL_SNS. Nothing is taken from the host's process.env.
   */
  baseEnvironment?: Record<string, string>;
  /** Execution environments (workers) per function; further invocations queue. Default 2. */
  maxWorkersPerFunction?: number;
  /**
   * Where `@aws-sdk/*` (and `@smithy/*`, `@aws-crypto/*`, `@aws/*`) is resolved from, standing in
   * for the runtime's own copy: bundles leave the SDK out. Default: the node_modules folders above
   * this file (this project's). Other packages the bundle forgot are not found, as on Lambda.
   */
  sdkNodeModules?: string;
  /** Each line a function writes to stdout or stderr, as it is written. */
  onLog?: (functionName: string, line: string, meta: { stream: LogStream; requestId?: string }) => void;
}

export interface InvokeOptions {
  /** Default: a random UUID, as Lambda's. */
  requestId?: string;
  /** Aborting removes a queued invocation, or terminates the worker running it; invoke() rejects. */
  signal?: AbortSignal;
}

/**
 * Runs synthesized Lambda functions' bundled code the way the Lambda Node.js runtime does, each
 * invocation in a worker thread of its function (see ExecutionEnvironment and
 * worker/lambda-worker.cjs). Workers stay warm and are reused per function, at most
 * `maxWorkersPerFunction` of them; the host's process.env is never touched. Call close() when
 * done: warm workers keep the process alive.
 */
export class FunctionRunner {
  private readonly pools = new Map<string, FunctionPool>();
  private readonly retired = new Set<FunctionPool>();
  private readonly runtimeNodeModules: string[];
  private closed = false;

  constructor(private readonly options: FunctionRunnerOptions = {}) {
    this.runtimeNodeModules = options.sdkNodeModules ? [options.sdkNodeModules] : projectNodeModules();
  }

  invoke(fn: LocalFunction, event: unknown, options: InvokeOptions = {}): Promise<InvokeResult> {
    if (this.closed) return Promise.reject(new Error('the function runner is closed'));
    if (fn.unresolved) return Promise.resolve(cannotRunLocally(fn, fn.unresolved));
    if (fn.packageType === 'Image') {
      return Promise.resolve(cannotRunLocally(fn, 'it is a container image, which needs Docker'));
    }
    let eventJson: string;
    try {
      // The payload crosses as JSON, as Lambda's does: Dates become strings, undefined goes.
      eventJson = JSON.stringify(event) ?? 'null';
    } catch (error) {
      return Promise.reject(new TypeError(`the event is not JSON: ${(error as Error).message}`));
    }
    return this.poolFor(fn).invoke({
      requestId: options.requestId ?? randomUUID(),
      eventJson,
      signal: options.signal,
    });
  }

  /** Ends every worker; queued and running invocations reject. */
  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values(), ...this.retired];
    this.pools.clear();
    this.retired.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }

  /** A function's pool; a changed definition (new bundle, new environment) gets fresh workers. */
  private poolFor(fn: LocalFunction): FunctionPool {
    const fingerprint = JSON.stringify([
      fn.name,
      fn.directory,
      fn.handler,
      fn.runtime,
      fn.timeoutSeconds,
      fn.memoryMb,
      Object.entries(fn.environment).sort(([a], [b]) => a.localeCompare(b)),
    ]);
    const existing = this.pools.get(fn.arn);
    if (existing?.fingerprint === fingerprint) return existing;
    if (existing) {
      this.retired.add(existing);
      void existing.retire().then(() => this.retired.delete(existing));
    }
    const pool = new FunctionPool({ ...fn }, fingerprint, {
      maxWorkers: Math.max(1, this.options.maxWorkersPerFunction ?? 2),
      create: (definition) =>
        new ExecutionEnvironment(definition, {
          baseEnvironment: this.options.baseEnvironment ?? {},
          runtimeNodeModules: this.runtimeNodeModules,
          onLog: this.options.onLog
            ? (line, stream, requestId) => this.options.onLog?.(fn.name, line, { stream, requestId })
            : undefined,
        }),
    });
    this.pools.set(fn.arn, pool);
    return pool;
  }
}

interface Queued {
  readonly requestId: string;
  readonly eventJson: string;
  readonly signal?: AbortSignal;
  readonly resolve: (result: InvokeResult) => void;
  readonly reject: (reason: unknown) => void;
  readonly detach: () => void;
}

/** One function's execution environments and the invocations waiting for one. */
class FunctionPool {
  private readonly environments = new Set<ExecutionEnvironment>();
  /** Warm and free; the most recently used last, and used first. */
  private readonly idle: ExecutionEnvironment[] = [];
  private readonly queue: Queued[] = [];
  private retiring = false;

  constructor(
    private readonly fn: LocalFunction,
    readonly fingerprint: string,
    private readonly settings: {
      maxWorkers: number;
      create: (fn: LocalFunction) => ExecutionEnvironment;
    },
  ) {}

  invoke(request: { requestId: string; eventJson: string; signal?: AbortSignal }): Promise<InvokeResult> {
    const { signal } = request;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const index = this.queue.indexOf(queued);
        if (index >= 0) {
          this.queue.splice(index, 1);
          reject(signal?.reason);
        }
      };
      const queued: Queued = {
        ...request,
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(queued);
      this.dispatch();
    });
  }

  /** Lets queued and running invocations finish, then ends the workers. */
  async retire(): Promise<void> {
    this.retiring = true;
    this.dispatch();
    while (this.environments.size > 0) {
      await Promise.race([...this.environments].map((environment) => environment.exited));
    }
  }

  async close(): Promise<void> {
    for (const queued of this.queue.splice(0)) {
      queued.detach();
      queued.reject(new Error('the function runner was closed'));
    }
    await Promise.all(
      [...this.environments].map((environment) =>
        environment.terminate({ reason: new Error('the function runner was closed') }),
      ),
    );
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let environment = this.idle.pop();
      // One that died while idle (an error between invocations) is on its way out of the pool.
      while (environment && !environment.usable) environment = this.idle.pop();
      if (!environment) {
        if (this.environments.size >= this.settings.maxWorkers) return;
        environment = this.settings.create(this.fn);
        this.track(environment);
      }
      const queued = this.queue.shift() as Queued;
      queued.detach();
      void this.start(environment, queued);
    }
    if (this.retiring) {
      for (const environment of this.idle.splice(0)) void environment.terminate();
    }
  }

  private track(environment: ExecutionEnvironment): void {
    this.environments.add(environment);
    void environment.exited.then(() => {
      this.environments.delete(environment);
      const index = this.idle.indexOf(environment);
      if (index >= 0) this.idle.splice(index, 1);
      // A crashed worker leaves room for a new one.
      this.dispatch();
    });
  }

  private async start(environment: ExecutionEnvironment, queued: Queued): Promise<void> {
    let outcome: { result: InvokeResult } | { reason: unknown };
    try {
      outcome = { result: await environment.run(queued) };
    } catch (reason) {
      outcome = { reason };
    }
    // Back in the pool before the caller hears, so its next invocation finds the warm worker.
    if (environment.usable) this.idle.push(environment);
    if ('result' in outcome) queued.resolve(outcome.result);
    else queued.reject(outcome.reason);
    this.dispatch();
  }
}

/** The node_modules folders from this file up: where this project's AWS SDK is installed. */
function projectNodeModules(): string[] {
  const folders: string[] = [];
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules');
    if (fs.existsSync(candidate)) folders.push(candidate);
    if (path.dirname(dir) === dir) return folders;
  }
}

/**
 * Lambda's error document for a function that cannot run here, as its invocation's outcome: the
 * execution fails (or catches it) at that task, and everything else runs.
 */
function cannotRunLocally(fn: LocalFunction, reason: string): InvokeResult {
  return {
    ok: false,
    errorType: 'LocalRuntime.CannotRun',
    errorMessage:
      `${fn.name} cannot run locally: ${reason}. ` +
      'Mock the state that calls it (--mock-config and --test-case; see README).',
    trace: [],
    logs: '',
    durationMs: 0,
  };
}

import { randomUUID } from 'node:crypto';
import { ExecutionEnvironment } from './execution-environment';
import type { InvokeResult, LocalFunction } from './local-function';
import type { LogStream } from './log-capture';
import { startNodeProcess } from './node-process';
import { NodeRuntimes } from './node-runtimes';
import { newerNodeNote, startNodeWorker } from './node-worker';
import { findPython, pythonCandidatesFor } from './python/python-interpreter';
import { newerPythonNote, startPythonProcess } from './python/python-process';
import type { RuntimeProcess } from './runtime-process';
import { cannotRunMessage, localRuntimeSupport, runtimeFamily } from './runtime-support';
import { RuntimeSdk, SdkPreparation } from './sdk/runtime-sdk';
import type { SdkCache } from './sdk/sdk-cache';

export type { InvokeResult, LocalFunction } from './local-function';

export interface FunctionRunnerOptions {
  /**
   * Merged under each function's environment: AWS_REGION, credentials, endpoint URLs such as
   * AWS_ENDPOINT_URL_SNS. Nothing is taken from the host's process.env.
   */
  baseEnvironment?: Record<string, string>;
  /** Execution environments (workers, Python processes) per function; further invocations queue. Default 2. */
  maxWorkersPerFunction?: number;
  /**
   * The app's own node_modules folders (nearest first; e.g. those above its cloud assembly): where
   * a Node.js function's `@aws-sdk/*` (and `@smithy/*`, `@aws-crypto/*`, `@aws/*`) imports are
   * looked up first, standing in for the runtime's own copy (bundles leave the SDK out). Then the
   * SDK cache, then the SDK packages this toolkit depends on (see sdk/runtime-sdk.ts). Other
   * packages a bundle forgot are not found, as on Lambda.
   */
  appNodeModules?: string[];
  /**
   * Where `@aws-sdk/*` is resolved from instead of the SDK cache and the toolkit's own packages
   * (after appNodeModules): exactly this folder, nothing fetched.
   */
  sdkNodeModules?: string;
  /**
   * Where the `@aws-sdk/*` packages a bundle imports and nothing provides are fetched to, once,
   * before its first invocation; `false`: never fetch. Default: the toolkit's cache folder.
   */
  sdkCache?: SdkCache | false;
  /**
   * `runtime` (the default): a Node.js function whose runtime is another major than the host's
   * runs on that Node.js, fetched once into `nodeCacheDir` (see node-runtimes.ts); `host`: every
   * Node.js function in a worker thread of the host.
   */
  nodeVersions?: 'runtime' | 'host';
  /** Where fetched Node.js binaries are kept. @default see defaultNodeCacheDir */
  nodeCacheDir?: string;
  /** The python3 interpreters to try for Python functions, in order (default: see pythonCandidatesFor). */
  pythonCandidates?: string[];
  /** Each line a function writes to stdout or stderr, as it is written. */
  onLog?: (functionName: string, line: string, meta: { stream: LogStream; requestId?: string }) => void;
}

export interface InvokeOptions {
  /** Default: a random UUID, as Lambda's. */
  requestId?: string;
  /** Aborting removes a queued invocation, or terminates the environment running it; invoke() rejects. */
  signal?: AbortSignal;
}

/**
 * Runs synthesized Lambda functions' code the way Lambda's runtimes do, each invocation in an
 * execution environment of its function: a worker thread for Node.js (worker/lambda-worker.cjs),
 * a python3 process for Python (python/bootstrap.py); a function whose runtime cannot run here
 * fails at once, saying so (localRuntimeSupport). Environments stay warm and are reused per
 * function, at most `maxWorkersPerFunction` of them; the host's process.env is never touched.
 * Call close() when done: warm environments keep the process alive.
 */
export class FunctionRunner {
  private readonly pools = new Map<string, FunctionPool>();
  private readonly retired = new Set<FunctionPool>();
  private readonly sdk: RuntimeSdk;
  private readonly nodes: NodeRuntimes;
  private closed = false;
  private baseEnvironment: Record<string, string>;

  constructor(private readonly options: FunctionRunnerOptions = {}) {
    this.baseEnvironment = options.baseEnvironment ?? {};
    this.sdk = new RuntimeSdk({
      appNodeModules: options.appNodeModules,
      sdkNodeModules: options.sdkNodeModules,
      cache: options.sdkCache,
    });
    this.nodes = new NodeRuntimes({ mode: options.nodeVersions, cacheDir: options.nodeCacheDir });
  }

  async invoke(fn: LocalFunction, event: unknown, options: InvokeOptions = {}): Promise<InvokeResult> {
    if (this.closed) throw new Error('the function runner is closed');
    let eventJson: string;
    try {
      // The payload crosses as JSON, as Lambda's does: Dates become strings, undefined goes.
      eventJson = JSON.stringify(event) ?? 'null';
    } catch (error) {
      throw new TypeError(`the event is not JSON: ${(error as Error).message}`, { cause: error });
    }
    const requestId = options.requestId ?? randomUUID();
    const support = localRuntimeSupport(fn, this.options.pythonCandidates);
    if (!support.runs) return cannotRun(fn, requestId, support.reason);
    const sdk = runtimeFamily(fn) === 'node' ? await this.sdk.prepare(fn.directory) : undefined;
    if (runtimeFamily(fn) === 'node') await this.nodes.prepare(fn);
    if (this.closed) throw new Error('the function runner was closed');
    const result = await this.poolFor(fn).invoke({ requestId, eventJson, signal: options.signal });
    return result.ok || !sdk?.note ? result : { ...result, logs: result.logs + sdk.note };
  }

  /**
   * Fetches, before any invocation, the SDK packages the Node.js functions' bundles import and
   * nothing provides (invoke() does it per bundle otherwise, before the bundle's first run).
   */
  async prepare(functions: LocalFunction[]): Promise<SdkPreparation[]> {
    const node = functions.filter((fn) => localRuntimeSupport(fn).runs && runtimeFamily(fn) === 'node');
    await Promise.all(node.map((fn) => this.nodes.prepare(fn)));
    return this.sdk.prepareAll(node.map((fn) => fn.directory));
  }

  /**
   * Starts an execution environment for each function now, ahead of its first invocation, so its
   * init runs while the caller starts other things (`run` starts DynamoDB Local meanwhile). That
   * invocation is still the environment's cold start and reports the init's duration, as Lambda's
   * REPORT does after a proactive initialization. Functions that cannot run here are left alone.
   */
  async prewarm(functions: LocalFunction[]): Promise<void> {
    const runnable = functions.filter((fn) => localRuntimeSupport(fn, this.options.pythonCandidates).runs);
    await this.prepare(runnable);
    if (this.closed) return;
    for (const fn of runnable) this.poolFor(fn).prewarm();
  }

  /**
   * Variables merged under every function's environment from now on (see
   * FunctionRunnerOptions.baseEnvironment). Environments started with others are retired: the
   * next invocation starts one with these.
   */
  setBaseEnvironment(baseEnvironment: Record<string, string>): void {
    if (JSON.stringify(baseEnvironment) === JSON.stringify(this.baseEnvironment)) return;
    this.baseEnvironment = baseEnvironment;
    for (const pool of this.pools.values()) this.retire(pool);
    this.pools.clear();
  }

  /** Ends every execution environment; queued and running invocations reject. */
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
    if (existing) this.retire(existing);
    const pool = new FunctionPool({ ...fn }, fingerprint, {
      maxWorkers: Math.max(1, this.options.maxWorkersPerFunction ?? 2),
      create: (definition) => this.startEnvironment(definition),
    });
    this.pools.set(fn.arn, pool);
    return pool;
  }

  /** Lets the pool's invocations finish, then ends its environments. */
  private retire(pool: FunctionPool): void {
    this.retired.add(pool);
    void pool.retire().then(() => this.retired.delete(pool));
  }

  /** A new execution environment: a Node.js worker or a Python process, by the function's runtime. */
  private startEnvironment(fn: LocalFunction): ExecutionEnvironment {
    const markerNonce = randomUUID();
    const baseEnvironment = this.baseEnvironment;
    let runtime: RuntimeProcess;
    let failureNote: string | undefined;
    if (runtimeFamily(fn) === 'python') {
      const { interpreter } = findPython(pythonCandidatesFor(fn.runtime, this.options.pythonCandidates));
      // localRuntimeSupport said it runs, so there is one.
      if (!interpreter) throw new Error(`no python3 for ${fn.name}`);
      runtime = startPythonProcess(fn, { interpreter, baseEnvironment, markerNonce });
      failureNote = newerPythonNote(fn, interpreter);
    } else {
      const { executable, note } = this.nodes.choiceFor(fn);
      const options = { baseEnvironment, runtimeModules: this.sdk.modules, markerNonce };
      // On its runtime's Node.js (a process), else on the host's (a worker thread), saying so.
      runtime = executable ? startNodeProcess(fn, { ...options, executable }) : startNodeWorker(fn, options);
      failureNote = executable ? undefined : [note, newerNodeNote(fn)].filter(Boolean).join('') || undefined;
    }
    const onLog = this.options.onLog;
    return new ExecutionEnvironment(fn, runtime, {
      markerNonce,
      failureNote,
      onLog: onLog ? (line, stream, requestId) => onLog(fn.name, line, { stream, requestId }) : undefined,
    });
  }
}

/** The first (and every) invocation of a function that cannot run here: a Lambda-shaped error. */
function cannotRun(fn: LocalFunction, requestId: string, reason: string): InvokeResult {
  const errorMessage = cannotRunMessage(fn, reason);
  return {
    ok: false,
    errorType: 'LocalRuntime.CannotRun',
    errorMessage,
    trace: [],
    logs: `[local runtime] RequestId: ${requestId} ${errorMessage}\n`,
    durationMs: 0,
  };
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

  /** One environment started now, when the pool has none, idle until an invocation comes. */
  prewarm(): void {
    if (this.retiring || this.environments.size > 0) return;
    const environment = this.settings.create(this.fn);
    this.track(environment);
    this.idle.push(environment);
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

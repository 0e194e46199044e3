import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { lambdaEnvironment, nodeMajorOfRuntime } from './lambda-environment';
import type { LocalFunction } from './local-function';
import type { RuntimeExit, RuntimeMessage, RuntimeProcess } from './runtime-process';
import type { RuntimeModules } from './sdk/runtime-modules';

export const WORKER_FILE = path.join(__dirname, 'worker', 'lambda-worker.cjs');
const ESM_HOOKS_URL = pathToFileURL(path.join(__dirname, 'worker', 'esm-resolve-hooks.mjs')).href;
export const LOCAL_NODE_MAJOR = Number(process.versions.node.split('.')[0]);

export interface NodeWorkerOptions {
  readonly baseEnvironment: Record<string, string>;
  /** Where the runtime's own packages (the AWS SDK) are found, in order. */
  readonly runtimeModules: RuntimeModules[];
  /** Ends each invocation's output on stdout and stderr (see LogCapture). */
  readonly markerNonce: string;
}

/** What worker/lambda-worker.cjs is told of its function, in a worker thread or a process. */
export function workerConfig(fn: LocalFunction, options: NodeWorkerOptions) {
  const runtimeMajor = nodeMajorOfRuntime(fn.runtime) ?? LOCAL_NODE_MAJOR;
  return {
    taskRoot: path.resolve(fn.directory),
    handler: fn.handler,
    runtimeModules: options.runtimeModules,
    // nodejs24.x removed the callback programming model; earlier runtimes have it.
    callbackHandlers: runtimeMajor < 24,
    esmHooksUrl: ESM_HOOKS_URL,
    markerNonce: options.markerNonce,
  };
}

/**
 * A Node.js function's execution environment: a worker thread running worker/lambda-worker.cjs
 * with the function's own environment variables.
 *
 * A worker keeps the host process alive until it is terminated (FunctionRunner.close()): Node
 * refs a worker's port while its `stdout: true` stream is being read, whatever worker.unref() says.
 */
export function startNodeWorker(fn: LocalFunction, options: NodeWorkerOptions): RuntimeProcess {
  const worker = new Worker(WORKER_FILE, {
    env: lambdaEnvironment(fn, options.baseEnvironment),
    workerData: workerConfig(fn, options),
    stdout: true,
    stderr: true,
    // Not the host's flags: a `--import tsx` or `--inspect` of the parent has no place in a function.
    execArgv: [],
    // A function using more than its memory fails like an out-of-memory Lambda (approximately:
    // this caps the JavaScript heap, Lambda the whole process).
    resourceLimits: { maxOldGenerationSizeMb: fn.memoryMb },
  });
  let crash: Error | undefined;
  worker.on('error', (error) => (crash = error));
  const ended = new Promise<RuntimeExit>((resolve) =>
    worker.once('exit', (code) => {
      // Let the stdio the worker wrote before it ended arrive first.
      setImmediate(() =>
        resolve({
          code,
          crash,
          outOfMemory: (crash as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY',
        }),
      );
    }),
  );
  return {
    stdout: worker.stdout,
    stderr: worker.stderr,
    send: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on('message', (message: RuntimeMessage) => listener(message)),
    kill: () => void worker.terminate(),
    ended,
  };
}

/** A note for failures of a bundle built for a newer Node.js than the one running it here. */
export function newerNodeNote(fn: LocalFunction): string | undefined {
  const runtimeMajor = nodeMajorOfRuntime(fn.runtime) ?? LOCAL_NODE_MAJOR;
  if (runtimeMajor <= LOCAL_NODE_MAJOR) return undefined;
  // Bundles are built for their runtime (esbuild --target=node24): syntax or APIs an older
  // Node lacks fail here and not on Lambda. Say so next to the error.
  return `[local runtime] ${fn.name} is built for ${fn.runtime} but ran on Node.js ${process.version}: an error from syntax or an API that Node.js lacks would not happen on Lambda.\n`;
}

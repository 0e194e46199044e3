import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lambdaEnvironment } from './lambda-environment';
import type { LocalFunction } from './local-function';
import { NodeWorkerOptions, WORKER_FILE, workerConfig } from './node-worker';
import { childRuntimeProcess } from './child-runtime-process';
import type { RuntimeProcess } from './runtime-process';

/** Read and removed by worker/runtime-channel.cjs before the function's code runs. */
const CONFIG_VARIABLE = '_LOCAL_LAMBDA_WORKER_CONFIG';

export interface NodeProcessOptions extends NodeWorkerOptions {
  /** The Node.js executable of the function's runtime major (see node-runtimes.ts). */
  readonly executable: string;
}

/**
 * A Node.js function's execution environment on another Node.js than the host's: the same
 * worker/lambda-worker.cjs as a worker thread runs, in a process of its own started with that
 * Node.js, in the function's folder, with the function's environment variables and nothing of the
 * host's. Messages go both ways as JSON lines on fds 3 and 4 (as a Python function's do).
 *
 * `--max-old-space-size`: the function's memory caps its heap, as `resourceLimits` does a worker's.
 */
export function startNodeProcess(fn: LocalFunction, options: NodeProcessOptions): RuntimeProcess {
  const directory = path.resolve(fn.directory);
  const child = spawn(options.executable, [`--max-old-space-size=${fn.memoryMb}`, WORKER_FILE], {
    cwd: fs.existsSync(directory) ? directory : undefined,
    env: {
      ...lambdaEnvironment(fn, options.baseEnvironment),
      [CONFIG_VARIABLE]: JSON.stringify(workerConfig(fn, options)),
    },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
  });
  return childRuntimeProcess(
    child,
    // V8 aborts a process whose heap is full (a worker reports ERR_WORKER_OUT_OF_MEMORY instead).
    (signal) => signal === 'SIGABRT',
  );
}

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { lambdaEnvironment } from './lambda-environment';
import type { LocalFunction } from './local-function';
import { NodeWorkerOptions, WORKER_FILE, workerConfig } from './node-worker';
import type { RuntimeExit, RuntimeMessage, RuntimeProcess } from './runtime-process';

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
  const toChild = child.stdio[3] as Writable;
  const fromChild = child.stdio[4] as Readable;
  // A child that died has closed its end: what the parent writes then is lost, not an error.
  toChild.on('error', () => undefined);
  const listeners: Array<(message: RuntimeMessage) => void> = [];
  readline.createInterface({ input: fromChild }).on('line', (line) => {
    let message: RuntimeMessage;
    try {
      message = JSON.parse(line) as RuntimeMessage;
    } catch {
      return; // only lambda-worker.cjs writes there; a broken line is nobody's answer
    }
    for (const listener of listeners) listener(message);
  });
  let crash: Error | undefined;
  const ended = new Promise<RuntimeExit>((resolve) => {
    // 'close' comes after the process ended and its stdio was read to the end.
    child.once('close', (code, signal) =>
      // V8 aborts a process whose heap is full (a worker reports ERR_WORKER_OUT_OF_MEMORY instead).
      resolve({ code, signal, crash, outOfMemory: signal === 'SIGABRT' }),
    );
    child.once('error', (error) => {
      crash = error;
      if (child.pid === undefined) resolve({ code: null, crash });
    });
  });
  return {
    stdout: child.stdout as Readable,
    stderr: child.stderr as Readable,
    send: (message) => toChild.write(`${JSON.stringify(message)}\n`),
    onMessage: (listener) => listeners.push(listener),
    kill: () => void child.kill('SIGKILL'),
    ended,
  };
}

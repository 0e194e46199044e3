import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lambdaEnvironment } from '../lambda-environment';
import type { LocalFunction } from '../local-function';
import { childRuntimeProcess } from '../child-runtime-process';
import type { RuntimeProcess } from '../runtime-process';
import type { PythonInterpreter } from './python-interpreter';

const BOOTSTRAP = path.join(__dirname, 'bootstrap.py');

export interface PythonProcessOptions {
  readonly interpreter: PythonInterpreter;
  readonly baseEnvironment: Record<string, string>;
  /** Ends each invocation's output on stdout and stderr (see LogCapture). */
  readonly markerNonce: string;
}

/**
 * A Python function's execution environment: python/bootstrap.py in a process of its own, in the
 * function's folder (as /var/task), with the function's environment variables and nothing of the
 * host's. Messages go both ways as JSON lines on fds 3 and 4, keeping stdout and stderr the
 * function's own.
 *
 * `-s`: no user site-packages; `-B`: no __pycache__ written into the cloud assembly; `-u`: each
 * print reaches the logs as it happens (the runtime's stdout is unbuffered too).
 */
export function startPythonProcess(fn: LocalFunction, options: PythonProcessOptions): RuntimeProcess {
  const directory = path.resolve(fn.directory);
  const child = spawn(options.interpreter.executable, ['-s', '-B', '-u', BOOTSTRAP], {
    // A missing folder fails at the handler's import (Runtime.ImportModuleError), not at spawn.
    cwd: fs.existsSync(directory) ? directory : undefined,
    env: {
      ...lambdaEnvironment(fn, options.baseEnvironment),
      _LOCAL_LAMBDA_MARKER_NONCE: options.markerNonce,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
  });
  return childRuntimeProcess(child);
}

/** A note for failures of a function built for a newer Python than the one running it here. */
export function newerPythonNote(fn: LocalFunction, interpreter: PythonInterpreter): string | undefined {
  const wanted = /^python3\.(\d+)$/.exec(fn.runtime ?? '');
  const local = Number(interpreter.version.split('.')[1]);
  const notes: string[] = [];
  if (wanted && Number(wanted[1]) > local) {
    notes.push(
      `[local runtime] ${fn.name} is for ${fn.runtime} but ran on Python ${interpreter.version} (${interpreter.executable}): an error from syntax or a module that Python lacks would not happen on Lambda.\n`,
    );
  }
  if (!interpreter.boto3) {
    notes.push(
      `[local runtime] ${interpreter.executable} cannot import boto3, which Lambda's Python runtime provides: install it (Debian: apt-get install python3-boto3).\n`,
    );
  }
  return notes.length > 0 ? notes.join('') : undefined;
}

import type { ChildProcess } from 'node:child_process';
import * as readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { RuntimeExit, RuntimeMessage, RuntimeProcess } from './runtime-process';

/**
 * A function's runtime in a child process (Node.js of another major, or Python), spoken to as the
 * worker threads are: JSON lines to the child on fd 3, JSON lines from it on fd 4, its stdout and
 * stderr as the function's logs. Spawn the child with `stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe']`.
 * `outOfMemory` tells from the exit whether the runtime ran out of memory.
 */
export function childRuntimeProcess(
  child: ChildProcess,
  outOfMemory: (signal: NodeJS.Signals | null) => boolean = () => false,
): RuntimeProcess {
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
      return; // only the runtime's own bootstrap writes there; a broken line is nobody's answer
    }
    for (const listener of listeners) listener(message);
  });
  let crash: Error | undefined;
  const ended = new Promise<RuntimeExit>((resolve) => {
    // 'close' comes after the process ended and its stdio was read to the end.
    child.once('close', (code, signal) => resolve({ code, signal, crash, outOfMemory: outOfMemory(signal) }));
    child.once('error', (error) => {
      crash = error;
      // A process that could not start has no stdio to wait for.
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

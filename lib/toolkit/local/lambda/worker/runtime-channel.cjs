// @ts-check
'use strict';
/**
 * How lambda-worker.cjs talks to its parent, whichever way it was started: in a worker thread of
 * the host (its parentPort and workerData), or in a Node.js process of its own, started by
 * ../node-process.ts for a function whose runtime is another Node.js major than the host's. The
 * process gets its configuration in an environment variable (removed before user code runs) and
 * exchanges the worker's messages as JSON lines on fds 3 (in) and 4 (out), keeping stdout and
 * stderr the function's own. `ref`/`unref` keep their meaning: an unref'd channel lets
 * 'beforeExit' fire when the handler's work runs out.
 */
const net = require('node:net');
const readline = require('node:readline');
const { parentPort, workerData } = require('node:worker_threads');

const CONFIG_VARIABLE = '_LOCAL_LAMBDA_WORKER_CONFIG';

/**
 * @typedef {{ postMessage(message: unknown): void; on(type: 'message', listener: (message: any) => void): void;
 *   ref(): void; unref(): void }} Port
 */

/** @returns {{ port: Port; config: any }} */
function processChannel() {
  const text = process.env[CONFIG_VARIABLE];
  if (text === undefined) throw new Error(`lambda-worker.cjs needs a worker thread or ${CONFIG_VARIABLE}`);
  delete process.env[CONFIG_VARIABLE];
  const input = new net.Socket({ fd: 3, readable: true, writable: false });
  const output = new net.Socket({ fd: 4, readable: false, writable: true });
  // The parent gone (it closed our input), this environment has nobody to answer: end it.
  input.on('close', () => process.exit(0));
  output.on('error', () => process.exit(0));
  /** @type {Array<(message: any) => void>} */
  const listeners = [];
  readline.createInterface({ input }).on('line', (line) => {
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      return; // only the parent writes there; a broken line is nobody's request
    }
    for (const listener of listeners) listener(message);
  });
  return {
    config: JSON.parse(text),
    port: {
      postMessage: (message) => void output.write(`${JSON.stringify(message)}\n`),
      on: (_type, listener) => void listeners.push(listener),
      ref: () => void input.ref(),
      unref: () => void input.unref(),
    },
  };
}

module.exports = parentPort
  ? { port: /** @type {Port} */ (/** @type {unknown} */ (parentPort)), config: workerData }
  : processChannel();

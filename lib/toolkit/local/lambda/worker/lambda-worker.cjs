// @ts-check
'use strict';
/**
 * One Lambda execution environment of one function, in a worker thread started by
 * ../node-worker.ts with the function's environment variables as its `env`, or in a Node.js
 * process of its own (../node-process.ts) when the function's runtime is another Node.js major.
 *
 * It mirrors the Lambda Node.js runtime interface client: the handler is loaded once (init) and
 * module state survives between invocations; one invocation at a time; the result is
 * JSON-serialised as the runtime does (undefined → null, Runtime.JSONStringifyError); errors are
 * reported as {errorType, errorMessage, trace} from the thrown value. Runtimes before nodejs24.x
 * also get the callback programming model (callback, context.done/succeed/fail and
 * callbackWaitsForEmptyEventLoop); nodejs24.x refuses callback handlers, as AWS does.
 *
 * Protocol: the parent posts {type: 'invoke'}; this posts {type: 'ready'} once the handler is
 * loaded, {type: 'result'} per invocation and {type: 'fatal'} for an uncaught error between
 * invocations. Before each result it writes an end marker to stdout and stderr, so the parent
 * knows it has all of that invocation's output (the stdio streams and the message port are not
 * ordered with each other).
 */
const util = require('node:util');
const channel = require('./runtime-channel.cjs');
const { loadHandler } = require('./load-handler.cjs');

/**
 * @typedef {{ taskRoot: string; handler: string; runtimeModules: import('./module-scope.cjs').RuntimeModules[]; callbackHandlers: boolean;
 *   esmHooksUrl: string; markerNonce: string }} WorkerConfig
 * @typedef {{ type: 'invoke'; seq: number; requestId: string; eventJson: string; functionArn: string;
 *   timeoutMs: number }} InvokeMessage
 * @typedef {{ errorType: string; errorMessage: string; trace: string[] }} RapidError
 */

// A worker thread's port, or fds 3 and 4 of a process of its own (see runtime-channel.cjs).
const port = channel.port;
const config = /** @type {WorkerConfig} */ (channel.config);

// Taken before user code runs, so a handler that replaces process.stdout.write cannot lose the marker.
const writeStdout = process.stdout.write.bind(process.stdout);
const writeStderr = process.stderr.write.bind(process.stderr);

const NODEJS_EXIT_MESSAGE =
  'The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a ' +
  'Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes';

/** @param {string} name @param {string} message */
function runtimeError(name, message) {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * The runtime's formatError: an Error gives its name, message and stack lines; anything else its
 * type and String() (a thrown string 'boom' → errorType 'string').
 * @param {unknown} error
 * @returns {RapidError}
 */
function formatError(error) {
  try {
    if (
      error instanceof Error ||
      util.types.isNativeError(error) ||
      (config.callbackHandlers && looksLikeError(error))
    ) {
      const e = /** @type {Error} */ (error);
      return {
        errorType: String(e.name ?? 'Error'),
        errorMessage: String(e.message ?? ''),
        trace: typeof e.stack === 'string' ? e.stack.split('\n') : [],
      };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage:
        'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
      trace: [],
    };
  }
}

/** The runtimes before Node.js 24 also took error-shaped objects as errors. */
function looksLikeError(/** @type {any} */ value) {
  return (
    !!value &&
    typeof value.name === 'string' &&
    typeof value.message === 'string' &&
    typeof value.stack === 'string'
  );
}

/**
 * The invocation in progress.
 * @type {{ seq: number; requestId: string; startedAt: number; onEmptyEventLoop?: () => void } | undefined}
 */
let current;

/**
 * Ends the current invocation: the first outcome wins, later ones are ignored (as a second
 * callback call is). `discard` tells the parent this environment must not be reused.
 * @param {{ ok: true; payloadJson: string } | { ok: false; error: RapidError }} outcome
 * @param {boolean} [discard]
 */
function finish(outcome, discard = false) {
  const invocation = current;
  if (!invocation) return;
  current = undefined;
  if (!outcome.ok) {
    // What the runtime logs for a failed invocation (text log format).
    const { errorType, errorMessage, trace } = outcome.error;
    const record = JSON.stringify({ errorType, errorMessage, stack: trace });
    writeStderr(`${new Date().toISOString()}\t${invocation.requestId}\tERROR\tInvoke Error \t${record}\n`);
  }
  const marker = `\u0000${config.markerNonce}:${invocation.seq}\u0000`;
  writeStdout(marker);
  writeStderr(marker);
  const durationMs = performance.now() - invocation.startedAt;
  port.postMessage({ type: 'result', seq: invocation.seq, durationMs, discard, ...outcome });
  port.ref();
}

/** @param {unknown} result */
function succeed(result) {
  let payloadJson;
  try {
    payloadJson = JSON.stringify(result === undefined ? null : result);
  } catch {
    fail(runtimeError('Runtime.JSONStringifyError', 'Unable to stringify response body'));
    return;
  }
  finish({ ok: true, payloadJson: payloadJson ?? 'null' });
}

/** @param {unknown} error @param {boolean} [discard] */
function fail(error, discard = false) {
  finish({ ok: false, error: formatError(error) }, discard);
}

/**
 * @param {InvokeMessage} invoke
 * @param {boolean} legacy whether the callback programming model is available
 */
function createContext(invoke, legacy) {
  const env = process.env;
  const deadline = Date.now() + invoke.timeoutMs;
  const context = {
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: invoke.functionArn,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: invoke.requestId,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: undefined,
    clientContext: undefined,
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
  if (!legacy) return { context, callback: undefined };

  // The runtimes before Node.js 24: callback and done/succeed/fail, the first call wins.
  let waitForEmptyEventLoop = true;
  let called = false;
  const once =
    (/** @type {(...args: any[]) => void} */ fn) =>
    (/** @type {any[]} */ ...args) => {
      if (called) return;
      called = true;
      fn(...args);
    };
  const done = once((/** @type {unknown} */ error, /** @type {unknown} */ result) =>
    error !== undefined && error !== null ? fail(error) : succeed(result),
  );
  const callback = once((/** @type {unknown} */ error, /** @type {unknown} */ result) => {
    if (error !== undefined && error !== null) fail(error);
    else if (!waitForEmptyEventLoop) succeed(result);
    else if (current) current.onEmptyEventLoop = () => setImmediate(() => succeed(result));
  });
  // defineProperties, not Object.assign: the flag must stay an accessor the handler can set.
  Object.defineProperties(context, {
    callbackWaitsForEmptyEventLoop: {
      enumerable: true,
      get: () => waitForEmptyEventLoop,
      set: (value) => {
        waitForEmptyEventLoop = Boolean(value);
      },
    },
    done: { enumerable: true, value: done },
    succeed: { enumerable: true, value: (/** @type {unknown} */ result) => done(null, result) },
    fail: {
      enumerable: true,
      value: (/** @type {unknown} */ error) =>
        done(error === undefined || error === null ? 'handled' : error),
    },
  });
  return { context, callback };
}

const initStartedAt = performance.now();
const handlerLoaded = loadHandler(config);
handlerLoaded.then(
  () => port.postMessage({ type: 'ready', initDurationMs: performance.now() - initStartedAt }),
  () => undefined, // reported to the invocation that is waiting for it
);

/** @param {InvokeMessage} invoke */
async function run(invoke) {
  current = { seq: invoke.seq, requestId: invoke.requestId, startedAt: performance.now() };
  let handler;
  try {
    handler = await handlerLoaded;
  } catch (error) {
    fail(error, true); // an environment whose init failed is not reused: the next invocation retries it
    return;
  }
  current.startedAt = performance.now();
  const event = JSON.parse(invoke.eventJson);
  const legacy = config.callbackHandlers;
  const { context, callback } = createContext(invoke, legacy);
  const isAsync = handler.constructor?.name === 'AsyncFunction';
  // An invocation still pending when nothing is left to run: the runtime's beforeExit listener.
  current.onEmptyEventLoop =
    legacy && !isAsync
      ? () => succeed(null) // a sync or callback handler that never called back returns null
      : () => fail(runtimeError('Runtime.NodeJsExit', NODEJS_EXIT_MESSAGE));
  // With the port unref'd, 'beforeExit' fires when the handler's work runs out.
  port.unref();
  try {
    const result = legacy ? handler(event, context, callback) : await handler(event, context);
    if (!legacy) succeed(result);
    else if (result && typeof (/** @type {any} */ (result).then) === 'function') {
      /** @type {Promise<unknown>} */ (result).then(
        (value) => /** @type {any} */ (context).succeed(value),
        (error) => /** @type {any} */ (context).fail(error),
      );
    }
  } catch (error) {
    if (legacy && callback) callback(error);
    else fail(error);
  }
}

process.on('beforeExit', () => {
  const invocation = current;
  const onEmpty = invocation?.onEmptyEventLoop;
  if (invocation && onEmpty) {
    invocation.onEmptyEventLoop = undefined;
    onEmpty();
  }
  port.ref(); // keep the environment alive for the next invocation
});

// As the runtime: the invocation fails with the error and the environment is discarded.
process.on('uncaughtException', (error) => failOrExit('Uncaught Exception', error));
process.on('unhandledRejection', (reason) =>
  failOrExit(
    'Unhandled Promise Rejection',
    runtimeError('Runtime.UnhandledPromiseRejection', String(reason)),
  ),
);

/** @param {string} what @param {unknown} error */
function failOrExit(what, error) {
  if (current) {
    fail(error, true);
    return;
  }
  // Between invocations there is nobody to tell: log it, and let the parent end this environment.
  const record = JSON.stringify(formatError(error));
  writeStderr(`${new Date().toISOString()}\tundefined\tERROR\t${what} \t${record}\n`);
  port.postMessage({ type: 'fatal', error: formatError(error) });
}

port.on('message', (/** @type {InvokeMessage} */ message) => {
  if (message.type === 'invoke') void run(message);
});

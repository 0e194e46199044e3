import { FunctionRunner, InvokeResult } from '../../../../../lib/toolkit/local/lambda';
import { expectError, expectOk, fixtureBundles, localFunction } from './fixtures';

const fixtures = fixtureBundles();
const lines: Array<[string, string, string]> = [];
const runner = new FunctionRunner({ onLog: (fn, line, { stream }) => lines.push([fn, stream, line]) });
afterAll(() => runner.close());

const counter = localFunction(
  'counter',
  fixtures.bundle('counter', {
    'index.js': `
      let invocations = 0; // module state: survives while the environment is warm
      exports.handler = async (event, context) => {
        invocations++;
        console.log('invocation', invocations, event.tag);
        return {
          invocations,
          event,
          context: {
            functionName: context.functionName,
            functionVersion: context.functionVersion,
            invokedFunctionArn: context.invokedFunctionArn,
            memoryLimitInMB: context.memoryLimitInMB,
            awsRequestId: context.awsRequestId,
            logGroupName: context.logGroupName,
            remaining: context.getRemainingTimeInMillis(),
            hasDone: typeof context.done,
          },
          values: { when: new Date(Date.UTC(2026, 0, 31)), missing: undefined, list: [undefined] },
        };
      };`,
  }),
  { timeoutSeconds: 5, memoryMb: 256 },
);

describe('FunctionRunner', () => {
  it('runs a CommonJS async handler with a Lambda context, keeping the worker warm', async () => {
    const first = expectOk(await runner.invoke(counter, { tag: 'a' }, { requestId: 'req-1' }));
    const second = expectOk(await runner.invoke(counter, { tag: 'b' }));

    expect(first.payload).toMatchObject({
      invocations: 1,
      event: { tag: 'a' },
      context: {
        functionName: 'counter',
        functionVersion: '$LATEST',
        invokedFunctionArn: counter.arn,
        memoryLimitInMB: '256',
        awsRequestId: 'req-1',
        logGroupName: '/aws/lambda/counter',
        hasDone: 'undefined', // nodejs24.x has no callback programming model
      },
    });
    const { remaining } = (first.payload as { context: { remaining: number } }).context;
    expect(remaining).toBeGreaterThan(2_500); // a 5 s function, however loaded the machine
    expect(remaining).toBeLessThanOrEqual(5_000);
    // Warm: same module state, no init the second time.
    expect(second.payload).toMatchObject({ invocations: 2, event: { tag: 'b' } });
    expect(first.initDurationMs).toBeGreaterThan(0);
    expect(second.initDurationMs).toBeUndefined();
    expect(first.logs).toBe('invocation 1 a\n');
    expect(second.logs).toBe('invocation 2 b\n');
  });

  it('passes the event and result as JSON, as Lambda does', async () => {
    const result = expectOk(await runner.invoke(counter, { at: new Date(0), gone: undefined, fn: () => 1 }));
    expect(result.payload).toMatchObject({
      event: { at: '1970-01-01T00:00:00.000Z' },
      values: { when: '2026-01-31T00:00:00.000Z', list: [null] },
    });
    const { event, values } = result.payload as { event: object; values: object };
    expect(event).not.toHaveProperty('gone');
    expect(values).not.toHaveProperty('missing');
  });

  it('loads ES modules and nested handler paths', async () => {
    const esm = fixtures.bundle('esm', {
      'index.mjs': `export const handler = async (event) => ({ esm: true, got: event });`,
    });
    const nested = fixtures.bundle('nested', {
      'src/app.js': `exports.handlers = { create: (event) => ({ created: event.id }) };`,
    });
    const [fromEsm, fromNested] = await Promise.all([
      runner.invoke(localFunction('esm', esm), { n: 1 }),
      runner.invoke(localFunction('nested', nested, { handler: 'src/app.handlers.create' }), { id: 7 }),
    ]);
    expect(expectOk(fromEsm).payload).toEqual({ esm: true, got: { n: 1 } });
    // A sync handler's return value is the result on nodejs24.x.
    expect(expectOk(fromNested).payload).toEqual({ created: 7 });
  });

  it('returns null for a handler that returns nothing', async () => {
    const dir = fixtures.bundle('nothing', { 'index.js': `exports.handler = async () => {};` });
    expect(expectOk(await runner.invoke(localFunction('nothing', dir), {})).payload).toBeNull();
  });

  it('captures console, process.stdout and process.stderr output per invocation and streams its lines', async () => {
    const dir = fixtures.bundle('chatty', {
      'index.js': `
        exports.handler = async (event) => {
          console.log('log', event.n);
          process.stdout.write(JSON.stringify({ level: 'INFO', message: 'json line', n: event.n }) + '\\n');
          console.error('oops', event.n);
          process.stdout.write('no newline');
          setTimeout(() => console.log('late', event.n), 5); // after the result: the next invocation's
          return event.n;
        };`,
    });
    const chatty = localFunction('chatty', dir);
    const first = expectOk(await runner.invoke(chatty, { n: 1 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = expectOk(await runner.invoke(chatty, { n: 2 }));

    // Each line whole; stdout and stderr may arrive in either order (pipes of a process).
    expect(first.logs.split('\n').filter(Boolean).sort()).toEqual(
      ['log 1', '{"level":"INFO","message":"json line","n":1}', 'oops 1', 'no newline'].sort(),
    );
    expect(second.logs).toMatch(/^late 1\n/);
    expect(second.logs).toContain('log 2\n');
    expect(lines.filter(([fn]) => fn === 'chatty')).toEqual(
      expect.arrayContaining([
        ['chatty', 'stdout', 'log 1'],
        ['chatty', 'stdout', '{"level":"INFO","message":"json line","n":1}'],
        ['chatty', 'stderr', 'oops 1'],
        ['chatty', 'stdout', 'no newline'],
        ['chatty', 'stdout', 'late 1'],
      ]),
    );
  });

  it('reports a JSON-unserialisable result and one over 6 MB as Lambda does', async () => {
    const dir = fixtures.bundle('payloads', {
      'index.js': `
        exports.handler = async (event) => {
          if (event.kind === 'circular') { const o = {}; o.self = o; return o; }
          return 'x'.repeat(6.5 * 1024 * 1024); // over Lambda's 6,291,556 bytes
        };`,
    });
    const fn = localFunction('payloads', dir);
    const [circular, large] = await Promise.all([
      runner.invoke(fn, { kind: 'circular' }),
      runner.invoke(fn, { kind: 'large' }),
    ]);
    expect(expectError(circular)).toMatchObject({
      errorType: 'Runtime.JSONStringifyError',
      errorMessage: 'Unable to stringify response body',
    });
    expect(expectError(large)).toMatchObject({
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
    });
  });
});

describe('errors, as the Lambda Node.js runtime reports them', () => {
  const dir = fixtures.bundle('errors', {
    'index.js': `
      class OrderValidationError extends Error {
        constructor(message) { super(message); this.name = 'OrderValidationFailed'; }
      }
      exports.handler = async (event) => {
        switch (event.kind) {
          case 'custom': throw new OrderValidationError('items[0].quantity: must be at least 1');
          case 'type': return null.property;
          case 'string': throw 'plain string';
          case 'object': throw { code: 42 };
        }
      };`,
  });
  const fn = localFunction('errors', dir);
  const invoke = (kind: string) => runner.invoke(fn, { kind }).then(expectError);

  it('names an Error subclass by its name, with the stack as trace', async () => {
    const error = await invoke('custom');
    expect(error).toMatchObject({
      errorType: 'OrderValidationFailed',
      errorMessage: 'items[0].quantity: must be at least 1',
    });
    expect(error.trace[0]).toBe('OrderValidationFailed: items[0].quantity: must be at least 1');
    expect(error.trace[1]).toMatch(/^\s+at .*index\.js/);
    // The runtime logs the failure too.
    expect(error.logs).toContain('\tERROR\tInvoke Error \t{"errorType":"OrderValidationFailed"');
    // A bundle for nodejs24.x runs on Node 24 (fetched when the host's is another): no note.
    expect(error.logs).not.toContain('[local runtime] errors is built for nodejs24.x but ran on Node.js');
  });

  it('reports built-in errors and thrown non-errors', async () => {
    expect(await invoke('type')).toMatchObject({
      errorType: 'TypeError',
      errorMessage: expect.stringContaining("Cannot read properties of null (reading 'property')"),
    });
    expect(await invoke('string')).toMatchObject({
      errorType: 'string',
      errorMessage: 'plain string',
      trace: [],
    });
    expect(await invoke('object')).toMatchObject({ errorType: 'object', errorMessage: '[object Object]' });
  });

  it('keeps the environment warm after a handled error', async () => {
    const withState = fixtures.bundle('error-state', {
      'index.js': `let n = 0; exports.handler = async () => { n++; if (n === 1) throw new Error('first'); return n; };`,
    });
    const stateful = localFunction('error-state', withState);
    expect(expectError(await runner.invoke(stateful, {})).errorType).toBe('Error');
    expect(expectOk(await runner.invoke(stateful, {})).payload).toBe(2);
  });

  it('reports init failures with the runtime’s Runtime.* error types', async () => {
    const broken = fixtures.bundle('broken', {
      'missing-dependency.js': `require('./not-there'); exports.handler = async () => 1;`,
      'no-export.js': `exports.other = async () => 1;`,
      'syntax.js': `exports.handler = async () => { return 1 +; };`,
      'throws.js': `throw new RangeError('bad configuration');`,
    });
    const outcome = (handler: string) =>
      runner.invoke(localFunction(`broken-${handler}`, broken, { handler }), {}).then(expectError);
    const [missingFile, missingDependency, noExport, syntax, throws, malformed] = await Promise.all([
      outcome('absent.handler'),
      outcome('missing-dependency.handler'),
      outcome('no-export.handler'),
      outcome('syntax.handler'),
      outcome('throws.handler'),
      outcome('nodot'),
    ]);
    expect(missingFile).toMatchObject({
      errorType: 'Runtime.ImportModuleError',
      errorMessage: expect.stringMatching(/^Error: Cannot find module 'absent'/),
    });
    expect(missingDependency).toMatchObject({
      errorType: 'Runtime.ImportModuleError',
      errorMessage: expect.stringMatching(/^Error: Cannot find module '\.\/not-there'/),
    });
    expect(noExport).toMatchObject({
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: 'no-export.handler is undefined or not exported',
    });
    expect(syntax).toMatchObject({
      errorType: 'Runtime.UserCodeSyntaxError',
      errorMessage: expect.stringMatching(/^SyntaxError: Unexpected token/),
    });
    expect(throws).toMatchObject({ errorType: 'RangeError', errorMessage: 'bad configuration' });
    expect(malformed).toMatchObject({
      errorType: 'Runtime.MalformedHandlerName',
      errorMessage: 'Bad handler',
    });
  });
});

describe('callback handlers', () => {
  const dir = fixtures.bundle('callbacks', {
    'index.js': `
      exports.handler = (event, context, callback) => {
        context.callbackWaitsForEmptyEventLoop = event.wait;
        setTimeout(() => console.log('timer fired'), 100);
        if (event.kind === 'succeed') return context.succeed({ via: 'succeed' });
        if (event.kind === 'error') return callback(new TypeError('called back with an error'));
        callback(null, { via: 'callback' });
        callback(null, 'second call is ignored');
      };`,
  });
  const node22 = localFunction('callbacks-22', dir, { runtime: 'nodejs22.x' });

  it('answer through callback or context.succeed on runtimes before nodejs24.x', async () => {
    const [waits, returnsAtOnce, succeed, error] = await Promise.all([
      runner.invoke(node22, { wait: true }),
      runner.invoke(node22, { wait: false }),
      runner.invoke(localFunction('callbacks-22b', dir, { runtime: 'nodejs22.x' }), {
        wait: false,
        kind: 'succeed',
      }),
      runner.invoke(localFunction('callbacks-22c', dir, { runtime: 'nodejs22.x' }), {
        wait: false,
        kind: 'error',
      }),
    ]);
    // callbackWaitsForEmptyEventLoop (the default): the response waits for the pending timer.
    expect(expectOk(waits).payload).toEqual({ via: 'callback' });
    expect(waits.logs).toContain('timer fired');
    expect(waits.durationMs).toBeGreaterThanOrEqual(90);
    expect(expectOk(returnsAtOnce).payload).toEqual({ via: 'callback' });
    expect(returnsAtOnce.logs).not.toContain('timer fired');
    // (No bound on its duration: on a loaded 2-core machine wall time proves little; the log does.)
    expect(expectOk(succeed).payload).toEqual({ via: 'succeed' });
    expect(expectError(error)).toMatchObject({
      errorType: 'TypeError',
      errorMessage: 'called back with an error',
    });
  });

  it('are refused on nodejs24.x, as AWS refuses them', async () => {
    const result = await runner.invoke(localFunction('callbacks-24', dir, { runtime: 'nodejs24.x' }), {});
    expect(expectError(result)).toMatchObject({
      errorType: 'Runtime.CallbackHandlerDeprecated',
      errorMessage: expect.stringContaining('removed support for callback-based function handlers'),
    });
  });
});

describe('concurrency', () => {
  it('runs at most maxWorkersPerFunction environments per function and queues the rest', async () => {
    const limited = new FunctionRunner({ maxWorkersPerFunction: 2 });
    try {
      const dir = fixtures.bundle('slow', {
        'index.js': `exports.handler = async () => { await new Promise((r) => setTimeout(r, 100)); return process.env.AWS_LAMBDA_LOG_STREAM_NAME; };`,
      });
      const slow = localFunction('slow', dir);
      await Promise.all([limited.invoke(slow, {}), limited.invoke(slow, {})]); // both environments warm
      const started = performance.now();
      const results = await Promise.all(Array.from({ length: 6 }, () => limited.invoke(slow, {})));
      const elapsed = performance.now() - started;

      const streams = new Set(results.map((r) => expectOk(r).payload));
      expect(streams.size).toBe(2); // one log stream per environment
      expect(elapsed).toBeGreaterThanOrEqual(290); // three rounds of two
      expect(elapsed).toBeLessThan(3_000); // far below six one at a time, with room for a loaded machine
    } finally {
      await limited.close();
    }
  });

  it('removes an aborted invocation from the queue, and terminates an aborted running one', async () => {
    const single = new FunctionRunner({ maxWorkersPerFunction: 1 });
    try {
      const dir = fixtures.bundle('abortable', {
        'index.js': `let runs = 0; exports.handler = async (e) => { runs++; await new Promise((r) => setTimeout(r, e.ms)); return runs; };`,
      });
      const fn = localFunction('abortable', dir);
      const running = new AbortController();
      const queued = new AbortController();
      const first = single.invoke(fn, { ms: 5_000 }, { signal: running.signal });
      const second = single.invoke(fn, { ms: 0 }, { signal: queued.signal });
      const third = single.invoke(fn, { ms: 0 });

      queued.abort(new Error('no longer needed'));
      await expect(second).rejects.toThrow('no longer needed');
      running.abort(new Error('cancelled'));
      await expect(first).rejects.toThrow('cancelled');
      // The aborted run's environment was terminated: the next one starts cold (runs = 1), and the
      // aborted queued invocation never ran.
      const result = expectOk(await third);
      expect(result.payload).toBe(1);
      expect(result.initDurationMs).toBeDefined();
      await expect(
        single.invoke(fn, { ms: 0 }, { signal: AbortSignal.abort(new Error('early')) }),
      ).rejects.toThrow('early');
    } finally {
      await single.close();
    }
  });

  it('rejects pending and later invocations once closed', async () => {
    const closing = new FunctionRunner({ maxWorkersPerFunction: 1 });
    const dir = fixtures.bundle('closing', {
      'index.js': `exports.handler = () => new Promise((r) => setTimeout(r, 5_000));`,
    });
    const fn = localFunction('closing', dir);
    const running: Promise<InvokeResult> = closing.invoke(fn, {});
    const queued: Promise<InvokeResult> = closing.invoke(fn, {});
    const outcomes = Promise.allSettled([running, queued]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await closing.close();
    for (const outcome of await outcomes) {
      expect(outcome).toMatchObject({
        status: 'rejected',
        reason: expect.objectContaining({ message: expect.stringContaining('closed') }),
      });
    }
    await expect(closing.invoke(fn, {})).rejects.toThrow('closed');
  });
});

describe('prewarm', () => {
  // The module's init stamps when it ran, and how many times; the handler answers with both.
  const stamped = (name: string) =>
    localFunction(
      name,
      fixtures.bundle(name, {
        'index.js': `
          const initAt = Date.now();
          globalThis.inits = (globalThis.inits ?? 0) + 1;
          exports.handler = async () => ({ initAt, invokedAt: Date.now(), inits: globalThis.inits, stage: process.env.STAGE });`,
      }),
    );

  it('runs the init ahead of the first invocation, which still reports it as its cold start', async () => {
    const warmed = new FunctionRunner();
    try {
      const fn = stamped('prewarmed');
      await warmed.prewarm([fn]);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const first = expectOk(await warmed.invoke(fn, {}));
      const second = expectOk(await warmed.invoke(fn, {}));

      const payload = first.payload as { initAt: number; invokedAt: number; inits: number };
      expect(payload.invokedAt - payload.initAt).toBeGreaterThanOrEqual(1_000); // init ran before
      expect(payload.inits).toBe(1);
      expect(first.initDurationMs).toBeGreaterThan(0);
      expect(second.initDurationMs).toBeUndefined();
      expect(second.payload).toMatchObject({ initAt: payload.initAt, inits: 1 }); // the same environment
    } finally {
      await warmed.close();
    }
  });

  it('retires environments started with other base variables when they change', async () => {
    const warmed = new FunctionRunner({ baseEnvironment: { STAGE: 'before' } });
    try {
      const fn = stamped('rebased');
      await warmed.prewarm([fn]);
      warmed.setBaseEnvironment({ STAGE: 'after' });
      expect(expectOk(await warmed.invoke(fn, {})).payload).toMatchObject({ stage: 'after' });
    } finally {
      await warmed.close();
    }
  });

  it('leaves a function that cannot run here to its invocation, which says why', async () => {
    const warmed = new FunctionRunner();
    try {
      const java = localFunction('java-fn', fixtures.bundle('java-fn', {}), { runtime: 'java21' });
      await warmed.prewarm([java]);
      expect(expectError(await warmed.invoke(java, {})).errorType).toBe('LocalRuntime.CannotRun');
    } finally {
      await warmed.close();
    }
  });
});

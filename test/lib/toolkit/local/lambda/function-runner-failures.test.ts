import { FunctionRunner } from '../../../../../lib/toolkit/local/lambda';
import { expectError, expectOk, fixtureBundles, localFunction } from './fixtures';

const fixtures = fixtureBundles();
const runner = new FunctionRunner();
afterAll(() => runner.close());

/** A handler that fails in the way `event.kind` names, and otherwise counts its warm invocations. */
const dir = fixtures.bundle('failing', {
  'index.js': `
    let invocations = 0;
    exports.handler = async (event) => {
      invocations++;
      console.log('started', event.kind);
      switch (event.kind) {
        case 'hang': await new Promise(() => setInterval(() => {}, 1000)); break;
        case 'spin': for (;;) {} // never yields: only terminating the worker stops it
        case 'exit': process.exit(3);
        case 'unsettled': await new Promise(() => {}); break; // nothing left to run
        case 'rejection': Promise.reject(new Error('nobody listens')); await new Promise((r) => setTimeout(r, 50)); break;
        case 'uncaught': setTimeout(() => { throw new Error('thrown from a timer'); }); await new Promise((r) => setTimeout(r, 50)); break;
        case 'after-return': setTimeout(() => { throw new Error('thrown after the response'); }, 20); break;
        case 'memory': { const hoard = []; for (;;) hoard.push(new Array(100000).fill(invocations)); }
      }
      return invocations;
    };`,
});

describe('a function that fails its runtime', () => {
  it('times out after timeoutSeconds with Lambda’s Sandbox.Timedout, and the next invocation starts cold', async () => {
    const fn = localFunction('timeout', dir, { timeoutSeconds: 1 });
    const [hang, spin] = await Promise.all([
      runner.invoke(fn, { kind: 'hang' }, { requestId: 'hang-id' }),
      runner.invoke(fn, { kind: 'spin' }, { requestId: 'spin-id' }),
    ]);
    for (const [result, id] of [
      [hang, 'hang-id'],
      [spin, 'spin-id'],
    ] as const) {
      expect(expectError(result)).toMatchObject({
        errorType: 'Sandbox.Timedout',
        errorMessage: `RequestId: ${id} Error: Task timed out after 1.00 seconds`,
      });
      expect(result.durationMs).toBeGreaterThanOrEqual(990);
      expect(result.durationMs).toBeLessThan(2_900); // ended at its 1 s timeout, well before the fixture's 3 s
    }
    expect(hang.logs).toMatch(/^started hang\n/); // what it wrote before being stopped
    const after = expectOk(await runner.invoke(fn, { kind: 'none' }));
    expect(after.payload).toBe(1); // a fresh environment: module state is gone
    expect(after.initDurationMs).toBeDefined();
  });

  it('reports an exited, crashed or out-of-memory runtime, and replaces the worker', async () => {
    const fn = localFunction('crashing', dir, { memoryMb: 64 });
    const [exit, rejection, uncaught, memory] = await Promise.all(
      ['exit', 'rejection', 'uncaught', 'memory'].map((kind) =>
        runner.invoke(
          localFunction(`crashing-${kind}`, dir, { memoryMb: 64 }),
          { kind },
          { requestId: kind },
        ),
      ),
    );
    expect(expectError(exit)).toMatchObject({
      errorType: 'Runtime.ExitError',
      errorMessage: 'RequestId: exit Error: Runtime exited with error: exit status 3',
    });
    expect(expectError(rejection)).toMatchObject({
      errorType: 'Runtime.UnhandledPromiseRejection',
      errorMessage: 'Error: nobody listens',
    });
    expect(expectError(uncaught)).toMatchObject({ errorType: 'Error', errorMessage: 'thrown from a timer' });
    expect(expectError(memory)).toMatchObject({
      errorType: 'Runtime.OutOfMemory',
      errorMessage: 'RequestId: memory Error: Runtime exited with error: signal: killed',
    });
    // Each of those environments is gone: the function runs again, cold.
    for (const kind of ['exit', 'rejection']) {
      const again = expectOk(
        await runner.invoke(localFunction(`crashing-${kind}`, dir, { memoryMb: 64 }), {}),
      );
      expect(again.payload).toBe(1);
    }
    expect(expectOk(await runner.invoke(fn, {})).payload).toBe(1);
  });

  it('discards an environment that throws between invocations', async () => {
    const fn = localFunction('after-return', dir);
    expect(expectOk(await runner.invoke(fn, { kind: 'after-return' })).payload).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // On Lambda the runtime exits; the next invocation gets a new environment.
    const next = expectOk(await runner.invoke(fn, {}));
    expect(next.payload).toBe(1);
    expect(next.initDurationMs).toBeDefined();
  });

  it('rejects an event that is not JSON', async () => {
    await expect(runner.invoke(localFunction('not-json', dir), { amount: 10n })).rejects.toThrow(TypeError);
  });

  it('fails an async handler whose promise can never settle with Runtime.NodeJsExit', async () => {
    const result = await runner.invoke(localFunction('unsettled', dir), { kind: 'unsettled' });
    expect(expectError(result)).toMatchObject({
      errorType: 'Runtime.NodeJsExit',
      errorMessage: expect.stringContaining('Promise that was never settled'),
    });
    expect(result.durationMs).toBeLessThan(2_500); // noticed at once, not at the 3 s timeout
  });
});

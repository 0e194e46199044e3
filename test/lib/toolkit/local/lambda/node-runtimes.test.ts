import { FunctionRunner } from '../../../../../lib/toolkit/local/lambda';
import { NodeRuntimes } from '../../../../../lib/toolkit/local/lambda/node-runtimes';
import { LOCAL_NODE_MAJOR } from '../../../../../lib/toolkit/local/lambda/node-worker';
import { expectError, expectOk, fixtureBundles, localFunction } from './fixtures';

const fixtures = fixtureBundles();
// Float16Array is Node 24's (V8 13.6); RegExp modifiers `(?i:…)` too. Neither is in Node 20 or 22.
const modern = fixtures.bundle('modern', {
  'index.js': `
    let calls = 0;
    exports.handler = async () => {
      calls++;
      const half = new Float16Array([1.5, 2.25]);
      return { node: process.version, half: Array.from(half), caseless: /(?i:abc)d/.test('ABCd'), calls,
               region: process.env.AWS_REGION, leaked: process.env._LOCAL_LAMBDA_WORKER_CONFIG ?? null };
    };`,
});
const runner = new FunctionRunner({ baseEnvironment: { AWS_REGION: 'eu-west-1' } });
afterAll(() => runner.close());

describe('each Node.js function on its runtime’s Node.js major', () => {
  it('runs a nodejs24.x function on Node 24, in a process of its own, warm between calls', async () => {
    const fn = localFunction('modern-24', modern, { runtime: 'nodejs24.x' });
    const first = expectOk(await runner.invoke(fn, {}));
    expect(first.payload).toEqual({
      node: expect.stringMatching(/^v24\./),
      half: [1.5, 2.25],
      caseless: true,
      calls: 1,
      region: 'eu-west-1',
      leaked: null,
    });
    expect(expectOk(await runner.invoke(fn, {})).payload).toMatchObject({ calls: 2 });
  }, 300_000);

  it('fails the same code on nodejs20.x, which runs on Node 20', async () => {
    const fn = localFunction('modern-20', modern, { runtime: 'nodejs20.x' });
    const error = expectError(await runner.invoke(fn, {}));
    // The RegExp modifier is already a syntax error when Node 20 loads the bundle.
    expect(error).toMatchObject({
      errorType: 'Runtime.UserCodeSyntaxError',
      errorMessage: 'SyntaxError: Invalid regular expression: /(?i:abc)d/: Invalid group',
    });
  }, 300_000);

  it('with nodeVersions: host, runs it on the host’s Node.js and says so next to its errors', async () => {
    const host = new FunctionRunner({ nodeVersions: 'host' });
    try {
      const result = await host.invoke(
        localFunction('modern-on-host', modern, { runtime: 'nodejs24.x' }),
        {},
      );
      if (LOCAL_NODE_MAJOR >= 24) return void expectOk(result);
      expect(expectError(result).logs).toContain(
        `[local runtime] modern-on-host is built for nodejs24.x but ran on Node.js ${process.version}`,
      );
    } finally {
      await host.close();
    }
  });

  it('keeps a function whose runtime is the host’s major in a worker thread (no fetch, no process)', async () => {
    const runtimes = new NodeRuntimes({ cacheDir: '/nonexistent/never-written' });
    const fn = localFunction('same', modern, { runtime: `nodejs${LOCAL_NODE_MAJOR}.x` });
    expect(await runtimes.prepare(fn)).toEqual({});
    expect(
      await new NodeRuntimes({ mode: 'host' }).prepare(localFunction('x', modern, { runtime: 'nodejs24.x' })),
    ).toEqual({});
  });

  it('falls back to the host’s Node.js, saying why, when the binary cannot be had', async () => {
    // Below a file: no folder can be made there, as no fetch can happen offline.
    const file = `${fixtures.bundle('not-a-folder', { 'file.txt': '' })}/file.txt`;
    const runtimes = new NodeRuntimes({ cacheDir: `${file}/node` });
    const major = LOCAL_NODE_MAJOR === 24 ? 22 : 24;
    const choice = await runtimes.prepare(localFunction('y', modern, { runtime: `nodejs${major}.x` }));
    expect(choice.executable).toBeUndefined();
    expect(choice.note).toMatch(
      new RegExp(`could not be fetched .*ran on the host's Node.js ${process.version}`),
    );
    const unpinned = await runtimes.prepare(localFunction('z', modern, { runtime: 'nodejs16.x' }));
    expect(unpinned.note).toContain('no Node.js 16 is pinned here');
  });
});

import { FunctionRunner, localRuntimeSupport } from '../../../../../lib/toolkit/local/lambda';
import { expectError, fixtureBundles, localFunction } from './fixtures';

const fixtures = fixtureBundles();
const dir = fixtures.bundle('anything', { 'index.py': 'def handler(event, context):\n    return 1\n' });

describe('localRuntimeSupport', () => {
  it('runs Node.js (a missing runtime is Node.js) and Python 3 functions', () => {
    for (const runtime of ['nodejs24.x', 'nodejs18.x', undefined, 'python3.12', 'python3.9']) {
      expect(localRuntimeSupport({ runtime })).toEqual({ runs: true });
    }
  });

  it.each([
    ['java21', /^java21: Java functions need a JVM/],
    ['dotnet8', /^dotnet8: \.NET functions/],
    ['ruby3.3', /^ruby3\.3: Ruby functions/],
    ['provided.al2023', /^provided\.al2023: OS-only runtimes run a bootstrap executable/],
    ['go1.x', /^go1\.x: Go functions/],
    ['python2.7', /^python2\.7: Python 2 functions cannot run on python3/],
    ['cobol1.x', /^cobol1\.x: a runtime the local runtime does not know/],
  ])('says why %s cannot run', (runtime, reason) => {
    expect(localRuntimeSupport({ runtime })).toEqual({ runs: false, reason: expect.stringMatching(reason) });
  });

  it('refuses a container image function, whatever its runtime', () => {
    expect(localRuntimeSupport({ packageType: 'Image' })).toEqual({
      runs: false,
      reason: expect.stringContaining('container image function (PackageType Image)'),
    });
  });

  it('refuses a Python function when no python3 is found, naming where it looked', () => {
    const support = localRuntimeSupport({ runtime: 'python3.12' }, ['/nowhere/python3', 'no-such-python3']);
    expect(support).toEqual({
      runs: false,
      reason: 'python3.12 needs a python3 and none was found (tried /nowhere/python3, no-such-python3)',
    });
  });
});

describe('invoking a function that cannot run here', () => {
  const runner = new FunctionRunner({ pythonCandidates: ['/nowhere/python3'] });
  afterAll(() => runner.close());

  it.each([
    ['java21', {}],
    ['python3.12', {}],
    [undefined, { packageType: 'Image' }],
  ])('fails at once with a Lambda-shaped error saying to mock its state (%s)', async (runtime, extra) => {
    const fn = localFunction('ReportFn', dir, { runtime, ...extra });
    const result = expectError(await runner.invoke(fn, {}, { requestId: 'r-1' }));
    expect(result).toMatchObject({
      errorType: 'LocalRuntime.CannotRun',
      errorMessage: expect.stringMatching(/^ReportFn cannot run locally: .+ Mock the state that calls it/),
      trace: [],
    });
    expect(result.errorMessage).toContain('--mock-config');
    expect(result.logs).toContain('RequestId: r-1 ReportFn cannot run locally');
  });
});

import { FunctionRunner, errorDocument, findPython } from '../../../../../../lib/toolkit/local/lambda';
import { expectError, expectOk, fixtureBundles, localFunction } from '../fixtures';

const fixtures = fixtureBundles();
const lines: Array<[string, string, string]> = [];
const runner = new FunctionRunner({ onLog: (fn, line, { stream }) => lines.push([fn, stream, line]) });
afterAll(() => runner.close());

const python = (name: string, files: Record<string, string>, overrides = {}) =>
  localFunction(name, fixtures.bundle(name, files), { runtime: 'python3.11', ...overrides });

const counter = python(
  'py-counter',
  {
    'index.py': `
import json, logging, os, sys
import helpers  # a module beside the handler: LAMBDA_TASK_ROOT is on sys.path

logger = logging.getLogger()
logger.setLevel(logging.INFO)
invocations = 0

def handler(event, context):
    global invocations
    invocations += 1
    print("invocation", invocations, event.get("tag"))
    print("to stderr", file=sys.stderr)
    logger.info("logged %s", event.get("tag"))
    return {
        "invocations": invocations,
        "event": event,
        "helper": helpers.answer(),
        "context": {
            "function_name": context.function_name,
            "function_version": context.function_version,
            "aws_request_id": context.aws_request_id,
            "memory_limit_in_mb": context.memory_limit_in_mb,
            "invoked_function_arn": context.invoked_function_arn,
            "log_group_name": context.log_group_name,
            "log_stream_name": context.log_stream_name,
            "remaining": context.get_remaining_time_in_millis(),
        },
        "env": {name: os.environ.get(name) for name in ["ORDER_TABLE", "AWS_REGION", "LAMBDA_TASK_ROOT", "AWS_EXECUTION_ENV", "_HANDLER"]},
        "cwd": os.getcwd(),
    }
`,
    'helpers.py': 'def answer():\n    return 42\n',
  },
  { environment: { ORDER_TABLE: 'orders' }, timeoutSeconds: 5, memoryMb: 256 },
);

describe('a Python function', () => {
  it('runs with Lambda’s handler contract, its environment and context, and stays warm', async () => {
    const first = expectOk(await runner.invoke(counter, { tag: 'a' }, { requestId: 'req-1' }));
    const second = expectOk(await runner.invoke(counter, { tag: 'b' }));

    expect(first.payload).toEqual({
      invocations: 1,
      event: { tag: 'a' },
      helper: 42,
      context: {
        function_name: 'py-counter',
        function_version: '$LATEST',
        aws_request_id: 'req-1',
        memory_limit_in_mb: '256', // a string, as the runtime's (it reads the environment variable)
        invoked_function_arn: counter.arn,
        log_group_name: '/aws/lambda/py-counter',
        log_stream_name: expect.stringMatching(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/),
        remaining: expect.any(Number),
      },
      env: {
        ORDER_TABLE: 'orders',
        AWS_REGION: 'eu-west-1',
        LAMBDA_TASK_ROOT: counter.directory,
        AWS_EXECUTION_ENV: 'AWS_Lambda_python3.11',
        _HANDLER: 'index.handler',
      },
      cwd: counter.directory,
    });
    const { remaining } = (first.payload as { context: { remaining: number } }).context;
    expect(remaining).toBeGreaterThan(2_500);
    expect(remaining).toBeLessThanOrEqual(5_000);
    expect(second.payload).toMatchObject({ invocations: 2, event: { tag: 'b' } });
    expect(first.initDurationMs).toBeGreaterThan(0);
    expect(second.initDurationMs).toBeUndefined();
  });

  it('captures print, stderr and the logging module per invocation, in the runtime’s log format', async () => {
    const result = expectOk(await runner.invoke(counter, { tag: 'logs' }, { requestId: 'req-logs' }));
    const logged = result.logs.split('\n');
    expect(logged).toContain(`invocation ${(result.payload as { invocations: number }).invocations} logs`);
    expect(logged).toContain('to stderr');
    expect(logged).toContainEqual(
      expect.stringMatching(/^\[INFO\]\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\treq-logs\tlogged logs$/),
    );
    expect(lines).toContainEqual(['py-counter', 'stderr', 'to stderr']);
  });

  it('loads a handler in a subfolder, as `src/app.handler` names it', async () => {
    const fn = python('py-nested', {
      'src/app.py': 'def handler(event, context):\n    return {"nested": event["n"]}\n',
    });
    expect(expectOk(await runner.invoke({ ...fn, handler: 'src/app.handler' }, { n: 7 })).payload).toEqual({
      nested: 7,
    });
  });

  it('returns None as null, and Decimals (what boto3 reads from DynamoDB) as numbers', async () => {
    const fn = python('py-values', {
      'app.py': `
from decimal import Decimal
def nothing(event, context):
    pass
def decimals(event, context):
    return {"whole": Decimal("3"), "part": Decimal("2.5")}
def unserialisable(event, context):
    return {"set": {1, 2}}
`,
    });
    const invoke = (handler: string) => runner.invoke({ ...fn, handler }, {});
    expect(expectOk(await invoke('app.nothing')).payload).toBeNull();
    expect(expectOk(await invoke('app.decimals')).payload).toEqual({ whole: 3, part: 2.5 });
    expect(expectError(await invoke('app.unserialisable'))).toMatchObject({
      errorType: 'Runtime.MarshalError',
      errorMessage: 'Unable to marshal response: Object of type set is not JSON serializable',
    });
  });
});

describe('Python errors, as Lambda’s Python runtime reports them', () => {
  const fn = python('py-errors', {
    'index.py': `
class OrderValidationFailed(Exception):
    pass

def validate(order):
    if not order.get("items"):
        raise OrderValidationFailed("items: must not be empty")

invocations = 0

def handler(event, context):
    global invocations
    invocations += 1
    if event.get("kind") == "custom":
        validate({})
    if event.get("kind") == "key":
        return {}["missing"]
    return invocations
`,
  });

  it('names the exception class, with the traceback of the function’s own frames', async () => {
    const result = expectError(await runner.invoke(fn, { kind: 'custom' }, { requestId: 'req-err' }));
    const frames = [
      `  File "${fn.directory}/index.py", line 15, in handler\n    validate({})\n`,
      `  File "${fn.directory}/index.py", line 7, in validate\n    raise OrderValidationFailed("items: must not be empty")\n`,
    ];
    expect(result).toMatchObject({
      errorType: 'OrderValidationFailed',
      errorMessage: 'items: must not be empty',
      trace: frames,
    });
    // The document Lambda returns: these four keys in this order, the request id included.
    expect(Object.keys(result.document ?? {})).toEqual([
      'errorMessage',
      'errorType',
      'requestId',
      'stackTrace',
    ]);
    expect(result.document).toEqual({
      errorMessage: 'items: must not be empty',
      errorType: 'OrderValidationFailed',
      requestId: 'req-err',
      stackTrace: frames,
    });
    // What Lambda Invoke's body and the Step Functions cause carry.
    expect(errorDocument(result)).toBe(result.document);
    // And logs it as the runtime does.
    expect(result.logs).toContain(
      `[ERROR] OrderValidationFailed: items: must not be empty\nTraceback (most recent call last):\n  File "${fn.directory}/index.py", line 15, in handler\n`,
    );
  });

  it('reports built-in exceptions and keeps the environment warm after a handled error', async () => {
    expect(expectError(await runner.invoke(fn, { kind: 'key' }))).toMatchObject({
      errorType: 'KeyError',
      errorMessage: "'missing'",
    });
    const after = expectOk(await runner.invoke(fn, {}));
    expect(after.payload).toBeGreaterThan(1);
    expect(after.initDurationMs).toBeUndefined();
  });

  it('reports init failures with the runtime’s Runtime.* types and an empty request id', async () => {
    const broken = fixtures.bundle('py-broken', {
      'missing_dependency.py': 'import not_installed_anywhere\ndef handler(event, context):\n    return 1\n',
      'no_handler.py': 'def other(event, context):\n    return 1\n',
      'syntax.py': 'def handler(event, context)\n    return 1\n',
      'raises.py': 'raise RuntimeError("bad configuration")\n',
    });
    const outcome = (handler: string) =>
      runner
        .invoke(localFunction(`py-broken-${handler}`, broken, { runtime: 'python3.11', handler }), {})
        .then(expectError);
    const [missingModule, missingDependency, noHandler, syntax, raises, malformed] = await Promise.all([
      outcome('absent.handler'),
      outcome('missing_dependency.handler'),
      outcome('no_handler.handler'),
      outcome('syntax.handler'),
      outcome('raises.handler'),
      outcome('nodot'),
    ]);
    expect(missingModule.document).toEqual({
      errorMessage: "Unable to import module 'absent': No module named 'absent'",
      errorType: 'Runtime.ImportModuleError',
      requestId: '',
      stackTrace: [],
    });
    expect(missingDependency).toMatchObject({
      errorType: 'Runtime.ImportModuleError',
      errorMessage: "Unable to import module 'missing_dependency': No module named 'not_installed_anywhere'",
    });
    expect(noHandler).toMatchObject({
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: "Handler 'handler' missing on module 'no_handler'",
    });
    expect(syntax).toMatchObject({
      errorType: 'Runtime.UserCodeSyntaxError',
      errorMessage: expect.stringMatching(/^Syntax error in module 'syntax': /),
      trace: [`  File "${broken}/syntax.py" Line 1\n    def handler(event, context)\n`],
    });
    expect(raises).toMatchObject({ errorType: 'RuntimeError', errorMessage: 'bad configuration' });
    expect(raises.trace.join('')).toContain('raises.py", line 1, in <module>');
    expect(malformed).toMatchObject({
      errorType: 'Runtime.MalformedHandlerName',
      errorMessage: "Bad handler 'nodot': not enough values to unpack (expected 2, got 1)",
    });
  });
});

describe('a Python function that fails its runtime', () => {
  const dir = fixtures.bundle('py-failing', {
    'index.py': `
import os, sys, time
invocations = 0
def handler(event, context):
    global invocations
    invocations += 1
    print("started", event.get("kind"))
    if event.get("kind") == "sleep":
        time.sleep(30)
    if event.get("kind") == "exit":
        sys.exit(3)
    if event.get("kind") == "kill":
        os.kill(os.getpid(), 9)
    return invocations
`,
  });

  it('times out after timeoutSeconds with Sandbox.Timedout, and the next invocation starts cold', async () => {
    const fn = localFunction('py-timeout', dir, { runtime: 'python3.11', timeoutSeconds: 1 });
    const result = expectError(await runner.invoke(fn, { kind: 'sleep' }, { requestId: 'sleepy' }));
    expect(result).toMatchObject({
      errorType: 'Sandbox.Timedout',
      errorMessage: 'RequestId: sleepy Error: Task timed out after 1.00 seconds',
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(990);
    expect(result.durationMs).toBeLessThan(5_000); // killed at its 1 s timeout, long before the 30 s sleep ends
    expect(result.logs).toMatch(/^started sleep\n/);
    const after = expectOk(await runner.invoke(fn, {}));
    expect(after.payload).toBe(1);
    expect(after.initDurationMs).toBeDefined();
  });

  it('reports a process that exits or is killed as Runtime.ExitError, and replaces it', async () => {
    const [exit, kill] = await Promise.all(
      ['exit', 'kill'].map((kind) =>
        runner.invoke(
          localFunction(`py-${kind}`, dir, { runtime: 'python3.11' }),
          { kind },
          { requestId: kind },
        ),
      ),
    );
    expect(expectError(exit)).toMatchObject({
      errorType: 'Runtime.ExitError',
      errorMessage: 'RequestId: exit Error: Runtime exited with error: exit status 3',
    });
    expect(expectError(kill)).toMatchObject({
      errorType: 'Runtime.ExitError',
      errorMessage: 'RequestId: kill Error: Runtime exited with error: signal: killed',
    });
    const again = expectOk(await runner.invoke(localFunction('py-exit', dir, { runtime: 'python3.11' }), {}));
    expect(again.payload).toBe(1);
  });
});

describe('the interpreter', () => {
  it('is a python3 that can import boto3, as Lambda’s Python runtime can', () => {
    const { interpreter, tried } = findPython();
    expect(tried.length).toBeGreaterThan(0);
    expect(interpreter).toMatchObject({ version: expect.stringMatching(/^3\./), boto3: expect.any(String) });
  });
});

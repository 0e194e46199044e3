import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'order-workflow-cli.js');

/** The command as a user runs it: `npx order-workflow ...` is this file under node. */
function orderWorkflow(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    timeout: 120_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('npx order-workflow (bin/order-workflow-cli.js)', () => {
  it('lists its commands', () => {
    const { code, out } = orderWorkflow('--help');
    expect(code).toBe(0);
    for (const command of ['start', 'run', 'conformance', 'diagram', 'seed', 'cost'])
      expect(out).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('refuses a fault rate outside [0, 1) before starting anything, naming the range', () => {
    const { code, err } = orderWorkflow('start', '--fault-rate', '1.5');
    expect(code).not.toBe(0);
    expect(err).toContain('fault rate must be a number from 0 up to (not including) 1, got 1.5');
  });

  it('names the file and exits 2 when the order file cannot be read', () => {
    const { code, err } = orderWorkflow('run', '--input', 'examples/no-such-order.json');
    expect(code).toBe(2);
    expect(err).toContain(
      'order-workflow: cannot read the input file examples/no-such-order.json: no such file',
    );
  });

  it('runs the README’s order end to end: synthesis, DynamoDB Local, bundled handlers', () => {
    const { code, out, err } = orderWorkflow(
      'run',
      '-q',
      '--input',
      'examples/order.json',
      '--dynamodb-endpoint',
      process.env.DYNAMODB_LOCAL_ENDPOINT ?? '',
    );
    expect([code, err.split('\n').filter((l) => /Error|error:/.test(l))]).toEqual([0, []]);
    expect(out).toMatch(/✔ Order Completed \(Succeed\)/);
    expect(out).toMatch(/SUCCEEDED in \d+ ms/);
  });

  it('runs this app’s example order when no --input is given, and says which file it ran', () => {
    const { code, out } = orderWorkflow(
      'run',
      '-q',
      '--dynamodb-endpoint',
      process.env.DYNAMODB_LOCAL_ENDPOINT ?? '',
    );
    expect(code).toBe(0);
    expect(out).toContain("input: examples/order.json (the app's example; --input <file> for another)");
    expect(out).toMatch(/✔ Order Completed \(Succeed\)/);
  });
});

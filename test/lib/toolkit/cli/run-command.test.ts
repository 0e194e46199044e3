import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readInputArgument, runOrder } from '../../../../lib/toolkit/cli/run-command';
import { DEFAULT_SEED_FILE } from '../../../../lib/toolkit/cli/this-app';
import { synthesizeApp } from '../../../../lib/app/synthesize';
import { synthTinyAssembly } from '../../../support/tiny-assembly';

const EXAMPLES = path.join(__dirname, '..', '..', '..', '..', 'examples');

describe('order-workflow run', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'order-workflow-cli-'));
  const assembly = synthesizeApp('EXPRESS', outdir);
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  async function run(file: string, extra: Record<string, string> = {}) {
    const lines: string[] = [];
    const code = await runOrder(
      {
        input: path.join(EXAMPLES, file),
        type: 'express',
        assembly,
        seed: DEFAULT_SEED_FILE,
        dynamodbEndpoint: process.env.DYNAMODB_LOCAL_ENDPOINT,
        ...extra,
      },
      (line) => lines.push(line),
    );
    return { code, text: lines.join('\n') };
  }

  it('prints the path, each state’s input and output, and the result of an order', async () => {
    const { code, text } = await run('order.json');
    expect(code).toBe(0);
    expect(text).toMatch(/\(EXPRESS\)/);
    for (const state of [
      'Validate Order',
      'Check Inventory',
      'Process Payment',
      'Ship Order',
      'Order Completed',
    ]) {
      expect(text).toContain(`✔ ${state}`);
    }
    expect(text).toMatch(/output: payment = \{"paymentId":"pay_/);
    expect(text).toMatch(/SUCCEEDED in \d+ ms/);
  });

  it('prints the error and exits non-zero when the order fails', async () => {
    const { code, text } = await run('order-invalid.json');
    expect(code).toBe(1);
    expect(text).toMatch(/✘ Invalid Order/);
    expect(text).toMatch(/FAILED in \d+ ms: OrderValidationFailed/);
  });

  it('runs under a mock configuration test case', async () => {
    const mock = path.join(EXAMPLES, 'mock-config.json');
    // The mock configuration names the Standard machine; an Express assembly has the same logical id.
    const { code, text } = await run('order.json', { mockConfig: mock, testCase: 'PaymentDeclined' });
    expect(code).toBe(1);
    expect(text).toMatch(/test case PaymentDeclined/);
    expect(text).toMatch(/FAILED in \d+ ms: PaymentDeclined/);
  });

  it('names the file and the problem when the input cannot be used', () => {
    expect(() => readInputArgument('/no/such/order.json')).toThrow(
      'cannot read the input file /no/such/order.json: no such file',
    );
    const bad = path.join(outdir, 'bad.json');
    fs.writeFileSync(bad, '{"orderId": ');
    expect(() => readInputArgument(bad)).toThrow(new RegExp(`^the input file ${bad} is not JSON: `));
    expect(() => readInputArgument('{"orderId": ')).toThrow(/^the input \{"orderId": {2}is not JSON: /);
  });

  it('takes the input as the AWS CLI does: JSON text, file://, or a path', () => {
    const file = path.join(outdir, 'in.json');
    fs.writeFileSync(file, '{"id": 7}');
    expect(readInputArgument('{"id": 7}')).toEqual({ id: 7 });
    expect(readInputArgument('[1, 2]')).toEqual([1, 2]);
    expect(readInputArgument(`file://${file}`)).toEqual({ id: 7 });
    expect(readInputArgument(file)).toEqual({ id: 7 });
  });

  it('refuses a test case without a mock configuration', async () => {
    await expect(run('order.json', { testCase: 'PaymentDeclined' })).rejects.toThrow(
      '--test-case needs --mock-config',
    );
  });
});

describe('order-workflow run on another app, without --input', () => {
  // The tiny app's assembly in an app folder of its own (cdk.json beside cdk.out), as `cdk synth` leaves it.
  const app = fs.mkdtempSync(path.join(os.tmpdir(), 'other-app-'));
  fs.writeFileSync(path.join(app, 'cdk.json'), '{}');
  fs.cpSync(synthTinyAssembly(), path.join(app, 'cdk.out'), { recursive: true });
  afterAll(() => fs.rmSync(app, { recursive: true, force: true }));

  async function run() {
    const lines: string[] = [];
    const code = await runOrder(
      { type: 'express', assembly: path.join(app, 'cdk.out'), stateMachine: 'Echo', quiet: true },
      (line) => lines.push(line),
    );
    return { code, text: lines.join('\n') };
  }

  it('runs {} and says so when the app has no example input', async () => {
    const { code, text } = await run();
    expect(code).toBe(0);
    expect(text).toContain(
      'input: {} (no example input of this state machine found; --input <file> for one)',
    );
    expect(text).not.toMatch(/order/i);
  });

  it('runs the app’s own example input, named for the state machine, and names the file', async () => {
    fs.mkdirSync(path.join(app, 'events'));
    fs.writeFileSync(path.join(app, 'events', 'echo.json'), '{"greeting":"hello"}');
    const { code, text } = await run();
    expect(code).toBe(0);
    expect(text).toContain(`input: ${path.join(app, 'events', 'echo.json')} (the app's example`);
    expect(text).toMatch(/SUCCEEDED in \d+ ms\n\{\n {2}"greeting": "hello"\n\}/);
  });
});

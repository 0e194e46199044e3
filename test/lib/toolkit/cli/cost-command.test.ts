import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { costCommand } from '../../../../lib/toolkit/cli/cost-command';
import { mixOption } from '../../../../lib/toolkit/cli/cost-options';
import { synthTinyAssembly } from '../../../support/tiny-assembly';
import { buildApp } from '../../../../lib/app/build-app';
import { testApp } from '../../../support/synth';

const ROOT = path.join(__dirname, '..', '..', '..', '..');

/** `npx order-workflow ...` as a user runs it. */
function orderWorkflow(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'order-workflow-cli.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('order-workflow cost', () => {
  const { app } = buildApp(testApp({ context: { workflowType: 'STANDARD' } }));
  const assembly = app.synth().directory;
  const run = async (options: Partial<Parameters<typeof costCommand>[0]> = {}) => {
    const lines: string[] = [];
    const advice = await costCommand({ orders: 1_000_000, type: 'standard', assembly, ...options }, (l) =>
      lines.push(l),
    );
    return { advice, out: lines.join('\n') };
  };

  it('prints each path’s transitions and invocations, the month’s cost both ways, and the recommendation', async () => {
    const { out, advice } = await run();
    expect(out).toMatch(
      /^OrderWorkflowStateMachine\w+ \(synthesized as STANDARD\): \d+ paths; prices us-east-1, taken \d{4}-/,
    );
    expect(out).toMatch(
      /^Order Completed +succeeds +9 \/ 16 \/ – +5 \/ 10 \/ – .* ValidateOrder, Stock ×2, ProcessPayment, ShipOrder$/m,
    );
    expect(out).toMatch(/^Invalid Order +OrderValidationFailed +2 \/ 3 \/ –/m);
    expect(out).toContain('Monthly cost, 1,000,000 executions');
    expect(out).toMatch(/^Step Functions +\$[\d,.]+ +\$[\d,.]+ +[\d,]+ transitions \| 1,000,000 requests/m);
    expect(out).toMatch(/^Total +\$[\d,.]+ +\$[\d,.]+$/m);
    expect(out).toMatch(/^ValidateOrder +256 MB +arm64 /m);
    expect(out).toContain(`Recommendation: ${advice.recommendation.choice}`);
    expect(out).toContain('Assumptions:');
  });

  it('takes the mix, Lambda duration and payload size from its options', async () => {
    const { advice } = await run({
      mix: mixOption('Order Completed=1'),
      lambdaMs: 250,
      payloadKb: 8,
      taskMs: 40,
    });
    expect(advice.estimate.mix.map((m) => [m.metrics.id, m.share])).toEqual([['Order Completed', 1]]);
    expect(advice.estimate.standard.transitions).toBe(9_000_000);
    expect(advice.assumptions).toMatchObject({
      lambdaMs: 250,
      payloadKb: 8,
      serviceTaskMs: 40,
      freeTier: true,
    });
    expect((await run({ freeTier: false })).advice.assumptions.freeTier).toBe(false);
  });

  it('rules Express out on request: --exactly-once, --need-history', async () => {
    const { advice } = await run({ exactlyOnce: true, needHistory: true });
    expect(advice.recommendation.choice).toBe('STANDARD');
    expect(advice.recommendation.ruledOut.EXPRESS).toHaveLength(2);
  });

  it('prints the advice as JSON with --json', async () => {
    const { out } = await run({ json: true });
    const json = JSON.parse(out);
    expect(json.stateMachine.type).toBe('STANDARD');
    expect(json.variants.find((v: { id: string }) => v.id === 'Order Completed').transitions).toBe(9);
    expect(json.recommendation.choice).toBe('EXPRESS');
  });

  it('names the problem: an unknown path in the mix, an unknown state machine, several to choose from', async () => {
    await expect(run({ mix: mixOption('Order Completed=0.5,Lost In Transit=0.5') })).rejects.toThrow(
      'the mix names "Lost In Transit": no such path. Paths: Order Completed;',
    );
    await expect(run({ stateMachine: 'Nope' })).rejects.toThrow(
      /^no state machine Nope; the assembly has: OrderWorkflowStateMachine/,
    );
    await expect(run({ assembly: synthTinyAssembly() })).rejects.toThrow(
      /the assembly has 2 state machines \(.*\): pick one/,
    );
  });

  it('exits 1 with commander’s message naming the option when run with a bad value', () => {
    const { code, err } = orderWorkflow('cost', '--orders', 'many');
    expect(code).toBe(1);
    expect(err).toContain(
      `error: option '-n, --orders <count>' argument 'many' is invalid. orders a month must be a whole number of 0 or more, got "many"`,
    );
  });
});

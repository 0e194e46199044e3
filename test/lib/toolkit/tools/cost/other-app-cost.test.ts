import { adviseCost, pickMachine, readAppFacts } from '../../../../../lib/toolkit/tools/cost';
import { renderAdvice } from '../../../../../lib/toolkit/tools/cost/report';
import { synthApiExpressApp } from '../../../../support/api-express-app';

/** The case: an API-fronted Express app with one 200 ms Lambda call, priced as any app is. */
describe('the cost of another app: one Lambda task behind an API', () => {
  const facts = pickMachine(readAppFacts(synthApiExpressApp()));
  const advice = adviseCost(facts, { orders: 1_000_000, assumptions: { lambdaMs: 200 } });
  const report = renderAdvice(advice).join('\n');
  const assumptions = report.slice(report.indexOf('Assumptions:'));

  it('reads the function’s Timeout from the template', () => {
    expect(facts.functions.map((f) => [f.name.replace(/[0-9A-F]{8}$/, ''), f.timeoutSeconds])).toEqual([
      [expect.stringContaining('Greet'), 10],
    ]);
  });

  it('times the task’s attempts by the function’s 10 s Timeout, not AWS’s 99,999,999 s default', () => {
    expect(advice.worstCase.attempts).toEqual([{ state: 'Say Hello', seconds: 10, source: 'function' }]);
    // LambdaInvoke's retrier: 7 attempts of 10 s, waits 2 + 4 + 8 + 16 + 32 + 64 s.
    expect(advice.worstCase.seconds).toBe(7 * 10 + 126);
  });

  it('does not rule Express out, and recommends it', () => {
    expect(advice.recommendation.ruledOut.EXPRESS).toEqual([]);
    expect(advice.recommendation.choice).toBe('EXPRESS');
  });

  it('prices its own paths: the happy path makes one Lambda call, and most executions take it', () => {
    expect(advice.defaultMix).toMatchObject({
      happy: 'Say Hello',
      outcomes: [],
      failures: ['Greeting Failed +exhausted'],
    });
    const happy = advice.variants.find((v) => v.id === 'Say Hello')!;
    expect(Object.values(happy.lambdaInvocations)).toEqual([1]);
    // 97.5% one call, 2% two (a retry), 0.5% seven (every retry used before the Catch).
    expect(advice.estimate.perOrder.lambdaInvocations).toBeCloseTo(0.975 + 0.02 * 2 + 0.005 * 7, 9);
    expect(advice.estimate.perOrder.billedExpressMs).toBeLessThan(1000);
  });

  it('says what applied to this machine, and nothing of the order workflow', () => {
    expect(report).not.toMatch(/Order Completed|Payment|Out Of Stock|Invalid Order|orders/);
    expect(assumptions).toContain(
      'the default mix, from this machine\'s paths (--mix to change): the happy path "Say Hello"',
    );
    expect(assumptions).toMatch(/its function's Timeout: "Say Hello 10 s"/);
    // No Map, no other kind of task, no logging, no Choice, no loop: none of their assumptions.
    expect(assumptions).not.toMatch(/Map|--task-ms|log event|CloudWatch Logs|Choice|loops|99,999,999/);
  });
});

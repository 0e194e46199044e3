import { adviseCost, pickMachine, readAppFacts } from '../../../../../lib/toolkit/tools/cost';
import { appAssembly } from '../../../../support/app-assemblies';

/** The app as `cdk synth` builds it (the run's shared assembly), read back as the cost advisor reads any assembly. */
function synthesizedFacts(workflowType: 'STANDARD' | 'EXPRESS') {
  return pickMachine(readAppFacts(appAssembly(workflowType)));
}

describe('the cost of the order workflow, from its synthesized definition', () => {
  const facts = synthesizedFacts('STANDARD');
  const advice = adviseCost(facts, { orders: 1_000_000 });
  const variant = (id: string) => {
    const found = advice.variants.find((v) => v.id === id);
    if (!found) throw new Error(`no variant ${id}; have ${advice.variants.map((v) => v.id).join(', ')}`);
    return found;
  };
  const states = (id: string) => variant(id).path.steps.map((s) => s.state);

  it('reads the state machine’s logging and each function’s memory and architecture from the template', () => {
    expect(facts.machine.type).toBe('STANDARD');
    expect(facts.logging).toEqual({ level: 'ALL', includeExecutionData: true });
    expect(facts.functions).toHaveLength(6);
    for (const fn of facts.functions) expect([fn.memoryMb, fn.architecture]).toEqual([256, 'arm64']);
  });

  it('counts 9 transitions on the happy path, 16 with one retry at each of its 7 retrying tasks', () => {
    expect(states('Order Completed')).toEqual([
      'Validate Order',
      'Record Order Validated',
      'Reserve Stock',
      'Check Inventory',
      'Process Payment',
      'Record Order Paid',
      'Ship Order',
      'Commit Stock',
      'Order Completed',
    ]);
    expect(variant('Order Completed').transitions).toBe(9);
    expect(variant('Order Completed +retry').transitions).toBe(16);
    expect(variant('Order Completed').path.status).toBe('SUCCEEDED');
  });

  it('invokes five functions on the happy path, the stock function twice (reserve, commit)', () => {
    const byName = Object.fromEntries(
      Object.entries(variant('Order Completed').lambdaInvocations).map(([arn, n]) => [
        arn.replace(/^.*function:/, ''),
        n,
      ]),
    );
    expect(Object.values(byName).reduce((a, b) => a + b, 0)).toBe(5);
    expect(Object.entries(byName).find(([name]) => /Stock/.test(name) && !/OutOfStock/.test(name))?.[1]).toBe(
      2,
    );
  });

  it('counts the out-of-stock, invalid-order and declined-payment paths', () => {
    expect([variant('Notify Out Of Stock').transitions, variant('Notify Out Of Stock').path.status]).toEqual([
      5,
      'SUCCEEDED',
    ]);
    expect([variant('Invalid Order').transitions, variant('Invalid Order').path.error]).toEqual([
      2,
      'OrderValidationFailed',
    ]);
    expect(states('Payment Declined')).toEqual([
      'Validate Order',
      'Record Order Validated',
      'Reserve Stock',
      'Check Inventory',
      'Process Payment',
      'Notify Payment Declined',
      'Release Stock',
      'Which Failure?',
      'Payment Declined',
    ]);
  });

  it('uses every retry of Process Payment before voiding: Payment Failed +exhausted has 3 more transitions', () => {
    expect(variant('Payment Failed +exhausted').transitions).toBe(variant('Payment Failed').transitions + 3);
  });

  it('routes each failure to its own end: a shipment failure never ends as a declined or failed payment', () => {
    const ends = advice.paths.paths.filter((p) => p.caughtAt.includes('Ship Order')).map((p) => p.terminal);
    expect(ends.sort()).toEqual(['Refund Failed', 'Shipping Failed']);
    const declined = advice.paths.paths.filter((p) => p.terminal === 'Payment Declined');
    expect(declined.map((p) => p.caughtAt)).toEqual([['Process Payment']]);
  });

  it('finds the worst case within the five-minute execution timeout, so Express is not ruled out by time', () => {
    expect(advice.worstCase.timeoutSeconds).toBe(300);
    expect(advice.worstCase.pathSeconds).toBeLessThanOrEqual(300);
    expect(advice.recommendation.ruledOut.EXPRESS).toEqual([]);
  });

  it('derives its default mix from its own paths: the completed order, three business outcomes, 11 failures', () => {
    expect(advice.defaultMix?.happy).toBe('Order Completed');
    expect([...advice.defaultMix!.outcomes].sort()).toEqual([
      'Invalid Order',
      'Notify Out Of Stock',
      'Payment Declined',
    ]);
    expect(advice.defaultMix?.failures).toHaveLength(11);
    expect(advice.defaultMix?.failures).toContain('Payment Failed +exhausted');
  });

  it('recommends Express at a million orders a month, with the payment’s idempotency key named', () => {
    expect(advice.recommendation.choice).toBe('EXPRESS');
    expect(advice.estimate.total.express).toBeLessThan(advice.estimate.total.standard);
    expect(advice.recommendation.considerations.join('\n')).toContain('Process Payment (idempotency key)');
  });

  it('prices the Express-synthesized app the same way: same paths, its own type', () => {
    const express = synthesizedFacts('EXPRESS');
    expect(express.machine.type).toBe('EXPRESS');
    const again = adviseCost(express, { orders: 1_000_000 });
    expect(again.variants.map((v) => [v.id, v.transitions])).toEqual(
      advice.variants.map((v) => [v.id, v.transitions]),
    );
  });
});

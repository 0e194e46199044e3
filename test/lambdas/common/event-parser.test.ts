import { EventParser } from '../../../lambdas/common/event-parser';
import { aValidOrder, anOrderWith } from '../fixtures';

const parse = new EventParser('test-step');

describe('EventParser', () => {
  it('reports a malformed event as a TypeError naming the step and field', () => {
    expect(() => parse.attempt(undefined)).toThrow(
      new TypeError('Malformed test-step event: attempt: is required'),
    );
    expect(() => parse.root(null)).toThrow(
      new TypeError('Malformed test-step event: $: must be an object, got null'),
    );
  });

  it('reports a bad order inside the event under order.<field>, as a wiring fault rather than a validation failure', () => {
    const read = () => parse.order(anOrderWith('items[0].quantity', 0));
    expect(read).toThrow(TypeError);
    expect(read).toThrow(
      'Malformed test-step event: order.items[0].quantity: must be a whole number from 1 to 100',
    );
    expect(() => parse.order(undefined)).toThrow('Malformed test-step event: order: is required');
  });

  it('reads a valid order back unchanged', () => {
    expect(parse.order(aValidOrder())).toEqual(aValidOrder());
  });

  it('reads a charge, refusing a fractional amount or an unsupported currency', () => {
    expect(parse.charge({ amount: 100, currency: 'USD' })).toEqual({ amount: 100, currency: 'USD' });
    expect(() => parse.charge({ amount: 1.5, currency: 'USD' })).toThrow('charge.amount');
    expect(() => parse.charge({ amount: 1, currency: 'GBP' })).toThrow('charge.currency: must be one of USD');
  });

  it('allows extra fields at the top of an event: a state may pass more than a step reads', () => {
    expect(parse.root({ attempt: 0, extra: true })).toEqual({ attempt: 0, extra: true });
  });
});

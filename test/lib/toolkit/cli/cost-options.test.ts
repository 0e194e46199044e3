import { InvalidArgumentError } from 'commander';
import {
  mixOption,
  parseOrders,
  positiveInteger,
  positiveNumber,
} from '../../../../lib/toolkit/cli/cost-options';

describe('cost options', () => {
  it('refuses malformed option values with commander’s InvalidArgumentError, saying what is expected', () => {
    expect(parseOrders('1,000,000')).toBe(1_000_000);
    expect(parseOrders('1e6')).toBe(1_000_000);
    expect(() => parseOrders('lots')).toThrow(
      new InvalidArgumentError('orders a month must be a whole number of 0 or more, got "lots"'),
    );
    expect(() => parseOrders('-5')).toThrow(InvalidArgumentError);
    expect(() => positiveNumber('--lambda-ms')('0')).toThrow('--lambda-ms must be a number above 0, got "0"');
    expect(() => positiveInteger('--map-items')('2.5')).toThrow(
      '--map-items must be a whole number above 0, got "2.5"',
    );
    expect(() => mixOption('Order Completed')).toThrow(InvalidArgumentError);
  });
});

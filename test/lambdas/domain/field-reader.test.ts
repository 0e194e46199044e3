import { childPath, describeValue, FieldReader } from '../../../lambdas/domain';

describe('describe', () => {
  it.each([
    [null, 'null'],
    [undefined, 'nothing'],
    [[1], 'an array'],
    [{ a: 1 }, 'an object'],
    ['usd', '"usd"'],
    ['x'.repeat(41), 'a string of 41 characters'],
    [-1, '-1'],
    [NaN, 'NaN'],
    [false, 'false'],
  ])('describes %p as %s', (value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });

  it('gives only the type of a sensitive value', () => {
    expect(describeValue('tok_visa', 'type-only')).toBe('a string of 8 characters');
    expect(describeValue(4242, 'type-only')).toBe('a number');
  });
});

describe('childPath', () => {
  it('drops the root marker and joins nested keys with dots', () => {
    expect(childPath('$', 'orderId')).toBe('orderId');
    expect(childPath('order.items[0]', 'sku')).toBe('order.items[0].sku');
  });
});

describe('FieldReader', () => {
  const read = new FieldReader((path, reason) => {
    throw new RangeError(`${path}|${reason}`);
  });

  it('reports through the failure it was given', () => {
    expect(() => read.boolean('yes', 'flag')).toThrow(
      new RangeError('flag|must be true or false, got "yes"'),
    );
  });

  it('states an open range for a whole number without a maximum', () => {
    expect(() => read.wholeNumber(-1, 'attempt', 0)).toThrow(
      'attempt|must be a whole number of at least 0, got -1',
    );
  });

  it('allows any keys when none are listed', () => {
    expect(read.object({ anything: 1 }, 'event')).toEqual({ anything: 1 });
  });
});

import { childPath, describeValue, FieldReader, quote } from '../../../lambdas/domain';

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

  it('escapes what a reader cannot see in a quoted value, so it does not look valid', () => {
    expect(describeValue('\ufeffSKU-1')).toBe('"\\uFEFFSKU-1"');
    expect(quote('a\u00a0b\u200bc d')).toBe('"a\\u00A0b\\u200Bc d"');
    expect(quote('say "hi"')).toBe('"say \\"hi\\""');
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

  describe('plain text', () => {
    const plain = { maxLength: 20, plain: true } as const;
    it.each([
      [
        'a lone high surrogate',
        'Ada \ud800',
        'must be well-formed Unicode text (a lone surrogate at character 5)',
      ],
      [
        'a lone low surrogate',
        '\udc00Ada',
        'must be well-formed Unicode text (a lone surrogate at character 1)',
      ],
      ['a NUL', 'a\u0000b', 'must not contain control characters (U+0000 at character 2)'],
      ['a line break', 'a\nb', 'must not contain control characters (U+000A at character 2)'],
      ['a tab inside', 'a\tb', 'must not contain control characters (U+0009 at character 2)'],
      ['DEL', 'a\u007f', 'must not contain control characters (U+007F at character 2)'],
      ['a C1 control', 'a\u0085', 'must not contain control characters (U+0085 at character 2)'],
      ['a line separator', 'a\u2028b', 'must not contain control characters (U+2028 at character 2)'],
      ['a right-to-left override', 'a\u202eb', 'must not contain control characters (U+202E at character 2)'],
      ['a directional isolate', '\u2066ab', 'must not contain control characters (U+2066 at character 1)'],
      ['zero-width spaces only', '\u200b\u200b', 'must not be empty'],
      ['a byte-order mark and spaces only', '\ufeff  ', 'must not be empty'],
    ])('refuses %s', (_, value, reason) => {
      expect(() => read.text(value, 'name', plain)).toThrow(new RangeError(`name|${reason}`));
    });

    it.each([
      ['accents', 'Zoë Ångström'],
      ['a combining mark', 'Jose\u0301'],
      ['emoji with a joiner', '👩\u200d💻'],
      ['right-to-left script', 'مريم'],
      ['CJK', '山田太郎'],
    ])('accepts %s', (_, value) => {
      expect(read.text(value, 'name', plain)).toBe(value);
    });

    it('reports a text too long before looking inside it', () => {
      expect(() => read.text('\u0000'.repeat(21), 'name', plain)).toThrow(
        'name|must be at most 20 characters, got 21',
      );
    });

    it('is not applied unless asked for: a refund reason may span lines', () => {
      expect(read.text('line 1\nline 2', 'reason', { maxLength: 100 })).toBe('line 1\nline 2');
    });
  });
});

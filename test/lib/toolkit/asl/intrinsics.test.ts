import { StatesError } from '../../../../lib/toolkit/asl/errors';
import { evaluateIntrinsic, IntrinsicEnvironment } from '../../../../lib/toolkit/asl/intrinsic-functions';
import { parseIntrinsic } from '../../../../lib/toolkit/asl/intrinsic-parser';
import { evaluateSegments } from '../../../../lib/toolkit/asl/json-path';

const data = {
  name: 'World',
  list: [1, 2, 2, 3],
  obj: { a: 1, b: [] },
  text: 'a,b,,c',
  json: '{"k":[1,2]}',
};

const env: IntrinsicEnvironment = {
  random: () => 0.5,
  resolvePath: (path) => {
    const result = evaluateSegments(path, data);
    if (!result.found) throw new Error(result.reason);
    return result.value;
  },
};

const evaluate = (text: string) => evaluateIntrinsic(text, env);

function errorOf(fn: () => unknown): StatesError {
  try {
    fn();
  } catch (error) {
    return error as StatesError;
  }
  throw new Error('expected an error');
}

describe('intrinsic function parser', () => {
  it('parses nested calls, literals of every kind and paths', () => {
    const call = parseIntrinsic(
      `States.Array(States.Array(1, -2.5e1), 'it\\'s', true, false, null, $.obj['a'], $$.Execution.Id)`,
    );
    expect(call.name).toBe('States.Array');
    expect(call.args.map((arg) => arg.kind)).toEqual([
      'call',
      'string',
      'literal',
      'literal',
      'literal',
      'path',
      'path',
    ]);
    expect(call.args[1]).toMatchObject({ kind: 'string', value: "it's" });
    const inner = call.args[0];
    expect(inner.kind === 'call' && inner.call.args).toEqual([
      { kind: 'literal', value: 1 },
      { kind: 'literal', value: -25 },
    ]);
  });

  it('keeps commas, parentheses and quotes inside string literals and path filters', () => {
    expect(evaluate(`States.Array('a, (b)', $.list[?(@ > 1)])`)).toEqual(['a, (b)', [2, 2, 3]]);
  });

  it.each([
    'States.Format(',
    "States.Format('unclosed)",
    'States.Array(1 2)',
    'States.Array(bogus)',
    'States.Array(1))',
    'NotStates.Array()',
  ])('rejects %s', (text) => {
    expect(() => parseIntrinsic(text)).toThrow(/Invalid intrinsic function/);
  });
});

describe('intrinsic functions', () => {
  it.each([
    [`States.Format('Hello, {}!', $.name)`, 'Hello, World!'],
    [`States.Format('{} {} {} {}', 1.5, true, null, $.obj)`, '1.5 true null {a=1, b=[]}'],
    [`States.Format('\\{literal\\} {}', 'x')`, '{literal} x'],
    [`States.Format('it\\'s {}', $.list)`, "it's [1, 2, 2, 3]"],
    [`States.StringToJson($.json)`, { k: [1, 2] }],
    [`States.StringToJson(' ')`, null],
    [`States.JsonToString($.obj)`, '{"a":1,"b":[]}'],
    [`States.Array()`, []],
    [`States.Array(1, 'two', $.obj)`, [1, 'two', { a: 1, b: [] }]],
    [`States.ArrayPartition($.list, 3)`, [[1, 2, 2], [3]]],
    [`States.ArrayContains($.list, 3)`, true],
    [`States.ArrayContains(States.Array($.obj), $.obj)`, true],
    [`States.ArrayRange(1, 9, 2)`, [1, 3, 5, 7, 9]],
    [`States.ArrayRange(5, 1, -2)`, [5, 3, 1]],
    [`States.ArrayGetItem($.list, 3)`, 3],
    [`States.ArrayLength($.list)`, 4],
    [`States.ArrayUnique($.list)`, [1, 2, 3]],
    [`States.Base64Encode('Data to encode')`, 'RGF0YSB0byBlbmNvZGU='],
    [`States.Base64Decode('RGF0YSB0byBlbmNvZGU=')`, 'Data to encode'],
    [`States.Hash('input data', 'MD5')`, '812f45842bc6d66ee14572ce20db8e86'],
    [`States.Hash('input data', 'SHA-1')`, 'aaff4a450a104cd177d28d18d74485e8cae074b7'],
    [
      `States.Hash('input data', 'SHA-256')`,
      'b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3',
    ],
    [
      `States.Hash('input data', 'SHA-384')`,
      'd28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562',
    ],
    [
      `States.Hash('input data', 'SHA-512')`,
      '6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4',
    ],
    [`States.JsonMerge($.obj, States.StringToJson('{"b":2,"c":3}'), false)`, { a: 1, b: 2, c: 3 }],
    [`States.MathRandom(10, 20)`, 15],
    [`States.MathAdd(1.5, -1.5)`, 1],
    [`States.MathAdd(States.MathAdd(40, 1), 1)`, 42],
    [`States.StringSplit($.text, ',')`, ['a', 'b', 'c']],
    [`States.StringSplit('a.b+c', '.+')`, ['a', 'b', 'c']],
  ])('%s', (text, expected) => {
    expect(evaluate(text)).toEqual(expected);
  });

  it('gives a fresh UUID each call', () => {
    const first = evaluate('States.UUID()');
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(evaluate('States.UUID()')).not.toBe(first);
  });

  it('is deterministic for a seeded MathRandom', () => {
    expect(evaluate('States.MathRandom(0, 1000, 7)')).toBe(evaluate('States.MathRandom(0, 1000, 7)'));
  });

  it.each([
    [`States.ArrayGetItem($.list, 9)`, /out of bounds/],
    [`States.ArrayLength($.name)`, /must be an array/],
    [`States.StringToJson('{nope')`, /not JSON/],
    [`States.Format('{} {}', 1)`, /more placeholders than arguments/],
    [`States.Format('{}', 1, 2)`, /2 argument\(s\) for 1 placeholder/],
    [`States.Hash('x', 'SHA-999')`, /algorithm must be one of/],
    [`States.JsonMerge($.obj, $.obj, true)`, /only a shallow merge/],
    [`States.ArrayRange(0, 5000, 1)`, /more than 1000 items/],
    [`States.MathAdd('1', 2)`, /must be a number/],
    [`States.Base64Decode('***')`, /not base64/],
    [`States.Nope(1)`, /not supported/],
    [`States.UUID(1)`, /expects 0 argument/],
  ])('%s fails with States.IntrinsicFailure', (text, message) => {
    const error = errorOf(() => evaluate(text));
    expect(error).toBeInstanceOf(StatesError);
    expect(error.error).toBe('States.IntrinsicFailure');
    expect(error.cause).toMatch(message);
  });
});

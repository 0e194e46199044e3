import { isValidPath, parsePath, queryPath, setAtPath } from '../../../../lib/toolkit/asl/json-path';

const store = {
  items: [
    { id: 1, price: 5, tags: ['a'] },
    { id: 2, price: 15 },
    { id: 3, price: 25, tags: [] },
  ],
  'odd key': { "it's": 'quoted', 'back\\slash': 'raw' },
  nested: { deep: { value: 42 } },
};

describe('JSONPath: definite paths', () => {
  it.each([
    ['$', store],
    ['$.nested.deep.value', 42],
    ["$['nested']['deep']", { value: 42 }],
    ['$.items[0].id', 1],
    ['$.items[-1].id', 3],
    ["$['odd key']['it\\'s']", 'quoted'],
    ["$['odd key']['back\\slash']", 'raw'],
    ['$.items.length()', 3],
  ])('%s', (path, expected) => {
    expect(queryPath(path, store)).toEqual({ found: true, value: expected });
  });

  it("reports a missing leaf as Jayway does: 'No results for path'", () => {
    expect(queryPath('$.nested.missing', store)).toEqual({
      found: false,
      reason: "No results for path: $['nested']['missing']",
    });
  });

  it("reports a missing parent as Jayway does: 'Missing property in path'", () => {
    expect(queryPath('$.no.such.path', {})).toEqual({
      found: false,
      reason: "Missing property in path $['no']",
    });
  });

  it('fails on an index out of bounds and on a property of a non-object', () => {
    expect(queryPath('$.items[7]', store).found).toBe(false);
    expect(queryPath('$.items[0].id.x', store)).toMatchObject({ found: false });
    expect((queryPath('$.items[0].id.x', store) as { reason: string }).reason).toMatch(
      /Expected to find an object with property \['x'\]/,
    );
  });
});

describe('JSONPath: indefinite paths yield lists', () => {
  it.each([
    ['$.items[*].id', [1, 2, 3]],
    ['$.items.*.id', [1, 2, 3]],
    ['$.items[0,2].id', [1, 3]],
    ['$.items[1:].id', [2, 3]],
    ['$.items[:1].id', [1]],
    ['$.items[0:3:2].id', [1, 3]],
    ['$.items[-2:].id', [2, 3]],
    ['$.items[?(@.price > 10)].id', [2, 3]],
    ['$.items[?(@.price >= 15 && @.id != 3)].id', [2]],
    ['$.items[?(@.price < 10 || @.id == 3)].id', [1, 3]],
    ['$.items[?(@.tags)].id', [1, 3]],
    ['$.items[?(@.id in [1, 2])].id', [1, 2]],
    ['$..value', [42]],
    ['$..id', [1, 2, 3]],
    ['$.items[*].missing', []],
    ['$.none[*]', []],
  ])('%s', (path, expected) => {
    expect(queryPath(path, store)).toEqual({ found: true, value: expected });
  });

  it('knows which paths are definite', () => {
    expect(parsePath('$.a[0].b').definite).toBe(true);
    expect(parsePath('$.a[*]').definite).toBe(false);
    expect(parsePath('$.a[0:1]').definite).toBe(false);
  });
});

describe('JSONPath: roots', () => {
  it('tells the data, the context object and variables apart', () => {
    expect(parsePath('$.a').root).toEqual({ kind: 'data' });
    expect(parsePath('$$.Execution.Id').root).toEqual({ kind: 'context' });
    expect(parsePath('$myVar.field').root).toEqual({ kind: 'variable', name: 'myVar' });
    expect(parsePath('$myVar.field').segments).toEqual([{ kind: 'property', name: 'field' }]);
  });

  it.each(['a.b', '$.', '$[', "$['unclosed]", '$.a[x]', '$.a[?(@.b ==)]'])('rejects %s', (path) => {
    expect(isValidPath(path)).toBe(false);
  });
});

describe('ResultPath writes', () => {
  it('creates missing objects and leaves the input untouched', () => {
    const input = { a: { keep: true } };
    expect(setAtPath(input, parsePath('$.a.b.c'), 1)).toEqual({ a: { keep: true, b: { c: 1 } } });
    expect(input).toEqual({ a: { keep: true } });
  });

  it('replaces an array element that exists', () => {
    expect(setAtPath({ list: [1, 2] }, parsePath('$.list[1]'), 'x')).toEqual({ list: [1, 'x'] });
  });

  it('refuses to step into a value that is not an object', () => {
    expect(() => setAtPath('text', parsePath('$.a'), 1)).toThrow(/Unable to apply step "a"/);
    expect(() => setAtPath({ a: 5 }, parsePath('$.a.b'), 1)).toThrow(/Unable to apply step "b"/);
    expect(() => setAtPath({ list: [] }, parsePath('$.list[3]'), 1)).toThrow(/Unable to apply step "\[3\]"/);
  });
});

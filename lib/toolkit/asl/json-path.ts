/**
 * The JSONPath dialect of Step Functions. AWS evaluates paths with Jayway JsonPath (Java), so this
 * follows Jayway where the two dialects of JSONPath differ (and jsonpath-plus differs): a *definite*
 * path (only names and single indexes) yields one value or fails with Jayway's message ("No results
 * for path: $['a']" for a missing leaf, "Missing property in path $['a']" for a missing parent);
 * an *indefinite* path (wildcard, slice, union, filter, deep scan) yields a list, possibly empty.
 *
 * Roots: `$` (the state's data), `$$` (the context object) and `$name` (a variable, JSONPath
 * flavour of `Assign`).
 */
import { isObject, jsonTypeName } from './json';

export type PathRoot = { kind: 'data' } | { kind: 'context' } | { kind: 'variable'; name: string };

export type Segment =
  | { kind: 'property'; name: string }
  | { kind: 'properties'; names: string[] }
  | { kind: 'index'; index: number }
  | { kind: 'indexes'; indexes: number[] }
  | { kind: 'wildcard' }
  | { kind: 'slice'; start?: number; end?: number; step?: number }
  | { kind: 'filter'; expression: FilterExpression }
  | { kind: 'deepScan'; segment: Segment }
  | { kind: 'function'; name: string };

export interface ParsedPath {
  readonly text: string;
  readonly root: PathRoot;
  readonly segments: readonly Segment[];
  /** Only single names and indexes: the path denotes at most one value. */
  readonly definite: boolean;
}

export class JsonPathSyntaxError extends Error {
  constructor(
    public readonly path: string,
    detail: string,
  ) {
    super(`Invalid JSONPath '${path}': ${detail}`);
    this.name = 'JsonPathSyntaxError';
  }
}

/** The outcome of evaluating a path: a value, or why there is none (Jayway's wording). */
export type PathResult = { found: true; value: unknown } | { found: false; reason: string };

const cache = new Map<string, ParsedPath>();

/** Parses a path once; paths repeat across iterations and executions, so parses are cached. */
export function parsePath(text: string): ParsedPath {
  let parsed = cache.get(text);
  if (!parsed) {
    parsed = new PathParser(text).parse();
    if (cache.size > 10_000) cache.clear();
    cache.set(text, parsed);
  }
  return parsed;
}

/** True when `text` is a syntactically valid path. */
export function isValidPath(text: string): boolean {
  try {
    parsePath(text);
    return true;
  } catch {
    return false;
  }
}

/** Evaluates the segments of a parsed path from `root` (the value its root denotes). */
export function evaluateSegments(path: ParsedPath, root: unknown): PathResult {
  if (path.definite) return evaluateDefinite(path.segments, root);
  return { found: true, value: evaluateIndefinite(path.segments, [root], root) };
}

/** Convenience: parse and evaluate a `$`-rooted path against `data`. */
export function queryPath(text: string, data: unknown): PathResult {
  return evaluateSegments(parsePath(text), data);
}

function render(name: string | number): string {
  return typeof name === 'number' ? `[${name}]` : `['${name}']`;
}

function javaTypeName(value: unknown): string {
  switch (jsonTypeName(value)) {
    case 'string':
      return 'java.lang.String';
    case 'number':
      return Number.isInteger(value) ? 'java.lang.Integer' : 'java.lang.Double';
    case 'boolean':
      return 'java.lang.Boolean';
    case 'array':
      return 'net.minidev.json.JSONArray';
    case 'null':
      return 'null';
    default:
      return 'java.util.LinkedHashMap';
  }
}

function evaluateDefinite(segments: readonly Segment[], root: unknown): PathResult {
  let current = root;
  let rendered = '$';
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const last = i === segments.length - 1;
    if (segment.kind === 'property') {
      const step = render(segment.name);
      if (!isObject(current)) {
        return {
          found: false,
          reason: `Expected to find an object with property ${step} in path ${rendered} but found '${javaTypeName(current)}'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'.`,
        };
      }
      if (!Object.prototype.hasOwnProperty.call(current, segment.name)) {
        return {
          found: false,
          reason: last
            ? `No results for path: ${rendered}${step}`
            : `Missing property in path ${rendered}${step}`,
        };
      }
      current = current[segment.name];
      rendered += step;
    } else if (segment.kind === 'index') {
      const step = render(segment.index);
      if (!Array.isArray(current)) {
        return {
          found: false,
          reason: `Filter: ${step} can only be applied to arrays. Current context is: ${JSON.stringify(current ?? null)}`,
        };
      }
      const index = segment.index < 0 ? current.length + segment.index : segment.index;
      if (index < 0 || index >= current.length)
        return { found: false, reason: `No results for path: ${rendered}${step}` };
      current = current[index];
      rendered += step;
    } else if (segment.kind === 'function') {
      const result = applyFunction(segment.name, current);
      if (result === undefined) {
        return {
          found: false,
          reason: `Function ${segment.name}() can not be applied to ${jsonTypeName(current)}`,
        };
      }
      current = result;
    } else {
      throw new Error(`segment ${segment.kind} in a definite path`);
    }
  }
  return { found: true, value: current };
}

function applyFunction(name: string, value: unknown): unknown {
  const items = Array.isArray(value) ? value : undefined;
  switch (name) {
    case 'length':
    case 'size':
      if (items) return items.length;
      if (typeof value === 'string') return value.length;
      if (isObject(value)) return Object.keys(value).length;
      return undefined;
    case 'min':
    case 'max':
    case 'sum':
    case 'avg': {
      const numbers = (items ?? []).filter((item): item is number => typeof item === 'number');
      if (!items || numbers.length === 0) return undefined;
      if (name === 'min') return Math.min(...numbers);
      if (name === 'max') return Math.max(...numbers);
      const sum = numbers.reduce((a, b) => a + b, 0);
      return name === 'sum' ? sum : sum / numbers.length;
    }
    case 'first':
      return items && items.length > 0 ? items[0] : undefined;
    case 'last':
      return items && items.length > 0 ? items[items.length - 1] : undefined;
    case 'keys':
      return isObject(value) ? Object.keys(value) : undefined;
    default:
      return undefined;
  }
}

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isObject(value)) return Object.values(value);
  return [];
}

function sliceIndexes(length: number, start?: number, end?: number, step = 1): number[] {
  if (step === 0) return [];
  const norm = (n: number) => (n < 0 ? Math.max(length + n, 0) : Math.min(n, length));
  const from = start === undefined ? 0 : norm(start);
  const to = end === undefined ? length : norm(end);
  const indexes: number[] = [];
  if (step > 0) for (let i = from; i < to; i += step) indexes.push(i);
  return indexes;
}

function applySegment(segment: Segment, node: unknown, root: unknown): unknown[] {
  switch (segment.kind) {
    case 'property':
      return isObject(node) && Object.prototype.hasOwnProperty.call(node, segment.name)
        ? [node[segment.name]]
        : [];
    case 'properties':
      return isObject(node)
        ? segment.names
            .filter((name) => Object.prototype.hasOwnProperty.call(node, name))
            .map((name) => node[name])
        : [];
    case 'index':
    case 'indexes': {
      if (!Array.isArray(node)) return [];
      const indexes = segment.kind === 'index' ? [segment.index] : segment.indexes;
      return indexes
        .map((index) => (index < 0 ? node.length + index : index))
        .filter((index) => index >= 0 && index < node.length)
        .map((index) => node[index]);
    }
    case 'wildcard':
      return children(node);
    case 'slice':
      return Array.isArray(node)
        ? sliceIndexes(node.length, segment.start, segment.end, segment.step).map((index) => node[index])
        : [];
    case 'filter': {
      const candidates = Array.isArray(node) ? node : isObject(node) ? [node] : [];
      return candidates.filter((candidate) => truthy(evaluateFilter(segment.expression, candidate, root)));
    }
    case 'deepScan': {
      const results: unknown[] = [];
      const visit = (value: unknown) => {
        results.push(...applySegment(segment.segment, value, root));
        for (const child of children(value)) visit(child);
      };
      visit(node);
      return results;
    }
    case 'function': {
      const result = applyFunction(segment.name, node);
      return result === undefined ? [] : [result];
    }
  }
}

function evaluateIndefinite(segments: readonly Segment[], nodes: unknown[], root: unknown): unknown[] {
  let current = nodes;
  for (const segment of segments) {
    if (segment.kind === 'function') {
      // A function applies to the whole result so far (e.g. `$.items[*].price.length()`... or to one value).
      const result = applyFunction(segment.name, current);
      current = result === undefined ? [] : [result];
      continue;
    }
    current = current.flatMap((node) => applySegment(segment, node, root));
  }
  return current;
}

// ---------------------------------------------------------------------------------------------
// Filter expressions: `[?(@.price < 10 && @.category == 'fiction')]`, as Jayway accepts them.

export type FilterExpression =
  | { kind: 'or' | 'and'; left: FilterExpression; right: FilterExpression }
  | { kind: 'not'; operand: FilterExpression }
  | { kind: 'compare'; op: string; left: FilterOperand; right: FilterOperand }
  | { kind: 'exists'; operand: FilterOperand };

export type FilterOperand =
  | { kind: 'literal'; value: unknown }
  | { kind: 'regex'; regex: RegExp }
  | { kind: 'path'; relative: boolean; path: ParsedPath };

type FilterValue = { present: boolean; value: unknown };

function operandValue(operand: FilterOperand, current: unknown, root: unknown): FilterValue {
  if (operand.kind === 'literal') return { present: true, value: operand.value };
  if (operand.kind === 'regex') return { present: true, value: operand.regex };
  const result = evaluateSegments(operand.path, operand.relative ? current : root);
  return result.found ? { present: true, value: result.value } : { present: false, value: undefined };
}

function truthy(value: unknown): boolean {
  return value === true;
}

function evaluateFilter(expression: FilterExpression, current: unknown, root: unknown): boolean {
  switch (expression.kind) {
    case 'or':
      return (
        evaluateFilter(expression.left, current, root) || evaluateFilter(expression.right, current, root)
      );
    case 'and':
      return (
        evaluateFilter(expression.left, current, root) && evaluateFilter(expression.right, current, root)
      );
    case 'not':
      return !evaluateFilter(expression.operand, current, root);
    case 'exists': {
      const value = operandValue(expression.operand, current, root);
      if (expression.operand.kind !== 'path') return value.value === true;
      return (
        value.present &&
        !(
          expression.operand.path.definite === false &&
          Array.isArray(value.value) &&
          value.value.length === 0
        )
      );
    }
    case 'compare': {
      const left = operandValue(expression.left, current, root);
      const right = operandValue(expression.right, current, root);
      if (!left.present || !right.present) return expression.op === '!=' && left.present !== right.present;
      return compareValues(expression.op, left.value, right.value);
    }
  }
}

function compareValues(op: string, left: unknown, right: unknown): boolean {
  switch (op) {
    case '==':
      return looseEqual(left, right);
    case '!=':
      return !looseEqual(left, right);
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (typeof left === 'number' && typeof right === 'number') return numericCompare(op, left, right);
      if (typeof left === 'string' && typeof right === 'string')
        return numericCompare(op, left < right ? -1 : left > right ? 1 : 0, 0);
      return false;
    }
    case '=~':
      return typeof left === 'string' && right instanceof RegExp && right.test(left);
    case 'in':
      return Array.isArray(right) && right.some((item) => looseEqual(left, item));
    case 'nin':
      return Array.isArray(right) && !right.some((item) => looseEqual(left, item));
    default:
      return false;
  }
}

function numericCompare(op: string, a: number, b: number): boolean {
  if (op === '<') return a < b;
  if (op === '<=') return a <= b;
  if (op === '>') return a > b;
  return a >= b;
}

function looseEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---------------------------------------------------------------------------------------------

class PathParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  private fail(detail: string): never {
    throw new JsonPathSyntaxError(this.text, detail);
  }

  parse(): ParsedPath {
    const text = this.text;
    if (typeof text !== 'string' || !text.startsWith('$')) this.fail("a path must start with '$'");
    let root: PathRoot;
    if (text.startsWith('$$')) {
      root = { kind: 'context' };
      this.pos = 2;
    } else {
      const match = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(text);
      if (match) {
        root = { kind: 'variable', name: match[1] };
        this.pos = match[0].length;
      } else {
        root = { kind: 'data' };
        this.pos = 1;
      }
    }
    const segments: Segment[] = [];
    while (this.pos < text.length) segments.push(this.segment());
    const definite = segments.every(
      (s) => s.kind === 'property' || s.kind === 'index' || s.kind === 'function',
    );
    return { text, root, segments, definite };
  }

  private segment(): Segment {
    const text = this.text;
    const char = text[this.pos];
    if (char === '.') {
      if (text[this.pos + 1] === '.') {
        this.pos += 2;
        if (text[this.pos] === '[') return { kind: 'deepScan', segment: this.bracket() };
        return { kind: 'deepScan', segment: this.dotName() };
      }
      this.pos += 1;
      return this.dotName();
    }
    if (char === '[') return this.bracket();
    return this.fail(`unexpected '${char}' at position ${this.pos}`);
  }

  private dotName(): Segment {
    const text = this.text;
    if (text[this.pos] === '*') {
      this.pos += 1;
      return { kind: 'wildcard' };
    }
    const start = this.pos;
    while (this.pos < text.length && text[this.pos] !== '.' && text[this.pos] !== '[') this.pos += 1;
    const name = text.slice(start, this.pos);
    if (name === '') this.fail(`empty property name at position ${start}`);
    const fn = /^([A-Za-z]+)\(\)$/.exec(name);
    if (fn && this.pos === text.length) return { kind: 'function', name: fn[1] };
    return { kind: 'property', name };
  }

  /** Reads a `[...]` segment, honouring quotes and nested brackets/parentheses in filters. */
  private bracket(): Segment {
    const text = this.text;
    const start = this.pos;
    this.pos += 1;
    let depth = 0;
    let quote: string | undefined;
    for (; this.pos < text.length; this.pos++) {
      const c = text[this.pos];
      if (quote) {
        if (c === '\\') this.pos += 1;
        else if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '[' || c === '(') depth += 1;
      else if (c === ')') depth -= 1;
      else if (c === ']') {
        if (depth === 0) break;
        depth -= 1;
      }
    }
    if (this.pos >= text.length) this.fail(`unclosed '[' at position ${start}`);
    const content = text.slice(start + 1, this.pos).trim();
    this.pos += 1;
    return this.bracketContent(content);
  }

  private bracketContent(content: string): Segment {
    if (content === '*') return { kind: 'wildcard' };
    if (content.startsWith('?')) {
      const inner = content.slice(1).trim();
      if (!inner.startsWith('(') || !inner.endsWith(')')) this.fail(`malformed filter '[${content}]'`);
      return { kind: 'filter', expression: new FilterParser(inner.slice(1, -1), this.text).parse() };
    }
    if (content.startsWith("'") || content.startsWith('"')) {
      const names = this.quotedNames(content);
      return names.length === 1 ? { kind: 'property', name: names[0] } : { kind: 'properties', names };
    }
    if (content.includes(':')) {
      const parts = content.split(':').map((part) => part.trim());
      if (parts.length > 3 || parts.some((part) => part !== '' && !/^-?\d+$/.test(part))) {
        this.fail(`malformed slice '[${content}]'`);
      }
      const num = (part: string | undefined) =>
        part === undefined || part === '' ? undefined : Number(part);
      return { kind: 'slice', start: num(parts[0]), end: num(parts[1]), step: num(parts[2]) };
    }
    const parts = content.split(',').map((part) => part.trim());
    if (parts.some((part) => !/^-?\d+$/.test(part))) this.fail(`malformed index '[${content}]'`);
    const indexes = parts.map(Number);
    return indexes.length === 1 ? { kind: 'index', index: indexes[0] } : { kind: 'indexes', indexes };
  }

  private quotedNames(content: string): string[] {
    const names: string[] = [];
    let i = 0;
    while (i < content.length) {
      const quote = content[i];
      if (quote !== "'" && quote !== '"') this.fail(`malformed property list '[${content}]'`);
      let name = '';
      i += 1;
      for (; i < content.length && content[i] !== quote; i++) {
        // Only an escaped quote is unescaped (Jayway keeps other backslashes as they are).
        if (content[i] === '\\' && content[i + 1] === quote) i += 1;
        name += content[i];
      }
      if (i >= content.length) this.fail(`unclosed quote in '[${content}]'`);
      names.push(name);
      i += 1;
      while (content[i] === ' ') i += 1;
      if (i < content.length) {
        if (content[i] !== ',') this.fail(`malformed property list '[${content}]'`);
        i += 1;
        while (content[i] === ' ') i += 1;
      }
    }
    return names;
  }
}

class FilterParser {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly path: string,
  ) {}

  private fail(detail: string): never {
    throw new JsonPathSyntaxError(this.path, `filter '${this.text}': ${detail}`);
  }

  parse(): FilterExpression {
    const expression = this.or();
    this.skip();
    if (this.pos < this.text.length) this.fail(`unexpected '${this.text.slice(this.pos)}'`);
    return expression;
  }

  private skip() {
    while (this.text[this.pos] === ' ') this.pos += 1;
  }

  private eat(token: string): boolean {
    this.skip();
    if (this.text.startsWith(token, this.pos)) {
      this.pos += token.length;
      return true;
    }
    return false;
  }

  private or(): FilterExpression {
    let left = this.and();
    while (this.eat('||')) left = { kind: 'or', left, right: this.and() };
    return left;
  }

  private and(): FilterExpression {
    let left = this.unary();
    while (this.eat('&&')) left = { kind: 'and', left, right: this.unary() };
    return left;
  }

  private unary(): FilterExpression {
    this.skip();
    if (this.text[this.pos] === '!' && this.text[this.pos + 1] !== '=') {
      this.pos += 1;
      return { kind: 'not', operand: this.unary() };
    }
    if (this.eat('(')) {
      const inner = this.or();
      if (!this.eat(')')) this.fail("missing ')'");
      return inner;
    }
    const left = this.operand();
    this.skip();
    const op = ['==', '!=', '<=', '>=', '=~', '<', '>', ' in ', ' nin '].find((candidate) =>
      this.text.startsWith(candidate.trim(), this.pos),
    );
    if (!op) return { kind: 'exists', operand: left };
    this.pos += op.trim().length;
    return { kind: 'compare', op: op.trim(), left, right: this.operand() };
  }

  private operand(): FilterOperand {
    this.skip();
    const text = this.text;
    const c = text[this.pos];
    if (c === '@' || c === '$') {
      const start = this.pos;
      let depth = 0;
      let quote: string | undefined;
      for (; this.pos < text.length; this.pos++) {
        const ch = text[this.pos];
        if (quote) {
          if (ch === '\\') this.pos += 1;
          else if (ch === quote) quote = undefined;
        } else if (ch === "'" || ch === '"') quote = ch;
        else if (ch === '[') depth += 1;
        else if (ch === ']') depth -= 1;
        else if (depth === 0 && /[\s=!<>&|)]/.test(ch)) break;
      }
      const raw = text.slice(start, this.pos);
      return { kind: 'path', relative: c === '@', path: parsePath('$' + raw.slice(1)) };
    }
    if (c === "'" || c === '"') {
      let value = '';
      this.pos += 1;
      for (; this.pos < text.length && text[this.pos] !== c; this.pos++) {
        if (text[this.pos] === '\\') this.pos += 1;
        value += text[this.pos];
      }
      if (this.pos >= text.length) this.fail('unclosed string');
      this.pos += 1;
      return { kind: 'literal', value };
    }
    if (c === '/') {
      const end = text.indexOf('/', this.pos + 1);
      if (end < 0) this.fail('unclosed regex');
      const flags = /^[a-z]*/.exec(text.slice(end + 1))![0];
      const regex = new RegExp(text.slice(this.pos + 1, end), flags);
      this.pos = end + 1 + flags.length;
      return { kind: 'regex', regex };
    }
    if (c === '[') {
      const end = text.indexOf(']', this.pos);
      if (end < 0) this.fail('unclosed list');
      const value: unknown = JSON.parse(text.slice(this.pos, end + 1).replace(/'/g, '"'));
      this.pos = end + 1;
      return { kind: 'literal', value };
    }
    const match = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(this.pos));
    if (!match) this.fail(`unexpected '${text.slice(this.pos)}'`);
    this.pos += match[0].length;
    return { kind: 'literal', value: JSON.parse(match[0]) };
  }
}

// ---------------------------------------------------------------------------------------------
// ResultPath: writes a value into a copy of the input at a reference path.

export class ResultPathError extends Error {}

/**
 * Returns `input` with `value` placed at `path` (a reference path: names and indexes only),
 * creating missing objects on the way, as ResultPath does. Throws {@link ResultPathError} when the
 * input's shape does not allow it (a step into a string, a number, or past an array's end).
 *
 * Copy on write: only the objects and arrays along the path are copied (shallowly); the rest of the
 * input is shared with the result. State data is never changed in place once made (the engine builds
 * new values: templates, ResultPath, parsed task results), so sharing is safe and a large input
 * costs nothing more than a small one.
 */
export function setAtPath(input: unknown, path: ParsedPath, value: unknown): unknown {
  if (path.segments.length === 0) return value;
  return placeAt(input === undefined ? {} : input, path, 0, value);
}

function placeAt(current: unknown, path: ParsedPath, i: number, value: unknown): unknown {
  const segment = path.segments[i];
  const last = i === path.segments.length - 1;
  if (segment.kind === 'property') {
    if (!isObject(current)) {
      throw new ResultPathError(
        `Unable to apply step "${segment.name}" to input ${JSON.stringify(current ?? null)}`,
      );
    }
    const copy: Record<string, unknown> = { ...current };
    if (last) copy[segment.name] = value;
    else {
      const child = Object.prototype.hasOwnProperty.call(current, segment.name)
        ? current[segment.name]
        : null;
      copy[segment.name] = placeAt(child === null ? {} : child, path, i + 1, value);
    }
    return copy;
  }
  if (segment.kind === 'index') {
    if (!Array.isArray(current)) {
      throw new ResultPathError(
        `Unable to apply step "[${segment.index}]" to input ${JSON.stringify(current ?? null)}`,
      );
    }
    const index = segment.index < 0 ? current.length + segment.index : segment.index;
    if (index < 0 || index >= current.length) {
      throw new ResultPathError(
        `Unable to apply step "[${segment.index}]" to input ${JSON.stringify(current)}`,
      );
    }
    const copy = current.slice();
    copy[index] = last ? value : placeAt(current[index], path, i + 1, value);
    return copy;
  }
  throw new ResultPathError(`ResultPath must be a reference path: ${path.text}`);
}

/** A reference path (ResultPath, Variable): `$` followed by names and single indexes only. */
export function isReferencePath(path: ParsedPath): boolean {
  return path.segments.every((s) => s.kind === 'property' || s.kind === 'index');
}

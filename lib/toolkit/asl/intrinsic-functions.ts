/**
 * The intrinsic functions of the JSONPath flavour (States.Format ... States.UUID), with AWS's
 * observable behaviour where it is surprising: MathAdd rounds each operand half up (Java's
 * Math.round), StringSplit splits on every character of the delimiter and drops empty parts,
 * StringToJson of a blank string is null, Format prints objects the Java way (`{a=1, b=[]}`).
 * Bad arguments raise States.IntrinsicFailure.
 */
import { createHash, randomUUID } from 'node:crypto';
import { intrinsicFailure } from './errors';
import { IntrinsicArg, IntrinsicCall, parseIntrinsic, unescapeLiteral } from './intrinsic-parser';
import { ParsedPath } from './json-path';
import { deepEqual, isObject, jsonTypeName } from './json';

export interface IntrinsicEnvironment {
  /** The value a path argument denotes; throws a StatesError when there is none. */
  resolvePath(path: ParsedPath): unknown;
  /** Source of States.MathRandom without a seed, in [0, 1). */
  random(): number;
}

/** Parses (cached) and evaluates an intrinsic function expression. */
export function evaluateIntrinsic(text: string, env: IntrinsicEnvironment): unknown {
  return evaluateCall(parseIntrinsic(text), env);
}

export function evaluateCall(call: IntrinsicCall, env: IntrinsicEnvironment): unknown {
  const impl = FUNCTIONS[call.name];
  if (!impl) throw intrinsicFailure(`The intrinsic function '${call.name}' is not supported.`);
  const values = call.args.map((arg) => evaluateArg(arg, env));
  const [min, max] = impl.arity;
  if (values.length < min || values.length > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw intrinsicFailure(
      `The function '${call.name}' expects ${expected} argument(s) but got ${values.length}: ${call.text}`,
    );
  }
  return impl.fn(values, { call, env });
}

function evaluateArg(arg: IntrinsicArg, env: IntrinsicEnvironment): unknown {
  switch (arg.kind) {
    case 'call':
      return evaluateCall(arg.call, env);
    case 'string':
      return arg.value;
    case 'literal':
      return arg.value;
    case 'path':
      return env.resolvePath(arg.path);
  }
}

interface Invocation {
  readonly call: IntrinsicCall;
  readonly env: IntrinsicEnvironment;
}

type Impl = { arity: [number, number]; fn: (args: unknown[], invocation: Invocation) => unknown };

function fail(call: IntrinsicCall, detail: string): never {
  throw intrinsicFailure(`Invalid arguments in the function '${call.name}': ${detail} (${call.text})`);
}

function expectString(value: unknown, call: IntrinsicCall, what: string): string {
  if (typeof value !== 'string') fail(call, `${what} must be a string, got ${jsonTypeName(value)}`);
  return value;
}

function expectArray(value: unknown, call: IntrinsicCall, what: string): unknown[] {
  if (!Array.isArray(value)) fail(call, `${what} must be an array, got ${jsonTypeName(value)}`);
  return value;
}

function expectInteger(value: unknown, call: IntrinsicCall, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    fail(call, `${what} must be an integer, got ${JSON.stringify(value ?? null)}`);
  }
  return value;
}

function expectNumber(value: unknown, call: IntrinsicCall, what: string): number {
  if (typeof value !== 'number') fail(call, `${what} must be a number, got ${jsonTypeName(value)}`);
  return value;
}

/** How Java's String.valueOf prints a parsed JSON value (Format's placeholders). */
export function javaString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((item) => javaString(item)).join(', ')}]`;
  return `{${Object.entries(value as object)
    .map(([key, item]) => `${key}=${javaString(item)}`)
    .join(', ')}}`;
}

function format(args: unknown[], { call }: Invocation): string {
  const templateArg = call.args[0];
  // A literal template keeps its `\{` escapes; a template read from a path has none to interpret.
  const template =
    templateArg.kind === 'string'
      ? templateArg.raw
      : expectString(args[0], call, 'the template').replace(/\\/g, '\\\\');
  const values = args.slice(1);
  let out = '';
  let used = 0;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === '\\' && i + 1 < template.length) {
      out += template[i + 1];
      i += 1;
    } else if (c === '{' && template[i + 1] === '}') {
      if (used >= values.length) fail(call, 'more placeholders than arguments');
      out += javaString(values[used++]);
      i += 1;
    } else out += c;
  }
  if (used !== values.length) fail(call, `${values.length} argument(s) for ${used} placeholder(s)`);
  return out;
}

function stringToJson(args: unknown[], { call }: Invocation): unknown {
  const text = expectString(args[0], call, 'the argument');
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return fail(call, `the string is not JSON: ${text}`);
  }
}

function arrayRange(args: unknown[], { call }: Invocation): number[] {
  const start = expectInteger(args[0], call, 'the start');
  const end = expectInteger(args[1], call, 'the end');
  const step = expectInteger(args[2], call, 'the step');
  if (step === 0) fail(call, 'the step cannot be 0');
  const out: number[] = [];
  for (let n = start; step > 0 ? n <= end : n >= end; n += step) {
    out.push(n);
    if (out.length > 1000) fail(call, 'the range has more than 1000 items');
  }
  return out;
}

const HASHES: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

const FUNCTIONS: Record<string, Impl> = {
  'States.Format': { arity: [1, Infinity], fn: format },
  'States.StringToJson': { arity: [1, 1], fn: stringToJson },
  'States.JsonToString': { arity: [1, 1], fn: ([value]) => JSON.stringify(value) },
  'States.Array': { arity: [0, Infinity], fn: (args) => args },
  'States.ArrayPartition': {
    arity: [2, 2],
    fn: ([array, size], { call }) => {
      const items = expectArray(array, call, 'the array');
      const chunk = expectInteger(size, call, 'the chunk size');
      if (chunk <= 0) fail(call, 'the chunk size must be positive');
      const out: unknown[][] = [];
      for (let i = 0; i < items.length; i += chunk) out.push(items.slice(i, i + chunk));
      return out;
    },
  },
  'States.ArrayContains': {
    arity: [2, 2],
    fn: ([array, value], { call }) =>
      expectArray(array, call, 'the array').some((item) => deepEqual(item, value)),
  },
  'States.ArrayRange': { arity: [3, 3], fn: arrayRange },
  'States.ArrayGetItem': {
    arity: [2, 2],
    fn: ([array, index], { call }) => {
      const items = expectArray(array, call, 'the array');
      const i = expectInteger(index, call, 'the index');
      if (i < 0 || i >= items.length) fail(call, `the index ${i} is out of bounds`);
      return items[i];
    },
  },
  'States.ArrayLength': {
    arity: [1, 1],
    fn: ([array], { call }) => expectArray(array, call, 'the array').length,
  },
  'States.ArrayUnique': {
    arity: [1, 1],
    fn: ([array], { call }) => {
      const out: unknown[] = [];
      for (const item of expectArray(array, call, 'the array')) {
        if (!out.some((seen) => deepEqual(seen, item))) out.push(item);
      }
      return out;
    },
  },
  'States.Base64Encode': {
    arity: [1, 1],
    fn: ([value], { call }) => {
      const text = expectString(value, call, 'the argument');
      if (text.length > 10_000) fail(call, 'the string is longer than 10000 characters');
      return Buffer.from(text, 'utf8').toString('base64');
    },
  },
  'States.Base64Decode': {
    arity: [1, 1],
    fn: ([value], { call }) => {
      const text = expectString(value, call, 'the argument');
      if (text.length > 10_000) fail(call, 'the string is longer than 10000 characters');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) fail(call, 'the string is not base64');
      return Buffer.from(text, 'base64').toString('utf8');
    },
  },
  'States.Hash': {
    arity: [2, 2],
    fn: ([data, algorithm], { call }) => {
      const name = expectString(algorithm, call, 'the algorithm');
      const hash = HASHES[name];
      if (!hash) fail(call, `the algorithm must be one of ${Object.keys(HASHES).join(', ')}`);
      if (data === null || data === undefined) fail(call, 'the data cannot be null');
      const text = typeof data === 'string' ? data : JSON.stringify(data);
      if (text.length > 10_000) fail(call, 'the data is longer than 10000 characters');
      return createHash(hash).update(text, 'utf8').digest('hex');
    },
  },
  'States.JsonMerge': {
    arity: [3, 3],
    fn: ([left, right, deep], { call }) => {
      if (!isObject(left) || !isObject(right)) fail(call, 'both values must be JSON objects');
      if (deep !== false) fail(call, 'only a shallow merge (false) is supported');
      return { ...left, ...right };
    },
  },
  'States.MathRandom': {
    arity: [2, 3],
    fn: ([start, end, seed], { call, env }) => {
      const from = expectInteger(start, call, 'the start');
      const to = expectInteger(end, call, 'the end');
      if (to <= from) fail(call, 'the end must be greater than the start');
      const random = seed === undefined ? env.random() : seededRandom(expectInteger(seed, call, 'the seed'));
      return from + Math.floor(random * (to - from));
    },
  },
  'States.MathAdd': {
    arity: [2, 2],
    fn: ([a, b], { call }) =>
      // AWS rounds each operand half up before adding (1.5 + 0 = 2, -1.5 + 0 = -1).
      Math.round(expectNumber(a, call, 'the first value')) +
      Math.round(expectNumber(b, call, 'the second value')),
  },
  'States.StringSplit': {
    arity: [2, 2],
    fn: ([value, delimiter], { call }) => {
      const text = expectString(value, call, 'the string');
      const chars = new Set(expectString(delimiter, call, 'the delimiter'));
      const parts: string[] = [];
      let current = '';
      for (const c of text) {
        if (chars.has(c)) {
          if (current !== '') parts.push(current);
          current = '';
        } else current += c;
      }
      if (current !== '') parts.push(current);
      return parts;
    },
  },
  'States.UUID': { arity: [0, 0], fn: () => randomUUID() },
};

/** A small deterministic generator (mulberry32) for States.MathRandom's seed argument. */
function seededRandom(seed: number): number {
  let t = (seed + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** The names of the supported intrinsic functions (validation). */
export const INTRINSIC_FUNCTION_NAMES: readonly string[] = Object.keys(FUNCTIONS);

export { unescapeLiteral };

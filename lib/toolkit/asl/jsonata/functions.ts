/**
 * The functions Step Functions adds to JSONata ($partition, $range, $hash, $random with an optional
 * seed, $uuid, $parse), and the one it takes away ($eval: calling it fails with JSONata's own T1006,
 * as on AWS). They are bound per evaluation, after the workflow variables, so a variable cannot
 * shadow them. Failures are thrown as JSONata errors (`code` + `message`) so the cause reads the way
 * AWS writes it: `<CODE>: <message>`.
 *
 * Behaviour at the edges (rounding towards zero, undefined for an empty array or a zero step,
 * java.util.Random for a seeded $random) follows AWS as measured by others against the service;
 * the corpus checks $partition and $parse.
 */
import { createHash, randomUUID } from 'node:crypto';

/** A JSONata-style error: the evaluator turns it into `<code>: <message>`. */
export class JsonataFunctionError extends Error {
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'JsonataFunctionError';
  }
}

const signatureError = (fn: string, argument: number) =>
  new JsonataFunctionError(
    'T0410',
    `Argument ${argument} of function "${fn}" does not match function signature`,
  );

/** AWS truncates a non-integer count towards zero (-1.7 is -1). */
function towardsZero(value: unknown, fn: string, argument: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw signatureError(fn, argument);
  return Math.trunc(value);
}

function noMoreThan(args: unknown[], count: number, fn: string): void {
  if (args.length > count && args[count] !== undefined) throw signatureError(fn, count + 1);
}

function partition(...args: unknown[]): unknown {
  noMoreThan(args, 2, 'partition');
  const [array, size] = args;
  if (array === undefined) return undefined;
  if (!Array.isArray(array)) {
    throw new JsonataFunctionError('T0412', 'Argument 1 of function "partition" must be an array');
  }
  if (array.length === 0) return undefined;
  if (size === undefined) return [[...array]];
  const chunk = towardsZero(size, 'partition', 2);
  if (chunk < 0) throw new JsonataFunctionError('D3137', 'Second argument must be zero or greater');
  if (chunk === 0) return undefined;
  const chunks: unknown[][] = [];
  for (let i = 0; i < array.length; i += chunk) chunks.push(array.slice(i, i + chunk));
  return chunks;
}

/** The most elements $range builds: a guard against a request for billions of them. */
const MAX_RANGE = 10_000_000;

function range(...args: unknown[]): unknown {
  noMoreThan(args, 3, 'range');
  const start = towardsZero(args[0], 'range', 1);
  const end = towardsZero(args[1], 'range', 2);
  if (args[2] === undefined) return undefined;
  const step = towardsZero(args[2], 'range', 3);
  if (step === 0 || (step > 0 && start > end) || (step < 0 && start < end)) return undefined;
  if (start === end) return start;
  const count = Math.floor((end - start) / step) + 1;
  if (count > MAX_RANGE) {
    throw new JsonataFunctionError(
      'D2014',
      `The size of the sequence allocated by the range operator (..) must not exceed 1e7.  Attempted to allocate ${count}.`,
    );
  }
  return Array.from({ length: count }, (_, i) => start + i * step);
}

const HASH_ALGORITHMS: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

function hash(...args: unknown[]): unknown {
  noMoreThan(args, 2, 'hash');
  const [value, algorithm] = args;
  if (typeof value !== 'string') throw signatureError('hash', 1);
  if (algorithm === undefined) return undefined;
  if (typeof algorithm !== 'string') throw signatureError('hash', 2);
  const node = HASH_ALGORITHMS[algorithm];
  if (!node) {
    throw new JsonataFunctionError(
      'D3137',
      `Hash algorithm '${algorithm}' must be one of SHA-1, SHA-384, SHA-256, SHA-512, MD5`,
    );
  }
  return createHash(node).update(value, 'utf8').digest('hex');
}

/**
 * java.util.Random's first nextDouble() for a seed: AWS draws a seeded $random from it, so the same
 * seed gives the same number there and here ($random(42) is 0.7275636800328681).
 */
export function javaRandomDouble(seed: number): number {
  const mask = (1n << 48n) - 1n;
  let state = (BigInt.asIntN(64, BigInt(seed)) ^ 0x5deece66dn) & mask;
  const next = (bits: bigint): bigint => {
    state = (state * 0x5deece66dn + 0xbn) & mask;
    return state >> (48n - bits);
  };
  const high = next(26n);
  const low = next(27n);
  return Number((high << 27n) + low) / 2 ** 53;
}

function parse(...args: unknown[]): unknown {
  noMoreThan(args, 1, 'parse');
  const [text] = args;
  if (text === undefined) return undefined;
  if (typeof text !== 'string') throw signatureError('parse', 1);
  try {
    return JSON.parse(text);
  } catch {
    throw new JsonataFunctionError('D3137', 'Invalid JSON');
  }
}

/** The functions bound for every evaluation; `random` is the execution's source for an unseeded $random. */
export function stepFunctionsFunctions(
  random: () => number,
): Record<string, (...args: unknown[]) => unknown> {
  return {
    partition,
    range,
    hash,
    parse,
    random: (...args: unknown[]) => {
      noMoreThan(args, 1, 'random');
      return args[0] === undefined ? random() : javaRandomDouble(towardsZero(args[0], 'random', 1));
    },
    uuid: (...args: unknown[]) => {
      noMoreThan(args, 0, 'uuid');
      return randomUUID();
    },
    // Not available on AWS: calling it is calling an unbound name, JSONata's T1006.
    eval: () => {
      throw new JsonataFunctionError('T1006', 'Attempted to invoke a non-function');
    },
  };
}

/**
 * Small JSON helpers shared by the interpreter. State data is always plain JSON (it crosses the
 * service as text on AWS), so values are cloned and compared structurally, never by identity.
 */

export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy; state data must never alias between states (a later ResultPath would mutate it). */
export function clone<T>(value: T): T {
  if (value === undefined) return value;
  return structuredClone(value);
}

/**
 * Whether a JSON value nests deeper than `limit` (a scalar is 0 deep, `[]` 1, `[[]]` 2). Iterative,
 * as the value may be deeper than the stack; it stops at the first branch past the limit. Two
 * parallel stacks rather than an object per node: it runs on every execution's input.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const nodes: unknown[] = [value];
  const depths: number[] = [0];
  while (nodes.length > 0) {
    const node = nodes.pop();
    const depth = depths.pop()! + 1;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child !== 'object' || child === null) continue;
      nodes.push(child);
      depths.push(depth);
    }
  }
  return false;
}

/**
 * What a value becomes once sent as JSON, as a task's result is on AWS: Dates become strings,
 * `undefined` and functions vanish (a top-level `undefined` becomes null).
 */
export function asJson(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}

/** Structural equality of two JSON values; object key order is irrelevant, as on AWS. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, index) => deepEqual(item, other[index]));
  }
  const aKeys = Object.keys(a as JsonObject);
  const bObject = b as JsonObject;
  return (
    aKeys.length === Object.keys(bObject).length &&
    aKeys.every(
      (key) =>
        Object.prototype.hasOwnProperty.call(bObject, key) && deepEqual((a as JsonObject)[key], bObject[key]),
    )
  );
}

/** JSON text as AWS puts it in history events: compact. `undefined` is written as `null`. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value);
}

/** Size of a value's JSON text in UTF-8 bytes: what the 256 KiB payload quota counts. */
export function jsonByteLength(value: unknown): number {
  return Buffer.byteLength(toJsonText(value), 'utf8');
}

/** The payload quota of Step Functions: 256 KiB of UTF-8 per state input, output or result. */
export const MAX_PAYLOAD_BYTES = 262_144;

/** `typeof` as JSON sees it, for error messages. */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** `over` merged into `base`, objects key by key (anything else in `over` replaces). */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over;
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = deepMerge(base[key], value);
  return out;
}

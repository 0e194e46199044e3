/**
 * Readers that check one field of untrusted JSON and report a failure as (path, reason).
 * The same readers serve order validation (OrderValidationError) and handler event parsing
 * (TypeError), so both name the offending field the same way: `items[2].quantity`.
 */

/** Reports a bad field; never returns. */
export type FieldFailure = (path: string, reason: string) => never;

export type JsonObject = Readonly<Record<string, unknown>>;

/** How much of a value an error message may repeat. Sensitive fields are described, never echoed. */
export type Echo = 'value' | 'type-only';

export interface TextRules {
  readonly maxLength: number;
  /** Whitespace-only text counts as missing. */
  readonly allowBlank?: boolean;
  readonly echo?: Echo;
  /**
   * Single-line plain text, as names, addresses and SKUs are: well-formed Unicode (no lone
   * surrogate, which no UTF-8 store or label can carry), no control characters (C0, DEL, C1, line
   * and paragraph separators, bidirectional overrides, which reorder how a label reads), and
   * blank when nothing visible remains (zero-width characters alone count as empty).
   */
  readonly plain?: boolean;
}

const ECHO_LIMIT = 40;

const LONE_SURROGATE = /\p{Cs}/u;
const CONTROL_CHARACTER = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
const INVISIBLE_ONLY = /^[\s\p{Cf}]*$/u;

// Characters a reader cannot see (or tell from a space) in a quoted value; U+0020 is left alone.
const UNSEEN = /(?! )[\p{Cc}\p{Cf}\p{Zs}\u2028\u2029]/gu;

/** `U+000A`: names a character in a message without repeating the text around it. */
function codePoint(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * A string quoted for a message, with every character a reader cannot see escaped: a SKU with a
 * byte-order mark in front reads `"\uFEFFSKU-1"`, not a `"SKU-1"` that looks right.
 */
export function quote(text: string): string {
  return JSON.stringify(text).replace(UNSEEN, (c) => `\\u${codePoint(c).slice(2)}`);
}

/** A short, log-safe description of a value for error messages, e.g. `-1`, `"usd"`, `an array`. */
export function describeValue(value: unknown, echo: Echo = 'value'): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'undefined':
      return 'nothing';
    case 'string':
      if (echo === 'type-only' || value.length > ECHO_LIMIT) return `a string of ${value.length} characters`;
      return quote(value);
    case 'number':
    case 'boolean':
      return echo === 'value' ? String(value) : `a ${typeof value}`;
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

export function childPath(parent: string, key: string): string {
  return parent === '$' ? key : `${parent}.${key}`;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class FieldReader {
  constructor(readonly fail: FieldFailure) {}

  /**
   * An object whose keys are all in `allowedKeys`. Unknown keys are rejected first, so a typo
   * such as `orderid` is reported as itself rather than as a missing `orderId`.
   */
  object(value: unknown, path: string, allowedKeys?: readonly string[]): JsonObject {
    if (value === undefined) this.fail(path, 'is required');
    if (!isJsonObject(value)) this.fail(path, `must be an object, got ${describeValue(value)}`);
    if (allowedKeys) {
      const unknownKey = Object.keys(value).find((key) => !allowedKeys.includes(key));
      if (unknownKey !== undefined) {
        this.fail(childPath(path, unknownKey), `is not a known field (expected ${allowedKeys.join(', ')})`);
      }
    }
    return value;
  }

  array(value: unknown, path: string): readonly unknown[] {
    if (value === undefined) this.fail(path, 'is required');
    if (!Array.isArray(value)) this.fail(path, `must be an array, got ${describeValue(value)}`);
    return value;
  }

  text(value: unknown, path: string, rules: TextRules): string {
    const echo = rules.echo ?? 'value';
    if (value === undefined) this.fail(path, 'is required');
    if (typeof value !== 'string') this.fail(path, `must be a string, got ${describeValue(value, echo)}`);
    const blank = rules.plain ? INVISIBLE_ONLY.test(value) : value.trim() === '';
    if (!rules.allowBlank && blank) this.fail(path, 'must not be empty');
    if (value.length > rules.maxLength) {
      this.fail(path, `must be at most ${rules.maxLength} characters, got ${value.length}`);
    }
    if (rules.plain) this.plainText(value, path);
    return value;
  }

  /** See {@link TextRules.plain}. Positions count UTF-16 units from 1, as lengths do. */
  private plainText(value: string, path: string): void {
    const surrogate = LONE_SURROGATE.exec(value);
    if (surrogate) {
      this.fail(
        path,
        `must be well-formed Unicode text (a lone surrogate at character ${surrogate.index + 1})`,
      );
    }
    const control = CONTROL_CHARACTER.exec(value);
    if (control) {
      this.fail(
        path,
        `must not contain control characters (${codePoint(control[0])} at character ${control.index + 1})`,
      );
    }
  }

  optionalText(value: unknown, path: string, rules: TextRules): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      this.fail(path, `must be a string or left out, got ${describeValue(value, rules.echo ?? 'value')}`);
    }
    return this.text(value, path, rules);
  }

  /** A string matching `pattern`; `expectation` completes "must be ...". */
  matching(value: unknown, path: string, pattern: RegExp, expectation: string, echo: Echo = 'value'): string {
    if (value === undefined) this.fail(path, 'is required');
    if (typeof value !== 'string' || !pattern.test(value)) {
      this.fail(path, `must be ${expectation}, got ${describeValue(value, echo)}`);
    }
    return value;
  }

  /** One of a fixed set of strings, compared exactly (so `usd` is not `USD`). */
  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
    if (value === undefined) this.fail(path, 'is required');
    if (!allowed.includes(value as T)) {
      this.fail(path, `must be one of ${allowed.join(', ')}, got ${describeValue(value)}`);
    }
    return value as T;
  }

  wholeNumber(value: unknown, path: string, min: number, max: number = Number.MAX_SAFE_INTEGER): number {
    if (value === undefined) this.fail(path, 'is required');
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
      const got = typeof value === 'string' ? `${describeValue(value)} (a string)` : describeValue(value);
      this.fail(path, `must be a whole number ${range}, got ${got}`);
    }
    return value;
  }

  boolean(value: unknown, path: string): boolean {
    if (value === undefined) this.fail(path, 'is required');
    if (typeof value !== 'boolean') this.fail(path, `must be true or false, got ${describeValue(value)}`);
    return value;
  }
}

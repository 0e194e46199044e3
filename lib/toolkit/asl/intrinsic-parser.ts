/**
 * Parser of intrinsic function calls (`States.Format('{} items', $.count)`), the JSONPath
 * flavour's only expression language. A real recursive-descent parser rather than regexes, because
 * calls nest, string literals may contain commas, parentheses and escaped quotes, and paths may
 * contain brackets and filters.
 *
 * Grammar: call := 'States.' Name '(' [arg (',' arg)*] ')'
 *          arg  := call | 'string' | number | true | false | null | path ($, $$ or $variable)
 */
import { parsePath, ParsedPath } from './json-path';

export type IntrinsicArg =
  | { kind: 'call'; call: IntrinsicCall }
  /** `raw` keeps the `\{` `\}` escapes that only States.Format interprets. */
  | { kind: 'string'; value: string; raw: string }
  | { kind: 'literal'; value: number | boolean | null }
  | { kind: 'path'; path: ParsedPath };

export interface IntrinsicCall {
  readonly name: string;
  readonly args: readonly IntrinsicArg[];
  readonly text: string;
}

export class IntrinsicSyntaxError extends Error {
  constructor(
    public readonly expression: string,
    detail: string,
  ) {
    super(`Invalid intrinsic function '${expression}': ${detail}`);
    this.name = 'IntrinsicSyntaxError';
  }
}

/** True when a `.$` value is an intrinsic function call rather than a path. */
export function looksLikeIntrinsic(text: string): boolean {
  return /^States\.[A-Za-z0-9]+\s*\(/.test(text.trimStart());
}

const cache = new Map<string, IntrinsicCall>();

export function parseIntrinsic(text: string): IntrinsicCall {
  let call = cache.get(text);
  if (!call) {
    call = new Parser(text).parse();
    if (cache.size > 10_000) cache.clear();
    cache.set(text, call);
  }
  return call;
}

/** Undoes the escapes of an intrinsic string literal: `\'`, `\\`, `\{`, `\}`. */
export function unescapeLiteral(raw: string): string {
  return raw.replace(/\\(['\\{}])/g, '$1');
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  private fail(detail: string): never {
    throw new IntrinsicSyntaxError(this.text, detail);
  }

  parse(): IntrinsicCall {
    this.space();
    const call = this.call();
    this.space();
    if (this.pos < this.text.length) this.fail(`unexpected '${this.text.slice(this.pos)}' after the call`);
    return call;
  }

  private space() {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos += 1;
  }

  private call(): IntrinsicCall {
    const start = this.pos;
    const match = /^States\.([A-Za-z0-9]+)\s*\(/.exec(this.text.slice(this.pos));
    if (!match) this.fail(`expected a function call at position ${this.pos}`);
    this.pos += match[0].length;
    const args: IntrinsicArg[] = [];
    this.space();
    if (this.text[this.pos] === ')') {
      this.pos += 1;
    } else {
      for (;;) {
        args.push(this.arg());
        this.space();
        const c = this.text[this.pos];
        this.pos += 1;
        if (c === ')') break;
        if (c !== ',')
          this.fail(c === undefined ? "missing ')'" : `unexpected '${c}' at position ${this.pos - 1}`);
      }
    }
    return { name: `States.${match[1]}`, args, text: this.text.slice(start, this.pos) };
  }

  private arg(): IntrinsicArg {
    this.space();
    const rest = this.text.slice(this.pos);
    if (rest.startsWith('States.')) return { kind: 'call', call: this.call() };
    const c = rest[0];
    if (c === "'") return this.string();
    if (c === '$') return this.path();
    const literal = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)(?=\s*[,)])/.exec(rest);
    if (literal) {
      this.pos += literal[1].length;
      return { kind: 'literal', value: JSON.parse(literal[1]) as number | boolean | null };
    }
    return this.fail(`unexpected argument '${rest}'`);
  }

  private string(): IntrinsicArg {
    let raw = '';
    this.pos += 1;
    for (; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos];
      if (c === '\\' && this.pos + 1 < this.text.length) {
        raw += c + this.text[this.pos + 1];
        this.pos += 1;
      } else if (c === "'") {
        this.pos += 1;
        return { kind: 'string', value: unescapeLiteral(raw), raw };
      } else raw += c;
    }
    return this.fail('unclosed string literal');
  }

  /** A path runs to the next `,` or `)` outside brackets, parentheses and quotes. */
  private path(): IntrinsicArg {
    const start = this.pos;
    let depth = 0;
    let quote: string | undefined;
    for (; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos];
      if (quote) {
        if (c === '\\') this.pos += 1;
        else if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '[' || c === '(') depth += 1;
      else if ((c === ']' || c === ')') && depth > 0) depth -= 1;
      else if (depth === 0 && (c === ',' || c === ')')) break;
    }
    const text = this.text.slice(start, this.pos).trim();
    try {
      return { kind: 'path', path: parsePath(text) };
    } catch (error) {
      return this.fail((error as Error).message);
    }
  }
}

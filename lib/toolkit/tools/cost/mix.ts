/**
 * The path mix: which share of executions takes which path (and variant). Keys name:
 * - a path or variant by its id, as the report lists them (`Done`, `Failed +exhausted`,
 *   `Failed (Charge failed)`);
 * - a terminal state (`Failed`, `Failed +exhausted`): its share is split evenly over every path
 *   that ends there;
 * - `*`: every path no other key names, split evenly, each with its retries exhausted where it has
 *   that variant (a rare failure is most often a transient error that outlasted its retries).
 * Keys are case-insensitive; shares are fractions (or percentages, `90%`) that add up to 1.
 * Without a mix, the advisor derives one from the machine's paths (default-mix.ts).
 */
import * as fs from 'node:fs';
import type { PathMetrics } from './path-metrics';

/** Keys (see above) to shares. */
export type MixSpec = Readonly<Record<string, number>>;

/** One path variant and the share of executions that takes it. */
export interface MixEntry {
  readonly metrics: PathMetrics;
  readonly share: number;
}

/** A mix spread over path variants. */
export interface ResolvedMix {
  readonly entries: readonly MixEntry[];
}

/** Tolerance on the shares' sum: they are typed by hand. */
const SUM_TOLERANCE = 1e-6;

/** Turns a mix into shares of path variants. A key that names nothing, or shares that do not add up to 1, is an error naming it. */
export function resolveMix(spec: MixSpec, variants: readonly PathMetrics[]): ResolvedMix {
  const shares = new Map<PathMetrics, number>();
  const named = new Set<string>(); // path ids a key other than * covers
  const add = (targets: PathMetrics[], share: number) =>
    targets.forEach((t) => shares.set(t, (shares.get(t) ?? 0) + share / targets.length));
  let wildcard: number | undefined;
  const unknown: string[] = [];

  for (const [rawKey, share] of Object.entries(spec)) {
    checkShare(rawKey, share);
    const key = normalize(rawKey);
    if (key === '*') {
      wildcard = share;
      continue;
    }
    const targets = match(key, variants);
    if (targets.length === 0) {
      unknown.push(rawKey);
      continue;
    }
    targets.forEach((t) => named.add(t.path.id));
    add(targets, share);
  }
  if (wildcard !== undefined) {
    const rest = restOf(variants, named);
    if (rest.length > 0) add(rest, wildcard);
    else unknown.push('*');
  }
  if (unknown.length > 0) {
    const ids = [...new Set(variants.map((v) => v.path.id))].join('; ');
    throw new Error(
      `the mix names ${unknown.map((k) => `"${k}"`).join(', ')}: no such path. Paths: ${ids} ` +
        '(add " +retry" or " +exhausted" for a variant; a terminal state\'s name covers every path ending there)',
    );
  }
  const sum = [...shares.values()].reduce((a, b) => a + b, 0);
  if (sum <= 0) throw new Error('the mix gives no execution a path');
  if (Math.abs(sum - 1) > SUM_TOLERANCE) {
    throw new Error(`the mix's shares add up to ${+sum.toFixed(6)}, not 1`);
  }
  const entries = [...shares].map(([metrics, share]) => ({ metrics, share: share / sum }));
  return { entries };
}

/** `--mix`: a JSON file of `{ "<key>": share }`, or `key=share` pairs separated by `,` (or `;`). */
export function parseMix(text: string): MixSpec {
  if (fs.existsSync(text) && fs.statSync(text).isFile()) {
    let data: unknown;
    try {
      data = JSON.parse(fs.readFileSync(text, 'utf8'));
    } catch (error) {
      throw new Error(`the mix file ${text} is not JSON: ${(error as Error).message}`, { cause: error });
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new Error(`the mix file ${text} must hold an object of path → share`);
    }
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, parseShare(k, v)]));
  }
  // Path ids can hold commas ("(A failed, B failed)"): a text with ';' is split on ';' only.
  const pairs = text.split(text.includes(';') ? ';' : ',').filter((p) => p.trim() !== '');
  if (pairs.length === 0) throw new Error('the mix is empty: give key=share pairs or a JSON file');
  const spec: Record<string, number> = {};
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    if (at <= 0) throw new Error(`"${pair.trim()}" is not key=share (nor is "${text}" a file)`);
    const key = pair.slice(0, at).trim();
    spec[key] = (spec[key] ?? 0) + parseShare(key, pair.slice(at + 1).trim());
  }
  return spec;
}

function parseShare(key: string, value: unknown): number {
  const text = String(value).trim();
  const percent = text.endsWith('%');
  const number = typeof value === 'number' ? value : Number(percent ? text.slice(0, -1) : text);
  if (text === '' || !Number.isFinite(number))
    throw new Error(`the share of "${key}" is not a number: ${text}`);
  return percent ? number / 100 : number;
}

function checkShare(key: string, share: number): void {
  if (!Number.isFinite(share) || share < 0 || share > 1) {
    throw new Error(`the share of "${key}" must be between 0 and 1 (or 0% and 100%), got ${share}`);
  }
}

function normalize(key: string): string {
  return key.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Variants whose id is the key, else every path ending in the state the key names. */
function match(key: string, variants: readonly PathMetrics[]): PathMetrics[] {
  const exact = variants.filter((v) => normalize(v.id) === key);
  if (exact.length > 0) return exact;
  const suffix = / \+(retry|exhausted)$/.exec(key);
  const terminal = suffix ? key.slice(0, suffix.index) : key;
  const variant = suffix ? suffix[1] : 'base';
  return variants.filter((v) => normalize(v.path.terminal) === terminal && v.variant === variant);
}

/** Each path no key names: its `+exhausted` variant where it has one, else its base. */
function restOf(variants: readonly PathMetrics[], named: ReadonlySet<string>): PathMetrics[] {
  const byPath = new Map<string, PathMetrics>();
  for (const v of variants) {
    if (named.has(v.path.id)) continue;
    const current = byPath.get(v.path.id);
    if (!current || v.variant === 'exhausted') byPath.set(v.path.id, v);
  }
  return [...byPath.values()];
}

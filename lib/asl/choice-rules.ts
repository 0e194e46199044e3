/**
 * Choice rules (JSONPath flavour): data-test expressions over `Variable` with every comparison
 * operator and its `*Path` variant, the `Is*` type tests, and the And / Or / Not combinators.
 * A comparison between values of the wrong type is simply false (AWS: NumericEquals on "42" does
 * not match); a `Variable` that denotes nothing is a States.Runtime error, except for IsPresent.
 */
import { runtimeError } from './errors';
import { isObject, JsonObject } from './json';
import { DataScope, resolvePath } from './payload';
import { compareTimestamps, parseTimestamp } from './timestamps';

type Kind = 'String' | 'Numeric' | 'Boolean' | 'Timestamp';
type Relation = 'Equals' | 'LessThan' | 'GreaterThan' | 'LessThanEquals' | 'GreaterThanEquals';

const RELATIONS: readonly Relation[] = [
  'Equals',
  'LessThan',
  'GreaterThan',
  'LessThanEquals',
  'GreaterThanEquals',
];
const KINDS: readonly Kind[] = ['String', 'Numeric', 'Boolean', 'Timestamp'];

/** Every comparison operator name: StringEquals, StringEqualsPath, ... */
type Comparison = { kind: Kind; relation: Relation; path: boolean };

export const COMPARISON_OPERATORS: ReadonlyMap<string, Comparison> = new Map(
  KINDS.flatMap((kind) =>
    RELATIONS.filter((relation) => kind !== 'Boolean' || relation === 'Equals').flatMap(
      (relation): [string, Comparison][] => [
        [`${kind}${relation}`, { kind, relation, path: false }],
        [`${kind}${relation}Path`, { kind, relation, path: true }],
      ],
    ),
  ),
);

export const TYPE_TESTS = [
  'IsNull',
  'IsPresent',
  'IsNumeric',
  'IsString',
  'IsBoolean',
  'IsTimestamp',
] as const;

/** The operator of a rule: a comparison, StringMatches or a type test, if it has exactly one. */
export function ruleOperators(rule: JsonObject): string[] {
  return Object.keys(rule).filter(
    (key) =>
      COMPARISON_OPERATORS.has(key) ||
      key === 'StringMatches' ||
      (TYPE_TESTS as readonly string[]).includes(key),
  );
}

/** Evaluates a (possibly compound) choice rule against the scope's data. */
export function evaluateRule(rule: JsonObject, scope: DataScope): boolean {
  if (Array.isArray(rule.And)) return (rule.And as JsonObject[]).every((r) => evaluateRule(r, scope));
  if (Array.isArray(rule.Or)) return (rule.Or as JsonObject[]).some((r) => evaluateRule(r, scope));
  if (isObject(rule.Not)) return !evaluateRule(rule.Not, scope);

  const variablePath = rule.Variable as string;
  const variable = resolvePath(variablePath, scope);
  const [operator] = ruleOperators(rule);
  const expected = rule[operator];

  if (operator === 'IsPresent') return variable.found === expected;
  if (!variable.found) {
    throw runtimeError(
      `Invalid path '${variablePath}': The choice state's condition path references an invalid value.`,
    );
  }
  const value = variable.value;
  switch (operator) {
    case 'IsNull':
      return (value === null) === expected;
    case 'IsNumeric':
      return (typeof value === 'number') === expected;
    case 'IsString':
      return (typeof value === 'string') === expected;
    case 'IsBoolean':
      return (typeof value === 'boolean') === expected;
    case 'IsTimestamp':
      return (parseTimestamp(value) !== undefined) === expected;
    case 'StringMatches':
      return typeof value === 'string' && wildcardToRegExp(expected as string).test(value);
  }
  const comparison = COMPARISON_OPERATORS.get(operator);
  if (!comparison) throw runtimeError(`Unsupported choice rule operator in ${JSON.stringify(rule)}`);
  let other = expected;
  if (comparison.path) {
    const resolved = resolvePath(expected as string, scope);
    if (!resolved.found) throw runtimeError(`Invalid path '${String(expected)}' : ${resolved.reason}`);
    other = resolved.value;
  }
  return compare(comparison.kind, comparison.relation, value, other);
}

function relate(relation: Relation, order: number): boolean {
  switch (relation) {
    case 'Equals':
      return order === 0;
    case 'LessThan':
      return order < 0;
    case 'GreaterThan':
      return order > 0;
    case 'LessThanEquals':
      return order <= 0;
    case 'GreaterThanEquals':
      return order >= 0;
  }
}

function compare(kind: Kind, relation: Relation, value: unknown, other: unknown): boolean {
  switch (kind) {
    case 'String':
      if (typeof value !== 'string' || typeof other !== 'string') return false;
      return relate(relation, value < other ? -1 : value > other ? 1 : 0);
    case 'Numeric':
      if (typeof value !== 'number' || typeof other !== 'number') return false;
      return relate(relation, value < other ? -1 : value > other ? 1 : 0);
    case 'Boolean':
      return typeof value === 'boolean' && typeof other === 'boolean' && value === other;
    case 'Timestamp': {
      const a = parseTimestamp(value);
      const b = parseTimestamp(other);
      if (!a || !b) return false;
      return relate(relation, compareTimestamps(a, b));
    }
  }
}

const regexCache = new Map<string, RegExp>();

/** StringMatches: `*` matches any run of characters; `\*` and `\\` are a literal star and backslash. */
export function wildcardToRegExp(pattern: string): RegExp {
  let regex = regexCache.get(pattern);
  if (regex) return regex;
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) {
      source += '\\' + pattern[i + 1];
      i += 1;
    } else if (c === '*') source += '[\\s\\S]*';
    else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  regex = new RegExp(`^${source}$`);
  regexCache.set(pattern, regex);
  return regex;
}

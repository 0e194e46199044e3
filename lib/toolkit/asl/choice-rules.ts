/**
 * Choice rules (JSONPath flavour): data-test expressions over `Variable` with every comparison
 * operator and its `*Path` variant, the `Is*` type tests, and the And / Or / Not combinators.
 * A comparison between values of the wrong type is simply false (AWS: NumericEquals on "42" does
 * not match); a `Variable` that denotes nothing is a States.Runtime error, except for IsPresent.
 */
import { runtimeError } from './errors';
import { COMPARISON_OPERATORS, ComparisonKind, ComparisonRelation } from './model/choice-operators';
import type { ChoiceCondition } from './model/state-machine';
import { DataScope, resolvePath } from './payload';
import { compareTimestamps, parseTimestamp } from './timestamps';

/** Evaluates a (possibly compound) choice condition against the scope's data. */
export function evaluateRule(rule: ChoiceCondition, scope: DataScope): boolean {
  if ('And' in rule) return rule.And.every((r) => evaluateRule(r, scope));
  if ('Or' in rule) return rule.Or.some((r) => evaluateRule(r, scope));
  if ('Not' in rule) return !evaluateRule(rule.Not, scope);

  const { Variable: variablePath, operator, value: expected } = rule;
  const variable = resolvePath(variablePath, scope);

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

function relate(relation: ComparisonRelation, order: number): boolean {
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

function compare(
  kind: ComparisonKind,
  relation: ComparisonRelation,
  value: unknown,
  other: unknown,
): boolean {
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

import { TemplateResolutionError } from './unresolved';

/** A template's `Conditions` section: each a condition function over values and other conditions. */
export type Conditions = Record<string, unknown>;

export interface ConditionScope {
  /** Resolves a value's intrinsics (Ref to a parameter, mostly). */
  readonly resolve: (value: unknown, where: string) => unknown;
  /** Another named condition's value. */
  readonly condition: (name: string, where: string) => boolean;
  readonly where: string;
}

/**
 * Evaluates a condition function (`Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, `Condition`) as
 * CloudFormation does. A condition that is not one of them is an error naming where it is.
 */
export function evaluateCondition(expression: unknown, scope: ConditionScope): boolean {
  if (typeof expression === 'boolean') return expression;
  const [fn, arg] = singleEntry(expression) ?? [];
  const where = `${scope.where}.${fn ?? '?'}`;
  const inner = (value: unknown, i: number) =>
    evaluateCondition(value, { ...scope, where: `${where}[${i}]` });
  switch (fn) {
    case 'Fn::Equals': {
      const [a, b] = listOf(arg, where);
      return sameValue(scope.resolve(a, `${where}[0]`), scope.resolve(b, `${where}[1]`));
    }
    case 'Fn::And':
      return listOf(arg, where).every(inner);
    case 'Fn::Or':
      return listOf(arg, where).some(inner);
    case 'Fn::Not':
      return !inner(listOf(arg, where)[0], 0);
    case 'Condition':
      return scope.condition(String(arg), where);
    default:
      throw new TemplateResolutionError(
        `not a condition function: ${JSON.stringify(expression)}`,
        scope.where,
      );
  }
}

function singleEntry(value: unknown): [string, unknown] | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  return entries.length === 1 ? entries[0] : undefined;
}

function listOf(arg: unknown, where: string): unknown[] {
  if (!Array.isArray(arg)) throw new TemplateResolutionError('expected a list', where);
  return arg;
}

/** CloudFormation compares as strings: `"1"` equals `1`, `"true"` equals `true`. */
function sameValue(a: unknown, b: unknown): boolean {
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  return text(a) === text(b);
}

/**
 * Choice rules as a person reads them on an edge: `$.inventory.inStock == true`,
 * `$.total > 100 and $.currency == "USD"`, `$.coupon is present`. JSONata rules show their
 * `Condition` without the `{% %}` delimiters.
 */
import {
  COMPARISON_OPERATORS,
  type ChoiceCondition,
  type ComparisonRelation,
  type DataTestCondition,
  type JsonataChoiceRule,
  TYPE_TESTS,
} from '../asl/model';

const RELATIONS: Record<ComparisonRelation, string> = {
  Equals: '==',
  LessThan: '<',
  GreaterThan: '>',
  LessThanEquals: '<=',
  GreaterThanEquals: '>=',
};

/** Each type test, as it reads when its value is true and when it is false. */
const TESTS: Record<(typeof TYPE_TESTS)[number], [string, string]> = {
  IsNull: ['is null', 'is not null'],
  IsPresent: ['is present', 'is not present'],
  IsNumeric: ['is numeric', 'is not numeric'],
  IsString: ['is a string', 'is not a string'],
  IsBoolean: ['is a boolean', 'is not a boolean'],
  IsTimestamp: ['is a timestamp', 'is not a timestamp'],
};

/** A JSONPath rule (or one of its nested conditions) or a JSONata rule, as the model reads it. */
export function describeChoiceRule(rule: ChoiceCondition | JsonataChoiceRule): string {
  if ('Condition' in rule) {
    return typeof rule.Condition === 'string' ? stripJsonata(rule.Condition) : String(rule.Condition);
  }
  if ('And' in rule) return rule.And.map((c) => group(describeChoiceRule(c))).join(' and ');
  if ('Or' in rule) return rule.Or.map((c) => group(describeChoiceRule(c))).join(' or ');
  if ('Not' in rule) return `not ${group(describeChoiceRule(rule.Not))}`;
  return describeDataTest(rule);
}

function describeDataTest({ Variable: variable, operator, value }: DataTestCondition): string {
  const comparison = COMPARISON_OPERATORS.get(operator);
  if (comparison) {
    const operand = comparison.path ? String(value) : JSON.stringify(value);
    return `${variable} ${RELATIONS[comparison.relation]} ${operand}`;
  }
  if (operator === 'StringMatches') return `${variable} matches ${JSON.stringify(value)}`;
  const test = TESTS[operator as keyof typeof TESTS];
  return test ? `${variable} ${value === false ? test[1] : test[0]}` : '?';
}

function group(text: string): string {
  return / (and|or) /.test(text) ? `(${text})` : text;
}

function stripJsonata(text: string): string {
  const match = /^\s*\{%([\s\S]*)%\}\s*$/.exec(text);
  return (match ? match[1] : text).trim();
}

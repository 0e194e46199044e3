/**
 * Choice rules as a person reads them on an edge: `$.inventory.inStock == true`,
 * `$.total > 100 and $.currency == "USD"`, `$.coupon is present`. JSONata rules show their
 * `Condition` without the `{% %}` delimiters.
 */

const COMPARISON =
  /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals|Matches)(Path)?$/;

const OPERATORS: Record<string, string> = {
  Equals: '==',
  LessThan: '<',
  GreaterThan: '>',
  LessThanEquals: '<=',
  GreaterThanEquals: '>=',
  Matches: 'matches',
};

const TESTS: Record<string, [string, string]> = {
  IsNull: ['is null', 'is not null'],
  IsPresent: ['is present', 'is not present'],
  IsNumeric: ['is numeric', 'is not numeric'],
  IsString: ['is a string', 'is not a string'],
  IsBoolean: ['is a boolean', 'is not a boolean'],
  IsTimestamp: ['is a timestamp', 'is not a timestamp'],
};

type Rule = Record<string, unknown>;

export function describeChoiceRule(rule: unknown): string {
  if (!rule || typeof rule !== 'object' || Array.isArray(rule)) return '?';
  const r = rule as Rule;
  if (typeof r.Condition === 'string') return stripJsonata(r.Condition);
  if (Array.isArray(r.And)) return r.And.map((x) => group(describeChoiceRule(x))).join(' and ');
  if (Array.isArray(r.Or)) return r.Or.map((x) => group(describeChoiceRule(x))).join(' or ');
  if (r.Not !== undefined) return `not ${group(describeChoiceRule(r.Not))}`;
  const variable = typeof r.Variable === 'string' ? r.Variable : '$';
  for (const [key, value] of Object.entries(r)) {
    const comparison = COMPARISON.exec(key);
    if (comparison) {
      const operand = comparison[3] ? String(value) : JSON.stringify(value);
      return `${variable} ${OPERATORS[comparison[2]]} ${operand}`;
    }
    const test = TESTS[key];
    if (test) return `${variable} ${value === false ? test[1] : test[0]}`;
  }
  return '?';
}

function group(text: string): string {
  return / (and|or) /.test(text) ? `(${text})` : text;
}

function stripJsonata(text: string): string {
  const match = /^\s*\{%([\s\S]*)%\}\s*$/.exec(text);
  return (match ? match[1] : text).trim();
}

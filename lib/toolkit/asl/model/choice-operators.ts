/**
 * The operators of a JSONPath Choice rule: every comparison (`StringEquals`, `NumericLessThanPath`,
 * ...), `StringMatches` and the `Is*` type tests. Validation checks rules against them, the model
 * reads a rule's operator with them, and the interpreter evaluates them.
 */

export type ComparisonKind = 'String' | 'Numeric' | 'Boolean' | 'Timestamp';
export type ComparisonRelation =
  'Equals' | 'LessThan' | 'GreaterThan' | 'LessThanEquals' | 'GreaterThanEquals';

/** What a comparison operator compares, how, and whether its operand is a path. */
export interface Comparison {
  readonly kind: ComparisonKind;
  readonly relation: ComparisonRelation;
  readonly path: boolean;
}

const RELATIONS: readonly ComparisonRelation[] = [
  'Equals',
  'LessThan',
  'GreaterThan',
  'LessThanEquals',
  'GreaterThanEquals',
];
const KINDS: readonly ComparisonKind[] = ['String', 'Numeric', 'Boolean', 'Timestamp'];

/** Every comparison operator name: StringEquals, StringEqualsPath, ... (Boolean has Equals only). */
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

/** The operator fields of a rule (a valid rule has exactly one): comparisons, StringMatches, type tests. */
export function ruleOperators(rule: object): string[] {
  return Object.keys(rule).filter(
    (key) =>
      COMPARISON_OPERATORS.has(key) ||
      key === 'StringMatches' ||
      (TYPE_TESTS as readonly string[]).includes(key),
  );
}

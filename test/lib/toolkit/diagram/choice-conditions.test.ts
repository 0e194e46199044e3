import { describeChoiceRule } from '../../../../lib/toolkit/diagram/choice-conditions';
import { choiceRuleOf } from './choice-rule';

const label = (rule: object) => describeChoiceRule(choiceRuleOf(rule));

describe('Choice rule labels', () => {
  it('writes Choice rules as conditions, nested and/or/not included', () => {
    expect(label({ Variable: '$.total', NumericGreaterThanEquals: 100, Next: 'x' })).toBe('$.total >= 100');
    expect(label({ Variable: '$.a', StringEqualsPath: '$.b' })).toBe('$.a == $.b');
    expect(label({ Variable: '$.sku', StringMatches: 'SKU-*' })).toBe('$.sku matches "SKU-*"');
    expect(label({ Variable: '$.coupon', IsPresent: false })).toBe('$.coupon is not present');
    expect(
      label({
        And: [
          { Variable: '$.ok', BooleanEquals: true },
          { Or: [{ Variable: '$.n', NumericLessThan: 1 }, { Not: { Variable: '$.x', IsNull: true } }] },
        ],
      }),
    ).toBe('$.ok == true and ($.n < 1 or not $.x is null)');
    expect(label({ Condition: '{% $states.input.total > 100 %}' })).toBe('$states.input.total > 100');
  });
});

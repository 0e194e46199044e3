import { skusOf } from '../../../lambdas/domain';

describe('skusOf', () => {
  it('lists each SKU once, in order of first appearance', () => {
    const items = [
      { sku: 'B', quantity: 1 },
      { sku: 'A', quantity: 1 },
      { sku: 'B', quantity: 2 },
    ];
    expect(skusOf({ items })).toEqual(['B', 'A']);
  });
});

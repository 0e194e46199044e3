import { StockLevel, StockLookup } from '../../domain';
import { InventoryProvider } from '../provider-types';

export interface SandboxCatalogueItem extends StockLevel {
  readonly sku: string;
  readonly name: string;
}

/**
 * The sandbox catalogue, in USD cents. Plain data so docs and tests can print it as JSON.
 * Stock is fixed: the sandbox does not reserve or decrement it, so every run sees the same.
 */
export const SANDBOX_CATALOGUE: readonly SandboxCatalogueItem[] = [
  { sku: 'SKU-BOOK-001', name: 'Paperback book', available: 10_000, unitPrice: 1_299, currency: 'USD' },
  { sku: 'SKU-MUG-002', name: 'Coffee mug', available: 500, unitPrice: 899, currency: 'USD' },
  { sku: 'SKU-TSHIRT-003', name: 'T-shirt', available: 250, unitPrice: 1_999, currency: 'USD' },
  /** Never in stock: drives the out-of-stock path. */
  { sku: 'SKU-POSTER-004', name: 'Poster', available: 0, unitPrice: 1_499, currency: 'USD' },
  /** Two left: in stock for 1 or 2, out of stock for 3 or more. */
  { sku: 'SKU-LAMP-005', name: 'Desk lamp', available: 2, unitPrice: 4_599, currency: 'USD' },
];

export class SandboxInventory implements InventoryProvider {
  private readonly bySku: ReadonlyMap<string, StockLevel>;

  constructor(catalogue: readonly SandboxCatalogueItem[] = SANDBOX_CATALOGUE) {
    this.bySku = new Map(
      catalogue.map(({ sku, available, unitPrice, currency }) => [sku, { available, unitPrice, currency }]),
    );
  }

  async lookup(skus: readonly string[]): Promise<StockLookup> {
    const found = new Map<string, StockLevel>();
    for (const sku of skus) {
      const level = this.bySku.get(sku);
      if (level) found.set(sku, level);
    }
    return found;
  }
}

import { Currency } from '../shared';

/** What the catalogue says about one SKU. */
export interface StockLevel {
  /** Units that can be shipped now. */
  readonly available: number;
  /** Price of one unit in minor units (cents) of `currency`. */
  readonly unitPrice: number;
  readonly currency: Currency;
}

/** The catalogue's answer for a set of SKUs: a SKU it does not sell is absent. */
export type StockLookup = ReadonlyMap<string, StockLevel>;

/** The distinct SKUs to look up for an order. */
export function skusOf(order: { readonly items: readonly { readonly sku: string }[] }): string[] {
  return [...new Set(order.items.map((item) => item.sku))];
}

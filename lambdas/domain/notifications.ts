import { OutOfStockNotice, UnavailableItem } from '../shared';

/** SNS rejects subjects over 100 characters; an orderId is at most 64, so this always fits. */
export const MAX_SUBJECT_LENGTH = 100;

/** The JSON body subscribers receive; `kind` lets one topic carry other notices later. */
export interface OutOfStockMessage {
  readonly kind: 'OUT_OF_STOCK';
  readonly orderId: string;
  readonly customerEmail: string;
  readonly customerName: string;
  readonly unavailableItems: readonly UnavailableItem[];
}

export function outOfStockSubject(orderId: string): string {
  return `Order ${orderId}: items out of stock`.slice(0, MAX_SUBJECT_LENGTH);
}

export function outOfStockMessage(notice: OutOfStockNotice): OutOfStockMessage {
  return {
    kind: 'OUT_OF_STOCK',
    orderId: notice.order.orderId,
    customerEmail: notice.order.customer.email,
    customerName: notice.order.customer.name,
    unavailableItems: notice.unavailableItems.map(({ sku, requested, available }) => ({
      sku,
      requested,
      available,
    })),
  };
}

import { EventParser } from '../common/event-parser';
import { createLogger } from '../common/logger';
import { stepHandler } from '../common/step-handler';
import { outOfStockMessage, outOfStockSubject } from '../domain';
import { Notifier } from '../providers';
import { notificationProvider } from '../providers/notification-provider';
import { NotificationResult, OutOfStockNotice, UnavailableItem } from '../shared';

const logger = createLogger('notify-out-of-stock');
const parse = new EventParser('notify-out-of-stock');

export function parseOutOfStockNotice(event: unknown): OutOfStockNotice {
  const notice = parse.root(event);
  const order = parse.order(notice.order);
  const items = parse.read.array(notice.unavailableItems, 'unavailableItems');
  if (items.length === 0) parse.read.fail('unavailableItems', 'must list at least one item');
  return {
    order,
    unavailableItems: items.map((value, index): UnavailableItem => {
      const path = `unavailableItems[${index}]`;
      const item = parse.read.object(value, path);
      return {
        sku: parse.text(item.sku, `${path}.sku`),
        requested: parse.read.wholeNumber(item.requested, `${path}.requested`, 1),
        available: parse.read.wholeNumber(item.available, `${path}.available`, 0),
      };
    }),
  };
}

/** "Notify Out Of Stock": tells the customer which items could not be supplied. */
export function createNotifyOutOfStockHandler(notifier: Notifier) {
  return stepHandler(logger, async (event): Promise<NotificationResult> => {
    const notice = parseOutOfStockNotice(event);
    const result = await notifier.publish(
      outOfStockSubject(notice.order.orderId),
      JSON.stringify(outOfStockMessage(notice)),
    );
    logger.info('Out-of-stock notice published', {
      messageId: result.messageId,
      unavailableSkus: notice.unavailableItems.map((item) => item.sku),
    });
    return result;
  });
}

export const handler = createNotifyOutOfStockHandler(notificationProvider());

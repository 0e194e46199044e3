import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

/** An example order with a fresh order id, so runs never collide on the execution name. */
export function exampleOrder(file: string): { orderId: string; input: string } {
  const order = JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
  order.orderId = `${order.orderId}-${randomUUID().slice(0, 8)}`;
  return { orderId: order.orderId, input: JSON.stringify(order) };
}

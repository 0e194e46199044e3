/**
 * What the drills share with the bench's soak: a seed with stock enough for thousands of orders,
 * an order per drill execution, starting executions through the endpoint (client-sfn) and
 * settling every one with a deadline, listing every execution back through ListExecutions, and
 * counting charges from the payment function's own log line.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { paginateListExecutions, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { ExecutionRecord } from '../../../lib/local/execution-store';
import type { LocalService } from '../../../lib/server/start-local';

/** The one item every drill order buys: stock enough that no drill runs out. */
export const DRILL_SKU = 'SKU-DRILL-001';

/** A seed file (in a temporary folder) with the drill item in stock by the million. */
export function writeDrillSeed(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'order-workflow-drill-')), 'seed.json');
  const item = { sku: DRILL_SKU, name: 'Drill widget', available: 1_000_000, reserved: 0, unitPrice: 500 };
  fs.writeFileSync(file, JSON.stringify({ OrderWorkflowInventoryTable: [{ ...item, currency: 'USD' }] }));
  return file;
}

/** A valid order, paid with the sandbox card that always succeeds. */
export function drillOrder(orderId: string): Record<string, unknown> {
  return {
    orderId,
    customer: { id: 'cust-drill', email: 'drill@example.com', name: 'Drill Customer' },
    items: [{ sku: DRILL_SKU, quantity: 1 }],
    currency: 'USD',
    payment: { token: 'tok_visa' },
    shippingAddress: { line1: '1 Main Street', city: 'Springfield', postalCode: '12345', country: 'US' },
  };
}

/** How the executions of a drill ended. */
export interface DrillOutcome {
  readonly records: readonly ExecutionRecord[];
  /** Executions still RUNNING at the deadline. */
  readonly hung: readonly string[];
  readonly succeeded: number;
  /** Failed executions by their error. */
  readonly failures: ReadonlyMap<string, number>;
  readonly seconds: number;
}

/**
 * Starts `orderIds.length` executions through the endpoint, `concurrency` at a time, each named
 * after its order (as a client should), and waits for all of them to end, up to `deadlineMs`.
 */
export async function runOrders(
  service: LocalService,
  sfn: SFNClient,
  stateMachineArn: string,
  orderIds: readonly string[],
  options: { concurrency?: number; deadlineMs?: number } = {},
): Promise<DrillOutcome> {
  const { concurrency = 20, deadlineMs = 120_000 } = options;
  const started = performance.now();
  let timedOut = false;
  const deadline = new Promise<void>((resolve) =>
    setTimeout(() => {
      timedOut = true;
      resolve();
    }, deadlineMs).unref(),
  );
  const arns: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < orderIds.length && !timedOut) {
        const orderId = orderIds[next++];
        const { executionArn } = await sfn.send(
          new StartExecutionCommand({
            stateMachineArn,
            name: orderId,
            input: JSON.stringify(drillOrder(orderId)),
          }),
        );
        arns.push(executionArn!);
        // Starting is asynchronous; waiting here keeps `concurrency` executions in flight, not all.
        await Promise.race([service.runtime.waitFor(executionArn!), deadline]);
      }
    }),
  );
  if (arns.length < orderIds.length) {
    throw new Error(`only ${arns.length} of ${orderIds.length} executions started before the deadline`);
  }

  const records = arns.map((arn) => service.runtime.describeExecution(arn));
  const failures = new Map<string, number>();
  for (const record of records) {
    if (record.status === 'FAILED')
      failures.set(record.error ?? '', (failures.get(record.error ?? '') ?? 0) + 1);
  }
  return {
    records,
    hung: records.filter((r) => r.status === 'RUNNING').map((r) => r.name),
    succeeded: records.filter((r) => r.status === 'SUCCEEDED').length,
    failures,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Every execution's ARN that ListExecutions gives, all pages. */
export async function listedExecutionArns(sfn: SFNClient, stateMachineArn: string): Promise<Set<string>> {
  const arns = new Set<string>();
  for await (const page of paginateListExecutions({ client: sfn, pageSize: 1000 }, { stateMachineArn })) {
    for (const execution of page.executions ?? []) arns.add(execution.executionArn!);
  }
  return arns;
}

/**
 * Counts the charges the payment provider was really asked to make, per order: the payment
 * function logs "Charging the card" (with the order id) only when Powertools idempotency lets the
 * call through to the provider, never for a replayed result.
 */
export class ChargeCounter {
  private readonly charges = new Map<string, number>();

  readonly onFunctionLog = (_functionName: string, line: string): void => {
    if (!line.includes('Charging the card')) return;
    const { orderId } = JSON.parse(line) as { orderId?: string };
    if (orderId) this.charges.set(orderId, (this.charges.get(orderId) ?? 0) + 1);
  };

  chargesOf(orderId: string): number {
    return this.charges.get(orderId) ?? 0;
  }

  /** Orders charged more than once, with their count. */
  chargedTwice(): Array<[string, number]> {
    return [...this.charges].filter(([, count]) => count > 1);
  }
}
